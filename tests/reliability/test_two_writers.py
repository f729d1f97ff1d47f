"""The window's services and the command line write the same SQLite file at once.

No "database is locked" reaches the user (every command exits 0, no service raises) and
no update is lost (every row and every column each side wrote is there at the end).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from app.cli import main
from app.services.clients import add_client, list_clients
from app.services.contracts import add_contract, edit_contract, list_contracts
from app.services.entries import edit_entry, list_entries, log_entry
from app.services.plain_reads import timer_status
from app.services.timer import heartbeat, start_timer, stop_timer
from app.services.week_totals import totals_from_spans
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 30
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
#: Separate stretches of time, so neither side's entries overlap the other's.
SHARED = datetime(2026, 1, 1, tzinfo=UTC)
CLI_LOGS = datetime(2026, 1, 5, tzinfo=UTC)
WINDOW_LOGS = datetime(2026, 1, 15, tzinfo=UTC)
WINDOW_TIMER = datetime(2026, 2, 1, tzinfo=UTC)


def stamp(instant: datetime) -> str:
    return instant.isoformat()


def cli_plan(shared_ids: list[int]) -> list[list[str]]:
    """120 writes by the command line: clients, logs, memo edits, contract notes."""
    plan: list[list[str]] = []
    for k in range(ROUNDS):
        start = CLI_LOGS + k * HOUR
        plan += [
            ["client", "add", f"CLI client {k}"],
            [
                "log",
                "CLI job",
                "--from",
                stamp(start),
                "--to",
                stamp(start + 30 * MINUTE),
                "--memo",
                f"cli {k}",
            ],
            ["entry", "edit", str(shared_ids[k]), "--memo", f"cli memo {k}"],
            ["contract", "edit", "Shared job", "--note", f"cli note {k}"],
        ]
    return plan


def window_round(db, k: int, shared_ids: list[int], times: list[float]) -> None:
    """Five writes by the window: log, timer start and stop, an end edit, a rate change."""
    start = WINDOW_LOGS + k * HOUR
    timer_at = WINDOW_TIMER + k * HOUR
    actions = [
        lambda: log_entry(
            db, "Window job", start, start + 30 * MINUTE, memo=f"window {k}", now=NOW
        ),
        lambda: start_timer(
            db, "Window job", memo=f"timer {k}", at=timer_at, now=timer_at + MINUTE
        ),
        lambda: heartbeat(db, now=NOW),
        lambda: stop_timer(db, at=timer_at + 20 * MINUTE, now=NOW),
        lambda: edit_entry(
            db, shared_ids[k], end=SHARED + k * HOUR + (10 + k % 7) * MINUTE, now=NOW
        ),
        lambda: edit_contract(db, "Shared job", hourly_rate=Decimal(50 + k)),
    ]
    for action in actions:
        action()
        times.append(time.monotonic())


def test_window_and_command_line_write_at_once_and_lose_nothing(db, db_url, tmp_path):
    add_client(db, "Shared Co", now=NOW)
    for title in ("CLI job", "Window job", "Shared job"):
        add_contract(db, title, client="Shared Co", hourly_rate=Decimal("40"), now=NOW)
    shared_ids = [
        log_entry(
            db,
            "Shared job",
            SHARED + k * HOUR,
            SHARED + k * HOUR + 50 * MINUTE,
            memo="original",
            now=NOW,
        ).id
        for k in range(ROUNDS)
    ]
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(cli_plan(shared_ids)), encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.cli_writer", db_url, str(plan_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    assert writer.stdout.readline() == "ready\n", writer.communicate()[1]

    window_times: list[float] = []
    writer.stdin.write("go\n")
    writer.stdin.flush()
    # The window keeps working for as long as the command line does.
    k = 0
    while k < ROUNDS or (writer.poll() is None and k < 10 * ROUNDS):
        if k < ROUNDS:
            window_round(db, k, shared_ids, window_times)
        else:
            heartbeat(db, now=NOW)
            list_clients(db)
            window_times.append(time.monotonic())
        k += 1
    out, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    results = json.loads(out)

    # Nothing failed on either side.
    failures = [r for r in results if r["code"] != 0 or r["stderr"]]
    assert failures == [], failures[:3]
    assert len(results) == 4 * ROUNDS and len(window_times) >= 6 * ROUNDS
    # They really ran at the same time: most window writes fell while the CLI was writing.
    cli_began, cli_ended = results[0]["began"], results[-1]["ended"]
    during = [t for t in window_times if cli_began <= t <= cli_ended]
    print(
        f"\ntwo writers: {len(results)} commands, {len(window_times)} window writes, {len(during)} meanwhile"
    )
    assert len(during) >= 100, (len(during), len(window_times))

    # Every update of both sides is there, and none undid another.
    clients = {c.name for c in list_clients(db)}
    assert clients == {"Shared Co"} | {f"CLI client {k}" for k in range(ROUNDS)}
    entries = list_entries(db, start=SHARED, end=WINDOW_TIMER + 10 * 24 * HOUR, now=NOW)
    by_contract: dict[str, list] = {}
    for entry in entries:
        by_contract.setdefault(entry.contract_title, []).append(entry)
    assert [(e.start, e.end, e.memo) for e in by_contract["Shared job"]] == [
        (SHARED + k * HOUR, SHARED + k * HOUR + (10 + k % 7) * MINUTE, f"cli memo {k}")
        for k in range(ROUNDS)
    ]
    assert [(e.start, e.end, e.memo, e.source) for e in by_contract["CLI job"]] == [
        (CLI_LOGS + k * HOUR, CLI_LOGS + k * HOUR + 30 * MINUTE, f"cli {k}", "manual")
        for k in range(ROUNDS)
    ]
    window = [(e.start, e.end, e.memo, e.source) for e in by_contract["Window job"]]
    assert window == [
        (WINDOW_LOGS + k * HOUR, WINDOW_LOGS + k * HOUR + 30 * MINUTE, f"window {k}", "manual")
        for k in range(ROUNDS)
    ] + [
        (WINDOW_TIMER + k * HOUR, WINDOW_TIMER + k * HOUR + 20 * MINUTE, f"timer {k}", "timer")
        for k in range(ROUNDS)
    ]
    assert len(entries) == 4 * ROUNDS
    assert not timer_status(db, now=NOW).running
    shared = next(c for c in list_contracts(db) if c.title == "Shared job")
    assert (shared.rate, shared.notes) == (Decimal(50 + ROUNDS - 1), f"cli note {ROUNDS - 1}")
    # The derived weekly totals agree with the entries, though two processes wrote them.
    with db.engine.connect() as connection:
        stored = {
            (r[0], r[1]): [r[2], r[3], r[4]]
            for r in connection.execute(
                text(
                    "SELECT contract_id, bucket, tracked_seconds, counted_seconds, entry_count"
                    " FROM week_totals"
                )
            )
        }
    if db.is_sqlite:
        with sqlite3.connect(db.path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
    spans = [
        (e.contract_id, int(e.start.timestamp()), int(e.end.timestamp()), 0)
        for e in entries
        if e.end
    ]
    assert stored == totals_from_spans(spans)


def test_a_long_write_makes_the_other_side_wait_not_fail(db, db_url, db_path, capsys, monkeypatch):
    add_client(db, "Acme", now=NOW)
    add_contract(db, "Job", client="Acme", hourly_rate=Decimal("40"), now=NOW)
    monkeypatch.setenv("TALLYHOUR_DB", db_url)
    # Another writer holds the write lock, as a long transaction would.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE clients SET notes = 'held'")
    outcome: list[int] = []
    try:
        # Reading never waits for a writer (WAL): a real `tallyhour status` answers at once.
        env = dict(os.environ, TALLYHOUR_DB=db_url, TZ="UTC")
        tallyhour = Path(sys.executable).with_name("tallyhour")
        reader = subprocess.run(
            [str(tallyhour), "status", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=20,
        )
        assert (reader.returncode, reader.stderr) == (0, "")
        writer = threading.Thread(
            target=lambda: outcome.append(
                main(["log", "Job", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T10:00Z"])
            )
        )
        writer.start()
        writer.join(timeout=1.5)  # the other transaction lasts this long
        assert writer.is_alive() and outcome == [], "the writer gave up instead of waiting"
        holder.execute("COMMIT")
        writer.join(timeout=30)
    finally:
        holder.close()
    assert outcome == [0], capsys.readouterr().err
    assert capsys.readouterr().err == ""
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT notes FROM clients").fetchall() == [("held",)]
        assert connection.execute("SELECT count(*) FROM time_entries").fetchone() == (1,)
    connection.close()


def test_many_command_line_processes_and_the_window_at_once(db, db_url):
    add_client(db, "Acme", now=NOW)
    add_contract(db, "Job", client="Acme", hourly_rate=Decimal("40"), now=NOW)
    env = dict(os.environ, TALLYHOUR_DB=db_url, TZ="UTC")
    tallyhour = Path(sys.executable).with_name("tallyhour")
    day = datetime(2026, 3, 2, tzinfo=UTC)
    processes = [
        subprocess.Popen(
            [
                str(tallyhour),
                "log",
                "Job",
                "--from",
                stamp(day + k * HOUR),
                "--to",
                stamp(day + k * HOUR + 45 * MINUTE),
                "--memo",
                f"process {k}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for k in range(8)
    ]
    window = [
        log_entry(
            db,
            "Job",
            day + (20 + k) * HOUR,
            day + (20 + k) * HOUR + 15 * MINUTE,
            memo=f"window {k}",
            now=NOW,
        )
        for k in range(20)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    assert outcomes == [(0, "")] * 8
    memos = sorted(e.memo for e in list_entries(db, start=day, end=day + 3 * 24 * HOUR, now=NOW))
    assert memos == sorted([f"process {k}" for k in range(8)] + [w.memo for w in window])
