"""The `tallyhour` command line: the same services as the window (DESIGN §4).

Bad input exits with code 2 and one line on stderr; nothing is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from app.core.errors import UserError

EXIT_OK, EXIT_BAD_INPUT, EXIT_FAILED = 0, 2, 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or open the window when none is given); returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    window = _window_only(arguments)
    if window is not None:
        # No command: open the window without building (importing) every command.
        return _open_window(*window)
    from app.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return _open_window(args.db, demo=args.demo)
        from app.services.opening import open_database

        if getattr(args, "without_db", False):
            return int(handler(args) or EXIT_OK)
        db = open_database(args.db, reading=getattr(args, "reading", False))
        try:
            result = handler(db, args)
        finally:
            db.dispose()
        return EXIT_OK if result is None else int(result)
    except UserError as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        from sqlalchemy.exc import OperationalError

        if isinstance(error, OperationalError):
            _fail(f"the database could not be used: {str(error.orig)[:200]}")
        else:
            _fail(f"unexpected error: {type(error).__name__}: {str(error)[:200]}")
        if os.environ.get("TALLYHOUR_DEBUG"):
            raise
        return EXIT_FAILED


def _window_only(arguments: list[str]) -> tuple[str | None, bool] | None:
    """(database URL, demo) when the arguments only choose how to open the window."""
    db_url, demo, rest = None, False, list(arguments)
    while rest:
        word = rest.pop(0)
        if word == "--demo":
            demo = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            db_url = rest.pop(0)
        elif word.startswith("--db=") and len(word) > len("--db="):
            db_url = word.removeprefix("--db=")
        else:
            return None
    return db_url, demo


def _open_window(db_url: str | None, demo: bool = False) -> int:
    """Start the desktop window on the database (or on the demo database)."""
    from app.ui.app import run_window

    return run_window(db_url, demo=demo)


def _fail(message: str) -> None:
    """Print one clear line on stderr."""
    first_line = " ".join(message.split())
    sys.stderr.write(f"tallyhour: {first_line}\n")
