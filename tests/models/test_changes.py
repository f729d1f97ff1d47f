"""The database names what each committed write touched, and nested writes are one transaction."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select, text

from app.core.changes import TABLE_CHANGES, Changes
from app.core.errors import UserError
from app.models import Client, Cost, Setting
from app.models.base import Base
from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.settings import update_settings
from app.services.timer import start_timer

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def _count_begins(db: Database) -> list[str]:
    """Every transaction begun on the database's connections, in order."""
    begun: list[str] = []
    event.listen(db.engine, "begin", lambda _connection: begun.append("begin"))
    return begun


def test_every_table_is_named():
    assert set(Base.metadata.tables) <= set(TABLE_CHANGES)


def test_an_unknown_table_could_have_changed_anything():
    assert Changes.of_tables(["something_new"]) == Changes.EVERYTHING


def test_orm_writes_name_their_tables(db):
    client = add_client(db, "Acme Ltd", now=NOW)
    contract = add_contract(db, "API work", client=client.id, hourly_rate=Decimal(50), now=NOW)
    with db.recording() as seen:
        start_timer(db, contract.id, memo="schema", now=NOW)
    assert seen.changes == Changes.ENTRIES | Changes.TIMER
    with db.recording() as seen:
        update_settings(db, name="Sam Rivera")
    assert seen.changes == Changes.SETTINGS


def test_core_and_plain_sql_writes_name_their_tables(db):
    with db.recording() as seen, db.write() as session:
        session.execute(insert(Cost).values(at=NOW, kind="other", amount_cents=100, currency="USD"))
    assert seen.changes == Changes.MONEY
    with db.recording() as seen, db.write() as session:
        session.execute(text("INSERT INTO settings (key, value) VALUES ('x', '1')"))
    assert seen.changes == Changes.SETTINGS


def test_reads_and_rolled_back_writes_change_nothing(db):
    with db.recording() as seen:
        with db.read() as session:
            session.scalars(select(Client)).all()
        with pytest.raises(UserError), db.write() as session:
            session.add(Setting(key="x", value="1"))
            session.flush()
            raise UserError("refused")
    assert seen.changes == Changes.NOTHING
    with db.read() as session:
        assert session.get(Setting, "x") is None


def test_a_nested_write_joins_the_outer_transaction(db):
    begun = _count_begins(db)
    with db.recording() as seen, db.write():
        add_client(db, "Acme Ltd", now=NOW)
        update_settings(db, name="Sam Rivera")
        with db.read() as session:  # reads through the write: sees its changes
            assert session.scalar(select(Client.name)) == "Acme Ltd"
    assert begun == ["begin"]
    assert seen.changes == Changes.CLIENTS | Changes.SETTINGS


def test_a_failed_savepoint_undoes_only_its_own_changes(db):
    with db.recording() as seen, db.write():
        add_client(db, "Acme Ltd", now=NOW)
        with pytest.raises(UserError), db.write() as session:
            session.add(Setting(key="x", value="1"))
            session.flush()
            raise UserError("refused")
    assert seen.changes == Changes.CLIENTS
    with db.read() as session:
        assert session.scalar(select(Client.name)) == "Acme Ltd"
        assert session.get(Setting, "x") is None


def test_nothing_is_committed_before_the_outer_write(db):
    with pytest.raises(UserError), db.write():
        add_client(db, "Acme Ltd", now=NOW)
        raise UserError("refused")
    with db.read() as session:
        assert session.scalar(select(Client.name)) is None


def test_a_recording_hears_only_its_own_thread(db):
    with db.recording() as seen:
        other = threading.Thread(target=lambda: update_settings(db, name="Sam Rivera"))
        other.start()
        other.join()
    assert seen.changes == Changes.NOTHING


def test_the_write_guard_runs_before_each_outermost_write(db, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(Database, "write_guard", staticmethod(lambda: calls.append("write")))
    with db.write():
        update_settings(db, name="Sam Rivera")
    assert calls == ["write"]
