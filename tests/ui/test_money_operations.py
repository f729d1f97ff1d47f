"""The contract, client and money dialogs write on the window's writer thread, never the GUI's.

Each test records, for every write transaction, whether it ran on the GUI (main) thread;
all must be False. The window's views read again from what the context says changed.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from app.core.changes import Changes
from app.models.database import Database
from app.services.clients import list_clients
from app.services.contracts import add_contract, list_contracts
from app.services.costs import list_costs
from app.services.payments import list_milestones, list_withdrawals
from app.services.schedules import list_schedules
from app.services.settings import get_settings
from app.ui.dialogs.client import ClientDialog
from app.ui.dialogs.contract import ContractDialog
from app.ui.dialogs.end_contract import EndContractDialog
from app.ui.money.costs import CostsDialog
from app.ui.money.milestones import MilestonesDialog
from app.ui.money.schedules import FeeSchedulesDialog
from app.ui.money.withdrawals import WithdrawalFeesDialog, WithdrawalsDialog
from tests.support.books import fund
from tests.ui.helpers import wait_idle


def record_writes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """From now on: for each write transaction, whether it ran on the GUI thread."""
    on_gui: list[bool] = []

    def guard() -> None:
        on_gui.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(Database, "write_guard", staticmethod(guard))
    return on_gui


def announced(qtbot, ctx) -> list[tuple[Changes, object]]:
    """What the context says changed, and who changed it, from now on."""
    seen: list[tuple[Changes, object]] = []
    ctx.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    return seen


@pytest.fixture
def fixed(db, seeded, now):
    """A fixed-price Upwork contract with Acme."""
    return add_contract(
        db,
        "Logo design",
        client=seeded.client_id,
        fixed=True,
        platform="upwork",
        fee_schedule="upwork-2016",
        now=now,
    )


def test_costs_are_recorded_deleted_and_taxed_off_the_gui_thread(qtbot, monkeypatch, db, ctx):
    dialog = CostsDialog(None, ctx)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    seen = announced(qtbot, ctx)
    dialog.kind.setCurrentIndex(dialog.kind.findData("membership"))
    dialog.amount.setText("19.99")
    dialog.record()
    [line] = list_costs(db)
    assert line.amount == Decimal("19.99")
    assert dialog.model.rowCount() == 1  # the list shows it at once
    dialog.table.select_id(line.id)
    dialog.delete_selected()
    assert list_costs(db) == [] and dialog.model.rowCount() == 0
    dialog.fee_tax.setText("20")
    dialog.save_fee_tax()
    assert get_settings(db).fee_tax_fraction == Decimal("0.2")
    assert on_gui == [False, False, False]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert all(initiator is dialog for _changes, initiator in seen)
    assert seen[0][0].touches(Changes.MONEY) and seen[2][0].touches(Changes.SETTINGS)


def test_a_refused_cost_writes_nothing(qtbot, monkeypatch, db, ctx):
    dialog = CostsDialog(None, ctx)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    dialog.amount.setText("lots")
    dialog.record()
    assert dialog.feedback.error_text().startswith("Amount must be a number")
    assert on_gui == [] and list_costs(db) == [] and not dialog.changed


def test_a_second_action_while_a_write_is_on_its_way_waits(qtbot, monkeypatch, db, ctx):
    dialog = CostsDialog(None, ctx)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    dialog.amount.setText("5")
    dialog.saving = True  # as while the first click's write waits for the database
    dialog.record()
    assert on_gui == [] and list_costs(db) == []
    dialog.saving = False
    dialog.record()
    assert on_gui == [False] and len(list_costs(db)) == 1


def test_milestones_are_added_released_and_cancelled_off_the_gui_thread(
    qtbot, monkeypatch, db, ctx, fixed
):
    dialog = MilestonesDialog(None, ctx, fixed.id)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    seen = announced(qtbot, ctx)
    for title in ("Logo concepts", "Typo"):
        dialog.title.setText(title)
        dialog.amount.setText("500")
        dialog.add()
    dialog.cancel_selected()  # the one just added is selected
    concepts = next(m for m in list_milestones(db, fixed.id) if m.title == "Logo concepts")
    dialog.table.select_id(concepts.id)
    dialog.released_at.setText("2026-03-04 10:00")
    dialog.release()
    statuses = {m.title: m.status for m in list_milestones(db, fixed.id)}
    assert statuses == {"Logo concepts": "paid", "Typo": "cancelled"}
    assert dialog.model.rowCount() == 2
    assert on_gui == [False] * 4
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert all(c.touches(Changes.MONEY) and who is dialog for c, who in seen)


def test_withdrawals_and_their_fees_are_saved_off_the_gui_thread(
    qtbot, monkeypatch, db, clock, ctx
):
    fund(db, Decimal("500"), by=clock())
    dialog = WithdrawalsDialog(None, ctx)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    dialog.method.setCurrentIndex(dialog.method.findData("ach"))
    dialog.amount.setText("250")
    dialog.record()
    assert [w.amount for w in list_withdrawals(db)] == [Decimal("250.00")]
    assert dialog.balance.text() == "Available to withdraw now: $250.00"  # read again
    dialog.delete_selected()
    assert list_withdrawals(db) == []
    fees = WithdrawalFeesDialog(dialog, ctx)
    fees.fields["wire"].setText("25")
    fees.accept()
    assert get_settings(db).withdrawal_fee("wire") == Decimal("25.00")
    assert on_gui == [False, False, False]


def test_schedules_are_saved_and_switched_off_the_gui_thread(qtbot, monkeypatch, db, seeded, ctx):
    dialog = FeeSchedulesDialog(None, ctx, seeded.upwork_id)
    qtbot.addWidget(dialog)
    on_gui = record_writes(monkeypatch)
    dialog.new_schedule()
    dialog.editor.name.setText("Mine")
    dialog.editor.tiers.setText("12%")
    dialog.save()
    assert "mine" in {s.name for s in list_schedules(db)}
    dialog.target.setCurrentIndex(dialog.target.findData("mine"))
    dialog.effective_from.setText("2026-03-01")
    dialog.switch()
    assert dialog.in_force.text() == "Uses mine now."  # the contract was read again
    dialog.fee_rate.setText("9")
    dialog.effective_from.setText("2026-03-02")
    dialog.switch()
    assert dialog.feedback.error_text() == ""
    assert on_gui == [False, False, False]


def test_clients_and_contracts_are_saved_and_ended_off_the_gui_thread(
    qtbot, monkeypatch, db, seeded, clock, ctx
):
    on_gui = record_writes(monkeypatch)
    client = ClientDialog(None, ctx)
    qtbot.addWidget(client)
    client.name.setText("Cobalt Robotics")
    client.billed_before.setText("1,250.00")
    client.accept()
    cobalt = next(c for c in list_clients(db) if c.name == "Cobalt Robotics")
    assert cobalt.opening_balance == Decimal("1250.00")
    edit = ClientDialog(None, ctx, cobalt)
    qtbot.addWidget(edit)
    edit.notes.setPlainText("Pays on time")
    edit.accept()
    assert next(c for c in list_clients(db) if c.id == cobalt.id).notes == "Pays on time"
    contract = ContractDialog(None, ctx)
    qtbot.addWidget(contract)
    contract.title.setText("Robot arm")
    contract.client.setCurrentIndex(contract.client.findData(cobalt.id))
    contract.rate.setText("70")
    contract.accept()
    arm = next(c for c in list_contracts(db, now=clock()) if c.title == "Robot arm")
    changed = ContractDialog(None, ctx, arm)
    qtbot.addWidget(changed)
    changed.rate.setText("75")
    changed.schedule.setCurrentIndex(changed.schedule.findData("upwork-2023"))
    changed.accept()  # the terms and the schedule in one write
    arm = next(c for c in list_contracts(db, now=clock()) if c.id == arm.id)
    assert (arm.rate, arm.fee_schedule) == (Decimal("75.00"), "upwork-2023")
    ending = EndContractDialog(None, ctx, arm)
    qtbot.addWidget(ending)
    ending.stars_received.setValue(5.0)
    ending.accept()
    assert next(c for c in list_contracts(db, now=clock()) if c.id == arm.id).status == "ended"
    assert on_gui == [False] * 5


def test_a_contract_added_in_the_window_shows_in_the_table_and_the_picker(
    qtbot, monkeypatch, make_window, db, seeded, dialogs
):
    window = make_window()
    view = window.contracts_view
    window.tabs.setCurrentWidget(view)  # the table reads again while it is on screen
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5_000)
    on_gui = record_writes(monkeypatch)

    def add(parent, ctx_, contract=None, **options):
        dialog = ContractDialog(parent, ctx_, contract, **options)
        dialog.title.setText("Data pipeline")
        dialog.rate.setText("65")
        return dialog.save()

    dialogs.replace(monkeypatch, ContractDialog, "contract")
    dialogs.replies["contract"] = add
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        view.new_contract()
    assert dialogs.calls["contract"][0][:2] == (view, window.ctx)
    assert "Added contract Data pipeline." in window.banner.text()
    assert view.model.rowCount() == 3
    picker = window.timer_bar.picker
    assert "Data pipeline — Acme Ltd" in [picker.itemText(i) for i in range(picker.count())]
    wait_idle(qtbot, window)
    assert on_gui and not any(on_gui)


def test_a_milestone_released_from_the_menu_reaches_the_contracts_table(
    qtbot, monkeypatch, make_window, db, seeded, fixed, dialogs
):
    window = make_window()
    view = window.contracts_view
    window.tabs.setCurrentWidget(view)  # the table reads again while it is on screen
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5_000)
    wait_idle(qtbot, window)

    def lifetime() -> Decimal:
        rows = (view.model.row(n) for n in range(view.model.rowCount()))
        return next(r.lifetime for r in rows if r is not None and r.contract.id == fixed.id)

    before = lifetime()
    on_gui = record_writes(monkeypatch)

    def pay(parent, ctx_, contract_id):
        dialog = MilestonesDialog(parent, ctx_, contract_id)
        dialog.title.setText("Logo concepts")
        dialog.amount.setText("500")
        dialog.add()
        dialog.release()  # the new milestone is selected; paid now
        return dialog.changed

    dialogs.replace(monkeypatch, MilestonesDialog, "milestones")
    dialogs.replies["milestones"] = pay
    view.select_contract(fixed.id)
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        window.actions_by_name["money_milestones"].trigger()
    wait_idle(qtbot, window)
    assert lifetime() - before == Decimal("500.00")
    assert "Milestones updated" in window.banner.text()
    assert len(on_gui) >= 2 and not any(on_gui)  # the add and the release, then the window's
