"""The Money menu of the main window: milestones, withdrawals, costs, fee schedules, take-home.

`MoneyMenu` fills the window's Money menu; the dialogs load when first opened, so the
window starts no slower for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.services.records import ContractInfo
from app.ui.banner import Level
from app.ui.context import AppContext

__all__ = ["CALCULATOR_KEYS", "MoneyMenu"]

#: The calculator's shortcut, and the one it takes if another action already has the first.
CALCULATOR_KEYS = ("Ctrl+K", "Ctrl+Shift+K")
_MENU_NAME = "money_menu"


class MoneyMenu(QObject):
    """The "&Money" menu: its dialogs open over `parent`, on the selected contract.

    `selected_contract` is the contracts tab's selection, `open_week` shows a week in the
    week tab (a double-click in the reconciliation), and `refresh` reads everything again
    after a dialog that writes on its own.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        menu: QMenu,
        selected_contract: Callable[[], ContractInfo | None],
        open_week: Callable[[BillingWeek], None],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.selected_contract, self.open_week, self.refresh = selected_contract, open_week, refresh
        #: The menu's actions by name (tests trigger them).
        self.actions_by_name: dict[str, QAction] = {}
        self.menu = menu
        self._fill(menu)

    def _fill(self, menu: QMenu) -> None:
        """Put the actions in the menu, and on `parent` too (for their shortcuts)."""
        menu.setObjectName(_MENU_NAME)
        shortcut = free_shortcut(self.parent_widget, CALCULATOR_KEYS)
        entries: tuple[tuple[str, str, Callable[[], None], str | None], ...] = (
            ("money_milestones", "&Milestones…", self.open_milestones, None),
            ("money_withdrawals", "&Withdrawals…", self.open_withdrawals, None),
            ("money_costs", "&Costs…", self.open_costs, None),
            ("money_schedules", "&Fee schedules…", self.open_schedules, None),
            ("money_calculator", "&Take-home calculator…", self.open_calculator, shortcut),
            ("money_reconcile", "&Reconcile with statement…", self.open_reconcile, None),
        )
        for name, text, slot, keys in entries:
            action = QAction(text, self.parent_widget)
            action.setObjectName(name)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, slot=slot: self._run(slot))
            menu.addAction(action)
            self.parent_widget.addAction(action)
            self.actions_by_name[name] = action
            if name == "money_costs":
                menu.addSeparator()

    def open_milestones(self) -> None:
        """Milestones of the selected fixed-price contract (else the first one)."""
        from app.ui.money.milestones import MilestonesDialog

        selected = self.selected_contract()
        contract_id = selected.id if selected is not None and selected.kind == "fixed" else None
        if MilestonesDialog.ask(self.parent_widget, self.ctx, contract_id):
            self.ctx.notify("Milestones updated: the week and earnings include them.", Level.INFO)

    def open_withdrawals(self) -> None:
        """Withdrawals, and the fee of each method."""
        from app.ui.money.withdrawals import WithdrawalsDialog

        if WithdrawalsDialog.ask(self.parent_widget, self.ctx):
            self.ctx.notify("Withdrawal recorded.", Level.INFO)

    def open_costs(self) -> None:
        """Costs that reduce take-home, and the tax on the marketplace's fee."""
        from app.ui.money.costs import CostsDialog

        if CostsDialog.ask(self.parent_widget, self.ctx):
            self.ctx.notify("Costs updated: take-home is worked out again.", Level.INFO)

    def open_schedules(self) -> None:
        """Fee schedules, offering to switch the selected contract."""
        from app.ui.money.schedules import FeeSchedulesDialog

        selected = self.selected_contract()
        contract_id = None if selected is None else selected.id
        if FeeSchedulesDialog.ask(self.parent_widget, self.ctx, contract_id):
            self.ctx.notify("Fee schedules updated: fees are worked out again.", Level.INFO)

    def open_calculator(self) -> None:
        """The take-home calculator, on the selected contract's schedule."""
        from app.ui.money.calculator import TakeHomeDialog

        selected = self.selected_contract()
        schedule = "" if selected is None else selected.fee_schedule
        TakeHomeDialog.ask(self.parent_widget, self.ctx.db, schedule=schedule)

    def open_reconcile(self) -> None:
        """The imported statement against tracked time; a double-clicked week opens."""
        from app.ui.reconcile_view import ReconcileDialog

        def open_week(week: BillingWeek, _contract_id: int) -> None:
            self.open_week(week)

        if ReconcileDialog.ask(self.parent_widget, self.ctx, open_week):
            # The dialog writes on its own: show everything again (fees are derived). The
            # dialogs writing through the context need only say what changed.
            self.refresh()
            self.ctx.notify("Fee rate changed: fees are worked out again.", Level.INFO)

    def _run(self, slot: Callable[[], None]) -> None:
        """Open a dialog; a refusal while reading its data goes to the message strip."""
        try:
            slot()
        except UserError as refusal:
            self.ctx.notify(str(refusal), Level.ERROR)


def free_shortcut(widget: QWidget, candidates: tuple[str, ...]) -> str | None:
    """The first candidate key no action or shortcut of `widget` uses yet (None if all are)."""
    taken = {
        sequence.toString(QKeySequence.SequenceFormat.PortableText)
        for action in widget.findChildren(QAction)
        for sequence in action.shortcuts()
    } | {
        shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        for shortcut in widget.findChildren(QShortcut)
    }
    return next((key for key in candidates if QKeySequence(key).toString() not in taken), None)
