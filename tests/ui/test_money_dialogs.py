"""The Money menu's dialogs save through the services, show refusals inline, change nothing then."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from app.core.fees import PRESETS, Basis, BillingKind
from app.core.weeks import BillingWeek
from app.services.contracts import add_contract, list_contracts
from app.services.earnings import week_report
from app.services.payments import list_milestones, list_withdrawals, withdraw
from app.services.schedules import list_schedules
from app.services.settings import get_settings, update_settings
from app.ui.money.calculator import TakeHomeDialog
from app.ui.money.milestones import MilestonesDialog
from app.ui.money.models import (
    MilestoneColumn,
    SchedulesModel,
    TierColumn,
    WithdrawalColumn,
    WithdrawalsModel,
)
from app.ui.money.schedules import FeeSchedulesDialog
from app.ui.money.withdrawals import WithdrawalFeesDialog, WithdrawalsDialog
from tests.support.books import fund
from tests.ui.helpers import wait_idle


@pytest.fixture
def fixed(db, seeded, now):
    """A fixed-price Upwork contract with Acme (400.00 billed before), on the 2016 sliding fee."""
    return add_contract(
        db,
        "Logo design",
        client=seeded.client_id,
        fixed=True,
        platform="upwork",
        fee_schedule="upwork-2016",
        now=now,
    )


def week_row(db, clock, contract_id):
    """This billing week's figures of one contract."""
    report = week_report(db, BillingWeek.of(clock()), now=clock())
    return next(row for row in report.rows if row.contract.id == contract_id)


def cells(model, row, columns):
    """The display texts of some cells of a row."""
    return [model.index(row, column).data() for column in columns]


def milestones_dialog(qtbot, ctx, contract_id):
    """The milestones dialog of a contract, closed after the test."""
    dialog = MilestonesDialog(None, ctx, contract_id)
    qtbot.addWidget(dialog)
    return dialog


# -- milestones --------------------------------------------------------------------------


def test_a_released_milestone_counts_in_its_billing_week(
    qtbot, qtmodeltester, db, clock, fixed, ctx
):
    dialog = milestones_dialog(qtbot, ctx, fixed.id)
    assert not dialog.release_button.isEnabled()  # nothing to release yet
    dialog.title.setText("Logo concepts")
    dialog.amount.setText("500")
    dialog.add()
    assert dialog.feedback.error_text() == ""
    assert [m.status for m in list_milestones(db, fixed.id)] == ["funded"]
    assert dialog.release_button.isEnabled()  # the new milestone is selected
    dialog.released_at.setText("2026-03-04 10:00")
    dialog.release()
    released = list_milestones(db, fixed.id)[0]
    assert released.released_at == datetime(2026, 3, 4, 10, tzinfo=UTC)
    assert cells(dialog.model, 0, MilestoneColumn) == [
        "Logo concepts",
        "Milestone",
        "$500.00",
        "Paid",
        "Wed 4 Mar 10:00",
    ]
    assert "available Mon 9 Mar" in dialog.feedback.text()
    assert not dialog.release_button.isEnabled()  # paid once only
    qtmodeltester.check(dialog.model)
    row = week_row(db, clock, fixed.id)
    # 400.00 billed before: 100.00 at 20% and 400.00 at 10%.
    assert (row.gross, row.fee, row.net) == (Decimal("500.00"), Decimal("60.00"), Decimal("440.00"))
    assert dialog.changed


def test_a_milestone_on_an_hourly_contract_is_refused(qtbot, db, seeded, clock, fixed, ctx):
    dialog = milestones_dialog(qtbot, ctx, seeded.upwork_id)
    assert dialog.kind.currentData() == "bonus"  # what an hourly contract can take
    assert "hourly contract" in dialog.hint.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("milestone"))
    dialog.title.setText("Extra")
    dialog.amount.setText("100")
    dialog.add()
    assert dialog.feedback.error_text() == (
        "“API work” is hourly; milestones belong to fixed-price contracts"
    )
    assert list_milestones(db) == []
    assert not dialog.changed


