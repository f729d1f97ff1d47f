"""Gross, fee and net per week, derived from entries in ledger order."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.instants import to_epoch
from app.core.money_rules import EntrySpan, bill_week
from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract, change_fee_schedule, edit_contract
from app.services.earnings import earnings_report, week_report
from app.services.entries import edit_entry, log_entry
from app.services.opening import open_database
from app.services.payments import add_milestone, release_milestone
from app.services.usage import week_usage
from tests.conftest import NOW, hour

W10 = BillingWeek.parse("2026-W10")
LATER = datetime(2026, 4, 1, tzinfo=UTC)


def money(report, field="gross", currency="USD") -> Decimal:
    return getattr(report.by_currency[currency], field)


def test_the_contract_smoke_week(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    log_entry(db, job, hour(3, 10), hour(3, 10, 30), memo="second", now=NOW)
    report = week_report(db, W10, now=NOW)
    [row] = report.rows
    assert (row.tracked_seconds, row.billable_seconds) == (9000, 9000)
    assert (row.gross, row.fee, row.net) == (Decimal("150.00"), Decimal("30.00"), Decimal("120.00"))


def test_time_over_the_weekly_limit_is_not_billed(db, job):
    for day in range(2, 7):  # five days of 4.5 h = 22.5 h against a 20 h limit
        log_entry(db, job, hour(day, 8), hour(day, 12, 30), now=LATER)
    [row] = week_report(db, W10, now=LATER).rows
    assert row.tracked_seconds == 22.5 * 3600
    assert row.billable_seconds == 20 * 3600
    assert row.over_limit_seconds == 2.5 * 3600
    assert row.gross == Decimal("1200.00")
    # 500 at 20% + 700 at 10%
    assert row.fee == Decimal("170.00")


def test_per_entry_rounding_rule(db, job):
    edit_contract(db, job, rounding_seconds=900, effective_from=W10.starts_at)
    for minute in (0, 10, 20):
        log_entry(db, job, hour(2, 9, minute), hour(2, 9, minute + 1), now=NOW)
    [row] = week_report(db, W10, now=NOW).rows
    assert row.tracked_seconds == 180
    assert row.billable_seconds == 3 * 900
    assert row.gross == Decimal("45.00")


def test_opening_balance_feeds_the_tiers(db):
    add_client(db, "Old friend", billed_before=Decimal("450"), now=NOW)
    add_contract(
        db,
        "Legacy",
        client="Old friend",
        hourly_rate=Decimal("100"),
        platform="upwork",
        fee_schedule="upwork-2016",
        now=NOW,
    )
    log_entry(db, "Legacy", hour(2, 9), hour(2, 15), now=NOW)  # 600.00
    [row] = week_report(db, W10, now=NOW).rows
    assert row.fee == Decimal("65.00")  # 50 at 20% + 550 at 10%


def test_lifetime_is_shared_across_a_clients_contracts_and_later_weeks_pay_less(db, job):
    add_contract(
        db,
        "Second job",
        client="Acme Ltd",
        hourly_rate=Decimal("50"),
        platform="upwork",
        fee_schedule="upwork-2016",
        now=NOW,
    )
    log_entry(db, job, hour(2, 9), hour(2, 17), now=LATER)  # 480.00 in W10
    log_entry(db, "Second job", hour(10, 9), hour(10, 13), now=LATER)  # 200.00 in W11
    w11 = week_report(db, BillingWeek.parse("2026-W11"), now=LATER)
    # lifetime before W11 = 480: 20 at 20% + 180 at 10% = 22.00
    assert money(w11, "fee") == Decimal("22.00")


def test_editing_an_old_entry_changes_later_fees(db, job):
    first = log_entry(db, job, hour(2, 9), hour(2, 17), now=LATER)  # 480.00
    log_entry(db, job, hour(10, 9), hour(10, 13), now=LATER)  # 240.00
    w11 = BillingWeek.parse("2026-W11")
    assert money(week_report(db, w11, now=LATER), "fee") == Decimal("26.00")  # 20×.2 + 220×.1
    edit_entry(db, first.id, end=hour(2, 10), now=LATER)  # now 60.00
    assert money(week_report(db, w11, now=LATER), "fee") == Decimal("48.00")  # 240 × .2


def test_the_effective_date_switch(db, job):
    change_fee_schedule(db, job, "upwork-2023", effective_from=datetime(2026, 3, 10, tzinfo=UTC))
    log_entry(db, job, hour(2, 9), hour(2, 10), now=LATER)  # W10 billed 2026-03-09: 20%
    log_entry(db, job, hour(10, 9), hour(10, 10), now=LATER)  # W11 billed 2026-03-16: 10%
    assert money(week_report(db, W10, now=LATER), "fee") == Decimal("12.00")
    assert money(week_report(db, BillingWeek.parse("2026-W11"), now=LATER), "fee") == Decimal(
        "6.00"
    )


def test_milestones_count_in_the_week_they_are_released(db):
    add_client(db, "Shop", now=NOW)
    add_contract(db, "Logo", client="Shop", fixed=True, platform="fiverr", now=NOW)
    milestone = add_milestone(db, "Logo", "Draft", amount=Decimal("300"), now=NOW)
    assert week_report(db, W10, now=NOW).rows == []
    release_milestone(db, milestone.id, at=hour(4, 12), now=NOW)
    [row] = week_report(db, W10, now=NOW).rows
    assert (row.gross, row.fee) == (Decimal("300.00"), Decimal("60.00"))
    assert row.releases == [(Decimal("300.00"), datetime(2026, 3, 9).date())]


def test_currencies_are_never_summed(db, job):
    add_client(db, "Euro client", now=NOW)
    add_contract(
        db, "EU job", client="Euro client", hourly_rate=Decimal("50"), currency="EUR", now=NOW
    )
    log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    log_entry(db, "EU job", hour(3, 9), hour(3, 10), now=NOW)
    report = week_report(db, W10, now=NOW)
    assert money(report, "gross", "USD") == Decimal("60.00")
    assert money(report, "gross", "EUR") == Decimal("50.00")
    assert report.tracked_seconds == 7200


def test_earnings_lists_weeks_oldest_first_with_available_dates(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    weeks = earnings_report(db, weeks=3, now=NOW)
    assert [w.week.label for w in weeks] == ["2026-W08", "2026-W09", "2026-W10"]
    assert weeks[-1].week.available_on == datetime(2026, 3, 18).date()  # a Wednesday
    assert money(weeks[-1]) == Decimal("60.00")
    assert weeks[0].by_currency == {}


def test_a_running_timer_counts_up_to_now(db, job):
    from app.services.timer import start_timer

    start_timer(db, job, at=hour(5, 14), now=NOW)
    [row] = week_report(db, W10, now=NOW).rows  # NOW is 15:00
    assert row.tracked_seconds == 3600


spans_strategy = st.lists(
    st.tuples(st.integers(0, 7 * 24 * 60 - 1), st.integers(1, 600)), min_size=0, max_size=12
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spans=spans_strategy,
    rounding=st.sampled_from([0, 60, 360, 600, 900]),
    limit_hours=st.sampled_from([None, 1, 5, 40]),
)
def test_sql_week_totals_equal_the_pure_billing(spans, rounding, limit_hours):
    """The aggregated SQL path and `bill_week` agree on tracked, counted and billable time."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'p.sqlite'}")
        add_client(db, "C", now=NOW)
        add_contract(
            db,
            "J",
            client="C",
            hourly_rate=Decimal("60"),
            rounding_seconds=rounding,
            weekly_limit_hours=None if limit_hours is None else Decimal(limit_hours),
            now=NOW,
        )
        placed: list[EntrySpan] = []
        for minute, length in spans:
            start = W10.starts_at + timedelta(minutes=minute)
            end = min(start + timedelta(minutes=length), W10.ends_at)
            try:
                info = log_entry(db, "J", start, end, now=LATER)
            except Exception:
                continue
            placed.append(EntrySpan(info.id, to_epoch(start), to_epoch(end), "manual", ""))
        with db.read() as session:
            usage = week_usage(session, now=LATER).get((1, W10.bucket))
        expected = bill_week(
            placed,
            rate=Decimal("60"),
            rounding_seconds=rounding,
            weekly_limit_seconds=None if limit_hours is None else limit_hours * 3600,
        )
        report = week_report(db, W10, now=LATER)
        db.dispose()
    if not placed:
        assert usage is None
        return
    assert usage is not None
    assert usage.tracked_seconds == expected.tracked_seconds
    assert usage.counted_seconds == expected.counted_seconds
    assert report.rows[0].billable_seconds == expected.billable_seconds
    assert report.rows[0].gross == expected.amount


