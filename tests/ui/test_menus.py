"""The menus work on any main window: they take the context, the parts and the commands."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow, QTabWidget

from app.ui.contracts_view import ContractsView
from app.ui.live import LiveSync
from app.ui.menus import MENUS, MenuParts, WindowCommands, WindowMenus, add_menus
from app.ui.timer_bar import TimerBar
from app.ui.week_view import WeekView


def test_the_menus_act_on_the_parts_and_call_the_window_back(qtbot, ctx, seeded):
    window = QMainWindow()
    qtbot.addWidget(window)
    undo = QUndoStack(window)
    week, contracts, bar = WeekView(ctx, undo), ContractsView(ctx), TimerBar(ctx)
    tabs = QTabWidget()
    tabs.addTab(week, "Week")
    tabs.addTab(contracts, "Contracts")
    window.setCentralWidget(tabs)
    live = LiveSync(ctx, lambda: week.week, window)
    called: list[str] = []
    commands = WindowCommands(
        quit=lambda: called.append("quit"),
        refresh=lambda: called.append("refresh"),
        show_earnings=lambda: called.append("earnings"),
    )
    messages: list[str] = []
    ctx.message.connect(lambda text, _level, _action: messages.append(text))
    parts = MenuParts(tabs, week, contracts, bar, live)
    menus = WindowMenus(ctx, window, add_menus(window), parts, undo, commands)

    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == [title for _name, title in MENUS]
    assert titles[-2:] == ["&Money", "&Help"]
    for name in ("quit", "refresh", "earnings"):
        menus.actions_by_name[name].trigger()
    menus.documents.changed.emit()  # an approved timesheet: everything reads again
    assert called == ["quit", "refresh", "earnings", "refresh"]
    menus.actions_by_name["contracts"].trigger()
    assert tabs.currentWidget() is contracts
    menus.actions_by_name["search"].trigger()  # the memo search is on the week tab
    assert tabs.currentWidget() is week
    menus.actions_by_name["continue"].trigger()  # nothing selected: it says so, on the context
    assert messages == ["Select the entry to continue in the table first."]
    assert menus.actions_by_name["money_calculator"] in window.actions()
    qtbot.waitUntil(ctx.idle, timeout=5_000)
