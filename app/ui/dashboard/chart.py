"""The earnings chart: Qt Graphs 2D in a QQuickWidget, with its legend in plain widgets.

Importing this module loads Qt Quick and Qt Graphs (about 40 MB), so the dashboard
imports it only when it is first shown; see docs/dashboard-chart.md for the choice.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGraphs import QBarCategoryAxis, QBarSet, QLineSeries, QValueAxis
from PySide6.QtGui import QColor, QPalette
from PySide6.QtQuick import QQuickItem, QQuickWindow, QSGRendererInterface
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from app.core.text import quoted
from app.ui import formatting as fmt
from app.ui.dashboard.chart_data import HOURS_NAME, SEGMENTS, ChartData
from app.ui.theme import is_dark

QML_FILE = Path(__file__).resolve().parents[3] / "resources" / "qml" / "EarningsChart.qml"

#: Segment colours (take-home, fee, tax, costs) and the hours line, for light and dark windows.
LIGHT = (("#2da44e", "#d4862b", "#8c959f", "#8250df"), "#0969da")
DARK = (("#3fb950", "#e3a33b", "#768390", "#a371f7"), "#58a6ff")


class ChartError(RuntimeError):
    """The chart's QML could not be loaded (a broken install)."""


@cache
def use_software_scene_graph() -> None:
    """Draw Qt Quick with the software renderer, once per process, unless the user chose one."""
    # A GPU-backed QQuickWidget switches its whole top-level window to GPU composition,
    # which recreates the main window (a visible flicker) when the dashboard first opens;
    # a few dozen bars need no GPU, and machines without OpenGL draw them too. Qt takes
    # the choice only before its first Qt Quick window, hence once per process.
    if not (os.environ.get("QT_QUICK_BACKEND") or os.environ.get("QSG_RHI_BACKEND")):
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)


