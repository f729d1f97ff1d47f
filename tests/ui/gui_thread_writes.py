"""Catching the window writing to the database on the GUI thread.

Every write the window makes must run as an operation on the writer thread, so a slow or
locked database never freezes it. `GuiThreadWrites` watches `Database.write` during a
window test and notes each write that starts on the GUI thread from the window's code.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path

import app.ui

UI = Path(app.ui.__file__).resolve().parent
#: Writes made before any window exists: the demo database is generated, then opened.
BEFORE_THE_WINDOW = (UI / "app.py",)


class GuiThreadWrites:
    """Notes the window's writes that start on the GUI thread (install as the write guard)."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def __call__(self) -> None:
        """Called as a write begins: note it if it is on the GUI thread from window code."""
        if threading.current_thread() is not threading.main_thread():
            return
        frames = traceback.extract_stack()[:-1]
        window_frames = [f for f in frames if Path(f.filename).resolve().is_relative_to(UI)]
        if not window_frames or Path(window_frames[-1].filename).resolve() in BEFORE_THE_WINDOW:
            return
        last = window_frames[-1]
        where = Path(last.filename).resolve().relative_to(UI.parent.parent)
        self.found.append(f"{where}:{last.lineno} in {last.name}")
