"""The window on a PostgreSQL server: a lost connection shows, is retried, and recovers."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.opening import open_database
from app.ui.main_window import MainWindow
from tests.conftest import NOW
from tests.support.postgres import create_database, database_url, drop_database
from tests.support.proxy import CuttableProxy


@pytest.fixture
def server_url() -> Any:
    """A new, empty database on the test server; its URL."""
    name = create_database()
    yield database_url(name)
    drop_database(name)


def test_a_lost_server_shows_in_the_window_and_it_recovers_when_back(
    qtbot: Any, server_url: str, clock: Any, caplog: pytest.LogCaptureFixture, capfd: Any
) -> None:
    real = make_url(server_url)
    proxy = CuttableProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    via_proxy = real._replace(port=proxy.port).render_as_string(hide_password=False)
    db = open_database(via_proxy)
    add_client(db, "Acme Ltd", now=NOW)
    add_contract(db, "API work", client="Acme Ltd", hourly_rate=Decimal("60"), now=NOW)
    window = MainWindow(db, clock=clock, zone=UTC, use_tray=False)
    qtbot.addWidget(window)
    window.start_up()
    try:
        proxy.cut()
        qtbot.waitUntil(lambda: "Tallyhour keeps trying" in window.banner.text(), timeout=15_000)
        text = window.banner.text()
        assert f"cannot reach the database server 127.0.0.1:{proxy.port}" in text.lower()
        assert real.password and real.password not in text
        assert real.password not in window.windowTitle()
        qtbot.wait(2_500)  # it keeps polling, quietly
        assert "Tallyhour keeps trying" in window.banner.text()
        proxy.start()
        qtbot.waitUntil(
            lambda: window.banner.text() == "The database answers again.", timeout=15_000
        )
        assert "API work" in window.timer_bar.picker.currentText()
        assert "Traceback" not in capfd.readouterr().err
        assert all(real.password not in record.getMessage() for record in caplog.records)
    finally:
        window.shutdown()
        db.dispose()
        proxy.cut()
