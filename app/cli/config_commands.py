"""`tallyhour config`: SMTP settings (password to the OS keyring) and preferences."""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from typing import Any

from app.cli.output import print_json
from app.core.errors import UserError
from app.models.database import Database
from app.services import mail, secrets
from app.services.settings import Settings, get_settings, update_settings

#: Preferences that `config set` may change, with the command-line name of each.
SETTABLE = {
    "name": "name",
    "address": "address",
    "tax-id": "tax_id",
    "email": "email",
    "default-rate": "default_rate",
    "home-currency": "home_currency",
    "tax-rate": "tax_rate",
    "fee-tax-rate": "fee_tax_rate",
    "invoice-prefix": "invoice_prefix",
    "invoice-terms": "invoice_terms",
    "invoice-due-days": "invoice_due_days",
    "remind-no-timer": "remind_no_timer",
    "working-hours": "working_hours",
    "remind-long-timer-hours": "remind_long_timer_hours",
    "idle-minutes": "idle_minutes",
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `config` command."""
    config = commands.add_parser("config", help="SMTP settings and preferences", parents=[common])
    actions = config.add_subparsers(title="config commands", metavar="ACTION", required=True)
    smtp = actions.add_parser("smtp", help="how to send e-mail", parents=[common])
    smtp.add_argument("--host", required=True)
    smtp.add_argument("--port", required=True, type=int)
    security = smtp.add_mutually_exclusive_group()
    security.add_argument("--starttls", action="store_const", dest="security", const="starttls")
    security.add_argument("--ssl", action="store_const", dest="security", const="ssl")
    security.add_argument(
        "--insecure",
        action="store_const",
        dest="security",
        const="none",
        help="plain SMTP, for a server on this machine only (default: 465 TLS, else STARTTLS)",
    )
    smtp.add_argument("--user", required=True)
    smtp.add_argument("--from", dest="sender", required=True, metavar="ADDR")
    smtp.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (it goes to the OS keyring)",
    )
    smtp.set_defaults(handler=config_smtp, security=None)
    server = actions.add_parser(
        "db-password",
        help="keep the PostgreSQL password of --db / $TALLYHOUR_DB in the OS keyring",
        parents=[common],
    )
    server.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input",
    )
    server.set_defaults(handler=config_db_password, without_db=True)
    setting = actions.add_parser("set", help="change a preference", parents=[common])
    setting.add_argument("key", choices=sorted(SETTABLE))
    setting.add_argument("value")
    setting.set_defaults(handler=config_set)
    show = actions.add_parser("show", help="show the preferences", parents=[common])
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=config_show)


def config_smtp(db: Database, args: argparse.Namespace) -> None:
    """`config smtp`."""
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("no password on standard input")
    saved, stored = mail.configure_smtp(
        db,
        host=args.host,
        port=args.port,
        security=args.security,
        user=args.user,
        sender=args.sender,
        password=password,
    )
    print(
        f"SMTP: {saved.user} at {saved.host}:{saved.port} ({saved.security}), from {saved.sender}"
    )
    if saved.security == "none":
        sys.stderr.write(
            f"tallyhour: warning: mail to {saved.host}:{saved.port} is not encrypted"
            " (--insecure); use it only for a mail server on this machine\n"
        )
    if stored:
        print(secrets.stored_note())
    elif password:
        sys.stderr.write(f"tallyhour: note: {secrets.NO_KEYRING}\n")


def config_db_password(args: argparse.Namespace) -> None:
    """`config db-password`: needs no open database (the password may be what is missing)."""
    from app.models.database import resolve_url, server_url
    from app.models.urls import url_without_password
    from app.services.opening import server_account

    url = resolve_url(args.db)
    if not url.startswith("postgres"):
        raise UserError(
            "db-password is for a PostgreSQL server: give --db postgresql://USER@HOST/DB"
        )
    if server_url(url).password is not None:
        raise UserError("leave the password out of the URL; it is read from standard input")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("no password on standard input")
    secrets.store_password(server_account(url), password)
    print(
        f"password for {url_without_password(url)} stored in the OS keyring"
        f" ({secrets.keyring_backend()})"
    )


def config_set(db: Database, args: argparse.Namespace) -> None:
    """`config set`."""
    key = SETTABLE[args.key]
    value: Any = args.value
    if key == "invoice_due_days":
        try:
            value = int(value)
        except ValueError:
            raise UserError("invoice-due-days must be a whole number") from None
    update_settings(db, **{key: value})
    print(f"{args.key} set")


def config_show(db: Database, args: argparse.Namespace) -> None:
    """`config show`."""
    settings = get_settings(db)
    values = {field.name: getattr(settings, field.name) for field in fields(Settings)}
    smtp = mail.smtp_settings(db)
    document = {
        "preferences": values,
        "smtp": None
        if smtp is None
        else {
            "host": smtp.host,
            "port": smtp.port,
            "security": smtp.security,
            "user": smtp.user,
            "from": smtp.sender,
            "password_stored": mail.stored_password(smtp) is not None,
        },
        "keyring": secrets.keyring_backend(),
    }
    if args.json:
        print_json(document)
        return
    for key, value in values.items():
        print(f"{key}: {value}")
    print(f"smtp: {document['smtp']}")
    print(f"keyring: {document['keyring'] or 'none on this machine'}")