def test_the_dialog_opens_on_the_first_fixed_price_contract(qtbot, db, seeded, clock, fixed, ctx):
    dialog = milestones_dialog(qtbot, ctx, None)
    assert dialog.selected_contract().id == fixed.id
    assert dialog.kind.currentData() == "milestone"
    dialog.select_contract(seeded.upwork_id)
    assert dialog.kind.currentData() == "bonus"
    dialog.select_contract(fixed.id)
    assert dialog.kind.currentData() == "milestone"


def test_an_hourly_contract_is_not_offered_milestones(qtbot, db, seeded, clock, fixed, ctx):
    dialog = milestones_dialog(qtbot, ctx, seeded.upwork_id)
    item = dialog.kind.model().item(dialog.kind.findData("milestone"))
    assert not item.isEnabled()
    assert dialog.title.placeholderText() == "e.g. Launch bonus"
    dialog.select_contract(fixed.id)
    assert item.isEnabled()
    assert dialog.title.placeholderText() == "e.g. Logo concepts"


def test_bonuses_and_refunds_go_on_any_contract(qtbot, db, seeded, clock, ctx):
    dialog = milestones_dialog(qtbot, ctx, seeded.upwork_id)
    dialog.title.setText("Thanks for the rush")
    dialog.amount.setText("50")
    dialog.add()
    dialog.release()  # the new bonus is selected; paid now
    choose(dialog.kind, "refund")
    dialog.title.setText("Overbilled hour")
    dialog.amount.setText("50.00")
    dialog.add()
    assert [cells(dialog.model, row, MilestoneColumn) for row in range(2)] == [
        ["Overbilled hour", "Refund", "-$50.00", "Funded", "—"],
        ["Thanks for the rush", "Bonus", "$50.00", "Paid", "Thu 5 Mar 15:00"],
    ]
    assert dialog.totals.text() == "Released $50.00 · not yet released -$50.00"
    row = week_row(db, clock, seeded.upwork_id)
    assert row.gross == Decimal("550.00")  # the week's 500.00 of hours and the bonus
    assert row.releases == [(Decimal("50.00"), date(2026, 3, 10))]


@pytest.mark.parametrize(
    ("title", "amount", "message"),
    [
        ("Concepts", "abc", "Amount must be a number like 12.50, not “abc”"),
        ("Concepts", "0", "Amount must be more than zero"),
        ("Concepts", "-5", "Amount must not be negative"),
        ("Concepts", "NaN", "Amount must be a finite number, not “NaN”"),
        ("Concepts", "12,50", "Amount must be a number like 1,250.50"),
        ("Concepts", "10.005", "Amount has more than two decimals: 10.005"),
        ("   ", "100", "Milestone title must not be empty"),
    ],
)
def test_bad_milestones_are_refused_inline(qtbot, db, clock, fixed, title, amount, message, ctx):
    dialog = milestones_dialog(qtbot, ctx, fixed.id)
    dialog.title.setText(title)
    dialog.amount.setText(amount)
    dialog.add()
    assert dialog.feedback.error_text().startswith(message)
    assert list_milestones(db) == []


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("2026-03-06 10:00", "Release time is in the future"),
        ("yesterday", "Release time must be an ISO 8601 time"),
        ("1999-12-31 10:00", "Release time must be between 2000 and 2100"),
    ],
)
def test_a_bad_release_time_is_refused_and_changes_nothing(
    qtbot, db, clock, fixed, at, message, ctx
):
    dialog = milestones_dialog(qtbot, ctx, fixed.id)
    dialog.title.setText("Concepts")
    dialog.amount.setText("250.00")
    dialog.add()
    dialog.table.selectRow(0)
    dialog.released_at.setText(at)
    dialog.release()
    assert dialog.feedback.error_text().startswith(message)
    assert [m.released_at for m in list_milestones(db)] == [None]
    report = week_report(db, BillingWeek.of(clock()), now=clock())
    assert fixed.id not in {row.contract.id for row in report.rows}  # no release counted


# -- withdrawals -------------------------------------------------------------------------


def withdrawals_dialog(qtbot, ctx):
    """The withdrawals dialog, closed after the test."""
    dialog = WithdrawalsDialog(None, ctx)
    qtbot.addWidget(dialog)
    return dialog


