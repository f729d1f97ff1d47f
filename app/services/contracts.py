"""User actions on contracts: add, edit, change fee schedule, end with reviews, list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.clock import system_clock
from app.core.errors import Conflict, UserError
from app.core.fees import PLATFORM_SCHEDULES, PLATFORMS, PRESETS
from app.core.instants import check_sane_year
from app.core.money import ZERO, check_amount, check_currency, from_cents, to_cents
from app.core.money_rules import ROUNDING_CHOICES, contract_fee_rate, resolve_schedule
from app.core.text import clean_memo, clean_name, clean_note, quoted
from app.models import Contract, ContractSchedule, Review
from app.models.database import Database
from app.services.lookup import find_client, find_contract, name_key
from app.services.records import ContractInfo
from app.services.schedules import load_schedule
from app.services.terms import add_first_terms, change_terms, next_monday
from app.services.week_totals import rebuild_week_totals

#: The instant from which a contract's first schedule applies ("since always").
SINCE_ALWAYS = datetime(2000, 1, 1, tzinfo=UTC)
MAX_WEEKLY_LIMIT_HOURS = Decimal(168)


def contract_info(contract: Contract, now: datetime | None = None) -> ContractInfo:
    """The plain record of a contract row (its client and schedules loaded)."""
    return ContractInfo(
        id=contract.id,
        title=contract.title,
        client_id=contract.client_id,
        client_name=contract.client.name,
        kind=contract.kind,
        rate=from_cents(contract.rate_cents),
        currency=contract.currency,
        platform=contract.platform,
        fee_schedule=schedule_in_force(contract, now or system_clock()),
        weekly_limit_seconds=contract.weekly_limit_seconds,
        rounding_seconds=contract.rounding_seconds,
        status=contract.status,
        started_on=contract.started_on,
        ended_on=contract.ended_on,
        notes=contract.notes,
    )


def schedule_in_force(contract: Contract, at: datetime) -> str:
    """The name of the contract's fee schedule at an instant (Upwork's resolved by date)."""
    current = contract.schedules[0] if contract.schedules else None
    for change in contract.schedules:
        if change.effective_from <= at:
            current = change
    if current is None:
        return "direct"
    if current.fee_rate is not None:
        return contract_fee_rate(Decimal(current.fee_rate)).name
    if current.schedule_name in PRESETS:
        return resolve_schedule(PRESETS[current.schedule_name], at).name
    return current.schedule_name


def weekly_limit_seconds(hours: Decimal | None) -> int | None:
    """A weekly limit in hours as seconds, checked to be sensible (0 < h <= 168)."""
    if hours is None:
        return None
    if not hours.is_finite() or hours <= 0 or hours > MAX_WEEKLY_LIMIT_HOURS:
        raise UserError("weekly limit must be more than 0 and at most 168 hours")
    return int((hours * 3600).to_integral_value(rounding=ROUND_HALF_UP))


def add_contract(
    db: Database,
    title: str,
    *,
    client: str | int,
    hourly_rate: Decimal | None = None,
    fixed: bool = False,
    platform: str = "direct",
    fee_schedule: str | None = None,
    weekly_limit_hours: Decimal | None = None,
    currency: str = "USD",
    rounding_seconds: int = 0,
    started_on: date | None = None,
    notes: str = "",
    fee_rate: Decimal | None = None,
    now: datetime | None = None,
) -> ContractInfo:
    """Add an hourly (with a rate) or fixed-price contract for an existing client.

    `fee_rate` (a fraction, 0.125 for 12.5%) is the contract's own flat marketplace fee,
    as Upwork shows on each offer from 2025-05-01; it replaces the schedule's tiers.
    """
    if fee_rate is not None and not (fee_rate.is_finite() and ZERO <= fee_rate <= 1):
        raise UserError("the fee rate must be between 0% and 100%")
    title = clean_name(title, what="contract title")
    if (hourly_rate is None) == (not fixed):
        raise UserError("a contract is either hourly (give a rate) or fixed-price")
    if hourly_rate is not None:
        hourly_rate = _check_rate(hourly_rate)
    platform = _check_platform(platform)
    currency = check_currency(currency)
    limit = weekly_limit_seconds(weekly_limit_hours)
    if limit is not None and fixed:
        raise UserError("a weekly limit applies to hourly contracts only")
    _check_rounding(rounding_seconds)
    notes = clean_note(notes)
    now = now or system_clock()
    with db.write() as session:
        owner = find_client(session, client)
        schedule = load_schedule(session, fee_schedule or PLATFORM_SCHEDULES[platform]).name
        if session.scalars(select(Contract).where(Contract.title_key == name_key(title))).first():
            raise Conflict(f"a contract titled {quoted(title)} already exists")
        contract = Contract(
            client=owner,
            title=title,
            title_key=name_key(title),
            kind="fixed" if fixed else "hourly",
            rate_cents=to_cents(hourly_rate or ZERO),
            currency=currency,
            platform=platform,
            weekly_limit_seconds=limit,
            rounding_seconds=rounding_seconds,
            status="active",
            started_on=started_on or now.date(),
            notes=notes,
            created_at=now,
        )
        contract.schedules.append(
            ContractSchedule(
                effective_from=SINCE_ALWAYS,
                schedule_name=schedule,
                fee_rate=None if fee_rate is None else f"{fee_rate.normalize():f}",
            )
        )
        add_first_terms(contract)
        session.add(contract)
        session.flush()
        return contract_info(contract, now)


def edit_contract(
    db: Database,
    ref: str | int,
    *,
    title: str | None = None,
    hourly_rate: Decimal | None = None,
    weekly_limit_hours: Decimal | None = None,
    clear_weekly_limit: bool = False,
    currency: str | None = None,
    rounding_seconds: int | None = None,
    status: str | None = None,
    notes: str | None = None,
    fee_rate: Decimal | None = None,
    effective_from: datetime | None = None,
    now: datetime | None = None,
) -> ContractInfo:
    """Change a contract's details; arguments left as None stay as they are.

    Rate, weekly limit, rounding, currency and the contract's own fee rate (a fraction) apply
    from `effective_from` (default: now, and next Monday 00:00 UTC for the weekly limit);
    earlier weeks and payments keep theirs.
    """
    now = now or system_clock()
    if effective_from is not None:
        check_sane_year(effective_from, what="the date the change applies from")
    if fee_rate is not None:
        _check_fee_rate(fee_rate)
    with db.write() as session:
        contract = find_contract(session, ref)
        if title is not None:
            title = clean_name(title, what="contract title")
            clash = session.scalars(
                select(Contract).where(Contract.title_key == name_key(title))
            ).first()
            if clash is not None and clash.id != contract.id:
                raise Conflict(f"a contract titled {quoted(title)} already exists")
            contract.title, contract.title_key = title, name_key(title)
        now_terms: dict[str, Any] = {}
        if hourly_rate is not None:
            if contract.kind != "hourly":
                raise UserError("only hourly contracts have an hourly rate")
            now_terms["rate_cents"] = to_cents(_check_rate(hourly_rate))
        if currency is not None:
            now_terms["currency"] = check_currency(currency)
        if rounding_seconds is not None and rounding_seconds != contract.rounding_seconds:
            _check_rounding(rounding_seconds)
            now_terms["rounding_seconds"] = rounding_seconds
        limit_terms: dict[str, Any] = {}
        if clear_weekly_limit:
            limit_terms["weekly_limit_seconds"] = None
        elif weekly_limit_hours is not None:
            limit_terms["weekly_limit_seconds"] = weekly_limit_seconds(weekly_limit_hours)
        if effective_from is not None:
            change_terms(session, contract, effective_from, **now_terms, **limit_terms)
        else:
            change_terms(session, contract, now, **now_terms)
            change_terms(session, contract, next_monday(now), **limit_terms)
        if "rounding_seconds" in now_terms:
            rebuild_week_totals(session, contract_id=contract.id)
        if status is not None:
            if status not in ("active", "paused", "ended"):
                raise UserError("status must be active, paused or ended")
            contract.status = status
        if notes is not None:
            contract.notes = clean_note(notes)
        if fee_rate is not None:
            _record_fees(session, contract, None, fee_rate, effective_from or now)
        return contract_info(contract)


def change_fee_schedule(
    db: Database, ref: str | int, schedule_name: str, *, effective_from: datetime
) -> ContractInfo:
    """Switch a contract to another fee schedule from an instant on (earlier fees keep theirs)."""
    return _change_fees(db, ref, schedule_name, None, effective_from)


def change_fee_rate(
    db: Database, ref: str | int, fee_rate: Decimal, *, effective_from: datetime
) -> ContractInfo:
    """Charge a contract its own flat fee rate (a fraction) from an instant on.

    Upwork shows such a fee on each offer from 2025-05-01; earlier payments keep their fees.
    """
    _check_fee_rate(fee_rate)
    return _change_fees(db, ref, None, fee_rate, effective_from)


def _check_fee_rate(fee_rate: Decimal) -> None:
    """Refuse a fee rate (a fraction) outside 0% to 100%."""
    if not (fee_rate.is_finite() and ZERO <= fee_rate <= 1):
        raise UserError("the fee rate must be between 0% and 100%")


def _change_fees(
    db: Database,
    ref: str | int,
    schedule_name: str | None,
    fee_rate: Decimal | None,
    effective_from: datetime,
) -> ContractInfo:
    """Record a contract's schedule or own fee rate from an instant (one change per instant)."""
    check_sane_year(effective_from, what="the date the schedule applies from")
    with db.write() as session:
        contract = find_contract(session, ref)
        _record_fees(session, contract, schedule_name, fee_rate, effective_from)
        return contract_info(contract, effective_from)


