"""The log file a bug report can attach: rotating, in the user's log folder, no passwords.

Set up once by the entry point (`setup_logging`); modules log through
`logging.getLogger(__name__)`. The file is only created when something is logged, and
every line passes through `hide_passwords`, so no database URL's password lands in it.
`$TALLYHOUR_LOG_DIR` chooses another folder.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.models.urls import hide_passwords

LOG_DIR_VAR = "TALLYHOUR_LOG_DIR"
LOG_NAME = "tallyhour.log"
#: Size of one log file, and how many older ones are kept beside it.
MAX_BYTES, KEEP_FILES = 1_000_000, 3
_handler: RotatingFileHandler | None = None


def log_path() -> Path:
    """The log file: `$TALLYHOUR_LOG_DIR`, else the platform's user log folder."""
    folder = os.environ.get(LOG_DIR_VAR)
    if not folder:
        import platformdirs

        folder = platformdirs.user_log_dir("tallyhour", appauthor=False)
    return Path(folder).expanduser() / LOG_NAME


class _PasswordFreeFormatter(logging.Formatter):
    """A formatter whose every line, traceback included, has passwords hidden."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record with `scheme://user:password@` made `user:***@`."""
        return hide_passwords(super().format(record))


def setup_logging() -> Path | None:
    """Send the app's log records to the rotating file; returns it (None if unwritable)."""
    global _handler
    path = log_path()
    if _handler is not None and Path(_handler.baseFilename) == path.absolute():
        return path
    logger = logging.getLogger("app")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=KEEP_FILES, encoding="utf-8", delay=True
    )
    handler.setFormatter(_PasswordFreeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _handler = handler
    return path
