"""Window fixtures: a seeded database, a pinned (movable) clock, dialogs that never block."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.settings import update_settings
from app.services.timer import start_timer, stop_timer
from app.ui import closing, idle_source, reminders
from app.ui.context import AppContext
from app.ui.dialogs.onboarding import OnboardingDialog
from app.ui.idle_source import no_idle_source
from app.ui.main_window import MainWindow
from app.ui.qtcompat import collect_on_gui_thread
from app.ui.recovery import RecoveryDialog
from app.ui.reminders import IdleDialog
from app.ui.session_watch import SessionWatch
from tests.ui.gui_thread_writes import GuiThreadWrites
from tests.ui.helpers import MovableClock

#: The offscreen platform warns that it cannot size or raise windows; not our code's doing.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's warnings in the window tests (besides a test's own)."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            own = [arg for mark in item.iter_markers("qt_log_ignore") for arg in mark.args]
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, *own), append=False)


@pytest.fixture(scope="session", autouse=True)
def _gc_on_gui_thread(qapp: Any) -> None:
    """Collect garbage on the GUI thread only, as `run_window` sets it up for the window."""
    collect_on_gui_thread()


@pytest.fixture(autouse=True)
def _no_writes_on_the_gui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a window test in which the window wrote to the database on the GUI thread."""
    guard = GuiThreadWrites()
    monkeypatch.setattr(Database, "write_guard", guard)
    yield
    assert not guard.found, f"the window wrote on the GUI thread: {guard.found}"


@pytest.fixture
def clock(now: datetime) -> MovableClock:
    """A pinned clock starting at the shared NOW (a Thursday, 15:00 UTC)."""
    return MovableClock(now)


@dataclass
class Seeded:
    """Ids of the seeded records."""

    client_id: int
    upwork_id: int
    direct_id: int
    entries: list[int] = field(default_factory=list)


@pytest.fixture
def seeded(db: Database, now: datetime) -> Seeded:
    """Two clients, an Upwork contract with a 10 h limit and a direct one, a few entries."""
    update_settings(db, name="Sam Rivera", address="1 Main Street\nSpringfield")
    acme = add_client(db, "Acme Ltd", billed_before=Decimal("400.00"), now=now)
    bolt = add_client(db, "Bolt GmbH", now=now)
    upwork = add_contract(
        db,
        "API work",
        client=acme.id,
        hourly_rate=Decimal("50.00"),
        platform="upwork",
        fee_schedule="upwork-2016",
        weekly_limit_hours=Decimal(10),
        now=now,
    )
    direct = add_contract(
        db, "Site fixes", client=bolt.id, hourly_rate=Decimal("80.00"), platform="direct", now=now
    )
    monday = datetime(2026, 3, 2, tzinfo=UTC)
    entries = []
    for day, (hour, hours, memo) in enumerate([(9, 3, "schema"), (9, 4, ""), (13, 2, "deploy")]):
        start = monday + timedelta(days=day, hours=hour)
        entry = log_entry(db, upwork.id, start, start + timedelta(hours=hours), memo=memo, now=now)
        entries.append(entry.id)
    start_timer(db, upwork.id, memo="review", at=monday + timedelta(days=3, hours=8), now=now)
    stop_timer(db, at=monday + timedelta(days=3, hours=10), now=now)
    return Seeded(acme.id, upwork.id, direct.id, entries)


class DialogCalls:
    """Records calls to replaced dialogs and answers with preset replies."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[Any, ...]]] = {}
        self.replies: dict[str, Any] = {}

    def replace(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        """Replace `owner.ask` with a recorder answering `self.replies[name]`."""

        def ask(*args: Any, **kwargs: Any) -> Any:
            self.calls.setdefault(name, []).append(args)
            reply = self.replies.get(name)
            if reply is None:
                raise AssertionError(f"unexpected {name} dialog")
            return reply(*args, **kwargs) if callable(reply) else reply

        monkeypatch.setattr(owner, "ask", staticmethod(ask))


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogCalls:
    """No modal dialog may block a test: the start-up and close dialogs answer stubs."""
    calls = DialogCalls()
    calls.replace(monkeypatch, RecoveryDialog, "recovery")
    calls.replace(monkeypatch, OnboardingDialog, "onboarding")
    calls.replace(monkeypatch, closing.CloseDialog, "close")
    calls.replace(monkeypatch, IdleDialog, "idle")
    # The machine's own idle time must not drive a test: each test injects its own.
    monkeypatch.setattr(reminders, "system_idle_source", lambda: no_idle_source)
    monkeypatch.setattr(idle_source, "system_idle_source", lambda: no_idle_source)
    # Nor the machine's own screen lock or suspend: a test listens on its own bus.
    monkeypatch.setattr(reminders, "system_session_watch", SessionWatch)
    calls.replies["close"] = closing.CloseChoice(closing.QUIT, remember=False)
    return calls


@pytest.fixture
def ctx(qtbot: Any, db: Database, clock: MovableClock) -> Iterator[AppContext]:
    """A context for a dialog tested on its own (UTC display), closed after the test."""
    context = AppContext(db, clock=clock, zone=UTC)
    yield context
    context.close()


@pytest.fixture
def make_window(
    qtbot: Any, db: Database, clock: MovableClock
) -> Iterator[Callable[..., MainWindow]]:
    """Build main windows on the test database (UTC display, no tray unless asked)."""
    made: list[MainWindow] = []

    def build(*, start: bool = True, **options: Any) -> MainWindow:
        options.setdefault("use_tray", False)
        options.setdefault("zone", UTC)
        window = MainWindow(db, clock=clock, **options)
        qtbot.addWidget(window)
        made.append(window)
        if start:
            window.start_up()
        else:
            window.build_rest()  # all of the window, not yet started
        return window

    yield build
    for window in made:
        window.shutdown()


@pytest.fixture
def bus_address(tmp_path) -> Iterator[str]:
    """A private D-Bus daemon for the test (it plays the system and the session bus)."""
    daemon = shutil.which("dbus-daemon")
    assert daemon, "dbus-daemon is needed (Debian package dbus)"
    config = tmp_path / "bus.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
        " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>unix:dir={tmp_path}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>"
    )
    started = subprocess.run(
        [daemon, f"--config-file={config}", "--print-address=1", "--print-pid=1", "--fork"],
        capture_output=True,
        text=True,
        check=True,
    )
    address, pid = started.stdout.split()
    yield address
    subprocess.run(["kill", pid], check=False)
