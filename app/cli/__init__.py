"""The `tallyhour` command line: the same services as the window (the documented command-line contract).

Bad input exits with code 2 and one line on stderr; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import UserError

if TYPE_CHECKING:
    from app.models.database import Database

EXIT_OK, EXIT_BAD_INPUT, EXIT_FAILED = 0, 2, 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or open the window when none is given); returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    answered = _quick_answer(arguments)
    if answered is not None:
        # `status` or `week` on a current SQLite file, answered without loading SQLAlchemy.
        return answered
    from app.logs import setup_logging

    setup_logging()
    window = _window_only(arguments)
    if window is not None:
        # No command: open the window without building (importing) every command.
        return _open_window(*window)
    from app.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(arguments)
    handler_name: str | None = getattr(args, "handler", None)
    try:
        if handler_name is None:
            return _open_window(args.db, demo=args.demo)
        from app.cli.specs import load_handler

        handler = load_handler(handler_name)
        from app.services.opening import open_database

        if getattr(args, "without_db", False):
            return int(handler(args) or EXIT_OK)
        db = open_database(args.db, reading=getattr(args, "reading", False))
        try:
            _refuse_harmful_out(db, args)
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
        code = _report_failure(error, getattr(args, "db", None))
        if os.environ.get("TALLYHOUR_DEBUG"):
            raise
        return code


def _quick_answer(arguments: list[str]) -> int | None:
    """The exit code of a command answered by a quick path, or None when the full path must run."""
    if "status" in arguments:
        from app.cli.fast_status import quick_status

        return quick_status(arguments)
    if "week" in arguments:
        from app.cli.fast_week import quick_week

        return quick_week(arguments)
    return None


def _report_failure(error: Exception, db_url: str | None) -> int:
    """Say what went wrong in one line: a storage failure plainly, a bug with the log file."""
    import logging

    from app.logs import log_path
    from app.models.database import resolve_url
    from app.models.storage_errors import describe_storage_error
    from app.models.urls import hide_passwords

    log = logging.getLogger(__name__)
    known = describe_storage_error(error, resolve_url(db_url))
    if known is not None:
        log.warning("%s", known, exc_info=error)
        _fail(known)
        return EXIT_FAILED
    log.error("unexpected error", exc_info=error)
    _fail(
        f"unexpected error: {type(error).__name__}: {hide_passwords(str(error))[:200]};"
        f" this is a bug, please report it with the log file {log_path()}"
    )
    return EXIT_FAILED


def _refuse_harmful_out(db: Database, args: argparse.Namespace) -> None:
    """Refuse any command's `--out` that names the database, its files or its backups."""
    out = getattr(args, "out", None)
    if isinstance(out, str) and out:
        from app.reports.files import check_output_path

        check_output_path(db, Path(out))


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
