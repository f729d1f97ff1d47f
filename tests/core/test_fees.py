"""Fee schedules: tier splitting, rounding once, minimums, refunds, storage and parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.fees import (
    PLATFORM_SCHEDULES,
    PLATFORMS,
    PRESETS,
    Basis,
    BillingKind,
    FeeSchedule,
    Tier,
    next_tier_distance,
    parse_tiers,
    percent_text,
    schedule_from_dict,
    schedule_to_dict,
)
from app.core.ledger import Billing, ScheduleChange, run_ledger
from app.core.money import ZERO, from_cents, round_cents
from app.core.money_rules import TierPart, charge_fee, minimum_applies

D = Decimal
UPWORK_2016 = PRESETS["upwork-2016"]
#: Presets without a minimum fee, for properties that assume fee == tiers alone.
NO_MINIMUM = [s for s in PRESETS.values() if not s.minimum_applies_to]

cents = st.integers(min_value=1, max_value=5_000_000).map(from_cents)
lifetimes = st.integers(min_value=0, max_value=5_000_000).map(from_cents)


def fee_of(name: str, prior: str, amount: str, kind: BillingKind = BillingKind.HOURLY) -> Decimal:
    """The fee a preset charges on an amount after a prior lifetime."""
    return charge_fee(PRESETS[name], prior=D(prior), amount=D(amount), kind=kind).fee


def test_upworks_own_example_600_with_a_new_client() -> None:
    result = charge_fee(UPWORK_2016, prior=D("0"), amount=D("600.00"))
    assert result.parts == (
        TierPart(D("500.00"), D("0.20"), D("100.00")),
        TierPart(D("100.00"), D("0.10"), D("10.00")),
    )
    assert (result.fee, result.net, result.prior) == (D("110.00"), D("490.00"), D("0"))


@pytest.mark.parametrize(
    ("name", "prior", "amount", "fee"),
    [
        # ending exactly on a boundary: the boundary belongs to the lower tier
        ("upwork-2016", "0", "500.00", "100.00"),
        ("upwork-2016", "500.00", "9500.00", "950.00"),
        ("upwork-2016", "0", "10000.00", "1050.00"),
        ("upwork-2016", "0", "500.01", "100.00"),
        ("upwork-2016", "10000.00", "100.00", "5.00"),
        # crossing both boundaries: 100 + 950 + 100
        ("upwork-2016", "0", "12000.00", "1150.00"),
        # an opening balance feeds the tiers: 50 x 0.2 + 50 x 0.1
        ("upwork-2016", "450.00", "100.00", "15.00"),
        # rounded once, half-up: 0.006 + 0.005 is 0.011 -> 0.01 (rounded parts would give 0.02)
        ("upwork-2016", "499.97", "0.08", "0.01"),
        # 0.003 + 0.0025 is 0.0055 -> 0.01 (rounded parts would give 0.00)
        ("upwork-2016", "9999.97", "0.08", "0.01"),
        ("upwork-2023", "0", "0.05", "0.01"),
        ("upwork-2023", "0", "0.04", "0.00"),
        ("upwork-2023", "123456.00", "1000.00", "100.00"),
        ("fiverr", "0", "100.00", "20.00"),
        ("direct", "0", "100.00", "0.00"),
        ("pph", "0", "700.00", "140.00"),
        ("pph", "0", "800.00", "145.00"),
        ("pph", "700.00", "100.00", "5.00"),
    ],
)
def test_fee_table(name: str, prior: str, amount: str, fee: str) -> None:
    assert fee_of(name, prior, amount) == D(fee)


@pytest.mark.parametrize(
    ("kind", "amount", "fee"),
    [
        (BillingKind.FIXED, "30.00", "5.00"),  # 10% is 3.00, the minimum is 5.00
        (BillingKind.FIXED, "100.00", "10.00"),
        (BillingKind.FIXED, "3.00", "3.00"),  # never more than the payment itself
        (BillingKind.HOURLY, "30.00", "3.00"),
        (BillingKind.BONUS, "30.00", "3.00"),
        (BillingKind.FIXED, "-30.00", "-5.00"),  # a refund returns the minimum it was charged
    ],
)
def test_freelancer_minimum_applies_to_fixed_price_only(
    kind: BillingKind, amount: str, fee: str
) -> None:
    assert fee_of("freelancer", "0", amount, kind) == D(fee)


def test_a_refund_returns_the_fee_of_the_refunded_slice() -> None:
    result = charge_fee(UPWORK_2016, prior=D("600.00"), amount=D("-200.00"))
    assert result.parts == (
        TierPart(D("-100.00"), D("0.20"), D("-20.00")),
        TierPart(D("-100.00"), D("0.10"), D("-10.00")),
    )
    assert (result.fee, result.net) == (D("-30.00"), D("-170.00"))


def test_a_refund_below_zero_lifetime_is_charged_at_the_first_rate() -> None:
    assert fee_of("upwork-2016", "100.00", "-300.00") == D("-60.00")


def test_zero_amount_has_no_fee_and_no_parts() -> None:
    result = charge_fee(UPWORK_2016, prior=D("450.00"), amount=ZERO)
    assert (result.fee, result.net, result.parts) == (ZERO, ZERO, ())


def test_flat_schedules_ignore_prior_billings() -> None:
    assert fee_of("fiverr", "0", "50.00") == fee_of("fiverr", "99999.00", "50.00") == D("10.00")


@pytest.mark.parametrize(
    ("name", "lifetime", "expected"),
    [
        ("upwork-2016", "0", ("500.00", "0.10")),
        ("upwork-2016", "187.50", ("312.50", "0.10")),
        ("upwork-2016", "500.00", ("9500.00", "0.05")),
        ("upwork-2016", "10000.00", None),
        ("pph", "650.00", ("50.00", "0.05")),
        ("upwork-2023", "0", None),
        ("direct", "0", None),
    ],
)
def test_next_tier_distance(name: str, lifetime: str, expected: tuple[str, str] | None) -> None:
    want = None if expected is None else (D(expected[0]), D(expected[1]))
    assert next_tier_distance(PRESETS[name], D(lifetime)) == want


def test_every_platform_has_a_preset() -> None:
    assert set(PLATFORMS) == {"upwork", "fiverr", "freelancer", "pph", "direct"}
    assert all(PLATFORM_SCHEDULES[p] in PRESETS for p in PLATFORMS)
    assert all(name == schedule.name for name, schedule in PRESETS.items())
    assert "unverified" in PRESETS["pph"].description


@pytest.mark.parametrize(
    ("tiers", "basis", "minimum", "message"),
    [
        ((), Basis.CLIENT, "0", "at least one rate"),
        ((Tier(None, D("1.5")),), Basis.FLAT, "0", "between 0% and 100%"),
        ((Tier(None, D("-0.1")),), Basis.FLAT, "0", "between 0% and 100%"),
        (
            (Tier(D("500"), D("0.2")), Tier(D("500"), D("0.1")), Tier(None, D("0"))),
            Basis.CLIENT,
            "0",
            "increase",
        ),
        ((Tier(D("0"), D("0.2")), Tier(None, D("0.1"))), Basis.CLIENT, "0", "increase"),
        ((Tier(D("500"), D("0.2")),), Basis.CLIENT, "0", "no limit"),
        ((Tier(None, D("0.2")), Tier(None, D("0.1"))), Basis.CLIENT, "0", "only the last"),
        ((Tier(D("500.001"), D("0.2")), Tier(None, D("0.1"))), Basis.CLIENT, "0", "two decimals"),
        ((Tier(D("500"), D("0.2")), Tier(None, D("0.1"))), Basis.FLAT, "0", "exactly one rate"),
        ((Tier(None, D("0.1")),), Basis.FLAT, "-5.00", "minimum"),
    ],
)
def test_unusable_schedules_are_refused(
    tiers: tuple[Tier, ...], basis: Basis, minimum: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        FeeSchedule("custom", tiers, basis, minimum_fee=D(minimum))


@pytest.mark.parametrize("schedule", list(PRESETS.values()), ids=list(PRESETS))
def test_presets_survive_a_json_round_trip(schedule: FeeSchedule) -> None:
    text = json.dumps(schedule_to_dict(schedule))
    assert schedule_from_dict(json.loads(text)) == schedule


def test_schedule_to_dict_writes_strings_and_null_for_no_limit() -> None:
    data = schedule_to_dict(PRESETS["upwork-2016"])
    assert data["basis"] == "client"
    assert data["tiers"] == [
        {"up_to": "500.00", "rate": "0.20"},
        {"up_to": "10000.00", "rate": "0.10"},
        {"up_to": None, "rate": "0.05"},
    ]
    assert schedule_to_dict(PRESETS["freelancer"])["minimum_applies_to"] == ["fixed"]
    odd = FeeSchedule("odd", (Tier(None, D("0.125")),), Basis.FLAT)
    assert schedule_to_dict(odd)["tiers"] == [{"up_to": None, "rate": "0.125"}]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "x", "basis": "weekly", "tiers": [{"up_to": None, "rate": "0.1"}]},
        {"name": "x", "basis": "flat", "tiers": [{"up_to": None, "rate": 0.1}]},
        {"name": "x", "basis": "flat", "tiers": [{"up_to": None, "rate": "ten"}]},
        {"name": "x", "basis": "flat", "tiers": [{"rate": "0.1"}]},
        {
            "name": "x",
            "basis": "flat",
            "tiers": [{"up_to": None, "rate": "0.1"}],
            "minimum_applies_to": ["tip"],
        },
    ],
)
def test_unreadable_stored_schedules_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(UserError):
        schedule_from_dict(data)


TIERS_2016 = (
    Tier(D("500"), D("0.2")),
    Tier(D("10000"), D("0.1")),
    Tier(None, D("0.05")),
)


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("20%:500, 10%:10000, 5%", TIERS_2016),
        ("0.2@500,0.1@10000,0.05", TIERS_2016),
        ("20% : 500 ; 10%:10,000.00 ; 5%", TIERS_2016),
        ("10%", (Tier(None, D("0.1")),)),
        ("12.5%", (Tier(None, D("0.125")),)),
        ("0", (Tier(None, D("0")),)),
    ],
)
def test_parse_tiers_reads_user_specs(text: str, tiers: tuple[Tier, ...]) -> None:
    assert parse_tiers(text) == tiers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one rate"),
        ("  ,  ", "at least one rate"),
        ("20:500, 5%", "percentage like 20%"),
        ("abc", "rate must look like"),
        ("20%:abc, 5%", "tier limit must be a number"),
        ("20%:500, 10%:400, 5%", "increase"),
        ("20%:500", "no limit"),
        ("5%, 20%:500", "only the last"),
        ("120%", "between 0 and 100"),
        ("20%:0, 5%", "more than zero"),
        (":500, 5%", "cannot read tier"),
    ],
)
def test_parse_tiers_explains_nonsense(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_tiers(text)


@given(st.sampled_from(NO_MINIMUM), lifetimes, cents)
def test_fee_is_within_the_lowest_and_highest_rate(
    schedule: FeeSchedule, prior: Decimal, amount: Decimal
) -> None:
    result = charge_fee(schedule, prior=prior, amount=amount)
    rates = [tier.rate for tier in schedule.tiers]
    assert ZERO <= round_cents(min(rates) * amount) <= result.fee
    assert result.fee <= round_cents(max(rates) * amount)
    assert result.fee + result.net == amount
    assert sum(part.amount for part in result.parts) == amount


@given(st.sampled_from(NO_MINIMUM), lifetimes, cents, cents)
def test_billing_in_two_parts_costs_the_same_within_a_cent(
    schedule: FeeSchedule, prior: Decimal, first: Decimal, second: Decimal
) -> None:
    whole = charge_fee(schedule, prior=prior, amount=first + second).fee
    one = charge_fee(schedule, prior=prior, amount=first).fee
    two = charge_fee(schedule, prior=prior + first, amount=second).fee
    assert abs(one + two - whole) <= D("0.01")


@given(st.sampled_from(list(PRESETS.values())), lifetimes, cents)
def test_a_full_refund_returns_exactly_the_tier_fee(
    schedule: FeeSchedule, prior: Decimal, amount: Decimal
) -> None:
    paid = charge_fee(schedule, prior=prior, amount=amount)
    refund = charge_fee(schedule, prior=prior + amount, amount=-amount)
    tiers_only = round_cents(sum((part.amount * part.rate for part in paid.parts), ZERO))
    assert refund.fee == -tiers_only
    assert refund.fee <= ZERO


@st.composite
def custom_schedules(draw: st.DrawFn) -> FeeSchedule:
    """Any valid schedule: increasing whole-cent limits, rates in basis points."""
    limits = sorted(draw(st.sets(st.integers(1, 10_000_000), max_size=4)))
    rates = draw(
        st.lists(st.integers(0, 10_000), min_size=len(limits) + 1, max_size=len(limits) + 1)
    )
    bounds: list[int | None] = [*limits, None]
    tiers = tuple(
        Tier(None if b is None else from_cents(b), D(r) / 10_000)
        for b, r in zip(bounds, rates, strict=True)
    )
    basis = Basis.FLAT if len(tiers) == 1 else draw(st.sampled_from([Basis.CLIENT, Basis.CONTRACT]))
    kinds = draw(st.frozensets(st.sampled_from(list(BillingKind))))
    minimum = from_cents(draw(st.integers(0, 10_000)))
    return FeeSchedule("custom", tiers, basis, minimum_fee=minimum, minimum_applies_to=kinds)


@given(custom_schedules())
def test_any_schedule_survives_a_json_round_trip(schedule: FeeSchedule) -> None:
    assert schedule_from_dict(json.loads(json.dumps(schedule_to_dict(schedule)))) == schedule


@given(custom_schedules(), lifetimes, cents, st.sampled_from(list(BillingKind)))
def test_fee_never_negative_nor_above_the_payment(
    schedule: FeeSchedule, prior: Decimal, amount: Decimal, kind: BillingKind
) -> None:
    result = charge_fee(schedule, prior=prior, amount=amount, kind=kind)
    assert ZERO <= result.fee <= amount


# -- minimum fees: the breakdown adds up, a refund returns what was charged ----------------


def test_the_breakdown_of_a_minimum_fee_adds_up_to_the_fee() -> None:
    result = charge_fee(
        PRESETS["freelancer"], prior=ZERO, amount=D("30.00"), kind=BillingKind.FIXED
    )
    assert result.parts == (
        TierPart(D("30.00"), D("0.10"), D("3.00")),
        TierPart(ZERO, ZERO, D("2.00"), minimum=True),
    )
    assert sum(part.fee for part in result.parts) == result.fee == D("5.00")


@given(custom_schedules(), lifetimes, cents, st.sampled_from(list(BillingKind)))
def test_when_a_minimum_applies_the_parts_add_up_to_the_fee(
    schedule: FeeSchedule, prior: Decimal, amount: Decimal, kind: BillingKind
) -> None:
    paid = charge_fee(schedule, prior=prior, amount=amount, kind=kind)
    tiers = round_cents(sum((p.amount * p.rate for p in paid.parts if not p.minimum), ZERO))
    if paid.fee != tiers:  # the minimum (or the payment itself) decided the fee
        assert sum(part.fee for part in paid.parts) == paid.fee
        assert [part.minimum for part in paid.parts].count(True) == 1
    else:
        assert not any(part.minimum for part in paid.parts)


@given(custom_schedules(), lifetimes, cents, st.sampled_from(list(BillingKind)))
def test_refunding_a_whole_payment_returns_the_fee_it_was_charged(
    schedule: FeeSchedule, prior: Decimal, amount: Decimal, kind: BillingKind
) -> None:
    paid = charge_fee(schedule, prior=prior, amount=amount, kind=kind)
    refund = charge_fee(schedule, prior=prior + amount, amount=-amount, kind=kind)
    assert refund.fee == -paid.fee
    assert refund.net == -paid.net


@given(
    custom_schedules(),
    st.lists(st.integers(1, 200_000), min_size=1, max_size=4),
    st.lists(st.integers(1, 100), min_size=1, max_size=6),
)
def test_refunds_in_the_ledger_never_return_more_fee_than_was_charged(
    schedule: FeeSchedule, payments: list[int], shares: list[int]
) -> None:
    """Fixed payments, then refunds in parts until all is refunded: the fees come back."""
    when = datetime(2026, 3, 2, tzinfo=UTC)
    billings = [
        Billing(1, 1, when + timedelta(hours=n), BillingKind.FIXED, from_cents(c), f"p{n}")
        for n, c in enumerate(payments)
    ]
    total = sum(payments)
    cuts = sorted({total * share // 100 for share in shares} | {total})
    refunds = [b - a for a, b in zip([0, *cuts], cuts, strict=False) if b > a]
    billings += [
        Billing(1, 1, when + timedelta(days=1, hours=n), BillingKind.FIXED, -from_cents(c), f"r{n}")
        for n, c in enumerate(refunds)
    ]
    charged = run_ledger(
        billings,
        opening_balances={},
        schedules={1: [ScheduleChange(when - timedelta(days=1), schedule)]},
    )
    fees = [item.result.fee for item in charged]
    paid = sum(fees[: len(payments)], ZERO)
    returned = -sum(fees[len(payments) :], ZERO)
    assert all(fee <= 0 for fee in fees[len(payments) :])
    if minimum_applies(schedule, BillingKind.FIXED):
        assert returned == paid  # everything refunded: every fee back, minimums included
    else:  # each refund returns its slice's fee, rounded once: a cent either way per refund
        assert abs(returned - paid) <= D("0.01") * len(refunds)


@pytest.mark.parametrize(
    ("rate", "text"), [("0", "0%"), ("0.2", "20%"), ("0.075", "7.5%"), ("0.19", "19%")]
)
def test_percent_text(rate, text):
    assert percent_text(Decimal(rate)) == text