def test_a_ledger_from_a_week_on_equals_the_full_replay(tmp_path):
    """Summing history in SQL and replaying only later billings gives the very same fees."""
    from app.services.demo import DemoSize, fill
    from app.services.earnings import build_ledger

    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    fill(db, DemoSize(clients=5, contracts=12, entries=3_000, days=4 * 365), now=now, seed=3)
    weeks = [BillingWeek.of(now - timedelta(weeks=back)) for back in (0, 5, 60, 150)]
    with db.read() as session:
        full = build_ledger(session, now=now)
        for week in weeks:
            windowed = build_ledger(session, now=now, from_week=week)
            expected = full.contract_weeks([week])
            assert windowed.contract_weeks([week]) == expected
            assert any(row.fee > 0 for row in expected) or week == weeks[0]
    db.dispose()


def test_a_custom_schedule_named_in_capitals_charges_its_own_rates(db, job):
    from app.core.fees import Basis, FeeSchedule, Tier
    from app.services.schedules import save_schedule

    save_schedule(db, FeeSchedule("Mine", (Tier(None, Decimal("0.05")),), Basis.FLAT))
    change_fee_schedule(db, job, "MINE", effective_from=datetime(2026, 1, 1, tzinfo=UTC))
    log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    assert money(week_report(db, W10, now=NOW), "fee") == Decimal("3.00")  # 5% of 60.00


