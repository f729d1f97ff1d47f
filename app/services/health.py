"""Is the database reachable right now? For the window's poll: "server unreachable" or ok.

A cheap round trip (`SELECT 1`). The engine checks pooled connections before use, so
once the server is back the next check (and the next service call) reconnects by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.models.database import Database, server_url


@dataclass(frozen=True)
class Reachability:
    """The outcome of one check: ok, or a one-line message for the user."""

    ok: bool
    message: str = ""


def check_reachable(db: Database) -> Reachability:
    """Whether the database answers now; a plain message (no password) when it does not."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        return Reachability(ok=False, message=unreachable_message(db))
    return Reachability(ok=True)


def unreachable_message(db: Database) -> str:
    """What to tell the user while the database cannot be reached."""
    if db.path is not None:
        return f"the database file {db.path} cannot be opened; nothing was saved"
    parsed = server_url(db.url)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return (
        f"the database server {where} is unreachable; nothing was saved."
        " Tallyhour keeps trying and carries on when it is back"
    )
