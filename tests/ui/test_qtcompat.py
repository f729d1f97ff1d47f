"""The window survives PySide6 builds that leak references to None and True."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from app.ui import qtcompat


def test_guarding_is_idempotent():
    first = qtcompat.guard_singletons()
    assert qtcompat.guard_singletons() == first


def test_a_long_session_of_emits_and_empty_values_does_not_abort():
    # 200,000 emits and empty reads: far past the point where an unguarded run aborts.
    script = textwrap.dedent(
        """
        import app.ui
        from PySide6.QtCore import QObject, QStringListModel, Signal

        class Source(QObject):
            ping = Signal()

        source = Source()
        source.ping.connect(lambda: None)
        model = QStringListModel(["x"])
        empty = model.index(0, 0)
        for _ in range(200_000):
            source.ping.emit()
            empty.data(1000)
        print("alive")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"
