"""A file dialog listing the database's folder must not split the window from the command line.

POSIX locks belong to a process and an inode: if anything in the window's process opens
and closes the database's files (Qt's dialog sniffs every listed file's type), SQLite's
locks are gone, the next command-line process deletes the WAL, and the two sides write
to different files until the database is corrupt. These tests use the real dialogs and a
real second process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit

from app.models.database import Database, StorageReconnected
from app.models.file_guard import locks_lost
from app.services.entries import list_entries, log_entry
from app.services.lookup import find_contract
from app.ui.documents.actions import DocumentActions
from tests.conftest import hour

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `tallyhour --db URL ARGS` as a separate process, as a user's terminal would."""
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "--db", db.url, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )


def cli_ok(db: Database, *args: str) -> str:
    """Run a command that must succeed; its standard output."""
    done = cli(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def deleted_database_files(db: Database) -> list[str]:
    """Files of the database this process still holds open although they were deleted."""
    assert db.path is not None
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(db.path)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def wait_until_listed(qtbot: Any, dialog: QFileDialog, folder: Path) -> None:
    """Wait until the dialog has listed `folder` with every file's type (its details)."""
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    root = model.index(str(folder))
    expected = len(os.listdir(folder))

    def listed() -> bool:
        rows = model.rowCount(root)
        if rows < expected:
            return False
        return all(model.index(row, 2, root).data() for row in range(rows))

    qtbot.waitUntil(listed, timeout=10_000)


def assert_sound(db: Database) -> None:
    """Close the window's connections, then SQLite's own check of the whole file must pass."""
    assert db.path is not None
    db.dispose()
    with closing(sqlite3.connect(db.path)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def cli_log(db: Database, day: int, memo: str) -> None:
    """The command line, in its own process, logs an hour on 2026-03-0`day`."""
    cli_ok(
        db,
        "log",
        "API work",
        "--from",
        f"2026-03-0{day}T09:00Z",
        "--to",
        f"2026-03-0{day}T10:00Z",
        "--memo",
        memo,
    )


def entry_memos(db: Database) -> list[str]:
    """The memos the command line sees, in a separate process."""
    return sorted(
        e["memo"]
        for e in json.loads(cli_ok(db, "entries", "--week", "2026-W10", "--json"))["entries"]
    )


@pytest.fixture
def cli_seeded(db: Database) -> int:
    """A client and an hourly contract made by the command line; the contract's id."""
    cli_ok(db, "client", "add", "Acme Ltd")
    cli_ok(db, "contract", "add", "API work", "--client", "Acme Ltd", "--hourly", "60")
    with db.read() as session:
        return find_contract(session, "API work").id


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to see the process's files"
)


def test_saving_a_pdf_through_the_dialog_keeps_the_window_and_the_command_line_together(
    qtbot: Any, db: Database, cli_seeded: int, make_window: Any
) -> None:
    """Ctrl+T, Save PDF…, the database's own folder typed in, Escape; then a CLI write."""
    assert db.path is not None
    folder = db.path.parent
    window = make_window()
    log_entry(db, cli_seeded, hour(2, 9), hour(2, 10), memo="window before", now=hour(5, 12))
    window.actions_by_name["timesheet"].trigger()
    sheet = window.findChild(DocumentActions).timesheet_dialog
    seen: list[QFileDialog] = []

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)]
        open_ = [dialog for dialog in dialogs if dialog.isVisible()]
        if not open_:
            QTimer.singleShot(50, answer)  # the dialog is not up yet
            return
        dialog = open_[0]
        seen.append(dialog)
        try:
            model = dialog.findChild(QFileSystemModel)
            # The listing fetches every file's details, hidden and filtered ones included.
            with qtbot.waitSignal(
                model.directoryLoaded, timeout=10_000, check_params_cb=lambda p: Path(p) == folder
            ):
                dialog.setDirectory(str(folder))
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            name.setText(str(folder))
            QTest.keyClick(name, Qt.Key.Key_Escape)
        finally:
            dialog.reject()  # never leave a modal dialog up, even when a check failed

    QTimer.singleShot(0, answer)
    qtbot.waitUntil(sheet.save_button.isEnabled, timeout=10_000)
    qtbot.mouseClick(sheet.save_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and not seen[0].isVisible()

    assert db._opened is not None and locks_lost(db._opened) is False
    cli_log(db, 3, "cli after")
    assert deleted_database_files(db) == []
    log_entry(db, cli_seeded, hour(4, 9), hour(4, 10), memo="window after", now=hour(5, 12))
    assert sorted(e.memo for e in list_entries(db, start=hour(2, 0), end=hour(9, 0))) == [
        "cli after",
        "window after",
        "window before",
    ]
    assert entry_memos(db) == ["cli after", "window after", "window before"]
    assert db.take_notices() == []
    window.shutdown()
    assert_sound(db)


def test_the_database_files_are_not_offered_and_are_refused(
    qtbot: Any, db: Database, cli_seeded: int
) -> None:
    """The dialog hides the database and its companions; naming it anyway is refused."""
    from app.core.errors import UserError
    from app.reports.files import check_output_path
    from app.ui.file_dialogs import build_file_dialog

    assert db.path is not None
    dialog = build_file_dialog(
        None, "Save", db.path.parent / "x.pdf", "All files (*)", db=db, saving=True
    )
    qtbot.addWidget(dialog)
    (db.path.parent / "notes.txt").write_text("mine")
    dialog.open()
    model = dialog.findChild(QFileSystemModel)
    proxy = dialog.proxyModel()

    def names() -> set[str]:
        root = proxy.mapFromSource(model.index(str(db.path.parent)))
        return {proxy.index(row, 0, root).data() for row in range(proxy.rowCount(root))}

    qtbot.waitUntil(lambda: "notes.txt" in names(), timeout=10_000)
    assert not names() & {db.path.name, f"{db.path.name}-wal", f"{db.path.name}-shm"}
    dialog.reject()
    link = db.path.parent / "alias.pdf"
    link.symlink_to(db.path)
    (db.path.parent / "sub").mkdir()
    for harmful in (link, db.path.parent / "sub" / ".." / f"{db.path.name}-wal"):
        with pytest.raises(UserError, match="database"):
            check_output_path(db, harmful)
    assert check_output_path(db, db.path.parent / "notes.txt") == db.path.parent / "notes.txt"


def test_a_dialog_that_sniffs_files_drops_the_locks_and_the_guard_reconnects(
    qtbot: Any, db: Database, cli_seeded: int
) -> None:
    """Qt's stock dialog really drops SQLite's locks; the database layer notices and heals.

    This is the failure the window's own dialogs avoid. If it ever stops happening (Qt
    no longer sniffs), the first assertion says so.
    """
    assert db.path is not None
    folder = db.path.parent
    log_entry(db, cli_seeded, hour(2, 9), hour(2, 10), memo="before", now=hour(5, 12))
    opened = db._opened
    assert opened is not None and locks_lost(opened) is False
    stock = QFileDialog(None, "Stock", str(folder))
    stock.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(stock)
    stock.open()
    wait_until_listed(qtbot, stock, folder)
    stock.reject()
    qtbot.waitUntil(lambda: locks_lost(opened) is True, timeout=5_000)

    # The command line, believing it is alone, deletes the WAL as it exits.
    cli_log(db, 3, "cli")
    with pytest.raises(StorageReconnected, match="saved nothing"):
        log_entry(db, cli_seeded, hour(4, 9), hour(4, 10), memo="lost?", now=hour(5, 12))
    assert db.take_notices()
    assert deleted_database_files(db) == []
    log_entry(db, cli_seeded, hour(4, 9), hour(4, 10), memo="after", now=hour(5, 12))
    assert entry_memos(db) == ["after", "before", "cli"]
    assert_sound(db)


def test_lost_locks_are_noticed_before_the_command_line_can_delete_anything(
    qtbot: Any, db: Database, cli_seeded: int
) -> None:
    """A check (the window's poll) after lost locks reconnects, so the WAL is never deleted."""
    assert db.path is not None
    log_entry(db, cli_seeded, hour(2, 9), hour(2, 10), memo="before", now=hour(5, 12))
    wal = Path(f"{db.path}-wal")
    # What a sniffing dialog does: open and close one of the files.
    with db.path.open("rb") as handle:
        handle.read(32)
    assert db._opened is not None and locks_lost(db._opened) is True
    db._lock_checked_at = 0.0
    assert db.check_files() == "something in this process dropped the database's locks"
    assert (
        len(list_entries(db, start=hour(2, 0), end=hour(9, 0))) == 1
    )  # a new connection, with its locks
    assert db._opened is not None and locks_lost(db._opened) is False
    inode = wal.stat().st_ino
    cli_log(db, 3, "cli")
    assert wal.stat().st_ino == inode, "the command line deleted the window's WAL"
    log_entry(db, cli_seeded, hour(4, 9), hour(4, 10), memo="after", now=hour(5, 12))
    assert entry_memos(db) == ["after", "before", "cli"]


def test_no_window_module_opens_a_stock_file_dialog() -> None:
    """Every file dialog of the window goes through app.ui.file_dialogs (no sniffing)."""
    import ast

    import app.ui

    ui = Path(app.ui.__file__).parent
    for path in ui.rglob("*.py"):
        if path.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in (
                "getSaveFileName",
                "getOpenFileName",
                "getOpenFileNames",
                "getExistingDirectory",
            ):
                raise AssertionError(f"{path}:{node.lineno} opens Qt's stock file dialog")
            if isinstance(node, ast.Name) and node.id == "QFileDialog":
                raise AssertionError(f"{path}:{node.lineno} builds a QFileDialog of its own")
