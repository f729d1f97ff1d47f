"""The desktop's idle time, read over a real D-Bus as the window reads it on Linux."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection

READ_IDLE = "from app.ui.idle_source import system_idle_source; print(system_idle_source()())"


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    """The freedesktop ScreenSaver service, saying the session has been idle 754 s."""

    @Slot(result="uint")
    def GetSessionIdleTime(self) -> int:
        return 754


def read_idle(qtbot, address: str) -> str:
    """Run the reader in another process on the private session bus; keep serving meanwhile."""
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    child = subprocess.Popen(
        [sys.executable, "-c", READ_IDLE], env=env, stdout=subprocess.PIPE, text=True
    )
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=20_000)
    assert child.stdout is not None
    return child.stdout.read().strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus reader is Linux's")
def test_the_screensavers_idle_time_is_read_in_seconds(qtbot, bus_address):
    bus = QDBusConnection.connectToBus(bus_address, "screensaver")
    try:
        service = FakeScreenSaver()
        assert bus.registerObject(
            "/org/freedesktop/ScreenSaver", service, QDBusConnection.RegisterOption.ExportAllSlots
        )
        assert bus.registerService("org.freedesktop.ScreenSaver")
        assert read_idle(qtbot, bus_address) == "754.0"
    finally:
        QDBusConnection.disconnectFromBus("screensaver")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus reader is Linux's")
def test_no_idle_service_on_the_bus_means_idle_time_unknown(qtbot, bus_address):
    assert read_idle(qtbot, bus_address) == "None"
