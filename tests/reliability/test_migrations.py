"""A database made with the first released schema, full of rows, upgrades to today's without loss.

The rows go in with raw SQL written against the 0001 schema (not the ORM), so this test
keeps meaning the same thing however later migrations change the models.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from app.models.database import Database
from app.models.migrate import HEAD_REVISION, current_revision, ensure_schema, upgrade
from app.services.clients import list_clients
from app.services.contracts import list_contracts
from app.services.entries import list_entries
from app.services.payments import list_milestones, list_withdrawals
from app.services.schedules import list_schedules
from app.services.settings import get_settings
from tests.reliability.conftest import dump_database

FIRST = "0001_initial"
ROOT = Path(__file__).resolve().parents[2]
T0 = int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp())

#: One or more rows for every table of the 0001 schema, as (table, columns, rows).
# fmt: off
ROWS: list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]] = [
    ("clients",
     ("id", "name", "name_key", "email", "address", "notes", "opening_balance_cents",
      "payment_verified", "created_at"),
     [(1, "Acme Ltd", "acme ltd", "ap@acme.test", "1 Road\nTown", "<b>pays</b> & fast", 50_000, 1, T0),
      (2, "مكتب الرياض", "مكتب الرياض", "", "", "right-to-left", 0, 0, T0 + 1)]),
    ("fee_schedules",
     ("id", "name", "spec", "updated_at"),
     [(1, "my-tiers", json.dumps({
         "name": "my-tiers", "basis": "client",
         "tiers": [{"up_to": "1000.00", "rate": "0.15"}, {"up_to": None, "rate": "0.05"}],
         "minimum_fee": "0.00", "minimum_applies_to": [], "description": "negotiated"}), T0)]),
    ("settings",
     ("key", "value"),
     [("preferences", json.dumps({"name": "Me", "tax_rate": "0.25"}))]),
    ("withdrawals",
     ("id", "at", "amount_cents", "fee_cents", "currency", "method"),
     [(1, T0 + 86_400, 100_000, 99, "USD", "local-bank"),
      (2, T0 + 2 * 86_400, 5_000, 0, "USD", "ach")]),
    ("contracts",
     ("id", "client_id", "title", "title_key", "kind", "rate_cents", "currency", "platform",
      "weekly_limit_seconds", "rounding_seconds", "status", "started_on", "ended_on", "notes",
      "created_at"),
     [(1, 1, "API work", "api work", "hourly", 6_000, "USD", "upwork", 72_000, 600, "active",
       "2026-01-05", None, "", T0),
      (2, 2, "Logo", "logo", "fixed", 0, "EUR", "fiverr", None, 0, "ended",
       "2026-01-10", "2026-02-28", "done", T0)]),
    ("contract_schedules",
     ("id", "contract_id", "effective_from", "schedule_name"),
     [(1, 1, 946_684_800, "upwork-2016"), (2, 1, 1_683_072_000, "upwork-2023"),
      (3, 2, 946_684_800, "fiverr")]),
    ("invoices",
     ("id", "sequence", "number", "contract_id", "status", "currency", "issue_date", "due_date",
      "period_start", "period_end", "tax_rate", "subtotal_cents", "tax_cents", "total_cents",
      "terms", "notes", "paid_on", "sent_at", "created_at"),
     [(1, 1, "INV-2026-0001", 1, "paid", "USD", "2026-03-09", "2026-03-23", T0, T0 + 7 * 86_400,
       "0.20", 15_000, 3_000, 18_000, "14 days", "thanks", "2026-03-20", T0 + 8 * 86_400, T0),
      (2, None, None, 2, "draft", "EUR", None, None, None, None,
       "0", 0, 0, 0, "", "", None, None, T0)]),
    ("milestones",
     ("id", "contract_id", "title", "kind", "amount_cents", "status", "created_at",
      "submitted_at", "released_at"),
     [(1, 2, "Draft logo", "milestone", 30_000, "paid", T0, T0 + 3_600, T0 + 7_200),
      (2, 2, "Tip", "bonus", 2_000, "funded", T0, None, None),
      (3, 2, "Refund", "refund", -1_000, "paid", T0, None, T0 + 9_000)]),
    ("reviews",
     ("id", "contract_id", "direction", "stars_tenths", "text", "at"),
     [(1, 2, "given", 50, "great client", T0), (2, 2, "received", 45, "good work", T0)]),
    ("time_entries",
     ("id", "contract_id", "start_at", "end_at", "memo", "source", "heartbeat_at", "updated_at"),
     [(1, 1, T0, T0 + 5_400, "rate limiter <script>", "timer", None, T0),
      (2, 1, T0 + 86_400, T0 + 86_400 + 1_800, "", "manual", None, T0),
      # Runs over the billing-week boundary (Sunday 23:00 to Monday 01:00 UTC).
      (3, 1, T0 - 10 * 3_600, T0 - 8 * 3_600, "weekend", "import", None, T0),
      (4, 1, T0 + 3 * 86_400, None, "still running", "timer", T0 + 3 * 86_400 + 60, T0)]),
    ("timesheets",
     ("id", "contract_id", "week_start", "status", "sent_at", "decided_at", "client_note",
      "locked"),
     [(1, 1, T0 - 9 * 3_600, "approved", T0 + 7 * 86_400, T0 + 8 * 86_400, "ok", 1)]),
    ("invoice_lines",
     ("id", "invoice_id", "position", "description", "quantity", "unit_price_cents",
      "amount_cents"),
     [(1, 1, 1, "API work, week 2026-W10", "2.50", 6_000, 15_000)]),
]
# fmt: on


def fill_first_schema(path: Path, *, extra_entries: int = 0) -> None:
    """Insert the rows above (and optionally many more entries) with plain SQL."""
    connection = sqlite3.connect(path)
    try:
        for table, columns, rows in ROWS:
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )
        connection.executemany(
            "INSERT INTO time_entries (contract_id, start_at, end_at, memo, source, updated_at)"
            " VALUES (1, ?, ?, ?, 'manual', ?)",
            [
                (
                    T0 + 10 * 86_400 + n * 3_600,
                    T0 + 10 * 86_400 + n * 3_600 + 1_800,
                    f"bulk {n}",
                    T0,
                )
                for n in range(extra_entries)
            ],
        )
        connection.commit()
    finally:
        connection.close()


def first_schema_database(path: Path, *, extra_entries: int = 0) -> None:
    """A database file at the first released revision, filled."""
    db = Database(f"sqlite:///{path}")
    upgrade(db, FIRST)
    assert current_revision(db) == FIRST
    db.dispose()
    fill_first_schema(path, extra_entries=extra_entries)


def assert_rows_survived(path: Path) -> None:
    """Every 0001 row is still there, every 0001 column that still exists holds the same value."""
    connection = sqlite3.connect(path)
    try:
        for table, columns, rows in ROWS:
            present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            assert present, f"table {table} was dropped"
            kept = [index for index, column in enumerate(columns) if column in present]
            assert 0 in kept, f"{table} lost its key column {columns[0]}"
            names = ", ".join(columns[index] for index in kept)
            keys = {row[0] for row in rows}
            stored = [
                row
                for row in connection.execute(f"SELECT {names} FROM {table}").fetchall()
                if row[0] in keys
            ]
            expected = [tuple(row[index] for index in kept) for row in rows]
            assert sorted(stored, key=repr) == sorted(expected, key=repr), table
    finally:
        connection.close()


def scripts():
    """Alembic's view of the migration folder."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    return ScriptDirectory.from_config(config)