def _record_fees(
    session: Session,
    contract: Contract,
    schedule_name: str | None,
    fee_rate: Decimal | None,
    effective_from: datetime,
) -> None:
    """Write a contract's schedule or own fee rate from an instant (one change per instant)."""
    if schedule_name is None:
        # Keep the schedule in force then: its name says where the contract came from.
        name = schedule_in_force_row(contract, effective_from)
    else:
        name = load_schedule(session, schedule_name).name
    rate = None if fee_rate is None else f"{fee_rate.normalize():f}"
    for change in contract.schedules:
        if change.effective_from == effective_from:
            change.schedule_name, change.fee_rate = name, rate
            break
    else:
        contract.schedules.append(
            ContractSchedule(effective_from=effective_from, schedule_name=name, fee_rate=rate)
        )
    session.flush()
    session.refresh(contract)


def schedule_in_force_row(contract: Contract, at: datetime) -> str:
    """The stored schedule name of the contract's change in force at an instant."""
    current = contract.schedules[0].schedule_name if contract.schedules else "direct"
    for change in contract.schedules:
        if change.effective_from <= at:
            current = change.schedule_name
    return current


def end_contract(
    db: Database,
    ref: str | int,
    *,
    ended_on: date,
    stars_given: Decimal | None = None,
    text_given: str = "",
    stars_received: Decimal | None = None,
    text_received: str = "",
    now: datetime | None = None,
) -> ContractInfo:
    """End a contract and record the feedback given and received (stars 1.0 to 5.0)."""
    now = now or system_clock()
    text_given, text_received = (
        clean_memo(text_given, what="feedback"),
        clean_memo(text_received, what="feedback"),
    )
    with db.write() as session:
        contract = find_contract(session, ref)
        if contract.started_on and ended_on < contract.started_on:
            raise UserError("a contract cannot end before it started")
        contract.status, contract.ended_on = "ended", ended_on
        for direction, stars, text in (
            ("given", stars_given, text_given),
            ("received", stars_received, text_received),
        ):
            if stars is not None:
                _record_review(session, contract.id, direction, stars, text, now)
        return contract_info(contract, now)


