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


def imported_modules(source: str, place: Path) -> set[str]:
    """Every module `source` (the text of the module at `place`) imports, as absolute names.

    Imports anywhere count, under TYPE_CHECKING too; relative ones are resolved.
    """
    package = ".".join(place.relative_to(UI.parent.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{module}" if module else base
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_only_the_programs_opening_the_window_import_it():
    # Its parts (menus, money, documents, reminders, closing) take the context and what
    # they act on: importing the window back would make them its methods in disguise.
    openers = {UI / "main_window.py", UI / "app.py", UI / "screenshots.py"}
    importers = {
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path not in openers
        and "app.ui.main_window" in imported_modules(path.read_text(encoding="utf-8"), path)
    }
    assert importers == set()


def test_the_import_rule_sees_every_way_of_importing_the_window():
    place = UI / "documents" / "probe.py"  # only its place in the package: never written
    for line in (
        "from app.ui.main_window import MainWindow",
        "from app.ui import main_window",
        "import app.ui.main_window",
        "from ..main_window import MainWindow",
        "from .. import main_window",
    ):
        source = f"if TYPE_CHECKING:\n    {line}\n"
        assert "app.ui.main_window" in imported_modules(source, place), line
    for line in ("from app.ui import menus", "from ..main_window_parts import x"):
        assert "app.ui.main_window" not in imported_modules(line, place), line


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
