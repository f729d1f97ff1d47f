"""The arguments of the `config` command, and the preferences `config set` may change.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

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
    smtp.set_defaults(handler="app.cli.config_commands:config_smtp", security=None)
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
    server.set_defaults(handler="app.cli.config_commands:config_db_password", without_db=True)
    setting = actions.add_parser("set", help="change a preference", parents=[common])
    setting.add_argument("key", choices=sorted(SETTABLE))
    setting.add_argument("value")
    setting.set_defaults(handler="app.cli.config_commands:config_set")
    show = actions.add_parser("show", help="show the preferences", parents=[common])
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler="app.cli.config_commands:config_show")
