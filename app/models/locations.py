"""Where the database is: `--db`, `$TALLYHOUR_DB` or the default file (standard library only).

Kept free of SQLAlchemy so the quick `status` path can find the file without loading it.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TALLYHOUR_DB"


def default_db_path() -> Path:
    """The database file in the platform's user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("tallyhour", appauthor=False)) / "tallyhour.sqlite"


def resolve_url(cli_url: str | None = None) -> str:
    """The database URL: `--db`, else $TALLYHOUR_DB, else the default file."""
    url = cli_url or os.environ.get(ENV_VAR) or ""
    if not url:
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        # A bare path is taken as a SQLite file.
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and memory."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path == ":memory:":
        return None
    return Path(path.split("?", 1)[0])
