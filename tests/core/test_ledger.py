"""The fee ledger: lifetime per client across contracts, schedule changes, refunds, order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.fees import PRESETS, Basis, BillingKind, FeeSchedule, Tier
from app.core.ledger import (
    Billing,
    ChargedBilling,
    ScheduleChange,
    charged_by_key,
    lifetime_billings,
    lifetime_start,
    run_ledger,
    schedule_in_force,
)
from app.core.money import ZERO, from_cents

D = Decimal
SLIDING = [ScheduleChange(datetime(2016, 6, 21, tzinfo=UTC), PRESETS["upwork-2016"])]
SWITCHED = [*SLIDING, ScheduleChange(datetime(2023, 5, 3, tzinfo=UTC), PRESETS["upwork-2023"])]


def at(day: int, month: int = 3, year: int = 2026, hour: int = 12) -> datetime:
    """An aware UTC instant, short to write in tables."""
    return datetime(year, month, day, hour, tzinfo=UTC)


def bill(
    contract: int,
    when: datetime,
    amount: str,
    *,
    client: int = 1,
    key: str = "",
    kind: BillingKind = BillingKind.HOURLY,
) -> Billing:
    """A billing with a default client and a key derived from its time."""
    return Billing(client, contract, when, kind, D(amount), key or f"k:{when.isoformat()}")


def fees(charged: list[ChargedBilling]) -> list[Decimal]:
    """The fee of each charged billing, in ledger order."""
    return [item.result.fee for item in charged]


def test_two_contracts_of_one_client_share_the_tiers() -> None:
    charged = run_ledger(
        [bill(1, at(2), "400.00"), bill(2, at(3), "200.00")],
        opening_balances={},
        schedules={1: SLIDING, 2: SLIDING},
    )
    assert fees(charged) == [D("80.00"), D("30.00")]  # 100 at 20% + 100 at 10%
    assert [item.result.prior for item in charged] == [ZERO, D("400.00")]


def test_the_opening_balance_feeds_the_tiers() -> None:
    charged = run_ledger(
        [bill(1, at(2), "100.00")], opening_balances={1: D("450.00")}, schedules={1: SLIDING}
    )
    assert fees(charged) == [D("15.00")]
    assert lifetime_billings(charged, lifetime_start({1: D("450.00"), 9: D("5.00")})) == {
        (1, "USD"): D("550.00"),
        (9, "USD"): D("5.00"),
    }


def test_the_schedule_switches_on_its_effective_date() -> None:
    charged = run_ledger(
        [
            bill(1, datetime(2016, 1, 1, tzinfo=UTC), "100.00"),  # before the first: the first
            bill(1, datetime(2023, 5, 2, 23, 59, 59, tzinfo=UTC), "500.00"),
            bill(1, datetime(2023, 5, 3, tzinfo=UTC), "1000.00"),
        ],
        opening_balances={},
        schedules={1: SWITCHED},
    )
    assert [item.schedule_name for item in charged] == ["upwork-2016", "upwork-2016", "upwork-2023"]
    assert fees(charged) == [D("20.00"), D("90.00"), D("100.00")]  # 400x0.2 + 100x0.1 = 90


def test_lifetime_advances_under_a_flat_schedule_too() -> None:
    charged = run_ledger(
        [bill(1, at(2), "1000.00"), bill(2, at(3), "100.00")],
        opening_balances={},
        schedules={1: [ScheduleChange(at(1), PRESETS["upwork-2023"])], 2: SLIDING},
    )
    assert fees(charged) == [D("100.00"), D("10.00")]


def test_a_refund_returns_its_fee_and_lowers_lifetime() -> None:
    charged = run_ledger(
        [bill(1, at(2), "600.00"), bill(1, at(3), "-200.00"), bill(1, at(4), "200.00")],
        opening_balances={},
        schedules={1: SLIDING},
    )
    assert fees(charged) == [D("110.00"), D("-30.00"), D("30.00")]
    assert lifetime_billings(charged, {}) == {(1, "USD"): D("600.00")}


def test_contract_basis_counts_each_contract_alone() -> None:
    per_contract = FeeSchedule(
        "per-contract", (Tier(D("100.00"), D("0.20")), Tier(None, D("0.10"))), Basis.CONTRACT
    )
    changes = [ScheduleChange(at(1), per_contract)]
    charged = run_ledger(
        [bill(1, at(2), "100.00"), bill(2, at(3), "100.00"), bill(1, at(4), "100.00")],
        opening_balances={1: D("5000.00")},
        schedules={1: changes, 2: changes},
    )
    assert fees(charged) == [D("20.00"), D("20.00"), D("10.00")]


def test_milestones_and_bonuses_count_and_the_minimum_follows_the_kind() -> None:
    freelancer = [ScheduleChange(at(1), PRESETS["freelancer"])]
    charged = run_ledger(
        [
            bill(1, at(2), "20.00", kind=BillingKind.FIXED),
            bill(1, at(3), "20.00", kind=BillingKind.HOURLY),
            bill(1, at(4), "20.00", kind=BillingKind.BONUS),
        ],
        opening_balances={},
        schedules={1: freelancer},
    )
    assert fees(charged) == [D("5.00"), D("2.00"), D("2.00")]
    assert lifetime_billings(charged, {}) == {(1, "USD"): D("60.00")}


def test_ledger_order_is_time_then_contract_then_key() -> None:
    same = at(2)
    billings = [
        bill(2, same, "200.00", key="a"),
        bill(1, same, "200.00", key="b"),
        bill(1, same, "200.00", key="a"),
        bill(1, at(1), "200.00", key="z"),
    ]
    charged = run_ledger(billings, opening_balances={}, schedules={1: SLIDING, 2: SLIDING})
    order = [(item.billing.contract_id, item.billing.key) for item in charged]
    assert order == [(1, "z"), (1, "a"), (1, "b"), (2, "a")]
    last = charged_by_key(charged)[(2, "a")].result
    assert (last.prior, last.fee) == (D("600.00"), D("20.00"))


def test_the_ledger_compares_instants_not_wall_clocks() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    early_in_utc = bill(2, datetime(2026, 3, 2, 9, tzinfo=india), "500.00")  # 03:30 UTC
    late_in_utc = bill(1, datetime(2026, 3, 2, 5, tzinfo=UTC), "500.00")
    charged = run_ledger(
        [late_in_utc, early_in_utc], opening_balances={}, schedules={1: SLIDING, 2: SLIDING}
    )
    assert [item.billing for item in charged] == [early_in_utc, late_in_utc]


def test_schedule_in_force_takes_the_latest_effective() -> None:
    shuffled = list(reversed(SWITCHED))
    assert schedule_in_force(shuffled, datetime(2023, 5, 3, tzinfo=UTC)).name == "upwork-2023"
    assert schedule_in_force(shuffled, datetime(2023, 5, 2, tzinfo=UTC)).name == "upwork-2016"
    assert schedule_in_force(shuffled, datetime(2001, 1, 1, tzinfo=UTC)).name == "upwork-2016"


def test_a_contract_without_a_schedule_is_refused() -> None:
    with pytest.raises(UserError, match="contract 7"):
        run_ledger([bill(7, at(2), "10.00")], opening_balances={}, schedules={1: SLIDING})


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        Billing(1, 1, datetime(2026, 3, 2), BillingKind.HOURLY, D("1.00"), "k")
    with pytest.raises(ValueError, match="naive"):
        ScheduleChange(datetime(2026, 3, 2), PRESETS["direct"])


CONTRACT_CLIENT = {10: 1, 11: 1, 20: 2, 30: 3}
CONTRACT_SCHEDULES = {
    10: SWITCHED,
    11: [ScheduleChange(at(1, year=2020), PRESETS["pph"])],
    20: SLIDING,
    30: [ScheduleChange(at(1, year=2020), PRESETS["freelancer"])],
}


@st.composite
def billing_lists(draw: st.DrawFn) -> list[Billing]:
    """Billings of three clients on four contracts around the 2023 schedule switch."""
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(CONTRACT_CLIENT)),
                st.integers(0, 2000),  # days after 2022-01-01
                st.integers(-50_000, 1_500_000),
                st.sampled_from(list(BillingKind)),
            ),
            max_size=25,
        )
    )
    start = datetime(2022, 1, 1, tzinfo=UTC)
    return [
        Billing(
            CONTRACT_CLIENT[c], c, start + timedelta(days=day), kind, from_cents(cents), f"b:{i}"
        )
        for i, (c, day, cents, kind) in enumerate(rows)
    ]


@given(billing_lists(), st.randoms(use_true_random=False))
def test_order_across_clients_does_not_change_any_clients_fees(
    billings: list[Billing], rng: Random
) -> None:
    opening = {1: D("450.00"), 2: D("0.00")}
    together = run_ledger(billings, opening_balances=opening, schedules=CONTRACT_SCHEDULES)
    shuffled = list(billings)
    rng.shuffle(shuffled)
    assert run_ledger(shuffled, opening_balances=opening, schedules=CONTRACT_SCHEDULES) == together
    for client in (1, 2, 3):
        alone = run_ledger(
            [b for b in billings if b.client_id == client],
            opening_balances=opening,
            schedules=CONTRACT_SCHEDULES,
        )
        assert alone == [item for item in together if item.billing.client_id == client]
    lifetimes = lifetime_billings(together, lifetime_start(opening))
    for (client, _), total in lifetimes.items():
        mine = [b.amount for b in billings if b.client_id == client]
        assert total == opening.get(client, ZERO) + sum(mine, ZERO)


def test_each_currency_keeps_its_own_tiers() -> None:
    """EUR billings never push a client's USD payments into a lower fee tier."""
    euros = Billing(1, 1, at(2), BillingKind.HOURLY, D("600.00"), "eur", currency="EUR")
    dollars = Billing(1, 1, at(3), BillingKind.HOURLY, D("100.00"), "usd", currency="USD")
    charged = run_ledger(
        [euros, dollars],
        opening_balances={1: D("450.00")},
        opening_currencies={1: "EUR"},
        schedules={1: SLIDING},
    )
    # EUR: 50 at 20% + 550 at 10% after the EUR opening 450; USD starts at zero: 20%
    assert fees(charged) == [D("65.00"), D("20.00")]
    assert lifetime_billings(charged, lifetime_start({1: D("450.00")}, {1: "EUR"})) == {
        (1, "EUR"): D("1050.00"),
        (1, "USD"): D("100.00"),
    }
