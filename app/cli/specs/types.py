"""Argument types of the command line: cheap checks that need no database."""

from __future__ import annotations

import argparse
import unicodedata

#: The largest row id SQLite can store (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def record_id(text: str) -> int:
    """An argparse type: the number of an entry or milestone (refused beyond SQLite's range)."""
    try:
        value = int(text.strip())
    except ValueError:
        from app.core.text import quoted

        raise argparse.ArgumentTypeError(f"{quoted(text.strip(), 20)} is not a number") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text.strip()[:20]} is not a valid number")
    return value


def reference(text: str) -> str:
    """An argparse type: a client or contract named by id or name, checked to be usable.

    Undecodable bytes and control characters are refused, and so are digits that are not
    a usable id (such as "²" or 99999999999999999999).
    """
    for char in text:
        if unicodedata.category(char) in ("Cs", "Cc"):
            raise argparse.ArgumentTypeError(
                f"contains a character that cannot be a name (U+{ord(char):04X})"
            )
    stripped = text.strip()
    if stripped.isdigit() and (not stripped.isdecimal() or int(stripped) > MAX_ID):
        from app.core.text import quoted

        raise argparse.ArgumentTypeError(f"{quoted(stripped, 20)} is not a valid id or name")
    return text
