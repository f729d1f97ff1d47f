"""Finding clients, contracts and entries by what the user typed (id or name)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound, UserError
from app.core.text import quoted
from app.models import Client, Contract, TimeEntry


def name_key(name: str) -> str:
    """The case-insensitive key under which a name must be unique."""
    return " ".join(name.split()).casefold()


def find_client(session: Session, ref: str | int) -> Client:
    """The client with this id or name (case-insensitive)."""
    client = _by_id_or_key(session, Client, Client.name_key, ref)
    if client is None:
        raise NotFound(f"no client named {quoted(str(ref))}")
    return client


def find_contract(session: Session, ref: str | int) -> Contract:
    """The contract with this id or title (case-insensitive)."""
    contract = _by_id_or_key(session, Contract, Contract.title_key, ref)
    if contract is None:
        raise NotFound(f"no contract named {quoted(str(ref))} (tallyhour contract list shows them)")
    return contract


def find_entry(session: Session, entry_id: int) -> TimeEntry:
    """The time entry with this id."""
    entry = session.get(TimeEntry, entry_id) if 1 <= entry_id <= MAX_ID else None
    if entry is None:
        raise NotFound(f"no time entry #{entry_id}")
    return entry


_Named = TypeVar("_Named", Client, Contract)
#: Largest id a database integer column can hold.
MAX_ID = 2**63 - 1


def _as_id(ref: str) -> int | None:
    """The id typed as plain ASCII digits ("12"), or None for a name."""
    text = ref.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 19 else None


def _has_surrogates(text: str) -> bool:
    """Whether text holds undecodable bytes (lone surrogates from the command line)."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def _by_id_or_key(
    session: Session, table: type[_Named], key_column: Any, ref: str | int
) -> _Named | None:
    """Look a row up by integer id first, then by its name key."""
    if isinstance(ref, str) and _has_surrogates(ref):
        raise UserError("the name contains bytes that are not text")
    as_id = ref if isinstance(ref, int) else _as_id(ref)
    if as_id is not None and 1 <= as_id <= MAX_ID:
        row = session.get(table, as_id)
        if row is not None:
            return row
    if isinstance(ref, int):
        return None
    if not ref.strip():
        raise UserError("a name is needed")
    return session.scalars(select(table).where(key_column == name_key(ref))).first()