def choose(combo, data):
    """Pick a combo box item by its data."""
    combo.setCurrentIndex(combo.findData(data))


def test_a_withdrawal_takes_its_fee_from_the_method_table(qtbot, qtmodeltester, db, clock, ctx):
    fund(db, Decimal("1500"), by=clock())
    dialog = withdrawals_dialog(qtbot, ctx)
    assert dialog.balance.text() == "Available to withdraw now: $1,500.00"
    choose(dialog.method, "local-bank")
    dialog.amount.setText("1,000.00")
    assert dialog.preview.text() == (
        "Fee $0.99 · $1,000.99 leaves your balance, $1,000.00 arrives in your bank."
    )
    dialog.record()
    [done] = list_withdrawals(db)
    assert (done.amount, done.fee, done.method, done.currency) == (
        Decimal("1000.00"),
        Decimal("0.99"),
        "local-bank",
        "USD",
    )
    assert cells(dialog.model, 0, WithdrawalColumn) == [
        "Thu 5 Mar 15:00",
        "Local bank",
        "$1,000.00",
        "$0.99",
        "$1,000.99",
    ]
    assert dialog.totals.text() == "Withdrawn $1,000.00, fees $0.99"
    assert dialog.balance.text() == "Available to withdraw now: $499.01"
    assert dialog.amount.text() == ""
    qtmodeltester.check(dialog.model)


@pytest.mark.parametrize(
    ("amount", "method", "currency", "message"),
    [
        ("20", "wire", "USD", "The wire fee (30.00) would cost as much as the amount withdrawn"),
        ("100", "ach", "XYZ", "Unknown currency “XYZ”"),
        ("600", "ach", "USD", "Only 500.00 USD is available to withdraw then"),
        ("100", "ach", "EUR", "Nothing was ever earned in EUR"),
        ("lots", "ach", "USD", "Amount must be a number like 12.50, not “lots”"),
        ("-100", "ach", "USD", "Amount must not be negative"),
        ("inf", "ach", "USD", "Amount must be a finite number"),
    ],
)
def test_a_refused_withdrawal_records_nothing(
    qtbot, db, clock, amount, method, currency, message, ctx
):
    fund(db, Decimal("500"), by=clock())
    dialog = withdrawals_dialog(qtbot, ctx)
    choose(dialog.method, method)
    dialog.currency.setCurrentText(currency)
    dialog.amount.setText(amount)
    assert dialog.preview.error_text()  # the preview warns before anything is tried
    dialog.record()
    assert dialog.feedback.error_text().startswith(message)
    assert list_withdrawals(db) == []
    assert not dialog.changed


def test_the_fee_table_edits_a_methods_fee(qtbot, db, seeded, ctx):
    dialog = WithdrawalFeesDialog(None, ctx)
    qtbot.addWidget(dialog)
    assert {m: f.text() for m, f in dialog.fields.items()} == {
        "ach": "0.00",
        "local-bank": "0.99",
        "wire": "30.00",
        "paypal": "2.00",
    }
    dialog.fields["wire"].setText("25")
    dialog.accept()
    assert get_settings(db).withdrawal_fee("wire") == Decimal("25.00")
    assert get_settings(db).withdrawal_fee("ach") == Decimal("0.00")


def test_a_bad_fee_is_refused_and_no_fee_changes(qtbot, db, seeded, ctx):
    dialog = WithdrawalFeesDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.fields["ach"].setText("1.50")
    dialog.fields["wire"].setText("thirty")
    dialog.accept()
    assert dialog.error_text() == "Wire fee must be a number like 12.50, not “thirty”"
    assert get_settings(db).withdrawal_fees == (
        ("ach", "0.00"),
        ("local-bank", "0.99"),
        ("wire", "30.00"),
        ("paypal", "2.00"),
    )
    dialog.restore_presets()
    assert dialog.fields["wire"].text() == "30.00" and dialog.fields["ach"].text() == "0.00"