class EarningsChart(QWidget):
    """Stacked take-home, fee, tax and costs per week, with hours as a line; hover explains."""

    #: The pointer moved onto a week's bar (its index), or off the bars (-1).
    week_hovered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_software_scene_graph()
        self.quick = QQuickWidget(self)
        self.quick.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.quick.setSource(QUrl.fromLocalFile(str(QML_FILE)))
        if self.quick.status() != QQuickWidget.Status.Ready:
            errors = "; ".join(error.toString() for error in self.quick.errors())
            raise ChartError(f"The earnings chart could not be loaded: {errors}")
        self.quick.setMinimumHeight(240)
        self.root = self.quick.rootObject()
        self.bar_sets = {name: self._child(QBarSet, name) for name, _ in SEGMENTS}
        self.hours_line = self._child(QLineSeries, "hours")
        self.weeks_axis = self._child(QBarCategoryAxis, "weeksAxis")
        self.money_axis = self._child(QValueAxis, "moneyAxis")
        self.hours_axis = self._child(QValueAxis, "hoursAxis")
        self.root.weekHovered.connect(self._hovered)  # type: ignore[attr-defined]
        self.quick.installEventFilter(self)
        self._data: ChartData | None = None
        self._swatches: list[tuple[QLabel, int]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._legend())
        layout.addWidget(self.quick, 1)
        self.apply_palette()

    def _child(self, kind: type[QObject], name: str) -> QObject:
        """A named object of the QML scene (the QML file and this module must agree)."""
        found = self.root.findChild(kind, name)
        if found is None:
            raise ChartError(f"The earnings chart has no {quoted(name)}")
        return found

    def _legend(self) -> QHBoxLayout:
        """Coloured keys for the segments and the hours line."""
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(1)
        names = [title for _, title in SEGMENTS] + [HOURS_NAME]
        for number, title in enumerate(names):
            swatch = QLabel()
            line = number == len(SEGMENTS)
            swatch.setFixedSize(16 if line else 11, 3 if line else 11)
            self._swatches.append((swatch, number))
            row.addWidget(swatch, 0, Qt.AlignmentFlag.AlignVCenter)
            label = QLabel(f"{title} (right axis)" if line else title)
            row.addWidget(label)
            row.addSpacing(10)
        return row

    # -- data ------------------------------------------------------------------------------

    def show_data(self, data: ChartData) -> None:
        """Draw a new set of weeks."""
        self._data = data
        self.root.setProperty("hoveredIndex", -1)
        self.root.setProperty("weekCount", len(data.categories))
        self.root.setProperty("moneyTitle", data.currency)
        self.root.setProperty("localeName", str(fmt.locale()))
        self._axis(
            self.money_axis, data.money_axis.bottom, data.money_axis.top, data.money_axis.step
        )
        self._axis(
            self.hours_axis, data.hours_axis.bottom, data.hours_axis.top, data.hours_axis.step
        )
        weeks = self.weeks_axis
        assert isinstance(weeks, QBarCategoryAxis)
        weeks.setCategories(data.categories)
        self.root.setProperty("categoryList", data.categories)
        # Size the label slots by the plain "9 Mar" labels; the odd one with a year may spill.
        metrics = self.fontMetrics()
        plain = [label for label in data.categories if len(label.split()) == 2] or data.categories
        widest = max((metrics.horizontalAdvance(label) for label in plain), default=0)
        self.root.setProperty("labelWidth", widest + 14)
        for name, bar_set in self.bar_sets.items():
            assert isinstance(bar_set, QBarSet)
            bar_set.setValues(data.segment(name))
        line = self.hours_line
        assert isinstance(line, QLineSeries)
        # Bars sit in the middle of their category: week i spans i..i+1 on the x axis.
        line.replace([QPointF(index + 0.5, value) for index, value in enumerate(data.hours)])

    @staticmethod
    def _axis(axis: QObject, bottom: float, top: float, step: float) -> None:
        """Set a value axis's range and tick interval."""
        assert isinstance(axis, QValueAxis)
        axis.setRange(bottom, top)
        axis.setTickAnchor(0.0)
        axis.setTickInterval(step)

    def data(self) -> ChartData | None:
        """What the chart was last given."""
        return self._data

    def series_values(self) -> dict[str, list[float]]:
        """The values the chart's series hold, read back from Qt Graphs (for checks)."""
        values = {}
        for name, bar_set in self.bar_sets.items():
            assert isinstance(bar_set, QBarSet)
            values[name] = [float(value) for value in bar_set.values()]
        line = self.hours_line
        assert isinstance(line, QLineSeries)
        values["hours"] = [point.y() for point in line.points()]
        return values

    def categories(self) -> list[str]:
        """The week labels under the bars."""
        weeks = self.weeks_axis
        assert isinstance(weeks, QBarCategoryAxis)
        return list(weeks.categories())

    def tooltip(self, index: int) -> str:
        """The hover text of a week's bar ("" off the bars)."""
        if self._data is None or not 0 <= index < len(self._data.tooltips):
            return ""
        return self._data.tooltips[index]

    def _hovered(self, index: int, x: float, y: float) -> None:
        """Show (or hide) the tooltip of the week under the pointer."""
        text = self.tooltip(index)
        if text:
            QToolTip.showText(self.quick.mapToGlobal(QPoint(int(x) + 12, int(y) + 12)), text, self)
        else:
            QToolTip.hideText()
        self.week_hovered.emit(index if text else -1)

    def clear_hover(self, *_moved: object) -> None:
        """Take the hover band and tooltip away: the pointer left, or the page scrolled under it.

        The next pointer move over the bars shows the week then under it.
        """
        if int(self.root.property("hoveredIndex")) < 0:
            return
        self.root.setProperty("hoveredIndex", -1)
        QToolTip.hideText()
        self.week_hovered.emit(-1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving or hiding the chart ends the hover (Qt Quick misses a leave after a scroll)."""
        if watched is self.quick and event.type() in (QEvent.Type.Leave, QEvent.Type.Hide):
            self.clear_hover()
        return super().eventFilter(watched, event)

    # -- palette ---------------------------------------------------------------------------

    def apply_palette(self) -> None:
        """Follow the widget's palette: light or dark colours, the window's text and grid."""
        palette = self.palette()
        dark = is_dark(palette)
        bars, hours = DARK if dark else LIGHT
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        grid = QColor(text)
        grid.setAlphaF(0.14)
        background = palette.color(QPalette.ColorRole.Base)
        self.quick.setClearColor(background)
        item: QQuickItem = self.root
        for name, value in (
            ("dark", dark),
            ("textColor", text),
            ("mutedColor", muted),
            ("gridColor", grid),
            ("hoursColor", QColor(hours)),
            ("highlightColor", palette.color(QPalette.ColorRole.Highlight)),
            ("barColors", [QColor(color) for color in bars]),
            ("fontFamily", self.font().family()),
            ("fontSize", max(self.font().pointSizeF(), 8.0)),
        ):
            item.setProperty(name, value)
        for swatch, number in self._swatches:
            color = hours if number == len(bars) else bars[number]
            swatch.setStyleSheet(f"background: {color}; border-radius: 2px;")

    def changeEvent(self, event: QEvent) -> None:
        """Repaint in the new colours when the palette changes (light ↔ dark)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.apply_palette()
