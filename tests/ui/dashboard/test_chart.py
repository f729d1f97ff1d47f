"""The chart widget: loaded only when shown, hover explains a week, light and dark both read."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from app.core.errors import UserError
from app.ui.banner import Level
from app.ui.dashboard import view as view_module
from app.ui.screenshots import _dark_palette
from tests.ui.dashboard.helpers import NO_OPENGL, refreshed

pytestmark = pytest.mark.qt_log_ignore(NO_OPENGL)
ROOT = Path(__file__).resolve().parents[3]
CHART_MODULES = ("PySide6.QtGraphs", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQml")

LAZY = """
import json, sys
from PySide6.QtWidgets import QApplication
from app.services.opening import open_database
import app.ui.dashboard
from app.ui.dashboard import DashboardView
loaded = lambda: [name for name in %r if name in sys.modules]
seen = {"import": loaded()}
app = QApplication([])
db = open_database(%r)
view = DashboardView(db)
seen["created"] = loaded()
view.show()
seen["shown"] = loaded()
seen["chart"] = view.chart is not None
view.shutdown()
db.dispose()
print(json.dumps(seen))
"""


def test_the_chart_library_loads_only_when_the_dashboard_is_shown(db_url):
    script = LAZY % (CHART_MODULES, db_url)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["import"] == seen["created"] == []
    assert "PySide6.QtGraphs" in seen["shown"] and "PySide6.QtQuickWidgets" in seen["shown"]
    assert seen["chart"] is True


def test_a_hidden_dashboard_loads_numbers_but_no_chart(qtbot, make_view):
    view = make_view(show=False)
    refreshed(qtbot, view, view.refresh)
    assert view.chart is None and view.board is not None
    view.show()
    assert view.chart is not None
    assert view.chart.series_values()["take_home"][-3:] == [198.75, 795.0, 66.51]


def test_hovering_a_week_shows_its_figures(qtbot, make_view):
    view = make_view()
    chart = view.chart
    qtbot.waitUntil(
        lambda: chart.root.findChild(QQuickItem, "view").property("plotArea").width() > 0
    )
    area = chart.root.findChild(QQuickItem, "view").property("plotArea")
    x = int(area.x() + area.width() * 10.5 / 12)
    with qtbot.waitSignal(chart.week_hovered, timeout=5_000) as hovered:
        QTest.mouseMove(chart.quick, QPoint(x, int(area.center().y())))
    assert hovered.args == [10]
    assert QToolTip.text() == chart.tooltip(10)
    assert chart.tooltip(10).splitlines()[:2] == ["Week 2026-W11 · 9–15 Mar", "Take-home: $795.00"]
    with qtbot.waitSignal(chart.week_hovered, timeout=5_000) as left:
        QTest.mouseMove(chart.quick, QPoint(2, 2))
    assert left.args == [-1]


def hover_week(qtbot, chart, week: int) -> None:
    """Move the pointer onto a week's bar and wait for the chart to say so."""
    qtbot.waitUntil(
        lambda: chart.root.findChild(QQuickItem, "view").property("plotArea").width() > 0
    )
    area = chart.root.findChild(QQuickItem, "view").property("plotArea")
    x = int(area.x() + area.width() * (week + 0.5) / 12)
    with qtbot.waitSignal(chart.week_hovered, timeout=5_000) as hovered:
        QTest.mouseMove(chart.quick, QPoint(x, int(area.center().y())))
    assert hovered.args == [week] and chart.root.property("hoveredIndex") == week