def test_a_changed_fee_table_is_used_at_once(qtbot, db, clock, dialogs, monkeypatch, ctx):
    dialogs.replace(monkeypatch, WithdrawalFeesDialog, "fees")
    fees = (("ach", "0.00"), ("local-bank", "1.25"), ("wire", "30.00"))
    dialogs.replies["fees"] = lambda _parent, ctx_: ctx_.wait(
        lambda: update_settings(db, withdrawal_fees=fees)
    )
    fund(db, Decimal("500"), by=clock())
    dialog = withdrawals_dialog(qtbot, ctx)
    choose(dialog.method, "local-bank")
    dialog.amount.setText("100")
    dialog.edit_fees()
    assert dialog.method.currentText() == "Local bank — fee 1.25"
    assert dialog.preview.text() == (
        "Fee $1.25 · $101.25 leaves your balance, $100.00 arrives in your bank."
    )
    dialog.record()
    assert list_withdrawals(db)[0].fee == Decimal("1.25")


def test_the_withdrawals_table_sorts_on_amounts_not_text(qtbot, qtmodeltester, db, clock, ctx):
    fund(db, Decimal("20000"), by=clock())
    for amount in ("900.00", "10,000.00", "25.00"):
        withdraw(db, Decimal(amount.replace(",", "")), method="ach", now=clock())
    dialog = withdrawals_dialog(qtbot, ctx)
    dialog.table.sortByColumn(WithdrawalColumn.AMOUNT, Qt.SortOrder.AscendingOrder)
    shown = [dialog.table.proxy.index(r, WithdrawalColumn.AMOUNT).data() for r in range(3)]
    assert shown == ["$25.00", "$900.00", "$10,000.00"]
    qtmodeltester.check(WithdrawalsModel(UTC))


# -- fee schedules -----------------------------------------------------------------------


def schedules_dialog(qtbot, ctx, contract_id=None):
    """The fee schedules dialog, closed after the test."""
    dialog = FeeSchedulesDialog(None, ctx, contract_id)
    qtbot.addWidget(dialog)
    return dialog


def test_a_custom_schedule_is_defined_listed_and_used(qtbot, qtmodeltester, db, seeded, clock, ctx):
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    dialog.new_schedule()
    editor = dialog.editor
    editor.name.setText("My  Agency")
    editor.tiers.setText("15%:1,000, 8%")
    assert editor.tiers_reading.text() == "Reads as: 15% to 1,000.00 · 8% above"
    choose(editor.basis, Basis.CLIENT.value)
    editor.minimum.setText("2.50")
    choose(editor.minimum_on, "all")
    dialog.save()
    assert dialog.feedback.error_text() == ""
    mine = {s.name: s for s in list_schedules(db)}["my agency"]
    assert [(t.up_to, t.rate) for t in mine.tiers] == [
        (Decimal("1000.00"), Decimal("0.15")),
        (None, Decimal("0.08")),
    ]
    assert (mine.minimum_fee, mine.minimum_applies_to) == (Decimal("2.50"), frozenset(BillingKind))
    assert dialog.model.schedule_named("my agency") is not None
    qtmodeltester.check(dialog.model)
    # The contract moves to it: 500.00 billed this week after 400.00 before, all under 1,000.
    choose(dialog.target, "my agency")
    dialog.effective_from.setText("2026-03-01")
    dialog.switch()
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("75.00")


@pytest.mark.parametrize(
    ("name", "tiers", "basis", "minimum", "message"),
    [
        ("upwork-2016", "20%:500, 10%:10000, 5%", "client", "0", "“upwork-2016” is a built-in"),
        ("Fiverr", "20%", "flat", "0", "“fiverr” is a built-in schedule"),
        ("mine", "lots", "client", "0", "Rate must look like 20% or 0.20, not “lots”"),
        ("mine", "10%:500, 20%:100, 5%", "client", "0", "Limits must increase from zero"),
        ("mine", "20%:500", "client", "0", "The last rate must have no limit"),
        ("mine", "150%", "flat", "0", "Rate must be between 0 and 100 percent"),
        ("mine", "", "client", "0", "Type at least one rate"),
        ("mine", "20%:500, 10%", "flat", "0", "A flat fee schedule has exactly one rate"),
        ("mine", "10%", "flat", "-1", "Minimum fee must not be negative"),
        ("", "10%", "flat", "0", "Schedule name must not be empty"),
    ],
)
def test_bad_schedules_are_refused_inline(
    qtbot, db, clock, name, tiers, basis, minimum, message, ctx
):
    dialog = schedules_dialog(qtbot, ctx)
    dialog.editor.name.setText(name)
    dialog.editor.tiers.setText(tiers)
    choose(dialog.editor.basis, basis)
    dialog.editor.minimum.setText(minimum)
    dialog.save()
    assert dialog.feedback.error_text().startswith(message)
    assert [s.name for s in list_schedules(db)] == list(PRESETS)


