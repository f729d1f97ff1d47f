"""The kinds of cost and the price of a Connect, kept apart so the command line can list them cheaply."""

from __future__ import annotations

from decimal import Decimal

#: What Upwork sells one Connect for (in US dollars).
CONNECT_PRICE = Decimal("0.15")
CONNECT_CURRENCY = "USD"
#: The kinds of cost a user can record, in the order `cost add --kind` lists them.
COST_KINDS = ("connects", "membership", "fee-tax", "other")
