"""Fee schedules: the presets plus the user's own, stored as JSON in the database."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.errors import Conflict, NotFound
from app.core.fees import PRESETS, FeeSchedule, schedule_from_dict, schedule_to_dict
from app.core.text import clean_name, quoted
from app.models import CustomFeeSchedule
from app.models.database import Database


def load_schedule(session: Session, name: str) -> FeeSchedule:
    """The schedule with this name: a preset or one of the user's."""
    key = name.strip().lower()
    if key in PRESETS:
        return PRESETS[key]
    row = session.scalars(select(CustomFeeSchedule).where(CustomFeeSchedule.name == key)).first()
    if row is None:
        known = ", ".join(sorted(PRESETS))
        raise NotFound(
            f"unknown fee schedule {quoted(name.strip(), 60)}; known: {known} or your own"
        )
    return schedule_from_dict(json.loads(row.spec))


def all_schedules(session: Session) -> dict[str, FeeSchedule]:
    """Every schedule by name, presets first."""
    schedules = dict(PRESETS)
    for row in session.scalars(select(CustomFeeSchedule).order_by(CustomFeeSchedule.name)):
        schedules[row.name] = schedule_from_dict(json.loads(row.spec))
    return schedules


def list_schedules(db: Database) -> list[FeeSchedule]:
    """Every schedule, presets first, then the user's by name."""
    with db.read() as session:
        return list(all_schedules(session).values())


def save_schedule(db: Database, schedule: FeeSchedule, *, now: datetime | None = None) -> None:
    """Create or replace one of the user's schedules (presets cannot be replaced)."""
    name = clean_name(schedule.name, what="schedule name").lower()
    # Stored and used under one spelling: the lower-cased name contracts refer to.
    schedule = replace(schedule, name=name)
    if name in PRESETS:
        raise Conflict(f"{quoted(name)} is a built-in schedule; save yours under another name")
    spec = json.dumps(schedule_to_dict(schedule))
    with db.write() as session:
        row = session.scalars(
            select(CustomFeeSchedule).where(CustomFeeSchedule.name == name)
        ).first()
        if row is None:
            session.add(CustomFeeSchedule(name=name, spec=spec, updated_at=now or system_clock()))
        else:
            row.spec, row.updated_at = spec, now or system_clock()