def test_a_selected_schedule_fills_the_editor(qtbot, db, clock, ctx):
    dialog = schedules_dialog(qtbot, ctx)
    dialog.table.selectRow(0)
    assert dialog.editor.name.text() == "upwork-2016"
    assert dialog.editor.tiers.text() == "20%:500.00, 10%:10000.00, 5%"
    assert dialog.editor.preset_note.isVisibleTo(dialog)
    assert cells(dialog.model, 3, range(5)) == [
        "freelancer",
        "Built-in",
        "Flat (one rate)",
        "10%",
        "5.00 on fixed price",
    ]


def test_a_contract_switches_schedule_from_a_date(qtbot, db, seeded, clock, ctx):
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("60.00")  # sliding fee
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    assert dialog.in_force.text() == "Uses upwork-2016 now."
    choose(dialog.target, "upwork-2023")
    dialog.effective_from.setText("2026-03-02")
    dialog.switch()
    assert dialog.feedback.text().startswith("API work uses upwork-2023 from Mon 2 Mar 00:00")
    assert dialog.in_force.text() == "Uses upwork-2023 now."
    api = next(c for c in list_contracts(db, now=clock()) if c.id == seeded.upwork_id)
    assert api.fee_schedule == "upwork-2023"
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("50.00")  # flat 10%


def test_a_contract_takes_its_own_fee_rate_from_a_date(qtbot, db, seeded, clock, ctx):
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("60.00")  # sliding fee
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    dialog.fee_rate.setText("12.5")
    assert not dialog.target.isEnabled()  # the typed rate replaces a schedule
    dialog.effective_from.setText("2026-03-02")
    dialog.switch()
    assert dialog.feedback.text().startswith(
        "API work pays its own fee rate of 12.5% from Mon 2 Mar 00:00"
    )
    assert dialog.in_force.text() == "Uses contract fee 12.5% now."
    assert dialog.fee_rate.text() == "" and dialog.target.isEnabled()
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("62.50")  # 12.5% of 500.00


def test_a_fee_rate_from_next_week_leaves_this_week_alone(qtbot, db, seeded, clock, ctx):
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    dialog.fee_rate.setText("8")
    dialog.effective_from.setText("2026-03-09")  # the Monday after the clock's week
    dialog.switch()
    assert dialog.changed and dialog.in_force.text() == "Uses upwork-2016 now."
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("60.00")  # this week: as before


@pytest.mark.parametrize("typed", ["120", "lots", "-3"])
def test_a_bad_fee_rate_changes_nothing(qtbot, db, seeded, clock, typed, ctx):
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    dialog.fee_rate.setText(typed)
    dialog.switch()
    assert dialog.feedback.error_text().startswith("Fee rate must be")
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("60.00")
    assert not dialog.changed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("next tuesday", "Effective date must be an ISO 8601 time"),
        ("2026-02-30", "Effective date must be an ISO 8601 time"),
        ("3026-01-01", "Effective date must be between 2000 and 2100"),
    ],
)
def test_a_bad_switch_date_changes_nothing(qtbot, db, seeded, clock, text, message, ctx):
    dialog = schedules_dialog(qtbot, ctx, seeded.upwork_id)
    choose(dialog.target, "upwork-2023")
    dialog.effective_from.setText(text)
    dialog.switch()
    assert dialog.feedback.error_text().startswith(message)
    assert week_row(db, clock, seeded.upwork_id).fee == Decimal("60.00")
    assert not dialog.changed


# -- take-home calculator ----------------------------------------------------------------


