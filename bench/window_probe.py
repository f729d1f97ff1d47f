"""Run `tallyhour --db URL` as a user would, and quit once the window shows its data.

`python -m bench.window_probe URL ready` prints when the week table first painted with
entries in it and exits (for the cold start figure); `... memory` first opens every view, waits
for their data, and prints the process's resident memory in MB; `... toggle` clicks
Start and Stop a few times and prints the median time from each click until the button
has repainted with its new caption (the database is written: give it a copy). A third argument
pins the window's clock to an instant (the bench passes the end of its synthetic history,
`bench.data.NOW`), so "this week" holds entries whatever today's date is.

The probe imports only what `tallyhour` itself imports before opening the window; its
hooks (`bench.window_hooks`) go in as the window's module is first imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from datetime import datetime
from types import ModuleType

# Pinned before any module binds the clock (the window takes it as a default argument).
import app.core.clock as clock_module
from app.cli import main

WINDOW_MODULE = "app.ui.main_window"


class HookWhenImported(importlib.abc.MetaPathFinder):
    """Installs the probe's hooks right after the main window's module is first imported."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Find the window's module as usual, and wrap its loading."""
        if name != WINDOW_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        load, mode = spec.loader.exec_module, self.mode

        def exec_module(module: ModuleType) -> None:
            load(module)
            from bench import window_hooks

            window_hooks.install(mode, module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if __name__ == "__main__":
    if len(sys.argv) > 3:
        pinned = datetime.fromisoformat(sys.argv[3])
        clock_module.system_clock = lambda: pinned
    sys.meta_path.insert(0, HookWhenImported(sys.argv[2]))
    sys.exit(main(["--db", sys.argv[1]]))