def test_the_hover_band_goes_when_the_page_scrolls_or_the_pointer_leaves(qtbot, make_view):
    view = make_view()
    view.resize(1100, 600)  # the page scrolls
    qtbot.waitUntil(lambda: view.page_scroll.verticalScrollBar().maximum() > 0)
    chart = view.chart
    hover_week(qtbot, chart, 10)
    with qtbot.waitSignal(chart.week_hovered, timeout=5_000) as gone:
        view.page_scroll.verticalScrollBar().setValue(120)  # the wheel, the pointer not moving
    assert gone.args == [-1] and chart.root.property("hoveredIndex") == -1
    qtbot.waitUntil(lambda: not QToolTip.isVisible())  # Qt hides a tip after a short fade
    hover_week(qtbot, chart, 4)  # the next move shows the week now under the pointer
    with qtbot.waitSignal(chart.week_hovered, timeout=5_000) as left:
        QApplication.sendEvent(chart.quick, QEvent(QEvent.Type.Leave))
    assert left.args == [-1] and chart.root.property("hoveredIndex") == -1


def take_home_style(view):
    return view.this_week.figures.values["Take-home"].styleSheet()


def contrast(one: QColor, two: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_light_and_dark_palettes_both_read(qtbot, qapp, make_view):
    view = make_view()
    chart = view.chart
    checks = {}
    original = qapp.palette()
    try:
        for name in ("light", "dark"):
            if name == "dark":
                qapp.setPalette(_dark_palette())
                qtbot.waitUntil(lambda: chart.root.property("dark") is True)
                qtbot.waitUntil(lambda: "#7bd88f" in take_home_style(view))  # the dark "ok"
            background = chart.palette().color(QPalette.ColorRole.Base)
            text, muted = chart.root.property("textColor"), chart.root.property("mutedColor")
            bars = [QColor(c) for c in chart.root.property("barColors")]
            checks[name] = (background.lightness() < 128, bars[0].name())
            assert contrast(text, background) >= 7
            assert contrast(muted, background) >= 3
            assert all(contrast(bar, background) >= 1.8 for bar in bars)
            image = chart.quick.grabFramebuffer()
            corner = QColor(image.pixel(3, 3))
            assert abs(corner.lightness() - background.lightness()) < 8
    finally:
        qapp.setPalette(original)
    assert checks["light"] == (False, "#2da44e")
    assert checks["dark"] == (True, "#3fb950")


def test_refresh_runs_off_the_gui_thread_and_never_blocks_the_timer(qtbot, make_view, monkeypatch):
    view = make_view()
    threads = []
    real = view_module.dashboard

    during = []

    def slow_dashboard(*args, **kwargs):
        threads.append(threading.current_thread())
        before = len(ticks)
        time.sleep(0.4)
        during.append(len(ticks) - before)  # the GUI thread's ticks while the numbers are read
        return real(*args, **kwargs)

    monkeypatch.setattr(view_module, "dashboard", slow_dashboard)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()
        assert view.busy() and view.status.text() == "Updating…"
    timer.stop()
    assert threads and threads[0] is not threading.main_thread()
    assert during and during[0] >= 8  # 20 ms ticks go on through the 0.4 s read
    assert not view.busy() and view.status.text() == ""


def test_a_failed_refresh_tells_the_window(qtbot, make_view, monkeypatch):
    view = make_view()

    def broken(*args, **kwargs):
        raise UserError("the database is locked")

    monkeypatch.setattr(view_module, "dashboard", broken)
    with qtbot.waitSignal(view.message, timeout=10_000) as told:
        view.refresh()
    assert told.args == ["the database is locked", Level.ERROR]
    assert view.status.text() == "Could not update"
    assert view.chart.series_values()["take_home"][-1] == 66.51  # the last numbers stay


@pytest.mark.qt_log_ignore(r".*missing\.qml", r"QQuickWidget: .*")
def test_a_broken_install_still_shows_the_numbers(qtbot, make_view, monkeypatch, tmp_path):
    monkeypatch.setattr("app.ui.dashboard.chart.QML_FILE", tmp_path / "missing.qml")
    view = make_view()
    assert view.chart is None
    assert "could not be loaded" in view.chart_slot.text()
    assert view.this_week.figures.text("Take-home") == "$66.51"
