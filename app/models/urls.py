"""Database URLs as they may be shown: never with their password."""

from __future__ import annotations

import re

#: `scheme://user:password@host...` anywhere in a text (a message, a traceback, a log
#: line). The password runs to the last `@` of the URL, so it may itself hold `@` and `:`
#: (a password that was not percent-encoded); the user name stops at the first `:`.
_CREDENTIALS = re.compile(
    r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*)(?::(?P<password>\S*))?@(?P<host>[^@\s]*)"
)


def safe_url(url: str) -> str:
    """The URL with its password replaced by ***, fit for any message or log."""
    return _with_password(url, "***")


def hide_passwords(text: str) -> str:
    """The text with the password of every `scheme://user:password@` in it replaced by ***."""
    return _with_password(text, "***")


def url_without_password(url: str) -> str:
    """The URL with any password left out: what `TALLYHOUR_DB` advice and titles may show."""
    return _with_password(url, None)


def _with_password(text: str, shown: str | None) -> str:
    """Every URL in `text` with its password (if any) shown as `shown`, or left out for None."""

    def replace(found: re.Match[str]) -> str:
        """One URL's credentials, rewritten."""
        if found["password"] is None:
            return found[0]
        password = "" if shown is None else f":{shown}"
        return f"{found['head']}{password}@{found['host']}"

    return _CREDENTIALS.sub(replace, text)
