"""How long the user has not touched the keyboard or mouse, from the desktop itself.

Linux asks the session over D-Bus (the freedesktop ScreenSaver, then GNOME Mutter's
IdleMonitor), Windows calls GetLastInputInfo and macOS CGEventSourceSecondsSinceLastEventType,
both through ctypes. Where none answers the source gives None, and idle detection stays
off. The window takes the source as a plain callable, so tests pass their own.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

#: Seconds since the last input, or None when the desktop does not say.
IdleSource = Callable[[], float | None]


def system_idle_source() -> IdleSource:
    """The idle reader for this platform (it returns None where idle time cannot be read)."""
    if sys.platform == "win32":
        return _windows_idle_seconds
    if sys.platform == "darwin":
        return _mac_idle_seconds
    return _dbus_idle_seconds


def no_idle_source() -> float | None:
    """An idle reader that never knows (idle detection off)."""
    return None


def _dbus_idle_seconds() -> float | None:
    """The session's idle time from the ScreenSaver service or Mutter, if either answers."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    for service, path, interface, method, per_second in (
        (
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "GetSessionIdleTime",
            1.0,
        ),
        (
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            "GetIdletime",
            1000.0,
        ),
    ):
        reply = QDBusInterface(service, path, interface, bus).call(method)
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
            value = reply.arguments()[0]
            if isinstance(value, int) and value >= 0:
                return value / per_second
    return None


class _LastInputInfo(ctypes.Structure):
    """Windows' LASTINPUTINFO."""

    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]


def _windows_idle_seconds() -> float | None:
    """Seconds since the last input event on Windows (GetLastInputInfo)."""
    try:
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    info = _LastInputInfo()
    info.cbSize = ctypes.sizeof(info)
    if not user32.GetLastInputInfo(ctypes.byref(info)):
        return None
    return float(((kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) / 1000.0)


def _mac_idle_seconds() -> float | None:
    """Seconds since the last input event on macOS (CoreGraphics)."""
    try:
        graphics = ctypes.cdll.LoadLibrary(
            "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
        )
    except OSError:
        return None
    since = graphics.CGEventSourceSecondsSinceLastEventType
    since.restype, since.argtypes = ctypes.c_double, [ctypes.c_int, ctypes.c_uint32]
    combined_session_state, any_input_event = 0, 0xFFFFFFFF
    return float(since(combined_session_state, any_input_event))
