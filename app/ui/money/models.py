"""Thin table models over the money records: text per role, raw numbers for sorting."""

from __future__ import annotations

from datetime import UTC, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject

from app.core.fees import PRESETS, FeeSchedule
from app.core.money_rules import TYPED, TierPart
from app.services.costs import CostLine
from app.services.payments import MilestoneInfo, WithdrawalInfo
from app.ui import formatting as fmt
from app.ui.money.text import (
    basis_name,
    cost_kind_name,
    cost_source_name,
    kind_name,
    method_name,
    minimum_text,
    tiers_text,
)
from app.ui.rows_model import RowsModel, cents
from app.ui.theme import colors


class MilestoneColumn(IntEnum):
    """The columns of the milestones table."""

    TITLE = 0
    KIND = 1
    AMOUNT = 2
    STATUS = 3
    RELEASED = 4


class MilestonesModel(RowsModel[MilestoneInfo]):
    """A contract's milestones, bonuses and refunds, in the contract's currency."""

    columns = MilestoneColumn
    headers: ClassVar[dict[int, str]] = {
        MilestoneColumn.TITLE: "Title",
        MilestoneColumn.KIND: "Kind",
        MilestoneColumn.AMOUNT: "Amount",
        MilestoneColumn.STATUS: "Status",
        MilestoneColumn.RELEASED: "Released",
    }
    right_aligned = frozenset({MilestoneColumn.AMOUNT})

    def __init__(self, zone: tzinfo | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone, self.currency = zone, "USD"

    def display(self, row: MilestoneInfo, column: int) -> str:
        """The text of one cell."""
        match MilestoneColumn(column):
            case MilestoneColumn.TITLE:
                return row.title
            case MilestoneColumn.KIND:
                return kind_name(row.kind)
            case MilestoneColumn.AMOUNT:
                return fmt.money(row.amount, self.currency)
            case MilestoneColumn.STATUS:
                return row.status.capitalize()
            case MilestoneColumn.RELEASED:
                released = row.released_at
                return "—" if released is None else fmt.local_stamp(released, self.zone)

    def raw(self, row: MilestoneInfo, column: int) -> Any:
        """Cents, epoch seconds or text."""
        if column == MilestoneColumn.AMOUNT:
            return cents(row.amount)
        if column == MilestoneColumn.RELEASED:
            return 0 if row.released_at is None else int(row.released_at.timestamp())
        return self.display(row, column)

    def record_id(self, row: MilestoneInfo) -> int:
        """The milestone's id."""
        return row.id


class WithdrawalColumn(IntEnum):
    """The columns of the withdrawals table."""

    DATE = 0
    METHOD = 1
    AMOUNT = 2
    FEE = 3
    FROM_BALANCE = 4


class WithdrawalsModel(RowsModel[WithdrawalInfo]):
    """Withdrawals, each in its own currency, with the fee and what left the balance."""

    columns = WithdrawalColumn
    headers: ClassVar[dict[int, str]] = {
        WithdrawalColumn.DATE: "Date",
        WithdrawalColumn.METHOD: "Method",
        WithdrawalColumn.AMOUNT: "Amount",
        WithdrawalColumn.FEE: "Fee",
        WithdrawalColumn.FROM_BALANCE: "From balance",
    }
    right_aligned = frozenset(
        {WithdrawalColumn.AMOUNT, WithdrawalColumn.FEE, WithdrawalColumn.FROM_BALANCE}
    )

    def __init__(self, zone: tzinfo | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone

    def display(self, row: WithdrawalInfo, column: int) -> str:
        """The text of one cell."""
        if column == WithdrawalColumn.DATE:
            return fmt.local_stamp(row.at, self.zone)
        if column == WithdrawalColumn.METHOD:
            return method_name(row.method)
        return fmt.money(self._amount(row, column), row.currency)

    def raw(self, row: WithdrawalInfo, column: int) -> Any:
        """Epoch seconds, text or cents."""
        if column == WithdrawalColumn.DATE:
            return int(row.at.timestamp())
        if column == WithdrawalColumn.METHOD:
            return method_name(row.method)
        return cents(self._amount(row, column))

    def record_id(self, row: WithdrawalInfo) -> int:
        """The withdrawal's id."""
        return row.id

    @staticmethod
    def _amount(row: WithdrawalInfo, column: int) -> Decimal:
        """The amount (what reached the bank), the fee, or both (what left the balance)."""
        if column == WithdrawalColumn.FEE:
            return row.fee
        if column == WithdrawalColumn.FROM_BALANCE:
            return row.amount + row.fee
        return row.amount


class CostColumn(IntEnum):
    """The columns of the costs table."""

    DATE = 0
    KIND = 1
    NOTE = 2
    SOURCE = 3
    AMOUNT = 4
    COUNTS = 5


class CostsModel(RowsModel[CostLine]):
    """Typed and statement costs, each in its own currency, and whether each one counts."""

    columns = CostColumn
    headers: ClassVar[dict[int, str]] = {
        CostColumn.DATE: "Date",
        CostColumn.KIND: "Kind",
        CostColumn.NOTE: "Note",
        CostColumn.SOURCE: "Source",
        CostColumn.AMOUNT: "Amount",
        CostColumn.COUNTS: "Counts",
    }
    right_aligned = frozenset({CostColumn.AMOUNT})

    def display(self, row: CostLine, column: int) -> str:
        """The text of one cell."""
        match CostColumn(column):
            case CostColumn.DATE:
                day = row.at.astimezone(UTC).date()  # a cost is dated by its UTC day
                return f"{fmt.short_day(day)} {day.year}"
            case CostColumn.KIND:
                name = cost_kind_name(row.kind)
                return name if row.count is None else f"{name} ({row.count})"
            case CostColumn.NOTE:
                return " ".join(row.note.split())
            case CostColumn.SOURCE:
                return cost_source_name(row.source)
            case CostColumn.AMOUNT:
                return fmt.money(row.amount, row.currency)
            case CostColumn.COUNTS:
                return "Yes" if row.counted else "No"

    def raw(self, row: CostLine, column: int) -> Any:
        """Epoch seconds, cents or text."""
        if column == CostColumn.DATE:
            return int(row.at.timestamp())
        if column == CostColumn.AMOUNT:
            return cents(row.amount)
        return self.display(row, column)

    def record_id(self, row: CostLine) -> int | None:
        """A typed cost's id; a statement line (None) is listed but cannot be deleted here."""
        return row.id if row.source == TYPED else None

    def tooltip(self, row: CostLine, column: int) -> str | None:
        """Why a cost does not count (it would be counted twice)."""
        if row.counted:
            return None
        return f"Not counted: {row.why_not_counted}."

    def foreground(self, row: CostLine, column: int) -> Any:
        """A cost that does not count is quieter."""
        return None if row.counted else colors().muted


class ScheduleColumn(IntEnum):
    """The columns of the fee schedules table."""

    NAME = 0
    SOURCE = 1
    BASIS = 2
    TIERS = 3
    MINIMUM = 4


class SchedulesModel(RowsModel[FeeSchedule]):
    """Built-in and the user's own fee schedules."""

    columns = ScheduleColumn
    headers: ClassVar[dict[int, str]] = {
        ScheduleColumn.NAME: "Name",
        ScheduleColumn.SOURCE: "Source",
        ScheduleColumn.BASIS: "Tiers follow",
        ScheduleColumn.TIERS: "Rates",
        ScheduleColumn.MINIMUM: "Minimum fee",
    }

    def display(self, row: FeeSchedule, column: int) -> str:
        """The text of one cell."""
        match ScheduleColumn(column):
            case ScheduleColumn.NAME:
                return row.name
            case ScheduleColumn.SOURCE:
                return "Built-in" if row.name in PRESETS else "Yours"
            case ScheduleColumn.BASIS:
                return basis_name(row.basis)
            case ScheduleColumn.TIERS:
                return tiers_text(row.tiers)
            case ScheduleColumn.MINIMUM:
                return minimum_text(row)

    def raw(self, row: FeeSchedule, column: int) -> Any:
        """Text, or cents for the minimum."""
        if column == ScheduleColumn.MINIMUM:
            return cents(row.minimum_fee)
        return self.display(row, column)

    def schedule_named(self, name: str) -> FeeSchedule | None:
        """The shown schedule with this name."""
        return next((row for row in self._rows if row.name == name), None)


class TierColumn(IntEnum):
    """The columns of the take-home calculator's breakdown."""

    AMOUNT = 0
    RATE = 1
    FEE = 2


class TierPartsModel(RowsModel[TierPart]):
    """The slices of one payment, each charged at its tier's rate."""

    columns = TierColumn
    headers: ClassVar[dict[int, str]] = {
        TierColumn.AMOUNT: "Slice of the payment",
        TierColumn.RATE: "Rate",
        TierColumn.FEE: "Fee",
    }
    right_aligned = frozenset(TierColumn)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = "USD"

    def display(self, row: TierPart, column: int) -> str:
        """The text of one cell (the minimum's part is named: it has no slice of its own)."""
        if row.minimum and column != TierColumn.FEE:
            return "Minimum fee" if column == TierColumn.AMOUNT else "—"
        if column == TierColumn.RATE:
            return fmt.percent(row.rate)
        return fmt.money(row.amount if column == TierColumn.AMOUNT else row.fee, self.currency)

    def raw(self, row: TierPart, column: int) -> Any:
        """Cents, or the rate in millionths."""
        if column == TierColumn.RATE:
            return int((row.rate * 1_000_000).to_integral_value(rounding=ROUND_HALF_UP))
        return cents(row.amount if column == TierColumn.AMOUNT else row.fee)
