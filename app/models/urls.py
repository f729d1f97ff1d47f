"""Database URLs as they may be shown: never with their password."""

from __future__ import annotations

import re

#: `scheme://user:password@` anywhere in a text (a message, a traceback, a log line).
_CREDENTIALS = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*):[^@\s]*@")


def safe_url(url: str) -> str:
    """The URL with its password replaced by ***, fit for any message or log."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return hide_passwords(url)


def hide_passwords(text: str) -> str:
    """The text with the password of every `scheme://user:password@` in it replaced by ***."""
    return _CREDENTIALS.sub(r"\g<head>:***@", text)


def url_without_password(url: str) -> str:
    """The URL with any password left out: what `TALLYHOUR_DB` advice and titles may show."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url if "@" not in url else "the database URL"
    return parsed._replace(password=None).render_as_string(hide_password=False)
