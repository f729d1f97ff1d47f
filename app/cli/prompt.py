"""Questions on the terminal: Ctrl-D (end of input) or Ctrl-C means "cancelled"."""

from __future__ import annotations

import getpass

from app.core.errors import UserError

CANCELLED = "cancelled; nothing was changed"


def ask(question: str, *, hidden: bool = False) -> str:
    """The line the user typed (not echoed when `hidden`), or a refusal when they cancel."""
    try:
        return getpass.getpass(question) if hidden else input(question)
    except EOFError:
        # Ctrl-D leaves the cursor after the question: end its line before the message.
        print()
        raise UserError(CANCELLED) from None
