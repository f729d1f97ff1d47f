"""The dashboard's cards: this week against the limits, money on its way, the year to date."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.core.weeks import BillingWeek
from app.services.dashboard import ContractLine, Dashboard, Earnings
from app.ui import formatting as fmt
from app.ui.dashboard.models import PayoutsModel
from app.ui.dashboard.tables import FittedTable
from app.ui.dashboard.text import (
    hours,
    hours_detail,
    limit_explained,
    limit_text,
    per_hour,
    week_title,
    withdrawals_text,
)
from app.ui.theme import colors, css, scaled_font
from app.ui.timer_hours import NEAR_LIMIT

#: The figures of an Earnings, in the order the cards list them.
FIGURES = (
    "Hours",
    "Gross",
    "Marketplace fee",
    "Tax set aside",
    "Costs",
    "Withdrawal fees",
    "Take-home",
    "Per hour",
)


class Card(QFrame):
    """A titled box on the dashboard, with a quieter subtitle under the title."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardCard")
        self.title = QLabel(title)
        self.title.setFont(scaled_font(self, 1.15, bold=True))
        self.subtitle = QLabel()
        #: Quieter labels: their colour follows the palette (light or dark).
        self.muted = [self.subtitle]
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)
        self._mute()

    def _mute(self) -> None:
        """Give the quieter labels the palette's muted colour (readable, unlike disabled text)."""
        for label in self.muted:
            mute(label, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._mute()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded panel in the palette's base colour (follows light and dark)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()


def mute(label: QLabel, palette: QPalette) -> None:
    """Draw a label's text in the muted colour of a palette."""
    own = QPalette(label.palette())
    own.setColor(QPalette.ColorRole.WindowText, colors(palette).muted)
    label.setPalette(own)


class Figures(QWidget):
    """Named amounts in a grid of `columns` name–value pairs; values right-aligned."""

    def __init__(self, names: tuple[str, ...], columns: int = 1) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.values: dict[str, QLabel] = {}
        for number, name in enumerate(names):
            row, pair = divmod(number, columns)
            caption = QLabel(name)
            if pair:
                caption.setContentsMargins(18, 0, 0, 0)
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 2 * pair)
            grid.addWidget(value, row, 2 * pair + 1)
            self.values[name] = value
        for pair in range(columns):
            grid.setColumnStretch(2 * pair + 1, 1)

    def set(self, name: str, text: str, tooltip: str = "") -> None:
        """Show one figure."""
        self.values[name].setText(text)
        self.values[name].setToolTip(tooltip)

    def text(self, name: str) -> str:
        """The figure shown under a name."""
        return self.values[name].text()

    def show_money(self, money: Earnings, currency: str) -> None:
        """Fill the standard figures from an Earnings."""
        self.set("Hours", hours(money.tracked_seconds), hours_detail(money))
        self.set("Gross", fmt.money(money.gross, currency))
        self.set("Marketplace fee", fmt.money(money.fee, currency))
        self.set("Tax set aside", fmt.money(money.tax, currency))
        self.set(
            "Costs",
            fmt.money(money.costs, currency),
            "Connects, membership, tax on the marketplace's fee and other costs (Money → Costs…)",
        )
        self.set("Withdrawal fees", fmt.money(money.withdrawal_fees, currency))
        self.set(
            "Take-home",
            fmt.money(money.take_home, currency),
            "After fee, tax, costs and withdrawal fees",
        )
        self.set(
            "Per hour",
            per_hour(money.effective_hourly, currency),
            "Effective hourly rate: take-home per hour tracked, after fee, tax and costs",
        )
        self.values["Take-home"].setStyleSheet(f"color: {css(colors(self.palette()).ok)};")
        font = self.values["Take-home"].font()
        font.setBold(True)
        self.values["Take-home"].setFont(font)


