"""Building the command line's parser loads no handler module, and every handler it names exists."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.cli.parser import build_parser
from app.cli.specs import load_handler

PROBE = (
    "import json, sys; from app.cli.parser import build_parser; build_parser();"
    " print(json.dumps(sorted(sys.modules)))"
)


def _modules_after_building() -> list[str]:
    """The modules a fresh interpreter has loaded once it built the parser."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    modules: list[str] = json.loads(done.stdout)
    return modules


def _handlers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, str]]:
    """(command path, handler string) of every leaf command under the parser."""
    handler = parser.get_default("handler")
    if handler is not None:
        yield path, handler
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _handlers(child, f"{path} {name}".strip())


def test_building_the_parser_loads_no_orm_services_importers_or_handlers() -> None:
    modules = _modules_after_building()
    assert "app.cli.parser" in modules
    heavy = [
        name
        for name in modules
        if name == "sqlalchemy.orm"
        or name.startswith(("sqlalchemy.orm.", "app.services", "app.importers", "app.models"))
        or (name.startswith("app.cli.") and name.endswith("_commands"))
        or name.startswith(("PySide6", "app.ui", "app.reports"))
    ]
    assert heavy == []


def test_every_handler_string_resolves_to_a_callable() -> None:
    handlers = dict(_handlers(build_parser()))
    assert len(handlers) > 40
    assert handlers["client add"] == "app.cli.setup_commands:client_add"
    for path, spec in handlers.items():
        assert isinstance(spec, str), path
        assert callable(load_handler(spec)), path


def test_a_handler_string_naming_nothing_is_refused() -> None:
    with pytest.raises(AttributeError):
        load_handler("app.cli.specs:no_such_handler")
