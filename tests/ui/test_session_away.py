"""A locked screen or a suspend while the timer runs is asked about on return, as idle time.

The signals travel over a real D-Bus: a private bus daemon per test, a sender connection
of its own (or `dbus-send`, another process), and the watch listening as the window does.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from app.services.entries import list_entries
from app.services.plain_reads import timer_status
from app.services.settings import update_settings
from app.services.timer import start_timer
from app.ui.reminders import LOCK, SLEEP, Reminders
from app.ui.session_watch import SessionWatch
from tests.ui.helpers import writes_done


@pytest.fixture(autouse=True)
def keep_through_gaps(dialogs):
    """The pinned clock jumps ahead without heartbeats: the gap question keeps the time."""
    dialogs.replies["recovery"] = "keep"


def connection(address: str, name: str) -> QDBusConnection:
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected(), bus.lastError().message()
    return bus


def emit(bus: QDBusConnection, path: str, interface: str, name: str, value: bool) -> None:
    """Send a D-Bus signal with one boolean, as logind and the screensaver do."""
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments([value])
    assert bus.send(message)


@pytest.fixture
def on_bus(make_window, bus_address):
    """A window whose reminders hear lock and suspend signals on the private bus."""
    made = []

    def build():
        window = make_window()
        reminders = window.findChild(Reminders)
        listener = connection(bus_address, f"listener-{len(made)}")
        watch = SessionWatch(reminders, system=listener, session=listener)
        assert watch.listening == 3
        reminders.listen(watch)
        made.append(listener)
        return window, watch

    yield build
    for index in range(len(made)):
        QDBusConnection.disconnectFromBus(f"listener-{index}")


def test_a_suspend_asks_on_wake_and_discard_takes_the_sleep_out(
    qtbot, on_bus, bus_address, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    start = clock()
    start_timer(db, seeded.direct_id, memo="refactor", now=start)
    dialogs.replies["idle"] = "discard"
    window, watch = on_bus()
    logind = connection(bus_address, "logind")
    clock.advance(minutes=5)
    with qtbot.waitSignal(watch.went_away, timeout=5_000):
        emit(
            logind,
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            True,
        )
    clock.advance(minutes=40)
    with qtbot.waitSignal(watch.came_back, timeout=5_000):
        emit(
            logind,
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            False,
        )
    ((_parent, away, contract, _zone, reason),) = dialogs.calls["idle"]
    assert (contract, reason, away.seconds) == ("Site fixes", SLEEP, 40 * 60)
    assert away.since == start + timedelta(minutes=5)
    writes_done(window)
    status = timer_status(db, now=clock())
    assert status.running and status.started_at == clock() and status.memo == "refactor"
    rows = [
        r
        for r in list_entries(db, start=start, end=clock() + timedelta(minutes=1))
        if r.contract_title == "Site fixes"
    ]
    assert [(r.start, r.end) for r in rows] == [
        (start, start + timedelta(minutes=5)),
        (clock(), None),
    ]
    QDBusConnection.disconnectFromBus("logind")


def test_a_locked_screen_heard_from_another_process_can_stop_when_the_user_left(
    qtbot, on_bus, bus_address, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    start = clock()
    start_timer(db, seeded.direct_id, memo="review", now=start)
    dialogs.replies["idle"] = "stop"
    window, watch = on_bus()
    clock.advance(minutes=20)
    send = [
        "dbus-send",
        f"--bus={bus_address}",
        "--type=signal",
        "/org/gnome/ScreenSaver",
        "org.gnome.ScreenSaver.ActiveChanged",
    ]
    with qtbot.waitSignal(watch.went_away, timeout=5_000):
        subprocess.run([*send, "boolean:true"], check=True)
    clock.advance(minutes=15)
    with qtbot.waitSignal(watch.came_back, timeout=5_000):
        subprocess.run([*send, "boolean:false"], check=True)
    ((_parent, away, _contract, _zone, reason),) = dialogs.calls["idle"]
    assert reason == LOCK and away.since == start + timedelta(minutes=20)
    writes_done(window)
    assert not timer_status(db, now=clock()).running
    last = list_entries(db, start=start, end=clock())[-1]
    assert (last.start, last.end, last.memo) == (start, start + timedelta(minutes=20), "review")


def test_a_short_lock_or_no_timer_or_idle_detection_off_asks_nothing(
    qtbot, on_bus, bus_address, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    window, watch = on_bus()
    saver = connection(bus_address, "saver")

    def lock_for(minutes: int) -> None:
        with qtbot.waitSignal(watch.went_away, timeout=5_000):
            emit(saver, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
        clock.advance(minutes=minutes)
        with qtbot.waitSignal(watch.came_back, timeout=5_000):
            emit(saver, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False)

    lock_for(30)  # no timer running
    start_timer(db, seeded.direct_id, memo="short", now=clock())
    window.timer_bar.set_status(timer_status(db, now=clock()))
    lock_for(3)  # shorter than the idle threshold
    update_settings(db, idle_minutes=0)
    window.findChild(Reminders)._settings = None  # read the settings again
    lock_for(30)  # idle detection off
    assert "idle" not in dialogs.calls
    assert timer_status(db, now=clock()).memo == "short"
    QDBusConnection.disconnectFromBus("saver")


def test_without_a_bus_the_watch_stays_silent(qtbot):
    nowhere = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "nowhere")
    assert not nowhere.isConnected()
    watch = SessionWatch(None, system=nowhere, session=nowhere)
    assert watch.listening == 0
    QDBusConnection.disconnectFromBus("nowhere")
