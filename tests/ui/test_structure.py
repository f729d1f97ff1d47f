"""The window talks to services only, and the demo opens on generated data."""

from __future__ import annotations

import ast
from pathlib import Path

import app.ui
from app.services.contracts import list_contracts
from app.services.opening import open_database
from app.ui.app import demo_database_path

UI = Path(app.ui.__file__).parent


def test_the_ui_never_touches_sessions_or_sql():
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("sqlalchemy"), path
                # The database handle and the wording of its failures; no tables, no SQL.
                assert not node.module.startswith("app.models.") or node.module in (
                    "app.models.database",
                    "app.models.storage_errors",
                ), path
            if path.name == "operations.py":
                continue  # the executor opens the one transaction an operation's services join
            if isinstance(node, ast.Attribute) and node.attr in ("read", "write", "engine"):
                assert not (isinstance(node.value, ast.Attribute) and node.value.attr == "db"), (
                    f"{path}:{node.lineno} opens a transaction; call a service instead"
                )


def test_window_modules_stay_small():
    paths = [*UI.glob("*.py"), *(UI / "dialogs").glob("*.py")]
    sizes = {path.name: len(path.read_text().splitlines()) for path in paths}
    assert max(sizes.values()) <= 300, sizes


def test_the_demo_database_is_lived_in():
    path = demo_database_path()
    db = open_database(f"sqlite:///{path}")
    try:
        assert len(list_contracts(db)) >= 3
    finally:
        db.dispose()
        for leftover in path.parent.iterdir():
            leftover.unlink()
        path.parent.rmdir()
