"""A report of some weeks (lifetime before them summed in SQL) equals replaying all of history.

Random histories with what moves the fee tiers: several clients and currencies, weekly
caps, per-entry rounding, effective-dated terms, opening balances, milestones, bonuses
and refunds, imported statement lines, Upwork's switch to a flat fee in 2023 (and the
clients that stayed at 5% until 2024), and a timer still running.
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.models import StatementLine
from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract, change_fee_schedule, edit_contract
from app.services.earnings import build_ledger, earnings_report, week_report
from app.services.entries import log_entry
from app.services.opening import open_database
from app.services.payments import add_milestone, release_milestone
from app.services.timer import start_timer

#: Histories run from here, across Upwork's switch on 2023-05-03 and into 2024.
FIRST = BillingWeek.parse("2023-W10")
SPAN_WEEKS = 50
NOW = FIRST.starts_at + timedelta(weeks=SPAN_WEEKS + 1)

contract_strategy = st.fixed_dictionaries(
    {
        "client": st.integers(0, 2),
        "fixed": st.booleans(),
        "rate": st.sampled_from(["35", "59.99", "120"]),
        "limit": st.sampled_from([None, 2, 10]),
        "rounding": st.sampled_from([0, 360, 900]),
        "platform": st.sampled_from(["upwork", "upwork", "direct", "fiverr"]),
        "currency": st.sampled_from(["USD", "USD", "EUR"]),
    }
)
#: An entry: contract, week, day and hour, minutes.
entry_strategy = st.tuples(
    st.just("entry"),
    st.integers(0, 5),
    st.integers(0, SPAN_WEEKS - 1),
    st.integers(0, 6 * 24 - 1),
    st.integers(5, 900),
)
event_strategy = st.one_of(
    # A milestone, bonus or refund released in a week, in dollars.
    st.tuples(
        st.just("release"),
        st.integers(0, 5),
        st.integers(0, SPAN_WEEKS - 1),
        st.sampled_from(["milestone", "bonus", "refund"]),
        st.integers(1, 9000),
    ),
    # New terms from a week on: a rate, a limit or a currency.
    st.tuples(
        st.just("terms"),
        st.integers(0, 5),
        st.integers(0, SPAN_WEEKS - 1),
        st.sampled_from(["rate", "limit", "currency"]),
        st.integers(0, 2),
    ),
    # A statement line of a contract in a week, in dollars (negative: a refund).
    st.tuples(
        st.just("statement"),
        st.integers(0, 5),
        st.integers(0, SPAN_WEEKS - 1),
        st.sampled_from(["hourly", "fixed", "refund"]),
        st.integers(-500, 4000),
    ),
    # A fee schedule change from a week on.
    st.tuples(
        st.just("schedule"),
        st.integers(0, 5),
        st.integers(0, SPAN_WEEKS - 1),
        st.sampled_from(["upwork", "upwork-2023", "fiverr"]),
        st.just(0),
    ),
)


def _build(
    db: Database,
    contracts: list[dict],
    openings: list[int],
    events: list[tuple],
    running: tuple[int, int] | None,
) -> list[str]:
    """Make the history; returns the contract titles."""
    created = FIRST.starts_at - timedelta(days=3)
    for number, cents in enumerate(openings):
        currency = "EUR" if number == 2 else "USD"
        add_client(
            db,
            f"Client {number}",
            billed_before=Decimal(cents),
            billed_before_currency=currency,
            now=created,
        )
    titles = []
    for number, spec in enumerate(contracts):
        title = f"Job {number}"
        add_contract(
            db,
            title,
            client=f"Client {spec['client']}",
            hourly_rate=None if spec["fixed"] else Decimal(spec["rate"]),
            fixed=spec["fixed"],
            platform=spec["platform"],
            weekly_limit_hours=None
            if spec["fixed"] or spec["limit"] is None
            else Decimal(spec["limit"]),
            rounding_seconds=spec["rounding"],
            currency=spec["currency"],
            now=created,
        )
        titles.append(title)
    statements = []
    for kind, which, week_number, *rest in events:
        title = titles[which % len(titles)]
        week = BillingWeek.from_bucket(FIRST.bucket + week_number)
        try:
            if kind == "entry":
                start = week.starts_at + timedelta(hours=rest[0])
                log_entry(db, title, start, start + timedelta(minutes=rest[1]), now=NOW)
            elif kind == "release":
                item = add_milestone(
                    db, title, "Work", amount=Decimal(rest[1]), kind=rest[0], now=NOW
                )
                release_milestone(db, item.id, at=week.starts_at + timedelta(days=2), now=NOW)
            elif kind == "terms":
                field, choice = rest
                changes: dict = {
                    "rate": {"hourly_rate": Decimal(["20", "75.5", "140"][choice])},
                    "limit": {"weekly_limit_hours": Decimal([1, 5, 30][choice])},
                    "currency": {"currency": ["USD", "EUR", "GBP"][choice]},
                }[field]
                at = week.starts_at + timedelta(days=choice, hours=7)
                edit_contract(db, title, effective_from=at, now=NOW, **changes)
            elif kind == "statement":
                statements.append((which % len(titles), week, rest[0], rest[1]))
            elif kind == "schedule":
                change_fee_schedule(db, title, rest[0], effective_from=week.starts_at)
        except UserError:
            continue  # refused (an overlap, a refund beyond what was billed, a fixed limit)
    with db.write() as session:
        for number, (which, week, kind, dollars) in enumerate(statements):
            session.add(
                StatementLine(
                    source="test",
                    source_id=str(number),
                    kind=kind,
                    amount_cents=dollars * 100,
                    currency="EUR" if which == 2 else "USD",
                    at=week.starts_at + timedelta(days=1),
                    bucket=week.bucket,
                    contract_id=which + 1,
                    description="statement",
                )
            )
    if running is not None:
        which, weeks_back = running
        at = NOW - timedelta(weeks=weeks_back, hours=3)
        with contextlib.suppress(UserError):  # refused: it would overlap a later entry
            start_timer(db, titles[which % len(titles)], at=at, now=NOW)
    return titles


history_strategies = {
    "contracts": st.lists(contract_strategy, min_size=1, max_size=6),
    "openings": st.lists(st.sampled_from([0, 2500, 9990, 15000]), min_size=3, max_size=3),
    "entries": st.lists(entry_strategy, min_size=10, max_size=80),
    "events": st.lists(event_strategy, max_size=25),
    "running": st.one_of(st.none(), st.tuples(st.integers(0, 5), st.integers(0, 6))),
}


def _bounded_equals_full(
    db: Database,
    contracts: list[dict],
    openings: list[int],
    entries: list[tuple],
    events: list[tuple],
    running: tuple[int, int] | None,
) -> list[list]:
    """Build the history, check every bounded report against the full replay.

    Returns the rows of every seventh week's report (for comparing engines).
    """
    # Entries first, then the other events in their drawn order, the running timer last.
    _build(db, contracts, openings, entries + events, running)
    # Every week of the history (2023-W19 holds Upwork's switch), and the one after.
    asked = [BillingWeek.from_bucket(FIRST.bucket + n) for n in range(SPAN_WEEKS + 2)]
    with db.read() as session:
        full = build_ledger(session, now=NOW)
        for week in asked:
            expected = full.contract_weeks([week])
            alone = build_ledger(session, now=NOW, from_week=week, to_week=week)
            assert alone.contract_weeks([week]) == expected, week.label
            if week.bucket % 5 == 0:
                stretch = [week.previous().previous(), week.previous(), week]
                several = build_ledger(session, now=NOW, from_week=stretch[0], to_week=week)
                assert several.contract_weeks(stretch) == full.contract_weeks(stretch)
                open_ended = build_ledger(session, now=NOW, from_week=week)
                assert open_ended.contract_weeks([week]) == expected
    # A payment of a dollar or more on a marketplace contract is charged a fee (at least
    # 5%: five cents); direct contracts pay none.
    marketplace = [
        item
        for item in full.charged
        if abs(item.billing.amount) >= 1
        and contracts[item.billing.contract_id - 1]["platform"] != "direct"
    ]
    assert all(item.result.fee for item in marketplace), marketplace[:3]
    reports = []
    for week in asked[::7]:
        report = week_report(db, week, now=NOW)
        assert report.rows == full.contract_weeks([week])
        reports.append(report.rows)
    last = earnings_report(db, weeks=12, now=NOW)
    current = BillingWeek.of(NOW)
    assert [r.rows for r in last] == [
        full.contract_weeks([BillingWeek.from_bucket(current.bucket - back)])
        for back in range(11, -1, -1)
    ]
    return reports


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(**history_strategies)
def test_the_weeks_asked_for_cost_what_a_full_replay_gives(
    contracts, openings, entries, events, running
):
    """Each week's rows (gross, fee, nets, releases) are exactly those of the full replay."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'h.sqlite'}")
        try:
            _bounded_equals_full(db, contracts, openings, entries, events, running)
        finally:
            db.dispose()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(**history_strategies)
