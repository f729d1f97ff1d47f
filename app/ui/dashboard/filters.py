"""The dashboard's filter bar: client, contract, platform, weeks shown, last week, currency."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.core.weeks import BillingWeek
from app.services.dashboard import Filters
from app.services.records import ClientInfo, ContractInfo
from app.ui import formatting as fmt
from app.ui.dashboard.text import week_title

#: How many weeks the chart can show, and the default.
WEEK_CHOICES = (4, 8, 12, 26, 52)
DEFAULT_WEEKS = 12
#: How far back the "up to" week can be picked.
PICKABLE_WEEKS = 156


class FilterBar(QWidget):
    """Combo boxes that narrow the dashboard; `changed` fires when the user picks something."""

    changed = Signal()

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self._contracts: list[ContractInfo] = []
        self._currency: str | None = None
        self._current: BillingWeek | None = None
        self.client = self._combo("All clients", 11, "Show one client only")
        self.contract = self._combo("All contracts", 13, "Show one contract only")
        self.platform = self._combo("All platforms", 10, "Show one marketplace only")
        self.weeks = self._combo("", 8, "How many billing weeks the chart and tables cover")
        self.ending = self._combo("", 13, "The last billing week shown")
        self.currency = self._combo(
            "", 4, "Amounts in different currencies are never added together: pick one to see it"
        )
        with self.quiet():
            self.weeks.clear()
            for count in WEEK_CHOICES:
                self.weeks.addItem(f"last {count} weeks", count)
            self.choose(self.weeks, DEFAULT_WEEKS)
            self.set_now(now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for caption, combo in (
            ("", self.client),
            ("", self.contract),
            ("", self.platform),
            ("", self.weeks),
            ("up &to", self.ending),
            ("C&urrency", self.currency),
        ):
            if caption:
                label = QLabel(caption)
                label.setBuddy(combo)
                layout.addSpacing(4)
                layout.addWidget(label)
            layout.addWidget(combo, combo.minimumContentsLength())
        self.client.currentIndexChanged.connect(self._client_picked)
        self.currency.currentIndexChanged.connect(self._currency_picked)
        for combo in (self.contract, self.platform, self.weeks, self.ending):
            combo.currentIndexChanged.connect(self._picked)

    def _combo(self, everything: str, width: int, tip: str) -> QComboBox:
        """A combo box wide enough for `width` characters, starting with "everything"."""
        combo = QComboBox()
        combo.setToolTip(tip)
        combo.setAccessibleName(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(width)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        if everything:
            combo.addItem(everything, None)
        return combo

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Change the combo boxes without reporting it as the user's choice."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    @staticmethod
    def choose(combo: QComboBox, value: Any) -> bool:
        """Select the item whose data is `value`; False if there is none."""
        for index in range(combo.count()):
            if combo.itemData(index) == value:
                combo.setCurrentIndex(index)
                return True
        return False

    def filters(self) -> Filters:
        """What the dashboard should show."""
        bucket = self.ending.currentData()
        return Filters(
            weeks=int(self.weeks.currentData() or DEFAULT_WEEKS),
            client_id=self.client.currentData(),
            contract_id=self.contract.currentData(),
            platform=self.platform.currentData(),
            currency=self._currency,
            last_week=None if bucket is None else BillingWeek.from_bucket(int(bucket)),
        )

    # -- choices from the data -------------------------------------------------------------

    def set_now(self, now: datetime) -> None:
        """Offer the weeks up to the current one (kept as picked when the week is the same)."""
        current = BillingWeek.of(now)
        if current == self._current:
            return
        self._current = current
        with self.quiet():
            picked = self.ending.currentData()
            self.ending.clear()
            self.ending.addItem(f"this week ({current.label})", None)
            week = current.previous()
            self.ending.addItem(f"last week ({week.label})", week.bucket)
            for _ in range(PICKABLE_WEEKS - 2):
                week = week.previous()
                self.ending.addItem(week_title(week), week.bucket)
            self.choose(self.ending, picked)

    def set_choices(self, clients: list[ClientInfo], contracts: list[ContractInfo]) -> None:
        """Offer the clients, contracts and platforms there are, keeping what was picked."""
        self._contracts = list(contracts)
        with self.quiet():
            _refill(self.client, [(client.name, client.id) for client in clients])
            platforms = sorted({c.platform for c in contracts}, key=fmt.platform_name)
            _refill(self.platform, [(fmt.platform_name(p), p) for p in platforms])
            self._offer_contracts()

    def _offer_contracts(self) -> None:
        """Offer the contracts of the picked client (all of them without one)."""
        client_id = self.client.currentData()
        shown = [c for c in self._contracts if client_id is None or c.client_id == client_id]
        _refill(
            self.contract,
            [(c.title if client_id else f"{c.title} — {c.client_name}", c.id) for c in shown],
        )

    def set_currencies(self, currencies: tuple[str, ...], shown: str) -> None:
        """Offer the currencies with earnings and show which one the amounts are in."""
        with self.quiet():
            self.currency.clear()
            for code in currencies:
                self.currency.addItem(code, code)
            self.choose(self.currency, shown)
            self.currency.setEnabled(len(currencies) > 1)

    # -- the user's picks ------------------------------------------------------------------

    def _client_picked(self) -> None:
        """A client narrows the contracts offered."""
        if self._quiet:
            return
        with self.quiet():
            self._offer_contracts()
        self._picked()

    def _follow_currency(self) -> None:
        """Switch to the currency of what is picked when it is all in one other currency."""
        client_id, contract_id = self.client.currentData(), self.contract.currentData()
        platform = self.platform.currentData()
        wanted = {
            c.currency
            for c in self._contracts
            if (client_id is None or c.client_id == client_id)
            and (contract_id is None or c.id == contract_id)
            and (platform is None or c.platform == platform)
        }
        if len(wanted) == 1 and self.currency.currentData() not in wanted:
            code = wanted.pop()
            with self.quiet():
                if self.choose(self.currency, code):
                    self._currency = code

    def _currency_picked(self) -> None:
        """Remember the currency the user picked."""
        if not self._quiet:
            self._currency = self.currency.currentData()
            self.changed.emit()

    def _picked(self) -> None:
        """Any other pick (the currency follows a pick that has only one)."""
        if not self._quiet:
            self._follow_currency()
            self.changed.emit()


def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a combo's items after its first ("All …"), keeping the pick if still offered."""
    picked = combo.currentData()
    while combo.count() > 1:
        combo.removeItem(combo.count() - 1)
    for text, value in items:
        combo.addItem(text, value)
    if not FilterBar.choose(combo, picked):
        combo.setCurrentIndex(0)
