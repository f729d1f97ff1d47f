"""Two machines on one database at once (two processes, each with its own engine).

They start timers, edit the same entry, issue invoices and approve the same week at the
same moment. Nothing is lost, no invoice number is given twice, and where only one can
win (the approval), the other gets one clear refusal.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import list_entries, log_entry
from app.services.invoices import list_invoices
from app.services.plain_reads import timer_status
from app.services.settings import update_settings
from app.services.timesheets import mark_sent
from tests.conftest import NOW, hour

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12


def race(db_url: str, entry_id: int) -> dict[str, list[dict[str, object]]]:
    """Run both sides together; each side's outcomes."""
    sides = {
        side: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.race_worker",
                db_url,
                side,
                str(ROUNDS),
                str(entry_id),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for side in ("a", "b")
    }
    for process in sides.values():
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n", process.communicate()[1]
    for process in sides.values():
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outcomes = {}
    for side, process in sides.items():
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        assert "Traceback" not in err, err
        outcomes[side] = json.loads(out)
    return outcomes


def test_two_machines_at_once_lose_nothing_and_never_share_a_number(db, db_url):
    update_settings(db, name="Sam Lee", address="1 Main St")
    add_client(db, "Acme", now=NOW)
    for title in ("Timer A", "Timer B", "Billed", "Shared"):
        add_contract(db, title, client="Acme", hourly_rate=Decimal("50"), now=NOW)
    shared = log_entry(db, "Shared", hour(3, 9), hour(3, 9, 30), memo="original", now=NOW)
    # Time to bill in each of 2 * ROUNDS weeks of 2025, and in the week to approve.
    from tests.reliability.race_worker import APPROVED_WEEK, FIRST_WEEK

    for k in range(2 * ROUNDS):
        start = FIRST_WEEK.starts_at + timedelta(days=7 * k + 1, hours=9)
        log_entry(db, "Billed", start, start + timedelta(hours=1), memo=f"w{k}", now=NOW)
    start = APPROVED_WEEK.starts_at + timedelta(hours=9)
    log_entry(db, "Billed", start, start + timedelta(hours=1), memo="to approve", now=NOW)
    mark_sent(db, "Billed", APPROVED_WEEK, now=NOW)

    outcomes = race(db_url, shared.id)
    a, b = outcomes["a"], outcomes["b"]

    # Timers: one runs at the end; the side that came second either stopped the other
    # or was refused in one line.
    status = timer_status(db, now=NOW)
    assert status.running and status.contract in ("Timer A", "Timer B")
    assert sum("ok" in side[0] for side in (a, b)) >= 1
    # The same entry edited by both: the last memo of one and the last end of the other.
    entry = next(e for e in list_entries(db, start=hour(3, 0), end=hour(4, 0)) if e.id == shared.id)
    assert entry.memo == f"memo {ROUNDS - 1}"
    assert entry.end == hour(3, 10) + timedelta(minutes=ROUNDS - 1)
    assert all("ok" in o for o in a[1 : 1 + 2 * ROUNDS : 2] + b[1 : 1 + 2 * ROUNDS : 2])
    # Invoices: every one issued, numbers unique and gapless.
    refused = [o for o in a[2::2][:ROUNDS] + b[2::2][:ROUNDS] if "ok" not in o]
    assert refused == []
    issued = [o["ok"] for o in a[2::2][:ROUNDS] + b[2::2][:ROUNDS]]
    assert len(issued) == 2 * ROUNDS and len(set(issued)) == 2 * ROUNDS
    sequences = sorted(i.number for i in list_invoices(db) if i.number)
    assert sequences == sorted(issued)
    assert sorted(int(str(n).rsplit("-", 1)[-1]) for n in issued) == list(range(1, 2 * ROUNDS + 1))
    # The week: approved once, the loser told plainly.
    approvals = [a[-1], b[-1]]
    assert sorted(("ok" in o) for o in approvals) == [False, True], approvals
    loser = next(o for o in approvals if "refused" in o)
    assert loser["refused"] == f"the timesheet of {APPROVED_WEEK.label} is already approved"