def list_contracts(db: Database, *, now: datetime | None = None) -> list[ContractInfo]:
    """All contracts, active first, then by title."""
    with db.read() as session:
        rows = session.scalars(
            select(Contract).options(
                selectinload(Contract.client), selectinload(Contract.schedules)
            )
        ).all()
        order = {"active": 0, "paused": 1, "ended": 2}
        rows = sorted(rows, key=lambda c: (order.get(c.status, 3), c.title_key))
        return [contract_info(row, now) for row in rows]


def _record_review(
    session: Session, contract_id: int, direction: str, stars: Decimal, text: str, now: datetime
) -> None:
    """Save one side's feedback, replacing an earlier one for the same side."""
    if not stars.is_finite() or not Decimal(1) <= stars <= Decimal(5):
        raise UserError("stars must be between 1.0 and 5.0")
    tenths = int((stars * 10).to_integral_value(rounding=ROUND_HALF_UP))
    review = session.scalars(
        select(Review).where(Review.contract_id == contract_id, Review.direction == direction)
    ).first()
    if review is None:
        review = Review(contract_id=contract_id, direction=direction)
        session.add(review)
    review.stars_tenths, review.text, review.at = tenths, text, now


def _check_rate(rate: Decimal) -> Decimal:
    """An hourly rate: more than zero, whole cents, not absurdly large."""
    if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
        raise UserError("hourly rate must be more than zero")
    return check_amount(rate, what="hourly rate", allow_zero=False)


def _check_platform(platform: str) -> str:
    """A known platform name, lower-cased."""
    key = platform.strip().lower()
    if key not in PLATFORMS:
        raise UserError(
            f"unknown platform {quoted(platform.strip(), 40)}; use {', '.join(PLATFORMS)}"
        )
    return key


def _check_rounding(seconds: int) -> None:
    """Refuse rounding steps other than none, 1, 6, 10 or 15 minutes."""
    if seconds not in ROUNDING_CHOICES:
        raise UserError("rounding must be 0, 1, 6, 10 or 15 minutes")
