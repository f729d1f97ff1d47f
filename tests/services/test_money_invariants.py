"""The money invariants end to end: week report, timesheet and invoice bill the same money."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.earnings import week_report
from app.services.entries import log_entry
from app.services.invoices import create_invoice

D = Decimal
W09, W10 = BillingWeek.parse("2026-W09"), BillingWeek.parse("2026-W10")
LATER = datetime(2026, 4, 1, tzinfo=UTC)


def contract(db, *, rate: str, rounding: int = 0) -> str:
    add_client(db, "Acme", now=LATER)
    add_contract(
        db, "Job", client="Acme", hourly_rate=D(rate), rounding_seconds=rounding, now=LATER
    )
    return "Job"


def gross(db, week: BillingWeek) -> Decimal:
    report = week_report(db, week, now=LATER)
    return report.by_currency["USD"].gross if "USD" in report.by_currency else D("0.00")


def test_20_minutes_at_60_bill_20_on_the_week_and_the_invoice(db):
    job = contract(db, rate="60")
    log_entry(
        db,
        job,
        W10.starts_at + timedelta(hours=9),
        W10.starts_at + timedelta(hours=9, minutes=20),
        now=LATER,
    )
    assert gross(db, W10) == D("20.00")
    assert create_invoice(db, job, week=W10, now=LATER).subtotal == D("20.00")


def test_60_one_minute_entries_at_33_33_bill_33_33(db):
    job = contract(db, rate="33.33")
    for i in range(60):
        start = W10.starts_at + timedelta(hours=9, minutes=2 * i)
        log_entry(db, job, start, start + timedelta(minutes=1), memo=f"m{i % 4}", now=LATER)
    assert gross(db, W10) == D("33.33")
    for group_by in ("day", "memo"):
        invoice = create_invoice(db, job, week=W10, group_by=group_by, now=LATER)
        assert invoice.subtotal == D("33.33")
        from app.services.invoices import delete_invoice

        delete_invoice(db, invoice.id)


def test_a_7_second_entry_is_on_the_invoice(db):
    job = contract(db, rate="60")
    start = W10.starts_at + timedelta(hours=9)
    log_entry(db, job, start, start + timedelta(seconds=7), now=LATER)
    invoice = create_invoice(db, job, week=W10, now=LATER)
    assert gross(db, W10) == invoice.subtotal == D("0.12")
    assert len(invoice.lines) == 1


def test_an_entry_across_the_week_boundary_is_rounded_once(db):
    """Sunday 23:55 to Monday 00:05 UTC, 15-minute rounding: 15 minutes billed in all."""
    job = contract(db, rate="60", rounding=900)
    log_entry(
        db,
        job,
        W10.starts_at - timedelta(minutes=5),
        W10.starts_at + timedelta(minutes=5),
        now=LATER,
    )
    reports = [week_report(db, week, now=LATER) for week in (W09, W10)]
    assert sum(r.billable_seconds for r in reports) == 900  # was 1800: 15 min in each week
    assert gross(db, W09) + gross(db, W10) == D("15.00")
    invoiced = sum(create_invoice(db, job, week=week, now=LATER).subtotal for week in (W09, W10))
    assert invoiced == D("15.00")


def test_each_currency_keeps_its_own_fee_tiers(db):
    """A client's EUR billings never push its USD payments into a lower tier."""
    from app.services.earnings import client_lifetime_billings

    add_client(db, "Acme", billed_before=D("450"), billed_before_currency="EUR", now=LATER)
    for title, currency in (("Euro job", "EUR"), ("Dollar job", "USD")):
        add_contract(
            db,
            title,
            client="Acme",
            hourly_rate=D("100"),
            platform="upwork",
            fee_schedule="upwork-2016",
            currency=currency,
            now=LATER,
        )
    start = W10.starts_at + timedelta(hours=9)
    log_entry(db, "Euro job", start, start + timedelta(hours=6), now=LATER)
    log_entry(db, "Dollar job", start + timedelta(hours=7), start + timedelta(hours=8), now=LATER)
    report = week_report(db, W10, now=LATER)
    assert report.by_currency["USD"].fee == D("20.00")  # 100 at 20%: was 10.00
    assert report.by_currency["EUR"].fee == D("65.00")  # after the EUR opening 450
    lifetime = client_lifetime_billings(db, now=LATER)
    assert {currency: amount for (_, currency), amount in lifetime.items()} == {
        "EUR": D("1050.00"),
        "USD": D("100.00"),
    }