def revisions_in_order() -> list[str]:
    """Every migration from the first to the head."""
    return [script.revision for script in reversed(list(scripts().walk_revisions()))]


def test_the_migration_chain_starts_at_the_first_release_and_ends_at_head():
    chain = revisions_in_order()
    assert chain[0] == FIRST and chain[-1] == HEAD_REVISION
    assert scripts().get_heads() == [HEAD_REVISION], "two migrations claim the same parent"
    parents = [scripts().get_revision(revision).down_revision for revision in chain]
    assert parents == [None, *chain[:-1]]


def test_a_full_first_release_database_upgrades_to_head_without_losing_a_row(tmp_path):
    path = tmp_path / "old.sqlite"
    first_schema_database(path)
    db = Database(f"sqlite:///{path}")

    ensure_schema(db)

    assert current_revision(db) == HEAD_REVISION
    assert_rows_survived(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    # The services read the upgraded rows as the user knew them.
    assert [c.name for c in list_clients(db)] == ["Acme Ltd", "مكتب الرياض"]
    assert {
        c.title: (c.rate, c.fee_schedule)
        for c in list_contracts(db, now=datetime(2026, 3, 5, tzinfo=UTC))
    } == {
        "API work": (Decimal("60.00"), "upwork-2023"),
        "Logo": (Decimal("0.00"), "fiverr"),
    }
    entries = list_entries(
        db, start=datetime(2026, 1, 1, tzinfo=UTC), end=datetime(2026, 4, 1, tzinfo=UTC)
    )
    assert [(e.id, e.memo, e.seconds if e.end else None) for e in entries] == [
        (3, "weekend", 7_200),
        (1, "rate limiter <script>", 5_400),
        (2, "", 1_800),
        (4, "still running", None),
    ]
    # The approved week 2026-W10 stayed locked; entry 3 lies in the week before.
    assert [e.locked for e in entries] == [False, True, True, True]
    assert [m.title for m in list_milestones(db)] == ["Refund", "Tip", "Draft logo"]
    assert [w.fee for w in list_withdrawals(db)] == [Decimal("0.00"), Decimal("0.99")]
    assert "my-tiers" in {s.name for s in list_schedules(db)}
    assert get_settings(db).tax_rate == "0.25"
    db.dispose()


def test_every_single_step_keeps_the_rows(tmp_path):
    path = tmp_path / "steps.sqlite"
    first_schema_database(path)
    db = Database(f"sqlite:///{path}")
    for revision in revisions_in_order()[1:]:
        upgrade(db, revision)
        assert current_revision(db) == revision
        assert_rows_survived(path)
    db.dispose()


def test_upgrading_an_older_database_writes_a_backup_first(tmp_path):
    path = tmp_path / "old.sqlite"
    first_schema_database(path)
    before = dump_database(path)
    db = Database(f"sqlite:///{path}")

    ensure_schema(db)
    db.dispose()

    backups = sorted(
        (tmp_path / "backups" / path.stem).glob(f"tallyhour-pre-migration-{FIRST}-*.sqlite")
    )
    assert len(backups) == 1
    assert dump_database(backups[0]) == before  # the old schema and every row, untouched
    assert_rows_survived(backups[0])


def test_an_up_to_date_or_new_database_needs_no_backup(tmp_path):
    path = tmp_path / "new.sqlite"
    db = Database(f"sqlite:///{path}")
    ensure_schema(db)
    ensure_schema(db)
    db.dispose()
    assert not (tmp_path / "backups").exists()


MIGRATOR = """
import sys
from app.models.database import Database
from app.models.migrate import ensure_schema
db = Database(sys.argv[1])
print("migrating", flush=True)
ensure_schema(db)
print("done", flush=True)
"""


def test_a_migration_killed_midway_leaves_the_old_schema_or_the_new_one(tmp_path):
    template = tmp_path / "template.sqlite"
    first_schema_database(template, extra_entries=5_000)
    expected_entries = len(ROWS[9][2]) + 5_000
    rng = random.Random()
    outcomes = set()
    for attempt in range(6):
        path = tmp_path / f"kill-{attempt}.sqlite"
        shutil.copyfile(template, path)
        process = subprocess.Popen(
            [sys.executable, "-c", MIGRATOR, f"sqlite:///{path}"], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"migrating\n"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)

        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            count = connection.execute("SELECT count(*) FROM time_entries").fetchone()[0]
        connection.close()
        assert revision in (FIRST, HEAD_REVISION)
        assert count == expected_entries
        outcomes.add(revision)
        # The next start finishes the job.
        db = Database(f"sqlite:///{path}")
        ensure_schema(db)
        assert current_revision(db) == HEAD_REVISION
        db.dispose()
        assert_rows_survived(path)
    print(f"\nkilled migrations ended at: {sorted(outcomes)}")


def test_dates_in_the_first_schema_read_back_as_dates(tmp_path):
    path = tmp_path / "dates.sqlite"
    first_schema_database(path)
    db = Database(f"sqlite:///{path}")
    ensure_schema(db)
    logo = next(c for c in list_contracts(db) if c.title == "Logo")
    assert (logo.started_on, logo.ended_on) == (date(2026, 1, 10), date(2026, 2, 28))
    db.dispose()
