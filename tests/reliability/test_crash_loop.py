"""SIGKILL a process that tracks time, again and again: nothing that returned success is lost.

The worker (`crash_worker.py`) starts and stops timers, logs, edits, splits and deletes
entries through the services and journals each success (fsynced). After each kill this
test checks the SQLite file's integrity, that the database holds exactly what the
journal says (the one action in flight at the kill may or may not have committed, but
never half), and that a running timer is found again by `timer_status`.

`TALLYHOUR_CRASH_RUNS` sets the number of kills (`make crash-full`: 200); the default is
a quick run for `make test`.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.opening import open_database
from app.services.plain_reads import timer_status
from app.services.week_totals import totals_from_spans
from tests.reliability.crash_worker import CONTRACTS

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("TALLYHOUR_CRASH_RUNS", "15"))
SEED = int(os.environ.get("TALLYHOUR_CRASH_SEED", str(time.time_ns() % 10**9)))
#: Longest wait after the worker is ready before it is killed.
MAX_DELAY = 0.25
#: Share of kills aimed at start-up (opening, recovering, loading) instead of work.
EARLY_KILLS = 0.1


@dataclass(frozen=True)
class Row:
    """One time entry as the journal says it must be."""

    contract_id: int
    start: int
    end: int | None
    memo: str
    source: str


@dataclass
class Model:
    """The database content that the journal of successes implies."""

    rows: dict[int, Row] = field(default_factory=dict)

    @property
    def running(self) -> int | None:
        """The id of the entry whose timer runs, if any."""
        ids = [key for key, row in self.rows.items() if row.end is None]
        assert len(ids) <= 1, ids
        return ids[0] if ids else None

    def applied(
        self, intent: dict[str, Any], ids: dict[str, int], contracts: dict[str, int]
    ) -> Model:
        """A copy of the model with one action applied (`ids` are the rows it created)."""
        rows = dict(self.rows)
        op, running = intent["op"], self.running
        if op == "start":
            if running is not None:
                rows[running] = replace(rows[running], end=intent["at"])
            contract = contracts[intent["contract"]]
            rows[ids["id"]] = Row(contract, intent["at"], None, intent["memo"], "timer")
        elif op == "stop":
            assert running is not None
            rows[running] = replace(rows[running], end=intent["at"])
        elif op == "log":
            contract = contracts[intent["contract"]]
            rows[ids["id"]] = Row(
                contract, intent["start"], intent["end"], intent["memo"], "manual"
            )
        elif op == "memo":
            assert running is not None
            rows[running] = replace(rows[running], memo=intent["memo"])
        elif op == "delete":
            del rows[intent["id"]]
        elif op == "split":
            first = rows[intent["id"]]
            rows[intent["id"]] = replace(first, end=intent["at"])
            rows[ids["second"]] = replace(first, start=intent["at"])
        elif op == "edit":
            row = rows[intent["id"]]
            rows[intent["id"]] = Row(
                row.contract_id,
                row.start if intent["start"] is None else intent["start"],
                row.end if intent["end"] is None else intent["end"],
                row.memo if intent["memo"] is None else intent["memo"],
                row.source,
            )
        else:
            assert op in ("heartbeat", "overlap"), op
        return Model(rows)


@dataclass
class Tally:
    """Where the kills landed, to show the loop tested what it claims."""

    early: int = 0
    idle: int = 0
    in_flight_lost: int = 0
    in_flight_committed: int = 0
    actions: int = 0


def read_journal(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Complete journal lines as (kind, record); a torn last line is ignored."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]
    return [(line[0], json.loads(line[2:])) for line in lines]


def database_rows(path: Path) -> dict[int, Row]:
    """Every time entry as stored, read with plain sqlite3."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT id, contract_id, start_at, end_at, memo, source FROM time_entries"
        ).fetchall()
    finally:
        connection.close()
    return {r[0]: Row(r[1], r[2], r[3], r[4], r[5]) for r in found}


def stored_week_totals(path: Path) -> dict[tuple[int, int], list[int]]:
    """The derived `week_totals` table as stored."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT contract_id, bucket, tracked_seconds, counted_seconds, entry_count"
            " FROM week_totals"
        ).fetchall()
    finally:
        connection.close()
    return {(r[0], r[1]): [r[2], r[3], r[4]] for r in found}


def integrity(path: Path) -> list[tuple[str]]:
    """The answer of `PRAGMA integrity_check` (["ok"] when the file is sound)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def replay(
    model: Model, journal: list[tuple[str, dict[str, Any]]], contracts: dict[str, int]
) -> tuple[Model, dict[str, Any] | None, int]:
    """Apply every journaled success; returns the model, the action in flight, and the count."""
    intent: dict[str, Any] | None = None
    done = 0
    for kind, record in journal:
        if kind == "I":
            assert intent is None, "two intents without a success between them"
            intent = record
            continue
        assert intent is not None and record["op"] == intent["op"], (intent, record)
        if intent["op"] == "start":
            assert record["stopped"] == model.running, "start stopped another entry than expected"
        model = model.applied(intent, record, contracts)
        intent, done = None, done + 1
    return model, intent, done


