"""Every keyboard shortcut of the window's menus is unique and works when pressed."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence


def shown_window(qtbot, make_window):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def menu_actions(window) -> list[QAction]:
    """Every action reachable from the menu bar (submenus included)."""
    found: list[QAction] = []

    def walk(actions):
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif not action.isSeparator():
                found.append(action)

    walk(window.menuBar().actions())
    return found


def test_no_two_menu_actions_share_a_key(qtbot, make_window, seeded):
    window = shown_window(qtbot, make_window)
    owners: dict[str, str] = {}
    for action in menu_actions(window):
        keys = [s.toString() for s in action.shortcuts()]
        assert len(keys) == len(set(keys)), f"{action.text()} lists a key twice: {keys}"
        for key in keys:
            assert key not in owners, f"{key} is on {owners[key]} and {action.text()}"
            owners[key] = action.text()
    assert {"Ctrl+Q", "F5", "Ctrl+K", "Ctrl+Space", "Ctrl+Z"} <= owners.keys()


# QTest cannot spell dedicated keys (the keyboard's own Redo key) as text: its warning only.
@pytest.mark.qt_log_ignore(r"keyToAscii Unhandled key code")
def test_pressing_each_menu_shortcut_triggers_its_action(qtbot, make_window, seeded):
    window = shown_window(qtbot, make_window)
    actions = [a for a in menu_actions(window) if a.shortcuts()]
    pressed: list[str] = []
    for action in actions:
        action.triggered.disconnect()  # count presses only: no dialog may open
        action.setEnabled(True)
        action.triggered.connect(lambda _checked=False, a=action: pressed.append(a.text()))
    target = window.week_view.table
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    expected: list[str] = []
    for action in actions:
        for sequence in action.shortcuts():
            combination = sequence[0]
            qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
            expected.append(action.text())
            assert pressed == expected, f"{sequence.toString()} did not trigger {action.text()}"
    assert "&Quit" in pressed and "&Refresh" in pressed
    assert QKeySequence("Ctrl+Q") in window.actions_by_name["quit"].shortcuts()
