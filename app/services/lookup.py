"""Finding clients, contracts and entries by what the user typed (id or name)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound, UserError
from app.models import Client, Contract, TimeEntry


def name_key(name: str) -> str:
    """The case-insensitive key under which a name must be unique."""
    return " ".join(name.split()).casefold()


def find_client(session: Session, ref: str | int) -> Client:
    """The client with this id or name (case-insensitive)."""
    client = _by_id_or_key(session, Client, Client.name_key, ref)
    if client is None:
        raise NotFound(f"no client named {str(ref)[:80]!r}")
    return client


def find_contract(session: Session, ref: str | int) -> Contract:
    """The contract with this id or title (case-insensitive)."""
    contract = _by_id_or_key(session, Contract, Contract.title_key, ref)
    if contract is None:
        raise NotFound(f"no contract named {str(ref)[:80]!r}; see `tallyhour contract list`")
    return contract


def find_entry(session: Session, entry_id: int) -> TimeEntry:
    """The time entry with this id."""
    entry = session.get(TimeEntry, entry_id)
    if entry is None:
        raise NotFound(f"no time entry #{entry_id}")
    return entry


_Named = TypeVar("_Named", Client, Contract)


def _by_id_or_key(
    session: Session, table: type[_Named], key_column: Any, ref: str | int
) -> _Named | None:
    """Look a row up by integer id first, then by its name key."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        row = session.get(table, int(ref))
        if row is not None:
            return row
    if isinstance(ref, int):
        return None
    if not ref.strip():
        raise UserError("a name is needed")
    return session.scalars(select(table).where(key_column == name_key(ref))).first()
