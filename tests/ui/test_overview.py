"""The window's read-models: contract overview, a contract's hours, the poll fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.core.weeks import BillingWeek
from app.services.clients import edit_client
from app.services.contracts import edit_contract
from app.services.entries import edit_entry, log_entry
from app.services.overview import contract_overview
from app.services.plain_reads import contract_hours, poll_state, week_sheet
from app.services.timer import start_timer


def test_overview_counts_lifetime_with_the_client_and_the_next_tier(db, seeded, clock):
    rows = {row.contract.title: row for row in contract_overview(db, now=clock())}
    api = rows["API work"]
    assert api.week_seconds == 11 * 3600
    assert api.lifetime == Decimal("900.00")  # 400 before + 10 billable h × 50
    assert (api.next_tier_in, api.next_tier_rate) == (Decimal("9100.00"), Decimal("0.05"))
    assert rows["Site fixes"].next_tier_in is None  # direct: a flat schedule


def test_overview_before_the_first_tier_boundary(db, seeded, clock):
    edit_client(db, seeded.client_id, billed_before=Decimal(0))
    edit_contract(
        db,
        seeded.upwork_id,
        weekly_limit_hours=Decimal(5),
        effective_from=datetime(2020, 1, 1, tzinfo=UTC),
    )
    (api,) = [r for r in contract_overview(db, now=clock()) if r.contract.title == "API work"]
    assert api.lifetime == Decimal("250.00")
    assert (api.next_tier_in, api.next_tier_rate) == (Decimal("250.00"), Decimal("0.10"))


def test_contract_hours_today_and_this_week_with_a_running_timer(db, seeded, clock):
    start_timer(db, seeded.upwork_id, memo="x", at=clock() - timedelta(minutes=30), now=clock())
    hours = contract_hours(db, seeded.upwork_id, now=clock(), zone=UTC)
    assert (hours.today_seconds, hours.week_seconds) == (2.5 * 3600, 11.5 * 3600)
    assert hours.running and hours.weekly_limit_seconds == 36_000


def test_contract_hours_use_the_local_day(db, seeded, clock):
    # In Auckland (UTC+13) it is already Friday: Thursday's entries are not "today".
    hours = contract_hours(db, seeded.upwork_id, now=clock(), zone=ZoneInfo("Pacific/Auckland"))
    assert hours.today_seconds == 0 and hours.week_seconds == 11 * 3600


def test_poll_fingerprint_changes_on_edits_in_the_shown_week_only(db, seeded, clock):
    week = BillingWeek.of(clock())
    first = poll_state(db, week, now=clock())
    assert first.stamp == poll_state(db, week, now=clock()).stamp
    edit_entry(db, seeded.entries[0], memo="changed", now=clock())
    second = poll_state(db, week, now=clock())
    assert second.stamp != first.stamp
    edit_contract(db, seeded.direct_id, status="paused")
    assert poll_state(db, week, now=clock()).stamp != second.stamp


def test_week_sheet_flags_entries_over_the_limit(db, seeded, clock):
    sheet = week_sheet(db, BillingWeek.of(clock()), now=clock())
    over = [(item.entry.id, item.over_limit_seconds) for item in sheet.entries]
    assert over[-1][1] == 3600 and all(seconds == 0 for _, seconds in over[:-1])
    assert not any(item.protected for item in sheet.entries)


def test_week_sheet_counts_only_the_part_inside_the_week(db, seeded, clock):
    sunday = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    log_entry(db, seeded.direct_id, sunday, sunday + timedelta(hours=2), now=clock())
    sheet = week_sheet(db, BillingWeek.of(clock()), now=clock())
    crossing = sheet.entries[0]
    assert crossing.entry.start == sunday and crossing.billing is not None
    assert crossing.billing.seconds == 3600  # the hour after Monday 00:00 UTC
