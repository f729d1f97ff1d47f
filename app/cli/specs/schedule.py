"""The arguments of the `schedule` and `withdrawal-fee` commands.

Handlers are named as "module:function" strings, imported only when their command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core.fees import Basis


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the `schedule` and `withdrawal-fee` commands."""
    schedule = commands.add_parser("schedule", help="marketplace fee schedules", parents=[common])
    actions = schedule.add_subparsers(title="schedule commands", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list fee schedules", parents=[common])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler="app.cli.schedule_commands:schedule_list")
    add = actions.add_parser("add", help="define (or redefine) your own schedule", parents=[common])
    add.add_argument("name")
    add.add_argument("--tiers", required=True, help='e.g. "20%%:500, 10%%:10000, 5%%" or "15%%"')
    add.add_argument(
        "--basis",
        choices=[b.value for b in Basis],
        default="client",
        help="tiers count lifetime billings with the client, the contract, or flat",
    )
    add.add_argument("--minimum", metavar="AMOUNT", help="minimum fee per payment")
    add.add_argument(
        "--minimum-on",
        default="fixed",
        choices=["fixed", "all"],
        help="the minimum applies to fixed-price payments only, or to all",
    )
    add.set_defaults(handler="app.cli.schedule_commands:schedule_add")
    switch = actions.add_parser(
        "use", help="switch a contract to a schedule from a date on", parents=[common]
    )
    switch.add_argument("contract", metavar="CONTRACT")
    switch.add_argument("name")
    switch.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="TIME",
        help="the first instant the new schedule applies (ISO 8601)",
    )
    switch.set_defaults(handler="app.cli.schedule_commands:schedule_use")
    fees = commands.add_parser(
        "withdrawal-fee", help="set what a withdrawal method costs", parents=[common]
    )
    fees.add_argument("method")
    fees.add_argument("amount", metavar="AMOUNT")
    fees.set_defaults(handler="app.cli.schedule_commands:withdrawal_fee")