def calculator(qtbot, db, **options):
    """The take-home calculator, closed after the test."""
    dialog = TakeHomeDialog(None, db, **options)
    qtbot.addWidget(dialog)
    return dialog


def test_the_calculator_shows_upworks_own_example(qtbot, qtmodeltester, db):
    dialog = calculator(qtbot, db, schedule="upwork-2016")
    dialog.prior.setText("0")
    qtbot.keyClicks(dialog.amount, "600")  # updates as the user types
    assert dialog.result_text("fee") == "$110.00"
    assert dialog.result_text("net") == "$490.00"
    assert dialog.result_text("take_home") == "$490.00"  # no tax set aside by default
    parts = dialog.parts
    assert [cells(parts, row, TierColumn) for row in range(parts.rowCount())] == [
        ["$500.00", "20%", "$100.00"],
        ["$100.00", "10%", "$10.00"],
    ]
    qtmodeltester.check(parts)
    assert "$9,400.00 more with this client moves the fee to 5%" in dialog.next_tier.text()


def test_the_calculator_sets_tax_and_a_withdrawal_aside(qtbot, db):
    update_settings(db, tax_rate="25")
    dialog = calculator(qtbot, db, schedule="upwork-2016")
    dialog.amount.setText("600")
    choose(dialog.withdrawal, "local-bank")
    assert [dialog.result_text(k) for k in ("tax", "withdrawal", "take_home")] == [
        "$122.50",
        "$0.99",
        "$366.51",
    ]
    choose(dialog.schedule, "freelancer")
    choose(dialog.kind, BillingKind.FIXED.value)
    dialog.amount.setText("30")
    assert dialog.result_text("fee") == "$5.00"  # Freelancer.com's fixed-price minimum


def test_the_calculator_takes_the_tax_on_the_fee_off(qtbot, db):
    update_settings(db, tax_rate="25", fee_tax_rate="20")
    dialog = calculator(qtbot, db, schedule="upwork-2016")
    dialog.amount.setText("600")
    # 20% VAT on the 110.00 fee is 22.00: 490.00 − 122.50 tax − 22.00 = 345.50
    assert [dialog.result_text(k) for k in ("fee_tax", "take_home")] == ["$22.00", "$345.50"]


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("amount", "abc", "Amount must be a number like 12.50, not “abc”"),
        ("amount", "-600", "Amount must not be negative"),
        ("amount", "NaN", "Amount must be a finite number, not “NaN”"),
        ("amount", "1e999", "Amount must be a number like 1250.50 (no currency sign, exponent"),
        ("amount", "0", "Amount must be more than zero"),
        ("prior", "x", "Billed before must be a number like 12.50, not “x”"),
        ("prior", "-1", "Billed before must not be negative"),
    ],
)
def test_the_calculator_shows_bad_input_inline(qtbot, db, field, text, message):
    before = (list_schedules(db), get_settings(db))
    dialog = calculator(qtbot, db, schedule="upwork-2016")
    dialog.amount.setText("600")
    getattr(dialog, field).setText(text)
    assert dialog.error.error_text().startswith(message)
    assert dialog.result_text("fee") == "—" and dialog.parts.rowCount() == 0
    assert (list_schedules(db), get_settings(db)) == before
    getattr(dialog, field).setText("600" if field == "amount" else "0")
    assert dialog.error.error_text() == "" and dialog.result_text("fee") == "$110.00"


# -- the menu ----------------------------------------------------------------------------


def menu_titles(window):
    """The menu bar's titles, in order."""
    return [action.text() for action in window.menuBar().actions()]


def test_the_money_menu_comes_before_help(qtbot, make_window, seeded):
    window = make_window()
    menu = window.menus.money.menu
    titles = menu_titles(window)
    assert titles[-2:] == ["&Money", "&Help"]
    assert next(a.menu() for a in window.menuBar().actions() if a.text() == "&Money") is menu
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "&Milestones…",
        "&Withdrawals…",
        "&Costs…",
        "&Fee schedules…",
        "&Take-home calculator…",
        "&Reconcile with statement…",
    ]
    # Ctrl+K already finds a contract: the calculator takes the next key, never an ambiguity.
    calculator_keys = window.actions_by_name["money_calculator"].shortcut()
    assert calculator_keys == QKeySequence("Ctrl+Shift+K")
    owners: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            owners.setdefault(sequence.toString(), set()).add(action.text())
    assert {key: names for key, names in owners.items() if key and len(names) > 1} == {}


