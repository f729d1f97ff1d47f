"""A process that tracks time through the services until it is killed (SIGKILL).

Run as `python -m tests.reliability.crash_worker DB_URL JOURNAL SEED`. Before each
service call it journals what it is about to do ("I" line), and after the call returns
it journals what succeeded ("D" line), each line flushed and fsynced. The parent kills
it at a random moment and checks the database against the journal
(`tests/reliability/test_crash_loop.py`).

Time is virtual: every action happens a little later than the last thing in the
database, and `now` is passed in, so the worker never waits.
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.core.errors import Conflict
from app.models.database import Database
from app.services.entries import delete_entry, edit_entry, list_entries, log_entry, split_entry
from app.services.opening import open_database
from app.services.timer import heartbeat, set_running_memo, start_timer, stop_timer

#: The contracts the parent creates before the first run.
CONTRACTS = ("Crash A", "Crash B", "Crash C")
#: Virtual time starts here in an empty database.
EPOCH = datetime(2030, 1, 6, 8, 0, tzinfo=UTC)
MEMOS = (
    "",
    "fix <b>login</b> & 'quotes'",
    "مراجعة الكود — code review",
    "Ελληνικά, Кириллица, 中文, emoji 🕒",
    "line one\nline two\ttabbed",
)


def epoch(instant: datetime) -> int:
    """Whole seconds since 1970 (the journal's time format)."""
    return int(instant.timestamp())


def instant(seconds: int) -> datetime:
    """An aware UTC instant from journal seconds."""
    return datetime.fromtimestamp(seconds, UTC)


class Journal:
    """An append-only file of JSON lines, each made durable before the next action."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, kind: str, record: dict[str, Any]) -> None:
        """Append one line ("I" intent or "D" done) and fsync it."""
        line = f"{kind} {json.dumps(record, ensure_ascii=False)}\n".encode()
        os.write(self.fd, line)
        os.fsync(self.fd)


@dataclass
class Known:
    """What the worker believes is in the database (it is the only writer)."""

    stopped: dict[int, tuple[int, int]] = field(default_factory=dict)
    running: tuple[int, int] | None = None
    cursor: int = epoch(EPOCH)

    @classmethod
    def load(cls, db: Database) -> Known:
        """Read every entry back through the service that lists them."""
        known = cls()
        rows = list_entries(
            db,
            start=datetime(2000, 1, 1, tzinfo=UTC),
            end=datetime(2100, 1, 1, tzinfo=UTC),
            now=EPOCH,
        )
        for row in rows:
            start = epoch(row.start)
            if row.end is None:
                known.running = (row.id, start)
                known.cursor = max(known.cursor, start)
            else:
                known.stopped[row.id] = (start, epoch(row.end))
                known.cursor = max(known.cursor, epoch(row.end))
        return known

    def tick(self, rng: random.Random, low: int = 60, high: int = 3600) -> int:
        """Move virtual time forward and return it."""
        self.cursor += rng.randint(low, high)
        return self.cursor


def memo(rng: random.Random) -> str:
    """A memo with a unique tag, so an edit can be told apart from the original."""
    return f"{rng.choice(MEMOS)} #{rng.randrange(10**9)}".strip()


def act(db: Database, journal: Journal, known: Known, rng: random.Random) -> None:
    """Pick one user action, journal the intent, run it, journal the success."""
    choices = ["start", "edit", "delete", "split", "overlap", "heartbeat"]
    choices += ["stop", "stop", "memo"] if known.running else ["log", "log", "start"]
    op = rng.choice(choices)
    if op in ("edit", "delete", "split", "overlap") and not known.stopped:
        op = "start"
    now = known.tick(rng)
    if op == "start":
        record = {"op": op, "contract": rng.choice(CONTRACTS), "memo": memo(rng), "at": now}
        journal.write("I", record)
        change = start_timer(
            db, record["contract"], memo=record["memo"], at=instant(now), now=instant(now)
        )
        assert change.started is not None
        stopped = None if change.stopped is None else change.stopped.id
        if known.running is not None:
            known.stopped[known.running[0]] = (known.running[1], now)
        known.running = (change.started.id, now)
        journal.write("D", {"op": op, "id": change.started.id, "stopped": stopped})
    elif op == "stop":
        journal.write("I", {"op": op, "at": now})
        change = stop_timer(db, at=instant(now), now=instant(now))
        assert change.stopped is not None and known.running is not None
        known.stopped[known.running[0]] = (known.running[1], now)
        known.running = None
        journal.write("D", {"op": op, "id": change.stopped.id})
    elif op == "log":
        end = known.tick(rng, 1, 6 * 3600)
        record = {
            "op": op,
            "contract": rng.choice(CONTRACTS),
            "start": now,
            "end": end,
            "memo": memo(rng),
        }
        journal.write("I", record)
        info = log_entry(
            db,
            record["contract"],
            instant(now),
            instant(end),
            memo=record["memo"],
            now=instant(end),
        )
        known.stopped[info.id] = (now, end)
        journal.write("D", {"op": op, "id": info.id})
    elif op == "memo":
        record = {"op": op, "memo": memo(rng)}
        journal.write("I", record)
        info = set_running_memo(db, record["memo"], now=instant(now))
        journal.write("D", {"op": op, "id": info.id})
    elif op == "heartbeat":
        journal.write("I", {"op": op})
        heartbeat(db, now=instant(now))
        journal.write("D", {"op": op})
    else:
        _act_on_stopped(db, journal, known, rng, op, now)


def _act_on_stopped(
    db: Database, journal: Journal, known: Known, rng: random.Random, op: str, now: int
) -> None:
    """Edit, delete, split an old entry, or try to log over one (which must be refused)."""
    entry_id = rng.choice(list(known.stopped))
    start, end = known.stopped[entry_id]
    if op == "delete":
        journal.write("I", {"op": op, "id": entry_id})
        delete_entry(db, entry_id, now=instant(now))
        del known.stopped[entry_id]
        journal.write("D", {"op": op, "id": entry_id})
    elif op == "split" and end - start >= 2:
        at = start + (end - start) // 2
        journal.write("I", {"op": op, "id": entry_id, "at": at})
        first, second = split_entry(db, entry_id, instant(at), now=instant(now))
        known.stopped[entry_id] = (start, at)
        known.stopped[second.id] = (at, end)
        journal.write("D", {"op": op, "id": first.id, "second": second.id})
    elif op == "overlap":
        record = {"op": op, "start": start, "end": start + 1}
        journal.write("I", record)
        try:
            log_entry(db, CONTRACTS[0], instant(start), instant(start + 1), now=instant(now))
        except Conflict:
            journal.write("D", {"op": op, "refused": True})
        else:
            raise AssertionError("a log over an existing entry was accepted")
    else:
        # Shrink the entry from one side (never into another entry), and/or change its memo.
        record: dict[str, Any] = {"op": "edit", "id": entry_id, "start": None, "end": None}
        record["memo"] = memo(rng) if rng.random() < 0.7 else None
        if end - start >= 2 and rng.random() < 0.5:
            cut = rng.randint(1, end - start - 1)
            if rng.random() < 0.5:
                record["start"] = start + cut
            else:
                record["end"] = end - cut
        journal.write("I", record)
        edit_entry(
            db,
            entry_id,
            start=None if record["start"] is None else instant(record["start"]),
            end=None if record["end"] is None else instant(record["end"]),
            memo=record["memo"],
            now=instant(now),
        )
        known.stopped[entry_id] = (record["start"] or start, record["end"] or end)
        journal.write("D", {"op": "edit", "id": entry_id})


def main(argv: list[str]) -> None:
    """Open the database (recovering whatever the last kill left), say ready, then work."""
    url, journal_path, seed = argv
    rng = random.Random(int(seed))
    db = open_database(url)
    journal = Journal(journal_path)
    known = Known.load(db)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        act(db, journal, known, rng)


if __name__ == "__main__":
    main(sys.argv[1:])
