"""Sending documents to clients by e-mail over SMTP.

The SMTP settings live in the database; the password only in the OS keyring
(`app.services.secrets`). Failures become one clear message and nothing is marked sent.
"""

from __future__ import annotations

import ipaddress
import json
import re
import smtplib
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from app.core.errors import UserError
from app.core.text import clean_email, clean_name, quoted
from app.models import Setting
from app.models.database import Database
from app.services import secrets

SMTP_KEY = "smtp"
TIMEOUT_SECONDS = 20
SECURITY = ("starttls", "ssl", "none")
#: The port of SMTP over TLS from the first byte; every other port starts plain and
#: must switch to TLS with STARTTLS (587, the submission port, above all).
SSL_PORT = 465


def default_security(port: int) -> str:
    """The security a port implies unless the user says otherwise: 465 TLS, else STARTTLS."""
    return "ssl" if port == SSL_PORT else "starttls"


def is_loopback(host: str) -> bool:
    """Whether the host is this machine (localhost, 127.0.0.0/8, ::1): nothing crosses a wire."""
    if host.lower().rstrip(".") in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_plain_auth(host: str, security: str) -> None:
    """Refuse a plain connection that would send the password readable to anyone between."""
    if security == "none" and not is_loopback(host):
        raise UserError(
            f"refusing to send the password unencrypted to {host}: use STARTTLS (port 587)"
            " or TLS (port 465); plain SMTP is only for a server on this machine"
        )


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and as whom to send mail."""

    host: str
    port: int
    security: str
    user: str
    sender: str

    @property
    def account(self) -> str:
        """The keyring account name of this server's password."""
        return f"smtp:{self.user}@{self.host}:{self.port}"


@dataclass(frozen=True)
class Outgoing:
    """One message ready to send: recipient, subject, body and an attached file."""

    to: str
    subject: str
    body: str
    attachment: Path


def configure_smtp(
    db: Database,
    *,
    host: str,
    port: int,
    security: str | None = None,
    user: str,
    sender: str,
    password: str | None = None,
) -> tuple[SmtpSettings, bool]:
    """Save the SMTP settings; the password goes to the keyring. Returns (settings, stored).

    Without a `security` the port decides (`default_security`); "none" (plain) is only
    accepted for a server on this machine, so a password never crosses a wire in clear.
    """
    host = clean_name(host, what="SMTP host")
    if " " in host or "/" in host:
        raise UserError(f"SMTP host {quoted(host)} is not a host name")
    if not 1 <= port <= 65_535:
        raise UserError("SMTP port must be between 1 and 65535")
    security = default_security(port) if security is None else security
    if security not in SECURITY:
        raise UserError("SMTP security must be starttls, ssl or none")
    refuse_plain_auth(host, security)
    if not sender.strip():
        raise UserError("a sender address (--from) is needed")
    settings = SmtpSettings(
        host=host,
        port=port,
        security=security,
        user=clean_name(user, what="SMTP user"),
        sender=clean_email(sender, what="sender address"),
    )
    with db.write() as session:
        row = session.get(Setting, SMTP_KEY)
        value = json.dumps(asdict(settings))
        if row is None:
            session.add(Setting(key=SMTP_KEY, value=value))
        else:
            row.value = value
    stored = bool(password) and secrets.keyring_backend() is not None
    if stored and password:
        secrets.store_password(settings.account, password)
    return settings, stored


def smtp_settings(db: Database) -> SmtpSettings | None:
    """The saved SMTP settings, or None before they are configured."""
    with db.read() as session:
        row = session.get(Setting, SMTP_KEY)
        return None if row is None else SmtpSettings(**json.loads(row.value))


def stored_password(settings: SmtpSettings) -> str | None:
    """The SMTP password from the keyring, if it is there."""
    return secrets.load_password(settings.account)


def fill_template(template: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; unknown names stay as typed (no format-string tricks)."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def build_message(settings: SmtpSettings, outgoing: Outgoing) -> EmailMessage:
    """The e-mail: headers, plain-text body and the attached PDF."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = outgoing.to
    message["Subject"] = " ".join(outgoing.subject.split())
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(outgoing.body)
    message.add_attachment(
        outgoing.attachment.read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=outgoing.attachment.name,
    )
    return message


def send(settings: SmtpSettings, password: str | None, outgoing: Outgoing) -> None:
    """Deliver one message, or raise one clear UserError saying why it was not sent."""
    if not clean_email(outgoing.to, what="client's e-mail address"):
        raise UserError("the client has no e-mail address; add one to the client first")
    refuse_plain_auth(settings.host, settings.security)
    message = build_message(settings, outgoing)
    where = f"{settings.host}:{settings.port}"
    try:
        with _connect(settings) as server:
            if password:
                server.login(settings.user, password)
            server.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise UserError(f"{where} refused the user name or password") from None
    except smtplib.SMTPRecipientsRefused:
        raise UserError(f"{where} refused the recipient {outgoing.to}") from None
    except smtplib.SMTPSenderRefused:
        raise UserError(f"{where} refused the sender {settings.sender}") from None
    except smtplib.SMTPServerDisconnected as error:
        if isinstance(error.__context__, TimeoutError):
            raise UserError(f"{where} did not answer within {TIMEOUT_SECONDS} seconds") from None
        raise UserError(f"{where} closed the connection: {error}") from None
    except smtplib.SMTPNotSupportedError as error:
        raise UserError(f"{where} does not support that: {error}") from None
    except TimeoutError:
        raise UserError(f"{where} did not answer within {TIMEOUT_SECONDS} seconds") from None
    except ssl.SSLError as error:
        raise UserError(f"secure connection to {where} failed: {error.reason}") from None
    except smtplib.SMTPException as error:
        raise UserError(f"{where} would not take the message: {error}") from None
    except OSError as error:
        raise UserError(f"could not reach {where}: {error.strerror or error}") from None


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An SMTP connection with the chosen security, ready to log in."""
    if settings.security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
        )
    server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    if settings.security == "starttls":
        try:
            server.starttls(context=ssl.create_default_context())
        except BaseException:
            server.close()
            raise
    return server
