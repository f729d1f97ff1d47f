"""What a new user meets in the window on their first day: keys, banners, forms, messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTime

from app.core.weeks import BillingWeek
from app.services.entries import log_entry
from app.services.plain_reads import week_sheet
from app.services.timer import heartbeat, start_timer
from app.ui.dialogs.entry import ManualEntryDialog, default_span
from app.ui.dialogs.onboarding import OnboardingDialog
from app.ui.week_model import ID_ROLE, WeekColumn, WeekModel
from tests.ui.helpers import wait_idle, writes_done


def shown(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


# The completer's popup opens as the user types; the offscreen platform cannot grab keys for it.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_ctrl_k_selects_the_contract_text_so_typing_replaces_it(qtbot, make_window, seeded):
    window = shown(qtbot, make_window())
    picker = window.timer_bar.picker
    window.timer_bar.select_contract(seeded.upwork_id)
    window.week_view.table.setFocus()
    qtbot.keyClick(window.week_view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert picker.hasFocus()
    assert picker.lineEdit().selectedText() == picker.currentText() != ""
    qtbot.keyClicks(picker.lineEdit(), "Site")
    assert picker.currentText() == "Site"


def test_undo_after_a_deletion_takes_the_deleted_banner_away(qtbot, make_window, seeded):
    window = make_window()
    view = window.week_view
    view.select_entry(seeded.entries[0])
    view.delete_selected()
    writes_done(window)
    assert window.banner.text().startswith("Deleted") and window.banner.action_text() == "Undo"
    window.actions_by_name["undo"].trigger()  # what Ctrl+Z does
    assert window.banner.text() == ""


def test_pressing_ctrl_z_after_a_deletion_restores_it_and_the_banner_goes(
    qtbot, make_window, seeded, db, clock
):
    from app.services.entries import list_entries

    window = shown(qtbot, make_window())
    view = window.week_view
    span = {"start": clock() - timedelta(days=30), "end": clock()}
    before = [(e.start, e.end, e.memo) for e in list_entries(db, **span)]
    view.select_entry(seeded.entries[0])
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    writes_done(window)
    assert window.banner.text().startswith("Deleted") and len(list_entries(db, **span)) == 3
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    writes_done(window)
    assert window.banner.text() == ""
    assert [(e.start, e.end, e.memo) for e in list_entries(db, **span)] == before


def test_a_later_message_is_not_taken_away_by_the_undo(qtbot, make_window, seeded):
    window = make_window()
    window.week_view.select_entry(seeded.entries[0])
    window.week_view.delete_selected()
    writes_done(window)
    window.notify("Settings saved.")
    window.actions_by_name["undo"].trigger()
    assert window.banner.text() == "Settings saved."


def test_the_banner_coming_and_going_moves_nothing_below_it(qtbot, make_window, seeded):
    window = shown(qtbot, make_window())
    table = window.week_view.table
    where = table.mapTo(window, table.rect().topLeft())
    window.notify("A message that needs a line of its own, to see that nothing moves.")
    qtbot.wait(50)
    assert window.banner.isVisible()
    assert table.mapTo(window, table.rect().topLeft()) == where
    window.banner.dismiss()
    qtbot.wait(50)
    assert table.mapTo(window, table.rect().topLeft()) == where


def test_window_messages_start_with_a_capital(make_window, seeded):
    window = make_window()
    window.notify("no timer is running")
    assert window.banner.text() == "No timer is running"


def test_the_welcome_form_lists_every_problem_top_to_bottom_and_clears_on_edit(qtbot, ctx):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = OnboardingDialog(None, ctx)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Create contract"  # what it does: the timer starts from the window
    dialog.rate.setText("abc")
    dialog.limit.setText("many")
    dialog.accept()
    lines = dialog.error_text().splitlines()
    assert [line.split()[0:2] for line in lines] == [
        ["Client", "name"],
        ["Contract", "title"],
        ["Hourly", "rate"],
        ["Weekly", "limit"],
    ]
    assert all(line[0].isupper() for line in lines)
    assert dialog.saved is None
    shown_size = dialog.error.sizeHint().height()
    qtbot.keyClicks(dialog.client, "A")
    assert dialog.error_text() == ""
    assert dialog.error.sizeHint().height() == shown_size or not dialog.error.isVisible()


def test_the_welcome_currency_is_the_chosen_item_not_the_first_with_new_text(qtbot, ctx):
    dialog = OnboardingDialog(None, ctx)
    qtbot.addWidget(dialog)
    combo = dialog.currency
    assert combo.itemText(combo.currentIndex()) == combo.currentText() == "USD"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert combo.currentText() == "USD"


def test_a_dialogs_error_line_keeps_its_room_so_the_buttons_stay_put(qtbot, ctx):
    dialog = OnboardingDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft())
    dialog.client.setText("Acme")
    dialog.title.setText("Site")
    dialog.rate.setText("0")
    dialog.accept()
    qtbot.wait(50)
    assert dialog.error_text().startswith("Hourly rate")
    assert dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()) == buttons


def test_the_week_shows_its_entries_behind_the_recovery_question(
    make_window, dialogs, db, seeded, clock
):
    started = clock() - timedelta(hours=2)
    start_timer(db, "Site fixes", memo="crash", now=started)
    heartbeat(db, now=started + timedelta(minutes=10))
    rows_seen: list[int] = []

    def answer(parent, *_args):
        rows_seen.append(len(parent.week_view.model.entries()))
        return "keep"

    dialogs.replies["recovery"] = answer
    make_window()
    assert rows_seen and rows_seen[0] > 0


@pytest.mark.parametrize(
    ("now", "day", "offered"),
    [
        ("2026-03-05 15:00", "2026-03-05", ("2026-03-05", "09:00", "10:00")),
        ("2026-03-05 08:47", "2026-03-05", ("2026-03-05", "07:45", "08:45")),
        ("2026-03-05 00:40", "2026-03-05", ("2026-03-05", "00:00", "00:40")),
        ("2026-03-05 00:02", "2026-03-05", ("2026-03-04", "09:00", "10:00")),
        ("2026-03-05 08:47", "2026-03-02", ("2026-03-02", "09:00", "10:00")),
    ],
)
def test_add_time_never_offers_a_span_that_has_not_ended(now, day, offered):
    shown, start, end = default_span(datetime.fromisoformat(now), date.fromisoformat(day))
    assert (shown.isoformat(), start.toString("HH:mm"), end.toString("HH:mm")) == offered


def test_the_add_time_calendar_offers_no_future_day(qtbot, db, seeded, clock, ctx):
    from app.services.contracts import list_contracts

    tomorrow = clock().date() + timedelta(days=1)
    dialog = ManualEntryDialog(None, ctx, list_contracts(db), day=tomorrow)
    qtbot.addWidget(dialog)
    assert dialog.day.maximumDate().toPython() == clock().date()
    assert dialog.day.date().toPython() == clock().date()
    start, end = dialog.span()
    assert end <= clock()


def test_a_long_memos_tooltip_is_capped_and_shown_as_typed(db, seeded, clock):
    memo = "<b>&" * 1250  # 5,000 characters
    entry = log_entry(
        db,
        seeded.direct_id,
        clock() - timedelta(hours=2),
        clock() - timedelta(hours=1),
        memo=memo,
        now=clock(),
    )
    model = WeekModel(clock, UTC)
    model.load(week_sheet(db, BillingWeek.of(clock()), now=clock()))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == entry.id)
    tip = model.index(row, WeekColumn.MEMO).data(Qt.ItemDataRole.ToolTipRole)
    assert len(tip) < 3_000
    assert "&lt;b&gt;&amp;" in tip and "<b>&" not in tip
    assert "4,400 more characters" in tip


def test_dont_ask_again_on_quitting_while_timing_starts_unticked(qtbot):
    from app.ui.closing import CloseDialog

    dialog = CloseDialog(None, "API work", tray=False)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isChecked()


def test_fee_schedules_are_shown_by_name_and_new_client_follows_the_client_field(
    qtbot, db, seeded, clock, ctx
):
    from app.services.contracts import list_contracts
    from app.ui.contracts_model import ContractColumn, ContractsModel
    from app.ui.dialogs.contract import ContractDialog
    from app.ui.money.models import ScheduleColumn, SchedulesModel

    api = next(c for c in list_contracts(db, now=clock()) if c.title == "API work")
    dialog = ContractDialog(None, ctx, api)
    qtbot.addWidget(dialog)
    assert dialog.schedule.currentText() == "Upwork sliding fee (20/10/5%)"
    assert dialog.schedule.currentData() == "upwork-2016"
    assert not dialog.client.isEnabled() and not dialog.new_client.isEnabled()
    fresh = ContractDialog(None, ctx)
    qtbot.addWidget(fresh)
    assert fresh.client.isEnabled() and fresh.new_client.isEnabled()
    from app.services.overview import contract_overview

    model = ContractsModel()
    model.load(contract_overview(db, now=clock()))
    shown = {model.index(r, ContractColumn.SCHEDULE).data() for r in range(model.rowCount())}
    assert "upwork-2016" not in shown and "Upwork sliding fee (20/10/5%)" in shown
    headers = SchedulesModel.headers
    assert headers[ScheduleColumn.BASIS] == "Tiers follow"


@pytest.mark.parametrize(
    ("typed", "span"),
    [
        ("9-10:30", ("09:00", "10:30")),
        ("1h30", ("09:00", "10:30")),
        ("90m", ("09:00", "10:30")),
        ("1:30", ("09:00", "10:30")),
        ("16:15 to 17", ("16:15", "17:00")),
    ],
)
def test_add_time_reads_spans_and_durations_as_typed(qtbot, db, seeded, clock, ctx, typed, span):
    from app.services.contracts import list_contracts

    dialog = ManualEntryDialog(None, ctx, list_contracts(db), contract_id=seeded.direct_id)
    qtbot.addWidget(dialog)
    dialog.day.setDate(datetime(2026, 3, 4).date())  # a free Wednesday
    dialog.start.setTime(QTime(9, 0))
    qtbot.keyClicks(dialog.typed, typed)
    assert (dialog.start.time().toString("HH:mm"), dialog.end.time().toString("HH:mm")) == span
    dialog.accept()
    assert dialog.error_text() == ""
    assert dialog.saved.seconds == {"16:15 to 17": 2700}.get(typed, 5400)


def test_add_time_refuses_what_it_cannot_read(qtbot, db, seeded, clock, ctx):
    from app.services.contracts import list_contracts

    dialog = ManualEntryDialog(None, ctx, list_contracts(db), contract_id=seeded.direct_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.typed, "a while")
    dialog.accept()
    assert dialog.saved is None and "1h30" in dialog.error_text()


def test_a_refused_fee_schedule_says_why_on_one_line_and_nothing_moves(qtbot, db, clock, ctx):
    from PySide6.QtWidgets import QLabel

    from app.ui.money.schedules import FeeSchedulesDialog

    dialog = FeeSchedulesDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editor = dialog.editor

    def places() -> list[int]:
        return [w.mapTo(dialog, w.rect().topLeft()).y() for w in (editor.basis, dialog.table)]

    before = places()
    editor.name.setText("mine")
    qtbot.keyClicks(editor.tiers, "lots")
    dialog.save()
    qtbot.wait(50)
    said = [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and "Rate must look like" in label.text()
    ]
    assert len(said) == 1 and dialog.feedback.error_text() == said[0]
    assert places() == before
    qtbot.keyClicks(editor.tiers, "x")  # editing the field takes the old refusal away
    assert dialog.feedback.error_text() == ""
    assert editor.tiers_reading.error_text().startswith("Rate must look like")
    assert places() == before
    assert editor.layout().labelForField(editor.basis).text() == "Tiers fo&llow"


def test_mark_paid_asks_the_day_today_by_default_never_before_the_issue(qtbot):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui.documents.paid import PaidOnDialog

    dialog = PaidOnDialog(None, date(2026, 3, 2), date(2026, 3, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.day.date().toPython() == date(2026, 3, 5)
    assert (dialog.day.minimumDate(), dialog.day.maximumDate()) == (
        QDate(2026, 3, 2),
        QDate(2026, 3, 5),
    )
    dialog.day.setFocus()
    qtbot.keyClick(dialog.day, Qt.Key.Key_Down)  # one day back, as a user steps it
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.saved == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("name", "address", "focused"),
    [("", "", "name"), ("Sam", "", "address"), ("", "1 Main", "name")],
)
def test_asked_for_the_profile_the_cursor_waits_in_the_first_missing_field(
    ctx, qtbot, db, name, address, focused
):
    from app.services.settings import update_settings
    from app.ui.dialogs.settings import SettingsDialog

    update_settings(db, name=name, address=address)
    dialog = SettingsDialog(None, ctx, page="profile", intro="An issued invoice prints who…")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: getattr(dialog, focused).hasFocus())


def test_the_weeks_total_grows_with_a_running_timer_like_its_day(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    view = window.week_view
    assert "Total <b>11:00</b> h" in view.header.totals.text()  # the seeded week
    start_timer(db, "Site fixes", memo="footer", now=clock())
    window.refresh_all()
    wait_idle(qtbot, window)
    clock.advance(minutes=25)
    window.timer_bar.tick()
    view.tick()
    assert "Total <b>11:25</b> h" in view.header.totals.text()
    day = next(r for r in view.model.day_rows() if "Thursday" in view.model.index(r, 0).data())
    assert view.model.index(day, WeekColumn.DURATION).data() == "2:25"
