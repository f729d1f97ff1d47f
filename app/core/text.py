"""Checking text typed by the user: names, memos, notes."""

from __future__ import annotations

import unicodedata

from app.core.errors import UserError

NAME_MAX = 200
MEMO_MAX = 5_000
NOTE_MAX = 20_000
_ALLOWED_CONTROLS = {"\n", "\t"}


def quoted(text: object, limit: int = 80) -> str:
    """User text inside a message, in typographic quotes and cut to `limit` characters.

    It is one line, and a character that cannot be shown (a control character, a lone
    surrogate from undecodable bytes) is shown as � so the message itself always prints.
    """
    one_line = "".join(
        "\ufffd" if unicodedata.category(char) in ("Cc", "Cs") else char
        for char in " ".join(str(text).split())
    )
    return f"“{one_line[:limit] + '…' if len(one_line) > limit else one_line}”"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun, singular for one: "1 entry", "2 entries", "1,200 lines"."""
    many = plural or (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")
    return f"{count:,} {noun if count == 1 else many}"


def clean_name(value: str, *, what: str = "name") -> str:
    """A one-line name: trimmed, inner spaces collapsed, not empty, not too long."""
    if not isinstance(value, str):
        raise UserError(f"{what} must be text")
    _refuse_controls(value, what=what, allow_newlines=False)
    cleaned = " ".join(value.split())
    if not cleaned:
        raise UserError(f"{what} must not be empty")
    if len(cleaned) > NAME_MAX:
        raise UserError(f"{what} is too long ({len(cleaned)} characters, at most {NAME_MAX})")
    return cleaned


def clean_memo(value: str, *, what: str = "memo", limit: int = MEMO_MAX) -> str:
    """Free text such as a memo or a note: kept as typed, trimmed, length-checked."""
    if not isinstance(value, str):
        raise UserError(f"{what} must be text")
    if len(value) > limit:
        raise UserError(f"{what} is too long ({len(value):,} characters, at most {limit:,})")
    _refuse_controls(value, what=what, allow_newlines=True)
    return value.strip()


def clean_note(value: str, *, what: str = "note") -> str:
    """A longer note (client notes, addresses, invoice terms)."""
    return clean_memo(value, what=what, limit=NOTE_MAX)


def clean_email(value: str, *, what: str = "e-mail address") -> str:
    """An e-mail address, or empty; refuses obvious nonsense."""
    cleaned = value.strip()
    if not cleaned:
        return ""
    _refuse_controls(cleaned, what=what, allow_newlines=False)
    local, at, domain = cleaned.rpartition("@")
    if not at or not local or "." not in domain or " " in cleaned or len(cleaned) > 320:
        raise UserError(f"{what} {quoted(cleaned, 80)} does not look like name@example.com")
    return cleaned


def _refuse_controls(value: str, *, what: str, allow_newlines: bool) -> None:
    """Refuse control characters (other than newline and tab in multi-line text).

    Lone surrogates (undecodable bytes in a command-line argument) are refused too: they
    cannot be stored as UTF-8.
    """
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise UserError(f"{what} contains bytes that are not valid text (U+{ord(char):04X})")
        if category == "Cc" and not (allow_newlines and char in _ALLOWED_CONTROLS):
            raise UserError(f"{what} contains a control character (U+{ord(char):04X})")
