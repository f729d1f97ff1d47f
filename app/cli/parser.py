"""The argument parser of `tallyhour`: every documented command, and a few more.

Building it imports no command handler: each names its handler (see `app.cli.specs`).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from app import __version__
from app.cli.specs import register_all


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Report a usage error in one line."""
        sys.stderr.write(f"tallyhour: {message} (see `{self.prog} --help`)\n")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL or SQLite file (default: $TALLYHOUR_DB, else your data folder)",
    )
    parser = OneLineParser(
        prog="tallyhour",
        description="Time tracking and invoicing for marketplace freelancers. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--db", default=None, metavar="URL", help="database URL or SQLite file")
    parser.add_argument("--demo", action="store_true", help="open the window on sample data")
    parser.add_argument("--version", action="version", version=f"tallyhour {__version__}")
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=OneLineParser
    )
    register_all(commands, common)
    return parser
