"""Reminders in the window: no timer in working hours, a long timer, and time away (idle)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.services.entries import list_entries
from app.services.plain_reads import timer_status
from app.services.settings import update_settings
from app.services.timer import start_timer
from app.ui.reminders import IdleDialog, Reminders
from tests.ui.helpers import writes_done

#: The real question, kept before the window fixtures replace it with a stub.
REAL_IDLE_ASK = IdleDialog.ask


@pytest.fixture(autouse=True)
def keep_through_gaps(dialogs):
    """The pinned clock jumps ahead without heartbeats: the gap question keeps the time."""
    dialogs.replies["recovery"] = "keep"


def reminders_of(window) -> Reminders:
    found = window.findChild(Reminders)
    assert isinstance(found, Reminders)
    return found


def test_no_timer_in_working_hours_is_reminded_and_easy_to_turn_off(make_window, db, seeded, clock):
    update_settings(db, remind_no_timer=True, working_hours="9-17")
    window = make_window()
    reminders_of(window).check()  # Thursday 15:00: working hours
    assert window.banner.text().startswith("No timer is running")
    assert window.banner.action_text() == "Start"
    window.banner.dismiss()
    clock.advance(minutes=10)
    reminders_of(window).check()
    assert window.banner.text() == ""  # not again within half an hour
    update_settings(db, remind_no_timer=False)
    clock.advance(hours=1)
    reminders_of(window).check()
    assert window.banner.text() == ""


def test_no_reminder_after_working_hours(make_window, db, seeded, clock):
    update_settings(db, remind_no_timer=True, working_hours="9-15")
    window = make_window()
    reminders_of(window).check()  # 15:00 is the end: half-open
    assert window.banner.text() == ""


def test_a_timer_running_very_long_asks_once_and_can_stop(make_window, db, seeded, clock):
    update_settings(db, remind_long_timer_hours=3)
    start_timer(db, seeded.direct_id, memo="night shift", now=clock())
    window = make_window()
    clock.advance(hours=3)
    reminders_of(window).check()
    assert "running for 3 h" in window.banner.text() and "Still working?" in window.banner.text()
    window.banner.trigger_action()  # Stop now
    writes_done(window)
    assert not timer_status(db, now=clock()).running


class FakeIdle:
    """An idle source the test sets by hand."""

    def __init__(self, readable: bool = True) -> None:
        self.seconds: float = 0
        self.readable = readable

    def __call__(self) -> float | None:
        return self.seconds if self.readable else None


def away_for_twenty_minutes(window, clock, idle: FakeIdle) -> None:
    reminders = reminders_of(window)
    reminders.idle_source = idle
    idle.seconds = 0
    reminders.check()
    clock.advance(minutes=5)  # five minutes of work, then away
    reminders.check()
    clock.advance(minutes=20)
    idle.seconds = 20 * 60
    reminders.check()
    clock.advance(seconds=10)
    idle.seconds = 2  # back at the keyboard
    reminders.check()
    writes_done(window)


def test_coming_back_after_idle_time_asks_and_discard_takes_it_out(
    make_window, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    start = clock()
    start_timer(db, seeded.direct_id, memo="refactor", now=start)
    dialogs.replies["idle"] = "discard"
    window = make_window()
    away_for_twenty_minutes(window, clock, FakeIdle())
    ((_parent, away, contract, _zone, reason),) = dialogs.calls["idle"]
    assert reason == "idle"
    assert contract == "Site fixes" and away.since == start + timedelta(minutes=5)
    assert away.seconds == 20 * 60 + 8
    status = timer_status(db, now=clock())
    assert status.running and status.memo == "refactor"
    assert status.started_at == clock() - timedelta(seconds=2)
    rows = list_entries(db, start=start, end=clock() + timedelta(minutes=1))
    assert [(r.start, r.end, r.memo) for r in rows if r.contract_title == "Site fixes"] == [
        (start, start + timedelta(minutes=5), "refactor"),
        (status.started_at, None, "refactor"),
    ]


def test_stop_when_i_left_ends_the_timer_at_the_moment_of_leaving(
    make_window, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    start = clock() - timedelta(hours=1)
    start_timer(db, seeded.direct_id, memo="review", now=start)
    dialogs.replies["idle"] = "stop"
    window = make_window()
    left = clock() + timedelta(minutes=5)
    away_for_twenty_minutes(window, clock, FakeIdle())
    assert not timer_status(db, now=clock()).running
    last = list_entries(db, start=start, end=clock())[-1]
    assert (last.start, last.end, last.memo) == (start, left, "review")


def test_keep_changes_nothing_and_an_unreadable_idle_time_never_asks(
    make_window, db, seeded, clock, dialogs
):
    update_settings(db, idle_minutes=10)
    start_timer(db, seeded.direct_id, memo="keep", now=clock())
    dialogs.replies["idle"] = "keep"
    window = make_window()
    before = timer_status(db, now=clock())
    away_for_twenty_minutes(window, clock, FakeIdle())
    assert timer_status(db, now=clock()).started_at == before.started_at
    unknown = FakeIdle(readable=False)
    dialogs.calls.clear()
    away_for_twenty_minutes(window, clock, unknown)
    assert "idle" not in dialogs.calls


def test_the_reminders_are_settings_on_their_own_page(ctx, qtbot, db):
    from app.services.settings import get_settings
    from app.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(None, ctx)
    qtbot.addWidget(dialog)
    assert not dialog.remind_no_timer.isChecked() and dialog.idle_minutes.value() == 10
    dialog.remind_no_timer.setChecked(True)
    dialog.working_hours.setText("8:30-16")
    dialog.long_timer.setValue(0)
    dialog.idle_minutes.setValue(0)
    dialog.accept()
    saved = get_settings(db)
    assert (saved.remind_no_timer, saved.working_hours) == (True, "08:30-16:00")
    assert (saved.remind_long_timer_hours, saved.idle_minutes) == (0, 0)
    again = SettingsDialog(None, ctx)
    qtbot.addWidget(again)
    again.working_hours.setText("soon")
    again.accept()
    assert "working hours" in again.error_text().lower()


def test_the_real_question_on_return_is_answered_by_clicking_discard(
    qtbot, make_window, db, seeded, clock, dialogs
):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QPushButton

    update_settings(db, idle_minutes=10)
    start = clock()
    start_timer(db, seeded.direct_id, memo="refactor", now=start)
    seen: list[str] = []

    def click_discard() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IdleDialog)
        seen.append(dialog.findChild(QLabel).text())
        seen.extend(button.text() for button in dialog.findChildren(QPushButton))
        discard = next(b for b in dialog.findChildren(QPushButton) if "Discard" in b.text())
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)

    def ask(*args, **kwargs):
        QTimer.singleShot(0, click_discard)
        return REAL_IDLE_ASK(*args, **kwargs)

    dialogs.replies["idle"] = ask
    window = make_window()
    away_for_twenty_minutes(window, clock, FakeIdle())
    assert seen[0].startswith("No keyboard or mouse for 20 min")
    assert "Site fixes" in seen[0]
    assert seen[1:] == [
        "&Keep it: I was working",
        "&Discard the 20 min and keep timing",
        f"&Stop the timer at {(start + timedelta(minutes=5)).strftime('%H:%M')}, when I left",
    ]
    status = timer_status(db, now=clock())
    assert status.running and status.started_at == clock() - timedelta(seconds=2)


def test_the_settings_say_when_the_desktop_cannot_report_idle_time(qtbot, ctx, monkeypatch):
    from app.ui import idle_source
    from app.ui.dialogs.settings import SettingsDialog

    unknown = SettingsDialog(None, ctx)  # the window tests' desktop reports nothing
    qtbot.addWidget(unknown)
    assert not unknown.idle_unknown.isHidden()
    assert "does not report how long it has been idle" in unknown.idle_unknown.text()
    monkeypatch.setattr(idle_source, "system_idle_source", lambda: FakeIdle())
    known = SettingsDialog(None, ctx)
    qtbot.addWidget(known)
    assert known.idle_unknown.isHidden()
