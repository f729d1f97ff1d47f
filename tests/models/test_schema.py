"""Column types, migrations and database-level rules."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from app.models import Client, Contract, ContractTerm, TimeEntry
from app.models.base import UTCInstant
from app.models.database import Database, resolve_url, sqlite_path
from app.models.migrate import HEAD_REVISION, current_revision, ensure_schema, upgrade

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def _contract(db: Database) -> int:
    with db.write() as session:
        client = Client(name="C", name_key="c", created_at=NOW)
        contract = Contract(client=client, title="T", title_key="t", kind="hourly", created_at=NOW)
        session.add(contract)
        session.flush()
        return contract.id


def test_instant_round_trips_as_aware_utc(db):
    contract_id = _contract(db)
    plus_five = datetime(2026, 3, 2, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with db.write() as session:
        session.add(TimeEntry(contract_id=contract_id, start_at=plus_five, updated_at=NOW))
    with db.read() as session:
        stored = session.query(TimeEntry).one()
        assert stored.start_at == plus_five
        assert stored.start_at.tzinfo == UTC
        raw = session.execute(text("SELECT start_at FROM time_entries")).scalar_one()
        assert raw == int(plus_five.timestamp())


def test_naive_datetimes_are_refused(db):
    contract_id = _contract(db)
    with pytest.raises(StatementError, match="naive"), db.write() as session:
        session.add(
            TimeEntry(contract_id=contract_id, start_at=datetime(2026, 3, 2, 9), updated_at=NOW)
        )
        session.flush()


def test_instant_type_refuses_other_types():
    with pytest.raises(TypeError):
        UTCInstant().process_bind_param("2026-03-02", None)  # type: ignore[arg-type]


def test_only_one_running_timer_at_the_database_level(db):
    contract_id = _contract(db)
    with db.write() as session:
        session.add(TimeEntry(contract_id=contract_id, start_at=NOW, updated_at=NOW))
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(
            TimeEntry(contract_id=contract_id, start_at=NOW + timedelta(hours=1), updated_at=NOW)
        )
        session.flush()


def test_end_before_start_is_refused_by_the_database(db):
    contract_id = _contract(db)
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(
            TimeEntry(
                contract_id=contract_id, start_at=NOW, end_at=NOW - timedelta(1), updated_at=NOW
            )
        )
        session.flush()


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(db):
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000


def test_migrations_create_the_schema_from_nothing(db_url):
    db = Database(db_url)
    assert current_revision(db) is None
    ensure_schema(db)
    assert current_revision(db) == HEAD_REVISION
    ensure_schema(db)  # a second run is a no-op
    assert current_revision(db) == HEAD_REVISION
    db.dispose()


def test_head_revision_constant_matches_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "app:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_models_match_the_migrations(db):
    """Autogenerate finds nothing to add: the ORM and the migration agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(context, Base.metadata) if "one_running" not in str(d)]
    assert diffs == []


def test_a_foreign_sqlite_file_is_not_taken_over(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    db = Database(f"sqlite:///{path}")
    from app.core.errors import UserError

    with pytest.raises(UserError, match="not a Tallyhour database"):
        ensure_schema(db)
    db.dispose()


def test_upgrade_to_head_keeps_rows(db_url):
    db = Database(db_url)
    upgrade(db, "0001_initial")
    with db.write() as session:  # rows as the first schema knew them (no newer columns)
        session.execute(
            text(
                "INSERT INTO clients (id, name, name_key, email, address, notes,"
                " opening_balance_cents, payment_verified, created_at)"
                " VALUES (1, 'C', 'c', '', '', '', 0, 0, 1772722800)"
            )
        )
        session.execute(
            text(
                "INSERT INTO contracts (id, client_id, title, title_key, kind, rate_cents,"
                " currency, platform, rounding_seconds, status, notes, created_at)"
                " VALUES (1, 1, 'T', 't', 'hourly', 6000, 'EUR', 'direct', 0, 'active', '',"
                " 1772722800)"
            )
        )
    upgrade(db)
    with db.read() as session:
        assert session.query(Contract).count() == 1
        # the contract got one term row from its creation, with its current values
        term = session.query(ContractTerm).one()
        assert (term.effective_from, term.rate_cents, term.currency) == (NOW, 6000, "EUR")
        assert session.query(Client).one().opening_balance_currency == "EUR"
    db.dispose()


@pytest.mark.parametrize(
    ("given", "env", "expected_prefix"),
    [
        ("sqlite:////tmp/a.sqlite", None, "sqlite:////tmp/a.sqlite"),
        (None, "sqlite:////tmp/b.sqlite", "sqlite:////tmp/b.sqlite"),
        ("/tmp/c.sqlite", None, "sqlite:////tmp/c.sqlite"),
        (None, None, "sqlite:///"),
    ],
)
def test_database_url_resolution(monkeypatch, given, env, expected_prefix):
    if env is None:
        monkeypatch.delenv("TALLYHOUR_DB", raising=False)
    else:
        monkeypatch.setenv("TALLYHOUR_DB", env)
    url = resolve_url(given)
    assert url.startswith(expected_prefix)
    if given is None and env is None:
        assert str(sqlite_path(url)).endswith("tallyhour.sqlite")