def settle(
    model: Model, intent: dict[str, Any] | None, stored: dict[int, Row], contracts: dict[str, int]
) -> tuple[Model, bool | None]:
    """The model that matches the database: the action in flight happened wholly or not at all."""
    if stored == model.rows:
        return model, None if intent is None else False
    assert intent is not None, f"database differs from the journal: {diff(model.rows, stored)}"
    new = sorted(set(stored) - set(model.rows))
    ids = {"id": new[0] if new else -1, "second": new[0] if new else -1}
    after = model.applied(intent, ids, contracts)
    assert stored == after.rows, (
        f"in-flight {intent} left a state that is neither before nor after it: "
        f"{diff(after.rows, stored)}"
    )
    return after, True


def diff(expected: dict[int, Row], stored: dict[int, Row]) -> str:
    """A short description of how two sets of rows differ."""
    missing = {k: expected[k] for k in expected.keys() - stored.keys()}
    extra = {k: stored[k] for k in stored.keys() - expected.keys()}
    changed = {
        k: (expected[k], stored[k])
        for k in expected.keys() & stored.keys()
        if expected[k] != stored[k]
    }
    return f"missing={missing} extra={extra} changed={changed}"


def run_worker(url: str, journal: Path, rng: random.Random, tally: Tally) -> None:
    """Start one worker, kill it with SIGKILL at a random moment, and reap it."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.crash_worker",
            url,
            str(journal),
            str(rng.randrange(10**9)),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert worker.stdout is not None
        if rng.random() < EARLY_KILLS:
            tally.early += 1
            time.sleep(rng.uniform(0.0, 0.4))
        else:
            ready, _, _ = select.select([worker.stdout], [], [], 60)
            assert ready, "the worker did not start within a minute"
            assert worker.stdout.readline() == b"ready\n", worker.communicate()[1].decode()
            time.sleep(rng.uniform(0.0, MAX_DELAY))
        os.kill(worker.pid, signal.SIGKILL)
        _, errors = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL, f"the worker failed on its own:\n{errors.decode()}"


@pytest.mark.timeout(120 + 5 * RUNS)
def test_crash_loop_loses_nothing_that_succeeded(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    url = f"sqlite:///{path}"
    db = open_database(url)
    add_client(db, "Crash Co")
    contracts = {
        title: add_contract(db, title, client="Crash Co", hourly_rate=Decimal("50")).id
        for title in CONTRACTS
    }
    db.dispose()
    rng, model, tally = random.Random(SEED), Model(), Tally()
    started = time.monotonic()
    for run in range(RUNS):
        journal = tmp_path / f"journal-{run}.txt"
        context = f"(seed {SEED}, run {run})"
        run_worker(url, journal, rng, tally)

        assert integrity(path) == [("ok",)], context
        model, intent, done = replay(model, read_journal(journal), contracts)
        tally.actions += done
        stored = database_rows(path)
        model, committed = settle(model, intent, stored, contracts)
        # The derived weekly totals were written in the same transactions as the entries.
        spans = ((r.contract_id, r.start, r.end, 0) for r in stored.values() if r.end is not None)
        assert stored_week_totals(path) == totals_from_spans(spans), context
        if committed is None:
            tally.idle += 1
        elif committed:
            tally.in_flight_committed += 1
        else:
            tally.in_flight_lost += 1

        db = open_database(url)
        status = timer_status(db, now=datetime(2100, 1, 1, tzinfo=UTC))
        db.dispose()
        running = model.running
        assert status.running is (running is not None), context
        if running is not None:
            row = model.rows[running]
            assert (status.entry_id, status.contract_id, status.memo) == (
                running,
                row.contract_id,
                row.memo,
            ), context
            assert status.started_at == datetime.fromtimestamp(row.start, UTC), context

    elapsed = time.monotonic() - started
    print(f"\ncrash loop: {RUNS} kills in {elapsed:.1f} s, seed {SEED}, {tally}")
    assert tally.actions > RUNS, f"the workers barely worked: {tally}"
    assert tally.in_flight_lost + tally.in_flight_committed > 0, f"no kill hit an action: {tally}"
