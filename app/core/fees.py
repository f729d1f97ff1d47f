"""Marketplace fee schedules as data, and the fee one payment pays under a schedule.

A tiered schedule charges each slice of lifetime billings at the rate of the tier the slice
falls in. Tiers are closed at the top: billings of exactly 500.00 are all in the first
tier of upwork-2016. The first tier also covers any lifetime below zero (an over-refund),
so a refund never finds a hole in the schedule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.core.errors import UserError
from app.core.money import CENT, ZERO, json_money, parse_amount, parse_rate, round_cents
from app.core.text import quoted

ONE = Decimal(1)


class Basis(StrEnum):
    """Which lifetime billings a schedule's tiers are counted on."""

    CLIENT = "client"
    CONTRACT = "contract"
    FLAT = "flat"


class BillingKind(StrEnum):
    """What a payment is for; a refund is a negative amount of any kind."""

    HOURLY = "hourly"
    FIXED = "fixed"
    BONUS = "bonus"


@dataclass(frozen=True)
class Tier:
    """A rate for lifetime billings up to and including `up_to` (None: no upper bound)."""

    up_to: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class FeeSchedule:
    """A named fee schedule: tiers, what they count, and an optional minimum fee."""

    name: str
    tiers: tuple[Tier, ...]
    basis: Basis
    minimum_fee: Decimal = ZERO
    minimum_applies_to: frozenset[BillingKind] = frozenset()
    description: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse a schedule that cannot be applied (raises UserError)."""
        if not self.name.strip():
            raise UserError("a fee schedule needs a name")
        validate_tiers(self.tiers)
        if self.basis is Basis.FLAT and len(self.tiers) != 1:
            raise UserError("a flat fee schedule has exactly one rate")
        if not self.minimum_fee.is_finite() or self.minimum_fee < 0:
            raise UserError("the minimum fee must not be negative")
        if self.minimum_fee != round_cents(self.minimum_fee):
            raise UserError(f"the minimum fee has more than two decimals: {self.minimum_fee}")


def percent_text(rate: Decimal) -> str:
    """A fraction as a percentage without trailing zeros (0.2 → "20%", 0.075 → "7.5%")."""
    return f"{(rate * 100).normalize():f}%"


def validate_tiers(tiers: tuple[Tier, ...]) -> None:
    """Refuse tiers that are empty, out of range, unordered or not closed by an open tier."""
    if not tiers:
        raise UserError("a fee schedule needs at least one rate")
    lower = ZERO
    for index, tier in enumerate(tiers):
        if not tier.rate.is_finite() or not ZERO <= tier.rate <= ONE:
            raise UserError(f"rate {percent_text(tier.rate)} must be between 0% and 100%")
        last = index == len(tiers) - 1
        if tier.up_to is None:
            if not last:
                raise UserError("only the last rate may have no limit")
            continue
        if last:
            raise UserError("the last rate must have no limit: it covers everything above")
        if not tier.up_to.is_finite() or tier.up_to <= lower:
            raise UserError(f"limits must increase from zero: {tier.up_to} is not above {lower}")
        if tier.up_to != round_cents(tier.up_to):
            raise UserError(f"limit {tier.up_to} has more than two decimals")
        lower = tier.up_to


def _tiers(*rows: tuple[str | None, str]) -> tuple[Tier, ...]:
    """Tiers from (limit, rate) rows of text, the way a fee table is printed."""
    return tuple(
        Tier(None if limit is None else Decimal(limit), Decimal(rate)) for limit, rate in rows
    )


PRESETS: dict[str, FeeSchedule] = {
    schedule.name: schedule
    for schedule in (
        FeeSchedule(
            "upwork-2016",
            _tiers(("500.00", "0.20"), ("10000.00", "0.10"), (None, "0.05")),
            Basis.CLIENT,
            description="Upwork sliding fee (2016-06-21 to 2023-05-02): 20% of the first"
            " 500.00 billed with a client, 10% up to 10,000.00, 5% above.",
        ),
        FeeSchedule(
            "upwork-2023",
            _tiers((None, "0.10")),
            Basis.FLAT,
            description="Upwork flat fee (from 2023-05-03): 10% of every payment.",
        ),
        FeeSchedule(
            "fiverr",
            _tiers((None, "0.20")),
            Basis.FLAT,
            description="Fiverr: the seller keeps 80% of every order and tip.",
        ),
        FeeSchedule(
            "freelancer",
            _tiers((None, "0.10")),
            Basis.FLAT,
            minimum_fee=Decimal("5.00"),
            minimum_applies_to=frozenset({BillingKind.FIXED}),
            description="Freelancer.com: 10%; fixed-price payments pay at least 5.00.",
        ),
        FeeSchedule(
            "pph",
            _tiers(("700.00", "0.20"), (None, "0.05")),
            Basis.CLIENT,
            description="PeoplePerHour: 20% up to 700.00 billed with a buyer, then 5%."
            " These figures are unverified: edit them to match your account.",
        ),
        FeeSchedule("direct", _tiers((None, "0.00")), Basis.FLAT, description="Direct: no fee."),
        FeeSchedule(
            "upwork",
            _tiers(("500.00", "0.20"), ("10000.00", "0.10"), (None, "0.05")),
            Basis.CLIENT,
            description="Upwork by payment date: upwork-2016 until 2023-05-02, then"
            " upwork-2023 (clients already past 10,000.00 stayed at 5% until 2023-12-31).",
        ),
    )
}
#: The schedule that follows what Upwork charged on each payment's date.
UPWORK_BY_DATE = "upwork"

#: The schedule a new contract on each platform starts with.
PLATFORM_SCHEDULES: dict[str, str] = {
    "upwork": UPWORK_BY_DATE,
    "fiverr": "fiverr",
    "freelancer": "freelancer",
    "pph": "pph",
    "direct": "direct",
}
PLATFORMS = tuple(PLATFORM_SCHEDULES)


def next_tier_distance(schedule: FeeSchedule, lifetime: Decimal) -> tuple[Decimal, Decimal] | None:
    """How much more billing until the rate changes, and the next rate; None on the last tier."""
    if schedule.basis is Basis.FLAT:
        return None
    for index, tier in enumerate(schedule.tiers):
        if tier.up_to is None:
            return None
        if lifetime < tier.up_to:
            return tier.up_to - lifetime, schedule.tiers[index + 1].rate
    return None


def rate_text(rate: Decimal) -> str:
    """A rate as a plain JSON string: "0.20", or more decimals when it needs them ("0.125")."""
    in_cents = rate.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{in_cents:f}" if in_cents == rate else f"{rate.normalize():f}"


def schedule_to_dict(schedule: FeeSchedule) -> dict[str, Any]:
    """A schedule as JSON-friendly data (amounts and rates as strings, None for no limit)."""
    return {
        "name": schedule.name,
        "basis": schedule.basis.value,
        "tiers": [
            {
                "up_to": None if tier.up_to is None else json_money(tier.up_to),
                "rate": rate_text(tier.rate),
            }
            for tier in schedule.tiers
        ],
        "minimum_fee": json_money(schedule.minimum_fee),
        "minimum_applies_to": sorted(kind.value for kind in schedule.minimum_applies_to),
        "description": schedule.description,
    }


def _stored_decimal(value: object, what: str) -> Decimal:
    """A Decimal from a stored string or integer (never a float)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserError(f"stored fee schedule: {what} must be a string, not {quoted(value)}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise UserError(f"stored fee schedule: {what} is not a number: {quoted(value)}") from None
    if not number.is_finite():
        raise UserError(f"stored fee schedule: {what} is not a finite number: {quoted(value)}")
    return number


def schedule_from_dict(data: Mapping[str, Any]) -> FeeSchedule:
    """Read a schedule written by `schedule_to_dict` (raises UserError on bad data)."""
    try:
        tiers = tuple(
            Tier(
                up_to=None if row["up_to"] is None else _stored_decimal(row["up_to"], "limit"),
                rate=_stored_decimal(row["rate"], "rate"),
            )
            for row in data["tiers"]
        )
        return FeeSchedule(
            name=str(data["name"]),
            tiers=tiers,
            basis=Basis(data["basis"]),
            minimum_fee=_stored_decimal(data.get("minimum_fee", "0.00"), "minimum fee"),
            minimum_applies_to=frozenset(
                BillingKind(k) for k in data.get("minimum_applies_to", ())
            ),
            description=str(data.get("description", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise UserError(f"stored fee schedule is not readable: {quoted(error)}") from None


# A comma between digits followed by exactly three digits is a thousands separator ("10,000").
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?![\d%]))")
_TIER = re.compile(r"^(?P<rate>[^:@]+?)\s*(?:[:@]\s*(?P<limit>.+))?$")


def _parse_tier_rate(text: str) -> Decimal:
    """Read "20%" as 0.20 and a bare fraction "0.2" as 0.2; refuse a bare "20"."""
    if text.endswith("%"):
        return parse_rate(text)
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise UserError(f"rate must look like 20% or 0.20, not {quoted(text, 20)}") from None
    if not rate.is_finite() or not ZERO <= rate <= ONE:
        raise UserError(
            f"rate {quoted(text, 20)}: write a percentage like 20% or a fraction like 0.20"
        )
    return rate


def parse_tiers(text: str) -> tuple[Tier, ...]:
    """Read tiers typed by a user: "20%:500, 10%:10000, 5%" or "0.2@500,0.1@10000,0.05"."""
    pieces = [p.strip() for p in re.split(r"[,;]", _THOUSANDS.sub("", text)) if p.strip()]
    if not pieces:
        raise UserError("type at least one rate, e.g. 10% or 20%:500, 10%")
    tiers: list[Tier] = []
    for piece in pieces:
        match = _TIER.match(piece)
        if match is None:
            raise UserError(f"cannot read tier {quoted(piece, 30)}: write it like 20%:500")
        limit = match.group("limit")
        up_to = None if limit is None else parse_amount(limit, what="tier limit", allow_zero=False)
        tiers.append(Tier(up_to, _parse_tier_rate(match.group("rate"))))
    result = tuple(tiers)
    validate_tiers(result)
    return result
