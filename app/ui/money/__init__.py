"""The Money menu of the main window: milestones, withdrawals, costs, fee schedules, take-home.

`install_money_menu(window)` adds the menu; the dialogs load when first opened, so the
window starts no slower for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.ui.banner import Level

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = ["CALCULATOR_KEYS", "install_money_menu"]

#: The calculator's shortcut, and the one it takes if another action already has the first.
CALCULATOR_KEYS = ("Ctrl+K", "Ctrl+Shift+K")
_MENU_NAME = "money_menu"


def install_money_menu(window: MainWindow) -> QMenu:
    """Add the "&Money" menu before Help (else last); returns it (once per window)."""
    bar = window.menuBar()
    existing = bar.findChild(QMenu, _MENU_NAME)
    if existing is not None:
        return existing
    menu = QMenu("&Money", bar)
    menu.setObjectName(_MENU_NAME)
    help_menu = next(
        (a for a in bar.actions() if a.menu() is not None and _plain(a.text()) == "help"), None
    )
    if help_menu is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(help_menu, menu)
    shortcut = free_shortcut(window, CALCULATOR_KEYS)
    entries: tuple[tuple[str, str, Callable[[MainWindow], None], str | None], ...] = (
        ("money_milestones", "&Milestones…", open_milestones, None),
        ("money_withdrawals", "&Withdrawals…", open_withdrawals, None),
        ("money_costs", "&Costs…", open_costs, None),
        ("money_schedules", "&Fee schedules…", open_schedules, None),
        ("money_calculator", "&Take-home calculator…", open_calculator, shortcut),
        ("money_reconcile", "&Reconcile with statement…", open_reconcile, None),
    )
    for name, text, slot, keys in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, slot=slot: _run(window, slot))
        menu.addAction(action)
        window.addAction(action)
        window.actions_by_name[name] = action
        if name == "money_costs":
            menu.addSeparator()
    return menu


def free_shortcut(window: MainWindow, candidates: tuple[str, ...]) -> str | None:
    """The first candidate key no action or shortcut of the window uses yet (None if all are)."""
    taken = {
        sequence.toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
    } | {
        shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        for shortcut in window.findChildren(QShortcut)
    }
    return next((key for key in candidates if QKeySequence(key).toString() not in taken), None)


def open_milestones(window: MainWindow) -> None:
    """Milestones of the selected fixed-price contract (else the first one)."""
    from app.ui.money.milestones import MilestonesDialog

    selected = window.contracts_view.selected_contract()
    contract_id = selected.id if selected is not None and selected.kind == "fixed" else None
    if MilestonesDialog.ask(window, window.ctx, contract_id):
        window.notify("Milestones updated: the week and earnings include them.", Level.INFO)


def open_withdrawals(window: MainWindow) -> None:
    """Withdrawals, and the fee of each method."""
    from app.ui.money.withdrawals import WithdrawalsDialog

    if WithdrawalsDialog.ask(window, window.ctx):
        window.notify("Withdrawal recorded.", Level.INFO)


def open_costs(window: MainWindow) -> None:
    """Costs that reduce take-home, and the tax on the marketplace's fee."""
    from app.ui.money.costs import CostsDialog

    if CostsDialog.ask(window, window.ctx):
        window.notify("Costs updated: take-home is worked out again.", Level.INFO)


def open_schedules(window: MainWindow) -> None:
    """Fee schedules, offering to switch the selected contract."""
    from app.ui.money.schedules import FeeSchedulesDialog

    selected = window.contracts_view.selected_contract()
    contract_id = None if selected is None else selected.id
    if FeeSchedulesDialog.ask(window, window.ctx, contract_id):
        window.notify("Fee schedules updated: fees are worked out again.", Level.INFO)


def open_calculator(window: MainWindow) -> None:
    """The take-home calculator, on the selected contract's schedule."""
    from app.ui.money.calculator import TakeHomeDialog

    selected = window.contracts_view.selected_contract()
    TakeHomeDialog.ask(
        window, window.db, schedule="" if selected is None else selected.fee_schedule
    )


def open_reconcile(window: MainWindow) -> None:
    """The imported statement against tracked time; a double-clicked week opens."""
    from app.ui.reconcile_view import ReconcileDialog

    def open_week(week: BillingWeek, _contract_id: int) -> None:
        window.week_view.show_week(week)
        window.tabs.setCurrentWidget(window.week_view)

    if ReconcileDialog.ask(window, window.ctx, open_week):
        _changed(window, "Fee rate changed: fees are worked out again.")


def _run(window: MainWindow, slot: Callable[[MainWindow], None]) -> None:
    """Open a dialog; a refusal while reading its data goes to the message strip."""
    try:
        slot(window)
    except UserError as refusal:
        window.notify(str(refusal), Level.ERROR)


def _changed(window: MainWindow, text: str) -> None:
    """Show everything again (fees are derived) and say what changed.

    For a dialog that writes on its own; the ones writing through the window's context
    need only say what changed: each view reads again as the context tells it.
    """
    window.refresh_all()
    window.notify(text, Level.INFO)


def _plain(text: str) -> str:
    """A menu title without its mnemonic, lower-cased ("&Help" → "help")."""
    return text.replace("&", "").strip().lower()
