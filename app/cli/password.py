"""Asking for the SMTP password on the terminal when the keyring does not have it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from app.cli.prompt import ask
from app.core.errors import UserError
from app.services import secrets
from app.services.sending import PasswordNeeded

T = TypeVar("T")


def with_password(action: Callable[[str | None], T]) -> T:
    """Run `action` with the stored password; on a terminal, ask once if none is stored."""
    try:
        return action(None)
    except PasswordNeeded as needed:
        if not sys.stdin.isatty():
            raise UserError(f"{needed}; {_how_to_give_it()}") from None
        password = ask(f"{needed} (not stored): ", hidden=True)
        if not password:
            raise UserError("no password given; nothing was sent") from None
        return action(password)


def _how_to_give_it() -> str:
    """How the user can give the password, given whether a keyring can store it."""
    if secrets.keyring_backend() is None:
        return "this machine has no keyring to store it in, so run this on a terminal to be asked"
    return (
        "store it with `tallyhour config smtp ... --password-stdin`"
        " (or run this on a terminal to be asked)"
    )