def test_the_window_has_the_money_menu_once(qtbot, make_window, seeded):
    window = make_window()
    assert menu_titles(window) == [
        "&File",
        "&Edit",
        "&Timer",
        "&Contracts",
        "D&ocuments",
        "&View",
        "&Money",
        "&Help",
    ]
    # Ctrl+K is "Find contract", so the calculator takes Ctrl+Shift+K.
    assert window.actions_by_name["money_calculator"].shortcut() == QKeySequence("Ctrl+Shift+K")


def test_the_menu_opens_each_dialog_on_the_selected_contract(
    qtbot, make_window, db, seeded, fixed, dialogs, monkeypatch
):
    for owner, name in (
        (MilestonesDialog, "milestones"),
        (WithdrawalsDialog, "withdrawals"),
        (FeeSchedulesDialog, "schedules"),
        (TakeHomeDialog, "calculator"),
    ):
        dialogs.replace(monkeypatch, owner, name)
        dialogs.replies[name] = name != "calculator"  # the calculator saves nothing
    window = make_window()
    wait_idle(qtbot, window)
    window.contracts_view.select_contract(fixed.id)
    for name in ("milestones", "withdrawals", "schedules"):
        window.actions_by_name[f"money_{name}"].trigger()
    assert dialogs.calls["milestones"][0][1:] == (window.ctx, fixed.id)
    assert dialogs.calls["schedules"][0][-1] == fixed.id
    assert "fees are worked out again" in window.banner.text()
    wait_idle(qtbot, window)
    window.contracts_view.select_contract(seeded.upwork_id)  # hourly: the first fixed-price one
    window.actions_by_name["money_milestones"].trigger()
    assert dialogs.calls["milestones"][1][-1] is None
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.week_view.table, Qt.Key.Key_K, modifiers)
    assert dialogs.calls["calculator"] == [(window, db)]
    qtbot.keyClick(window.week_view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timer_bar.picker.hasFocus())  # Ctrl+K still finds
    wait_idle(qtbot, window)


@pytest.mark.parametrize("which", ["milestones", "withdrawals", "schedules", "calculator"])
def test_each_dialog_renders_without_qt_warnings(qtbot, db, seeded, fixed, clock, which, ctx):
    dialog = {
        "milestones": lambda: MilestonesDialog(None, ctx, fixed.id),
        "withdrawals": lambda: WithdrawalsDialog(None, ctx),
        "schedules": lambda: FeeSchedulesDialog(None, ctx, seeded.upwork_id),
        "calculator": lambda: TakeHomeDialog(None, db, schedule="upwork-2016"),
    }[which]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.grab().isNull()


def test_an_empty_schedules_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(SchedulesModel())


def test_a_funded_milestone_can_be_cancelled_not_a_paid_one(qtbot, db, clock, fixed, ctx):
    dialog = milestones_dialog(qtbot, ctx, fixed.id)
    dialog.title.setText("Typo")
    dialog.amount.setText("9000")
    dialog.add()
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_selected()
    assert [m.status for m in list_milestones(db, fixed.id)] == ["cancelled"]
    assert not dialog.cancel_button.isEnabled() and not dialog.release_button.isEnabled()
    assert "Cancelled “Typo”" in dialog.feedback.text()


def test_a_withdrawal_recorded_by_mistake_is_deleted(qtbot, db, clock, ctx):
    fund(db, Decimal("500"), by=clock())
    dialog = withdrawals_dialog(qtbot, ctx)
    choose(dialog.method, "ach")
    dialog.amount.setText("250")
    dialog.record()  # the new row is selected
    dialog.delete_selected()
    assert list_withdrawals(db) == []
    assert dialog.model.rowCount() == 0
    dialog.delete_selected()  # nothing selected now
    assert dialog.feedback.error_text() == "Select a withdrawal in the list first."