def test_a_cancelled_milestone_bills_nothing_and_cannot_be_released(db):
    from app.core.errors import UserError as Refused
    from app.services.payments import cancel_milestone, list_milestones

    add_client(db, "Shop", now=NOW)
    add_contract(db, "Logo", client="Shop", fixed=True, now=NOW)
    typo = add_milestone(db, "Logo", "Draft", amount=Decimal("3000"), now=NOW)
    assert cancel_milestone(db, typo.id).status == "cancelled"
    assert list_milestones(db, "Logo")[0].status == "cancelled"
    with pytest.raises(Refused, match="cancelled"):
        release_milestone(db, typo.id, at=hour(4, 12), now=NOW)
    paid = add_milestone(db, "Logo", "Final", amount=Decimal("100"), now=NOW)
    release_milestone(db, paid.id, at=hour(4, 12), now=NOW)
    with pytest.raises(Refused, match="refund instead"):
        cancel_milestone(db, paid.id)
    assert money(week_report(db, W10, now=NOW)) == Decimal("100.00")


def test_a_withdrawal_recorded_by_mistake_can_be_deleted(db):
    from app.core.errors import NotFound as Missing
    from app.services.payments import delete_withdrawal, list_withdrawals, withdraw
    from tests.support.books import fund

    fund(db, Decimal("600"), by=hour(3, 9))
    mistake = withdraw(db, Decimal("500"), method="wire", at=hour(3, 9), now=NOW)
    assert delete_withdrawal(db, mistake.id).amount == Decimal("500")
    assert list_withdrawals(db) == []
    with pytest.raises(Missing):
        delete_withdrawal(db, mistake.id)
