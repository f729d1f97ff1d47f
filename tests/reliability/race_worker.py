"""One of two "machines" racing on the same database, each with its own engine.

Run as `python -m tests.reliability.race_worker DB_URL SIDE ROUNDS`: it opens the
database, prints "ready", waits for a line on stdin, then runs its side's actions as
fast as it can and prints one JSON list of outcomes: "ok" with a value, or the one-line
refusal a user would see.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.services.entries import edit_entry
from app.services.invoices import create_invoice, issue_invoice
from app.services.opening import open_database
from app.services.timer import start_timer
from app.services.timesheets import approve_timesheet

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
#: Week k of the invoice race: side "a" bills even weeks of 2025, side "b" odd ones.
FIRST_WEEK = BillingWeek.of(datetime(2025, 1, 6, tzinfo=UTC))
APPROVED_WEEK = BillingWeek.parse("2026-W09")
#: Within the day before NOW: a timer starts at most 24 hours back.
TIMER_AT = datetime(2026, 3, 5, 9, tzinfo=UTC)


def actions(side: str, rounds: int, entry_id: int) -> list[Any]:
    """The side's actions, in order: each one user action through the services."""
    db = DB
    other = "Timer A" if side == "a" else "Timer B"
    offset = 0 if side == "a" else 1
    plan: list[Any] = [
        lambda: (
            start_timer(
                db, other, memo=side, at=TIMER_AT + timedelta(minutes=offset), now=NOW
            ).started
            is not None
        )
    ]
    for k in range(rounds):
        if side == "a":
            plan.append(lambda k=k: edit_entry(db, entry_id, memo=f"memo {k}", now=NOW).memo)
        else:
            plan.append(
                lambda k=k: (
                    edit_entry(
                        db,
                        entry_id,
                        end=datetime(2026, 3, 3, 10, tzinfo=UTC) + timedelta(minutes=k),
                        now=NOW,
                    ).id
                )
            )
        week = BillingWeek(FIRST_WEEK.monday + timedelta(days=7 * (2 * k + offset)))
        plan.append(
            lambda week=week: (
                issue_invoice(
                    db, create_invoice(db, "Billed", week=week, now=NOW).id, now=NOW
                ).number
            )
        )
    plan.append(lambda: approve_timesheet(db, "Billed", APPROVED_WEEK, now=NOW).status)
    return plan


def main(argv: list[str]) -> None:
    """Open, wait for the go, race, report."""
    global DB
    url, side, rounds, entry_id = argv[0], argv[1], int(argv[2]), int(argv[3])
    DB = open_database(url)
    plan = actions(side, rounds, entry_id)
    print("ready", flush=True)
    sys.stdin.readline()
    outcomes: list[dict[str, Any]] = []
    for action in plan:
        try:
            outcomes.append({"ok": action()})
        except UserError as error:
            outcomes.append({"refused": str(error)})
    DB.dispose()
    print(json.dumps(outcomes), flush=True)


DB: Any = None

if __name__ == "__main__":
    main(sys.argv[1:])
