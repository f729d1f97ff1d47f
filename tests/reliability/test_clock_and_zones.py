"""Time zones, DST, the UTC billing week, 29 February, and a wall clock that jumps.

Durations are real elapsed time (from UTC instants), local days are grouped in the
user's zone, the billing week is UTC whatever the zone, and a clock that jumps back
never yields a negative or lost entry: the services refuse clearly instead.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.core.errors import UserError
from app.core.instants import local_day_bounds, parse_date, parse_instant
from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.earnings import week_report
from app.services.entries import list_entries, log_entry
from app.services.plain_reads import contract_hours, stale_gap, timer_status
from app.services.timer import heartbeat, resolve_gap, start_timer, stop_timer
from tests.conftest import NOW
from tests.reliability.conftest import dump_database, set_zone

BERLIN, NEW_YORK, TOKYO = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Tokyo"),
)
HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def contract_id(db, job) -> int:
    from app.services.contracts import list_contracts

    return next(c.id for c in list_contracts(db, now=NOW) if c.title == job)


# Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST.


def test_a_day_that_loses_an_hour_is_23_hours_long_in_berlin():
    start, end = local_day_bounds(date(2026, 3, 29), BERLIN)
    assert (start, end) == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert end - start == 23 * HOUR


def test_an_entry_across_the_spring_jump_counts_real_time(db, job):
    # 01:30 CET to 03:30 CEST reads as two hours on the wall, but one hour passed.
    start = parse_instant("2026-03-29T01:30", zone=BERLIN)
    end = parse_instant("2026-03-29T03:30", zone=BERLIN)
    info = log_entry(db, job, start, end, now=utc(2026, 4, 1))
    assert (info.start, info.end, info.seconds) == (
        utc(2026, 3, 29, 0, 30),
        utc(2026, 3, 29, 1, 30),
        3600,
    )


def test_a_timer_running_through_the_jump_counts_real_time(db, job):
    start_timer(db, job, at=utc(2026, 3, 29, 0, 45), now=utc(2026, 3, 29, 0, 45))
    assert timer_status(db, now=utc(2026, 3, 29, 1, 15)).elapsed_seconds == 1800
    change = stop_timer(db, at=utc(2026, 3, 29, 1, 15), now=utc(2026, 3, 29, 1, 15))
    assert change.stopped is not None and change.stopped.seconds == 1800


def test_a_skipped_local_time_is_refused_not_guessed(cli, monkeypatch):
    cli("client", "add", "Acme")
    cli("contract", "add", "Job", "--client", "Acme", "--hourly", "10")
    set_zone(monkeypatch, "Europe/Berlin")
    code, _, err = cli("log", "Job", "--from", "2026-03-29T02:15", "--to", "2026-03-29T04:00")
    assert code == 2 and "does not exist in your time zone" in err
    # The same moment written with its offset is fine.
    code, _, err = cli("log", "Job", "--from", "2026-03-29T02:15+01:00", "--to", "2026-03-29T04:00")
    assert code == 0, err
    [entry] = json.loads(cli("entries", "--week", "2026-W13", "--json")[1])["entries"]
    assert (entry["start"], entry["end"], entry["seconds"]) == (
        "2026-03-29T01:15:00+00:00",
        "2026-03-29T02:00:00+00:00",
        2700,
    )


def test_entries_are_grouped_by_the_local_day_in_berlin(db, job, contract_id):
    spans = {
        "Saturday late, local": (
            utc(2026, 3, 28, 22, 30),
            utc(2026, 3, 28, 22, 50),
        ),  # 23:30 CET 28th
        "after midnight, local": (
            utc(2026, 3, 28, 23, 10),
            utc(2026, 3, 28, 23, 50),
        ),  # 00:10 CET 29th
        "across the jump": (
            utc(2026, 3, 29, 0, 30),
            utc(2026, 3, 29, 1, 30),
        ),  # 01:30 CET-03:30 CEST
        "before midnight": (utc(2026, 3, 29, 21, 30), utc(2026, 3, 29, 21, 50)),  # 23:30 CEST 29th
    }
    for memo, (start, end) in spans.items():
        log_entry(db, job, start, end, memo=memo, now=utc(2026, 4, 1))
    day_start, day_end = local_day_bounds(date(2026, 3, 29), BERLIN)
    in_day = [
        e.memo
        for e in list_entries(db, start=day_start, end=day_end, now=NOW)
        if e.start >= day_start
    ]
    assert in_day == ["after midnight, local", "across the jump", "before midnight"]
    berlin = contract_hours(db, contract_id, now=utc(2026, 3, 29, 21, 59), zone=BERLIN)
    assert (berlin.day, berlin.today_seconds) == (date(2026, 3, 29), (40 + 60 + 20) * 60)
    # The same instants grouped by the UTC day give another answer: the zone matters.
    in_utc = contract_hours(db, contract_id, now=utc(2026, 3, 29, 21, 59), zone=UTC)
    assert in_utc.today_seconds == (60 + 20) * 60


# New York falls back on 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:xx happens twice.


def test_a_day_that_gains_an_hour_is_25_hours_long_in_new_york():
    start, end = local_day_bounds(date(2026, 11, 1), NEW_YORK)
    assert end - start == 25 * HOUR


def test_a_repeated_local_time_means_its_first_occurrence():
    assert parse_instant("2026-11-01T01:30", zone=NEW_YORK) == utc(2026, 11, 1, 5, 30)  # EDT
    assert parse_instant("2026-11-01T01:30-05:00", zone=NEW_YORK) == utc(2026, 11, 1, 6, 30)  # EST


def test_an_entry_in_the_repeated_hour_counts_real_time(db, job):
    later = utc(2026, 11, 5)
    start = parse_instant("2026-11-01T01:15-04:00", zone=NEW_YORK)
    end = parse_instant("2026-11-01T01:45-05:00", zone=NEW_YORK)
    assert log_entry(db, job, start, end, now=later).seconds == 90 * 60  # the wall says 30 min
    naive = log_entry(
        db,
        job,
        parse_instant("2026-11-01T00:30", zone=NEW_YORK),
        parse_instant("2026-11-01T01:10", zone=NEW_YORK),
        now=later,
    )
    assert naive.seconds == 40 * 60
    # "01:50 to 01:10" only makes sense across the repeat; without offsets it is refused.
    with pytest.raises(UserError, match="end must be after start"):
        log_entry(
            db,
            job,
            parse_instant("2026-11-01T01:50", zone=NEW_YORK),
            parse_instant("2026-11-01T01:10", zone=NEW_YORK),
            now=later,
        )


def test_the_system_zone_is_read_the_same_way(monkeypatch):
    set_zone(monkeypatch, "America/New_York")
    assert parse_instant("2026-11-01T01:30") == utc(2026, 11, 1, 5, 30)
    with pytest.raises(UserError, match="does not exist"):
        parse_instant("2026-03-08T02:30")


# The billing week is Monday 00:00 UTC to Monday 00:00 UTC, wherever the user is.


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati"]
)
def test_work_across_the_utc_week_boundary_counts_in_both_weeks(cli, zone, monkeypatch):
    assert cli("client", "add", "Acme")[0] == 0
    assert cli("contract", "add", "Job", "--client", "Acme", "--hourly", "60")[0] == 0
    set_zone(monkeypatch, zone)
    # Sunday 23:00 UTC to Monday 01:00 UTC.
    assert cli("log", "Job", "--from", "2026-03-08T23:00Z", "--to", "2026-03-09T01:00Z")[0] == 0
    for week in ("2026-W10", "2026-W11"):
        report = json.loads(cli("week", "--week", week, "--json")[1])
        assert (report["totals"]["hours"], report["totals"]["gross"]) == ("1.00", "60.00"), week
    w11 = json.loads(cli("week", "--week", "2026-W11", "--json")[1])
    assert w11["starts_at"] == "2026-03-09T00:00:00+00:00"


def test_the_week_report_splits_at_monday_utc(db, job):
    later = utc(2026, 3, 12)
    log_entry(db, job, utc(2026, 3, 8, 23), utc(2026, 3, 9, 1), now=later)
    first = week_report(db, BillingWeek(date(2026, 3, 2)), now=later)
    second = week_report(db, BillingWeek(date(2026, 3, 9)), now=later)
    assert [r.tracked_seconds for r in first.rows] == [3600]
    assert [r.tracked_seconds for r in second.rows] == [3600]


# 29 February.


def test_29_february_2028_is_an_ordinary_working_day(db, job):
    later = utc(2028, 3, 6)
    info = log_entry(
        db, job, utc(2028, 2, 29, 22), utc(2028, 3, 1, 2), memo="leap night", now=later
    )
    assert info.seconds == 4 * 3600
    week = BillingWeek.parse("2028-W09")
    assert week.monday == date(2028, 2, 28) and week.contains(utc(2028, 2, 29, 12))
    [row] = week_report(db, week, now=later).rows
    assert row.tracked_seconds == 4 * 3600
    tokyo_day = local_day_bounds(date(2028, 2, 29), TOKYO)
    assert tokyo_day == (utc(2028, 2, 28, 15), utc(2028, 2, 29, 15))
    assert parse_instant("2028-02-29T10:00", zone=TOKYO) == utc(2028, 2, 29, 1)


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        ("2028-02-29", True),
        ("2024-02-29", True),
        ("2000-02-29", True),
        ("2027-02-29", False),
        ("2026-02-29", False),
        ("2100-02-29", False),
    ],
)
def test_29_february_exists_only_in_leap_years(day, valid):
    if valid:
        assert parse_date(day).isoformat() == day
        assert parse_instant(f"{day}T12:00Z") == datetime.fromisoformat(f"{day}T12:00+00:00")
    else:
        with pytest.raises(UserError, match="must be a date"):
            parse_date(day)
        with pytest.raises(UserError, match="ISO 8601"):
            parse_instant(f"{day}T12:00Z")


def test_a_contract_can_end_on_29_february(cli):
    cli("client", "add", "Acme")
    cli("contract", "add", "Logo", "--client", "Acme", "--fixed")
    assert cli("contract", "end", "Logo", "--on", "2027-02-29")[0] == 2
    code, _, err = cli("contract", "end", "Logo", "--on", "2028-02-29")
    assert code == 0, err
    assert (
        json.loads(cli("contract", "list", "--json")[1])["contracts"][0]["ended_on"] == "2028-02-29"
    )


# A wall clock that jumps while a timer runs.

START = utc(2026, 3, 2, 9)


def test_elapsed_time_comes_from_instants_not_ticks(db, job):
    start_timer(db, job, at=START, now=START)
    # The clock jumps forward three hours (sleep, NTP): the entry is exactly three hours.
    change = stop_timer(db, now=START + 3 * HOUR)
    assert change.stopped is not None and change.stopped.seconds == 3 * 3600
    assert change.stopped.end == START + 3 * HOUR


def test_a_clock_that_went_back_before_the_start_is_refused_clearly(db, job, db_path):
    start_timer(db, job, at=START, now=START)
    heartbeat(db, now=START + HOUR)
    before = dump_database(db_path)
    back = START - 2 * HOUR
    status = timer_status(db, now=back)
    assert status.running and status.elapsed_seconds == 0  # never negative
    with pytest.raises(UserError, match="started after"):
        stop_timer(db, now=back)
    with pytest.raises(UserError, match="started after"):
        start_timer(db, "API work", now=back)
    with pytest.raises(UserError, match="clock"):
        resolve_gap(db, "stop", now=back)
    assert dump_database(db_path) == before
    # Once the clock is right again the timer stops normally, nothing lost.
    change = stop_timer(db, now=START + 2 * HOUR)
    assert change.stopped is not None and change.stopped.seconds == 2 * 3600


def test_a_heartbeat_from_a_clock_that_went_back_does_not_move_the_last_sign_of_life(db, job):
    start_timer(db, job, at=START, now=START)
    heartbeat(db, now=START + HOUR)
    beat = heartbeat(db, now=START - 2 * HOUR)  # the clock jumped back before the start
    assert beat.previous == START + HOUR
    status = timer_status(db, now=START + HOUR + 10 * MINUTE)
    assert status.heartbeat_at == START + HOUR
    # Trimming at the last heartbeat keeps the hour really worked (it used to drop it all).
    after = resolve_gap(db, "trim", now=START + 5 * HOUR)
    assert not after.running
    [entry] = list_entries(db, start=START, end=START + 6 * HOUR, now=NOW)
    assert (entry.start, entry.end) == (START, START + HOUR)


def test_a_long_jump_forward_is_a_gap_the_user_resolves(db, job):
    start_timer(db, job, at=START, now=START)
    heartbeat(db, now=START + 30 * MINUTE)
    month_later = START + timedelta(days=30)
    status = timer_status(db, now=month_later)
    assert stale_gap(status, month_later) == timedelta(days=30) - 30 * MINUTE
    resolve_gap(db, "trim", now=month_later)
    [entry] = list_entries(db, start=START, end=month_later, now=month_later)
    assert entry.seconds == 30 * 60


def test_sub_second_instants_never_break_the_end_after_start_rule(db, job):
    # The window may pass instants with microseconds; storage keeps whole seconds.
    start_timer(db, job, at=START + timedelta(microseconds=300_000), now=START + HOUR)
    change = stop_timer(db, at=START + timedelta(microseconds=900_000), now=NOW)
    assert change.discarded  # under a second: dropped, not a CHECK-constraint crash
    with pytest.raises(UserError, match="end must be after start"):
        log_entry(
            db,
            job,
            START + timedelta(microseconds=100),
            START + timedelta(microseconds=999_000),
            now=NOW,
        )
    info = log_entry(
        db, job, START + timedelta(microseconds=500_000), START + timedelta(seconds=61), now=NOW
    )
    assert (info.start, info.seconds) == (START, 61)


def test_two_contracts_share_one_timeline_in_every_zone(db, job, monkeypatch):
    add_client(db, "Other", now=NOW)
    add_contract(db, "Docs", client="Other", hourly_rate=Decimal("30"), now=NOW)
    set_zone(monkeypatch, "Australia/Lord_Howe")  # a half-hour DST shift
    start_timer(db, job, at=START, now=START + 2 * HOUR)
    change = start_timer(db, "Docs", at=START + 90 * MINUTE, now=START + 2 * HOUR)
    assert change.stopped is not None and change.stopped.seconds == 90 * 60
    assert timer_status(db, now=START + 2 * HOUR).elapsed_seconds == 30 * 60
