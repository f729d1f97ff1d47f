"""Secrets (the SMTP password) live only in the OS keyring, never in the database or a file.

Where the machine has no keyring backend, nothing is stored: callers say so plainly and
ask for the password each time instead.
"""

from __future__ import annotations

import contextlib

from app.core.errors import UserError

SERVICE = "tallyhour"


def keyring_backend() -> str | None:
    """The name of a usable keyring backend, or None when there is none."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if getattr(backend, "backends", None) == []:
        return None
    return f"{type(backend).__module__}.{type(backend).__name__}"


#: Keyring backends that write passwords unencrypted to a file anyone with the account reads.
PLAINTEXT_BACKENDS = ("PlaintextKeyring",)


def keyring_is_plaintext() -> bool:
    """Whether the keyring keeps passwords readable in a plain file (keyrings.alt's)."""
    try:
        import keyring
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    backend = keyring.get_keyring()
    # A chain of backends stores in the first one (the highest priority) that takes it.
    first = next(iter(getattr(backend, "backends", None) or [backend]))
    return type(first).__name__ in PLAINTEXT_BACKENDS


PLAINTEXT_KEYRING = (
    "the password is stored by {backend} in a plain-text file, NOT encrypted: anyone who"
    " can read your files can read it; install a real keyring (Secret Service, KWallet)"
    " to keep it safe"
)


def stored_note() -> str:
    """Where a stored password went, in words: the OS keyring, or plainly a plain file."""
    backend = keyring_backend() or "no keyring"
    if keyring_is_plaintext():
        return PLAINTEXT_KEYRING.format(backend=backend)
    return f"password stored in the OS keyring ({backend})"


NO_KEYRING = (
    "this machine has no keyring to keep the password safely, so it is not stored;"
    " Tallyhour will ask for it each time it sends"
)


def store_password(account: str, password: str) -> None:
    """Keep a password in the OS keyring, or refuse plainly when there is no keyring."""
    if keyring_backend() is None:
        raise UserError(NO_KEYRING)
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account, password)
    except KeyringError as error:
        raise UserError(f"the keyring refused the password: {error}") from None


def load_password(account: str) -> str | None:
    """The stored password of an account, or None (not stored, or no keyring)."""
    if keyring_backend() is None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account)
    except KeyringError:
        return None


def forget_password(account: str) -> None:
    """Remove a stored password, if there is one."""
    if keyring_backend() is None:
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, account)
