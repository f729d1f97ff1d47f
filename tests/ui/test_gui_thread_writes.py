"""The guard that fails a window test which writes on the GUI thread catches such writes."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from app.models.database import Database
from app.services.clients import add_client, list_clients
from tests.ui.gui_thread_writes import UI, GuiThreadWrites


def _as_window_code(source: str, namespace: dict[str, Any]) -> None:
    """Run `source` as if it were a line of a window module."""
    exec(compile(source, str(UI / "imagined_view.py"), "exec"), namespace)


def test_a_write_from_window_code_on_the_gui_thread_is_noted(
    db: Database, now: datetime, monkeypatch
):
    guard = GuiThreadWrites()
    monkeypatch.setattr(Database, "write_guard", guard)
    _as_window_code(
        "add_client(db, 'Acme', now=now)", {"add_client": add_client, "db": db, "now": now}
    )
    assert guard.found == ["app/ui/imagined_view.py:1 in <module>"]
    assert [c.name for c in list_clients(db)] == ["Acme"]


def test_the_same_write_from_a_test_or_a_worker_thread_is_not(
    db: Database, now: datetime, monkeypatch
):
    guard = GuiThreadWrites()
    monkeypatch.setattr(Database, "write_guard", guard)
    add_client(db, "Acme", now=now)  # a test seeding its data
    names = {"add_client": add_client, "db": db, "now": now}
    worker = threading.Thread(
        target=_as_window_code, args=("add_client(db, 'Beta', now=now)", names)
    )
    worker.start()
    worker.join()
    assert guard.found == []
    assert sorted(c.name for c in list_clients(db)) == ["Acme", "Beta"]
