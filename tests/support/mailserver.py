"""A real SMTP server on 127.0.0.1 (aiosmtpd) and an in-memory keyring, for tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import keyring
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from keyring.backend import KeyringBackend

from app.models.database import Database
from app.services.mail import SmtpSettings, configure_smtp

USER, PASSWORD = "sam", "s3cret-Pa55"


@dataclass
class Inbox:
    """What the test server received."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    #: The user names of every AUTH attempt the server saw.
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted"


def _authenticator(inbox: Inbox) -> Any:
    """Check the user and password, and note every attempt in the inbox."""

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            inbox.logins.append(auth_data.login.decode())
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(host: str = "127.0.0.1") -> Iterator[tuple[int, Inbox]]:
    """Run a plain SMTP server with AUTH on a free port (of loopback by default)."""
    inbox = Inbox()
    port = free_port(host)
    controller = Controller(
        inbox,
        hostname=host,
        port=port,
        authenticator=_authenticator(inbox),
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A socket that accepts connections but never answers (to test time-outs)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield int(listener.getsockname()[1])


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, so no OS keyring is needed in CI."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Use an in-memory keyring for the duration of a test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@contextmanager
def loopback_mail(db: Database) -> Iterator[tuple[int, Inbox]]:
    """A loopback SMTP server that the database's mail settings point at, the password
    in a memory keyring: what sending needs, for a test."""
    with smtp_server() as (port, inbox), memory_keyring():
        point_mail_at(db, port)
        yield port, inbox


def point_mail_at(db: Database, port: int, password: str = PASSWORD) -> tuple[SmtpSettings, bool]:
    """Mail settings for a loopback server on `port` (no TLS, `USER`); what `configure_smtp` gives."""
    return configure_smtp(
        db,
        host="127.0.0.1",
        port=port,
        security="none",
        user=USER,
        sender="sam@example.com",
        password=password,
    )