def test_on_postgresql_the_sums_and_the_reports_are_those_of_sqlite(
    pg_template, contracts, openings, entries, events, running
):
    """The plain SQL (VALUES ranges, integer division, sums of cents) gives SQLite's answers."""
    from tests.support.postgres import create_database, database_url, drop_database

    name = create_database(template=pg_template)
    server = open_database(database_url(name))
    try:
        on_server = _bounded_equals_full(server, contracts, openings, entries, events, running)
    finally:
        server.dispose()
        drop_database(name)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'h.sqlite'}")
        try:
            on_file = _bounded_equals_full(db, contracts, openings, entries, events, running)
        finally:
            db.dispose()
    assert on_server == on_file


def test_a_client_past_ten_thousand_at_the_switch_stays_at_five_percent_in_a_later_week(tmp_path):
    """A report that starts after 2023-05-03 still knows the lifetime on the day of the switch."""
    db = open_database(f"sqlite:///{tmp_path / 's.sqlite'}")
    created = datetime(2023, 1, 2, tzinfo=UTC)
    add_client(db, "Big", billed_before=Decimal("9000"), now=created)
    add_contract(
        db, "Big job", client="Big", hourly_rate=Decimal("100"), platform="upwork", now=created
    )
    # 20 hours before the switch (lifetime 11,000 at the switch), then 20 hours in June.
    for day in range(4):
        start = datetime(2023, 4, 3 + day, 8, tzinfo=UTC)
        log_entry(db, "Big job", start, start + timedelta(hours=5), now=NOW)
    june = datetime(2023, 6, 5, 8, tzinfo=UTC)
    log_entry(db, "Big job", june, june + timedelta(hours=20), now=NOW)
    week = BillingWeek.of(june)
    report = week_report(db, week, now=NOW)
    db.dispose()
    [row] = report.rows
    assert row.gross == Decimal("2000.00")
    assert row.fee == Decimal("100.00")  # 5%, not 10%: the client was past 10,000 at the switch