def upwork_week(db, title: str, monday: str, hours: int) -> BillingWeek:
    week = BillingWeek.parse(monday)
    start = week.starts_at + timedelta(hours=9)
    log_entry(db, title, start, start + timedelta(hours=hours), now=LATER)
    return week


def test_an_upwork_contract_is_charged_what_upwork_charged_at_the_time(db):
    """A 2022 Upwork contract pays 20% on its first $500 (today's code charged 10%)."""
    add_client(db, "Acme", now=LATER)
    add_contract(db, "Old job", client="Acme", hourly_rate=D("100"), platform="upwork", now=LATER)
    week = upwork_week(db, "Old job", "2022-W10", 6)  # 600.00
    fee = week_report(db, week, now=LATER).by_currency["USD"].fee
    assert fee == D("110.00")  # 500 at 20% + 100 at 10%
    after = upwork_week(db, "Old job", "2024-W10", 1)  # flat 10% since 2023-05-03
    assert week_report(db, after, now=LATER).by_currency["USD"].fee == D("10.00")


def test_clients_already_at_5_percent_stayed_there_until_the_end_of_2023(db):
    add_client(db, "Big", billed_before=D("12000"), now=LATER)
    add_contract(db, "Big job", client="Big", hourly_rate=D("100"), platform="upwork", now=LATER)
    in_2023 = upwork_week(db, "Big job", "2023-W30", 2)
    in_2024 = upwork_week(db, "Big job", "2024-W02", 2)
    fees = [week_report(db, w, now=LATER).by_currency["USD"].fee for w in (in_2023, in_2024)]
    assert fees == [D("10.00"), D("20.00")]  # 5% of 200, then 10% of 200


def test_a_contract_can_carry_its_own_fee_rate(db):
    add_client(db, "Acme", now=LATER)
    add_contract(
        db,
        "Offer job",
        client="Acme",
        hourly_rate=D("40"),
        platform="upwork",
        fee_rate=D("0.125"),
        now=LATER,
    )
    upwork_week(db, "Offer job", "2026-W10", 5)  # 200.00
    assert week_report(db, W10, now=LATER).by_currency["USD"].fee == D("25.00")


def test_a_refund_larger_than_what_was_billed_is_refused(db):
    from app.core.errors import UserError
    from app.services.payments import add_milestone, list_milestones, release_milestone

    add_client(db, "Acme", now=LATER)
    add_contract(db, "Logo", client="Acme", fixed=True, platform="upwork", now=LATER)
    paid = add_milestone(db, "Logo", "site", amount=D("300"), now=LATER)
    release_milestone(db, paid.id, at=datetime(2026, 3, 10, tzinfo=UTC), now=LATER)
    back = add_milestone(db, "Logo", "too much", amount=D("300.01"), kind="refund", now=LATER)
    import pytest

    with pytest.raises(UserError, match=r"more than the 300\.00 USD billed"):
        release_milestone(db, back.id, at=datetime(2026, 3, 12, tzinfo=UTC), now=LATER)
    assert next(m for m in list_milestones(db) if m.id == back.id).status == "funded"
    exact = add_milestone(db, "Logo", "all of it", amount=D("300"), kind="refund", now=LATER)
    release_milestone(db, exact.id, at=datetime(2026, 3, 12, tzinfo=UTC), now=LATER)