class ThisWeekPanel(Card):
    """This billing week: hours against each contract's limit and the money so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("This week", parent)
        self.figures = Figures(FIGURES, columns=2)
        self.body.addWidget(self.figures)
        self.limits = QVBoxLayout()
        self.limits.setSpacing(2)
        self.body.addLayout(self.limits)
        self.last_week = QLabel()
        self.last_week.setWordWrap(True)
        self.body.addWidget(self.last_week)
        self.body.addStretch(1)
        self.bars: dict[str, QProgressBar] = {}
        self.hours: dict[str, QLabel] = {}

    def show_board(self, board: Dashboard, now: datetime) -> None:
        """Show the current week of a dashboard."""
        current = BillingWeek.of(now)
        self.subtitle.setText(week_title(current))
        self.figures.show_money(board.this_week, board.currency)
        self._show_limits([line for line in board.contracts if _timed(line)])
        previous = next((p for p in board.weeks if p.week == current.previous()), None)
        if previous is None:
            self.last_week.setText("")
        elif not previous.money.gross:
            self.last_week.setText(f"Last week ({previous.week.label}): nothing billed.")
        else:
            self.last_week.setText(
                f"Last week ({previous.week.label}): take-home"
                f" <b>{fmt.money(previous.money.take_home, board.currency)}</b>,"
                f" available {fmt.short_day(previous.available_on)}"
            )

    def _show_limits(self, lines: list[ContractLine]) -> None:
        """One line per contract with hours or a limit this week; a bar where there is a limit."""
        while self.limits.count():
            item = self.limits.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.bars = {}
        self.hours = {}
        if not lines:
            self.limits.addWidget(QLabel("No hours tracked this week yet."))
        for line in lines:
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 4, 0, 0)
            name = QLabel(f"{line.title} · {line.client}")
            name.setToolTip(f"{line.title} ({fmt.platform_name(line.platform)})")
            amount = QLabel(limit_text(line.this_week_seconds, line.weekly_limit_seconds))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setToolTip(limit_explained(line.this_week_seconds, line.weekly_limit_seconds))
            layout.addWidget(name, 1)
            layout.addWidget(amount)
            self.limits.addWidget(row)
            self.hours[line.title] = amount
            if line.weekly_limit_seconds:
                bar = limit_bar(line, self.palette())
                self.limits.addWidget(bar)
                self.bars[line.title] = bar


def _timed(line: ContractLine) -> bool:
    """Whether a contract belongs in this week's hours: it has hours or a weekly limit."""
    return line.this_week_seconds > 0 or line.weekly_limit_seconds is not None


def limit_bar(line: ContractLine, palette: QPalette) -> QProgressBar:
    """A thin bar of this week's hours against the weekly limit; amber near it, red over it."""
    bar = QProgressBar()
    limit = line.weekly_limit_seconds or 0
    seconds = line.this_week_seconds
    bar.setRange(0, max(limit // 60, 1))
    bar.setValue(min(seconds, limit) // 60)
    bar.setTextVisible(False)
    bar.setFixedHeight(8)
    own = QPalette(palette)
    semantic = colors(palette)
    fill = semantic.accent
    if seconds >= limit:
        fill = semantic.danger
    elif seconds >= NEAR_LIMIT * limit:
        fill = semantic.warning
    own.setColor(QPalette.ColorRole.Highlight, fill)
    own.setColor(QPalette.ColorRole.Base, _blend(palette, 0.14))  # a track that shows when empty
    bar.setPalette(own)
    bar.setToolTip(limit_explained(seconds, limit))
    bar.setAccessibleName(f"{line.title}: {limit_explained(seconds, limit)}")
    return bar


def _blend(palette: QPalette, share: float) -> QColor:
    """The base colour with a share of the text colour mixed in."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return QColor.fromRgbF(
        base.redF() + (text.redF() - base.redF()) * share,
        base.greenF() + (text.greenF() - base.greenF()) * share,
        base.blueF() + (text.blueF() - base.blueF()) * share,
    )


class YearPanel(Card):
    """This calendar year so far (a week counts in the year of its Monday)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Year to date", parent)
        self.figures = Figures(FIGURES)
        self.body.addWidget(self.figures)
        self.body.addStretch(1)

    def show_board(self, board: Dashboard, now: datetime) -> None:
        """Show the year-to-date totals of a dashboard."""
        self.subtitle.setText(f"{now.year}, billing weeks so far")
        self.figures.show_money(board.year_to_date, board.currency)


class OnItsWayPanel(Card):
    """Pending payments with the day each lands, their total, and withdrawals in the weeks shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Money on its way", parent)
        self.subtitle.setText("Earned, not yet available to withdraw")
        self.model = PayoutsModel(self)
        self.table = FittedTable(self.model, max_rows=5, min_rows=1)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the week in view
        self.body.addWidget(self.table)
        self.empty = QLabel("Nothing pending: everything earned so far is available.")
        self.empty.setWordWrap(True)
        self.body.addWidget(self.empty)
        self.total = QLabel()
        self.body.addWidget(self.total)
        self.withdrawable = QLabel()
        self.withdrawable.setToolTip(
            "Everything available so far, less withdrawals and their fees (Money → Withdrawals…)"
        )
        self.body.addWidget(self.withdrawable)
        self.withdrawals = QLabel()
        self.muted.append(self.withdrawals)
        self._mute()
        self.body.addWidget(self.withdrawals)
        self.body.addStretch(1)

    def show_board(self, board: Dashboard) -> None:
        """Show the pending payments and withdrawals of a dashboard."""
        self.model.load(board.pending, board.currency)
        pending = bool(board.pending)
        self.table.setVisible(pending)
        self.empty.setVisible(not pending)
        total = sum((payout.net for payout in board.pending), Decimal(0))
        self.total.setText(f"Total on its way: <b>{fmt.money(total, board.currency)}</b>")
        self.total.setVisible(pending)
        self.withdrawable.setText(
            f"Withdrawable now: <b>{fmt.money(board.withdrawable, board.currency)}</b>"
        )
        self.withdrawals.setText(
            withdrawals_text(board.withdrawals_in_range, board.withdrawal_fees, board.currency)
        )
