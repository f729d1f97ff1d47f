"""The command line's arguments, one module per command area, naming handlers without importing them.

Each area's `register(commands, common)` adds its subcommands; a handler is a string
"package.module:function" that `load_handler` imports only for the command being run,
so `tallyhour --help` does not load SQLAlchemy, the services or the importers.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any


def load_handler(spec: str) -> Callable[..., Any]:
    """The function a "module:function" handler string names, importing its module."""
    module_name, _, function_name = spec.partition(":")
    handler = getattr(importlib.import_module(module_name), function_name)
    if not callable(handler):
        raise TypeError(f"{spec} is not a function")
    return handler  # type: ignore[no-any-return]


def register_all(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add every command, in the order `tallyhour --help` lists them."""
    from app.cli.specs import (
        config,
        cost,
        db,
        earnings,
        entry,
        imports,
        invoice,
        money,
        report,
        schedule,
        setup,
    )

    for area in (
        setup,
        entry,
        money,
        cost,
        earnings,
        report,
        invoice,
        config,
        schedule,
        db,
        imports,
    ):
        area.register(commands, common)
