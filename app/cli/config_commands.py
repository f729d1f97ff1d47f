"""`tallyhour config`: SMTP settings (password to the OS keyring) and preferences."""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from typing import Any

from app.cli.output import print_json
from app.cli.specs.config import SETTABLE
from app.core.errors import UserError
from app.models.database import Database
from app.services import mail, secrets
from app.services.settings import Settings, get_settings, update_settings


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
