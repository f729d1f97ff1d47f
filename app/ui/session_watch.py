"""When the user's session locks or the machine suspends, and when it comes back.

Linux says so over D-Bus: logind's `PrepareForSleep(bool)` on the system bus (true before
a suspend, false after resume) and the screensaver's `ActiveChanged(bool)` on the session
bus (the freedesktop and GNOME names; true when the screen locks or blanks). Where a bus
is missing, as on Windows, macOS or a bare container, the watch stays silent. The window
asks on return what to do with the time away, as it does after idle time.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

#: (interface, signal) pairs on the system bus and on the session bus, each with one bool.
SYSTEM_SIGNALS = (("org.freedesktop.login1.Manager", "PrepareForSleep"),)
SESSION_SIGNALS = (
    ("org.freedesktop.ScreenSaver", "ActiveChanged"),
    ("org.gnome.ScreenSaver", "ActiveChanged"),
)


class SessionWatch(QObject):
    """Says when the session went away (locked, asleep) and when it is back."""

    #: The screen locked ("lock") or the machine is about to sleep ("sleep").
    went_away = Signal(str)
    #: The screen unlocked or the machine woke up (only after `went_away`).
    came_back = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system: QDBusConnection | None = None,
        session: QDBusConnection | None = None,
    ) -> None:
        super().__init__(parent)
        #: What is holding the session away now: "sleep", "lock" or both.
        self.reasons: set[str] = set()
        self.listening = 0
        for bus, signals, slot in (
            (system, SYSTEM_SIGNALS, "1_sleep_changed(bool)"),
            (session, SESSION_SIGNALS, "1_lock_changed(bool)"),
        ):
            if bus is None or not bus.isConnected():
                continue
            for interface, name in signals:
                # Any sender and path: KDE and GNOME publish the screensaver on other paths.
                # (PySide takes the slot signature as text, whatever its stubs say.)
                if bus.connect("", "", interface, name, self, slot):  # type: ignore[call-overload]
                    self.listening += 1

    @classmethod
    def of_this_desktop(cls, parent: QObject | None = None) -> SessionWatch:
        """A watch on the machine's own buses (silent where there are none)."""
        return cls(parent, system=QDBusConnection.systemBus(), session=QDBusConnection.sessionBus())

    @Slot(bool)
    def _sleep_changed(self, asleep: bool) -> None:
        """logind: about to sleep (true) or just woke up (false)."""
        self._change("sleep", asleep)

    @Slot(bool)
    def _lock_changed(self, active: bool) -> None:
        """The screensaver came on (locked or blanked) or went off."""
        self._change("lock", active)

    def _change(self, reason: str, away: bool) -> None:
        """Signal the first reason to be away, and the return once none is left."""
        was_away = bool(self.reasons)
        if away:
            self.reasons.add(reason)
        else:
            self.reasons.discard(reason)
        if self.reasons and not was_away:
            self.went_away.emit(reason)
        elif was_away and not self.reasons:
            self.came_back.emit()
