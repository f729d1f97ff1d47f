"""Invoices: lines from time or milestones, gapless numbers never reused, status, PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import Conflict, NotFound, UserError
from app.core.weeks import BillingWeek
from app.reports.printed import quantity_seconds
from app.services.contracts import add_contract
from app.services.earnings import week_report
from app.services.entries import log_entry
from app.services.invoices import (
    create_invoice,
    delete_invoice,
    get_invoice,
    invoice_pdf,
    issue_invoice,
    list_invoices,
    mark_invoice_paid,
    void_invoice,
)
from app.services.opening import open_database
from app.services.payments import add_milestone, list_milestones
from app.services.settings import update_settings
from tests.conftest import NOW, hour
from tests.reports.helpers import GREEK_MEMO, MARKUP_MEMO, pdf_text

W10 = BillingWeek.parse("2026-W10")
LATER = datetime(2026, 6, 1, tzinfo=UTC)


def weeks(count: int) -> list[BillingWeek]:
    return [BillingWeek.from_bucket(W10.bucket + i) for i in range(count)]


def work(db, job, week: BillingWeek, memo: str = "work", hours: int = 2) -> None:
    start = week.starts_at + timedelta(hours=9)
    log_entry(db, job, start, start + timedelta(hours=hours), memo=memo, now=LATER)


def test_a_week_becomes_a_draft_with_lines_per_day(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    log_entry(db, job, hour(3, 10), hour(3, 10, 30), memo="second", now=NOW)
    draft = create_invoice(db, job, week=W10, tax_rate=Decimal("0.2"), notes="Thanks", now=NOW)
    assert (draft.status, draft.number, draft.issue_date) == ("draft", None, None)
    assert [(x.description, x.quantity, x.unit_price, x.amount) for x in draft.lines] == [
        ("Mon 2 Mar 2026: first", Decimal("2.00"), Decimal("60.00"), Decimal("120.00")),
        ("Tue 3 Mar 2026: second", Decimal("0.50"), Decimal("60.00"), Decimal("30.00")),
    ]
    assert (draft.subtotal, draft.tax, draft.total) == (
        Decimal("150.00"),
        Decimal("30.00"),
        Decimal("180.00"),
    )
    assert (draft.currency, draft.period_start, draft.period_end) == (
        "USD",
        W10.starts_at,
        W10.ends_at,
    )
    assert draft.buyer.name == "Acme Ltd"


def test_lines_per_memo_and_the_weekly_limit(db, job):
    for day in range(2, 7):  # 5 × 4.5 h = 22.5 h against the 20 h limit
        log_entry(
            db, job, hour(day, 8), hour(day, 12, 30), memo="API" if day % 2 else "Docs", now=LATER
        )
    draft = create_invoice(db, job, week=W10, group_by="memo", now=LATER)
    assert [(x.description, x.quantity) for x in draft.lines] == [
        ("Docs", Decimal("11.00")),
        ("API", Decimal("9.00")),
    ]
    assert draft.total == Decimal("1200.00")


def test_a_date_range_bills_only_its_days(db, job):
    work(db, job, W10)
    work(db, job, W10.next(), hours=3)
    start = datetime(2026, 3, 9, tzinfo=UTC)
    draft = create_invoice(db, job, period=(start, start + timedelta(days=7)), now=LATER)
    assert draft.total == Decimal("180.00")


def test_milestones_become_lines(db, job):
    add_contract(db, "Logo", client="Acme Ltd", fixed=True, now=NOW)
    first = add_milestone(db, "Logo", "Sketches", amount=Decimal("250.00"), now=NOW)
    second = add_milestone(db, "Logo", "Final files", amount=Decimal("500.50"), now=NOW)
    draft = create_invoice(db, "Logo", milestones=[first.id, second.id], now=NOW)
    assert [(x.description, x.quantity, x.amount) for x in draft.lines] == [
        ("Sketches", Decimal(1), Decimal("250.00")),
        ("Final files", Decimal(1), Decimal("500.50")),
    ]
    assert draft.total == Decimal("750.50")
    with pytest.raises(NotFound):
        create_invoice(db, job, milestones=[first.id], now=NOW)
    with pytest.raises(UserError, match="fixed-price"):
        create_invoice(db, "Logo", week=W10, now=NOW)


def test_a_milestone_is_never_billed_twice(db, job):
    add_contract(db, "Logo", client="Acme Ltd", fixed=True, now=NOW)
    sketch = add_milestone(db, "Logo", "Sketches", amount=Decimal("250.00"), now=NOW)
    first = issue_invoice(
        db, create_invoice(db, "Logo", milestones=[sketch.id], now=NOW).id, now=NOW
    )
    assert list_milestones(db, "Logo")[0].invoice == first.number
    with pytest.raises(Conflict, match=f"already on invoice {first.number}"):
        create_invoice(db, "Logo", milestones=[sketch.id], now=NOW)
    assert len(list_invoices(db)) == 1
    void_invoice(db, first.id)
    again = create_invoice(db, "Logo", milestones=[sketch.id], now=NOW)
    assert list_milestones(db, "Logo")[0].invoice == f"draft #{again.id}"
    delete_invoice(db, again.id)
    assert list_milestones(db, "Logo")[0].invoice is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either a week"),
        ({"week": W10, "milestones": [1]}, "either a week"),
        ({"week": W10, "tax_rate": Decimal("1.5")}, "between 0 and 100"),
        ({"week": W10, "tax_rate": Decimal("0.1234567")}, "four decimals"),
        ({"week": W10, "group_by": "week"}, "day or memo"),
        ({"week": W10.next()}, "no billable time"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(db, job, kwargs, message):
    work(db, job, W10)
    with pytest.raises(UserError, match=message):
        create_invoice(db, job, now=LATER, **kwargs)
    assert list_invoices(db) == []


def test_time_is_never_billed_twice(db, job):
    work(db, job, W10)
    draft = create_invoice(db, job, week=W10, now=LATER)
    with pytest.raises(Conflict, match="already billed"):
        create_invoice(db, job, week=W10, now=LATER)
    issue_invoice(db, draft.id, now=LATER)
    void_invoice(db, draft.id)
    assert create_invoice(db, job, week=W10, now=LATER).status == "draft"


def test_numbers_are_gapless_and_a_voided_number_is_never_reused(db, job):
    for week in weeks(5):
        work(db, job, week)
    ids = [create_invoice(db, job, week=week, now=LATER).id for week in weeks(5)]
    numbers = [issue_invoice(db, ids[i], now=LATER).number for i in (0, 1, 2)]
    assert numbers == ["INV-2026-0001", "INV-2026-0002", "INV-2026-0003"]
    assert void_invoice(db, "inv-2026-0002").status == "void"
    delete_invoice(db, ids[3])  # a deleted draft never had a number
    assert issue_invoice(db, ids[4], now=LATER).number == "INV-2026-0004"
    listed = [(i.number, i.status) for i in list_invoices(db)]
    assert listed == [
        ("INV-2026-0001", "issued"),
        ("INV-2026-0002", "void"),
        ("INV-2026-0003", "issued"),
        ("INV-2026-0004", "issued"),
    ]


def test_the_prefix_is_configurable_and_the_year_is_the_issue_year(db, job):
    update_settings(db, invoice_prefix="ACME/{year}/", invoice_due_days=30)
    work(db, job, W10)
    info = issue_invoice(
        db, create_invoice(db, job, week=W10, now=LATER).id, issue_date=date(2027, 1, 2), now=LATER
    )
    assert (info.number, info.issue_date, info.due_date) == (
        "ACME/2027/0001",
        date(2027, 1, 2),
        date(2027, 2, 1),
    )


def test_status_rules(db, job):
    work(db, job, W10)
    draft = create_invoice(db, job, week=W10, now=LATER)
    with pytest.raises(UserError, match="delete it instead"):
        void_invoice(db, draft.id)
    with pytest.raises(Conflict, match="must be issued to be marked paid"):
        mark_invoice_paid(db, draft.id, now=LATER)
    issued = issue_invoice(db, draft.id, issue_date=date(2026, 3, 9), now=LATER)
    with pytest.raises(Conflict, match="must be draft to be issued"):
        issue_invoice(db, issued.id, now=LATER)
    with pytest.raises(Conflict, match="only drafts can be deleted"):
        delete_invoice(db, issued.id)
    with pytest.raises(UserError, match="after"):
        mark_invoice_paid(db, issued.id, paid_on=date(2026, 3, 1))
    paid = mark_invoice_paid(db, issued.number, paid_on=date(2026, 3, 20))
    assert (paid.status, paid.paid_on) == ("paid", date(2026, 3, 20))
    with pytest.raises(Conflict):
        void_invoice(db, paid.id)
    with pytest.raises(NotFound):
        get_invoice(db, "INV-1999-0001")


def test_an_issued_invoice_keeps_the_parties_as_they_were(db, job, tmp_path):
    update_settings(db, name="Priya Sharma", address="12 MG Road", tax_id="GSTIN 29ABCDE")
    log_entry(db, job, hour(2, 9), hour(2, 11), memo=MARKUP_MEMO, now=NOW)
    log_entry(db, job, hour(3, 9), hour(3, 10), memo=GREEK_MEMO, now=NOW)
    info = issue_invoice(
        db, create_invoice(db, job, week=W10, tax_rate=Decimal("0.19"), now=NOW).id, now=NOW
    )
    update_settings(db, name="Somebody Else")
    written = invoice_pdf(db, info.number, tmp_path / "i.pdf")
    text = pdf_text(written.path)
    for expected in (
        "INV-2026-0001",
        "Priya Sharma",
        "GSTIN 29ABCDE",
        "Acme Ltd",
        MARKUP_MEMO,
        GREEK_MEMO,
        "Subtotal 180.00",
        "Tax (19%) 34.20",
        "Total (USD) 214.20",
    ):
        assert expected in text
    assert "Somebody Else" not in text
    # A draft shows today's profile, and says it is a draft.
    work(db, job, W10.next())
    draft = create_invoice(db, job, week=W10.next(), now=LATER)
    text = pdf_text(invoice_pdf(db, draft.id, tmp_path / "d.pdf").path)
    assert "Somebody Else" in text and "DRAFT" in text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    minutes=st.lists(st.integers(1, 600), min_size=1, max_size=12),
    rate=st.decimals(min_value="1.00", max_value="500.00", places=2),
    tax=st.decimals(min_value="0", max_value="0.3", places=3),
    group_by=st.sampled_from(["day", "memo"]),
)
def test_stored_invoices_always_add_up(tmp_path_factory, minutes, rate, tax, group_by):
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('db') / 't.sqlite'}")
    try:
        from app.services.clients import add_client

        add_client(db, "C", now=NOW)
        add_contract(
            db,
            "J",
            client="C",
            hourly_rate=rate,
            weekly_limit_hours=Decimal(30),
            rounding_seconds=360,
            now=NOW,
        )
        cursor = W10.starts_at
        for i, length in enumerate(minutes):
            cursor += timedelta(minutes=37 * i + 11)
            log_entry(
                db,
                "J",
                cursor,
                cursor + timedelta(minutes=length, seconds=i),
                memo=f"m{i % 3}",
                now=LATER,
            )
            cursor += timedelta(minutes=length, seconds=i)
        try:
            info = create_invoice(
                db,
                "J",
                period=(W10.starts_at, cursor + timedelta(days=8)),
                group_by=group_by,
                tax_rate=tax,
                now=LATER,
            )
        except UserError:
            return  # no billable time left after the limit
        assert info.subtotal == sum(line.amount for line in info.lines)
        assert info.total == info.subtotal + info.tax
        # the invoice bills exactly what the week report bills for the same weeks
        weeks = {BillingWeek.of(info.period_start), BillingWeek.of(cursor)}
        gross = sum(
            report.by_currency["USD"].gross
            for report in (week_report(db, week, now=LATER) for week in weeks)
            if "USD" in report.by_currency
        )
        assert info.subtotal == gross
        for line in info.lines:
            exact = quantity_seconds(line.quantity) * line.unit_price / 3600
            assert abs(line.amount - exact) < Decimal("0.01")
    finally:
        db.dispose()
