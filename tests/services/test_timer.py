"""The timer rules: one running entry, committed at start, stop, heartbeats, recovery."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.core.errors import Conflict, NotFound, UserError
from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry, week_entries
from app.services.plain_reads import stale_gap, timer_status
from app.services.timer import (
    heartbeat,
    release_heartbeat,
    resolve_gap,
    set_running_memo,
    start_timer,
    stop_timer,
)
from tests.conftest import NOW, hour


@pytest.fixture
def two_jobs(db, job):
    add_contract(db, "Docs", client="Acme Ltd", hourly_rate=Decimal("40"), now=NOW)
    return job, "Docs"


def test_start_commits_a_running_entry_at_once(db, job):
    change = start_timer(db, job, memo="rate limiter", at=hour(2, 9), now=hour(2, 9, 30))
    assert change.started is not None and change.stopped is None
    status = timer_status(db, now=hour(2, 9, 30))
    assert status.running
    assert status.contract == "API work"
    assert status.memo == "rate limiter"
    assert status.started_at == hour(2, 9)
    assert status.elapsed_seconds == 1800


def test_stop_sets_the_end(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 12))
    change = stop_timer(db, at=hour(2, 11), now=NOW)
    assert change.stopped is not None
    assert change.stopped.seconds == 7200
    assert not timer_status(db, now=NOW).running
    [entry] = week_entries(db, BillingWeek.of(hour(2, 9)), now=NOW)
    assert (entry.start, entry.end, entry.source) == (hour(2, 9), hour(2, 11), "timer")


def test_starting_another_contract_stops_the_first_at_the_same_instant(db, two_jobs):
    start_timer(db, "API work", at=hour(2, 9), now=hour(2, 12))
    change = start_timer(db, "docs", at=hour(2, 10), now=hour(2, 12))
    assert change.stopped is not None and change.stopped.end == hour(2, 10)
    assert change.started is not None and change.started.start == hour(2, 10)
    status = timer_status(db, now=hour(2, 10, 15))
    assert status.contract == "Docs"
    entries = week_entries(db, BillingWeek.of(hour(2, 9)), now=hour(2, 10, 15))
    assert [(e.contract_title, e.end) for e in entries] == [
        ("API work", hour(2, 10)),
        ("Docs", None),
    ]


def test_stop_without_a_running_timer_is_refused(db, job):
    with pytest.raises(UserError, match="no timer is running"):
        stop_timer(db, now=NOW)


def test_stop_before_the_start_is_refused(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 12))
    with pytest.raises(UserError, match="started after"):
        stop_timer(db, at=hour(2, 8), now=NOW)
    assert timer_status(db, now=NOW).running


def test_a_stop_in_the_same_second_drops_the_empty_entry(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 12))
    change = stop_timer(db, at=hour(2, 9), now=NOW)
    assert change.discarded
    assert week_entries(db, BillingWeek.of(hour(2, 9)), now=NOW) == []


def test_start_into_existing_time_is_refused_and_names_the_entry(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 10), memo="standup", now=NOW)
    with pytest.raises(Conflict, match=r"the time on “API work”.*standup"):
        start_timer(db, job, at=hour(2, 9, 30), now=hour(2, 12))
    assert not timer_status(db, now=NOW).running


def test_start_in_the_future_is_refused(db, job):
    with pytest.raises(UserError, match="future"):
        start_timer(db, job, at=NOW + timedelta(hours=1), now=NOW)


def test_unknown_contract_is_refused(db, job):
    with pytest.raises(NotFound, match="no contract named"):
        start_timer(db, "Nope", now=NOW)


def test_memo_of_the_running_timer_can_change(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 12))
    set_running_memo(db, "new memo", now=NOW)
    assert timer_status(db, now=NOW).memo == "new memo"


def test_a_cli_started_timer_has_no_heartbeat_and_is_not_stale(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 9))
    status = timer_status(db, now=hour(2, 18))
    assert status.heartbeat_at is None
    assert stale_gap(status, hour(2, 18)) is None


def test_heartbeat_then_long_silence_is_a_gap(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 9))
    beat = heartbeat(db, now=hour(2, 9, 1))
    assert beat.running and beat.previous is None
    beat = heartbeat(db, now=hour(2, 9, 2))
    assert beat.previous == hour(2, 9, 1)
    status = timer_status(db, now=hour(2, 13))
    assert stale_gap(status, hour(2, 13)) == timedelta(hours=3, minutes=58)
    assert stale_gap(status, hour(2, 9, 4)) is None


@pytest.mark.parametrize(
    ("choice", "running", "end"),
    [("keep", True, None), ("trim", False, hour(2, 9, 2)), ("stop", False, hour(2, 13))],
)
def test_resolving_a_gap(db, job, choice, running, end):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 9))
    heartbeat(db, now=hour(2, 9, 2))
    status = resolve_gap(db, choice, now=hour(2, 13))
    assert status.running is running
    [entry] = week_entries(db, BillingWeek.of(hour(2, 9)), now=hour(2, 13))
    assert entry.end == end
    if running:
        assert status.heartbeat_at == hour(2, 13)


def test_release_heartbeat_forgets_the_watcher(db, job):
    start_timer(db, job, at=hour(2, 9), now=hour(2, 9))
    heartbeat(db, now=hour(2, 9, 2))
    release_heartbeat(db)
    assert timer_status(db, now=hour(2, 20)).heartbeat_at is None


def test_an_ended_contract_cannot_be_timed(db, job):
    from app.services.contracts import edit_contract

    edit_contract(db, job, status="ended")
    with pytest.raises(UserError, match="has ended"):
        start_timer(db, job, now=NOW)


def test_a_memo_full_of_markup_is_kept_as_typed(db, job):
    memo = "R&D <b>unclosed & 'quotes' \"dq\" Ελληνικά Кириллица"
    start_timer(db, job, memo=memo, at=hour(2, 9), now=hour(2, 12))
    assert timer_status(db, now=NOW).memo == memo


def test_add_client_for_other_tests_is_idempotent_guard(db):
    add_client(db, "Solo", now=NOW)
    with pytest.raises(Conflict):
        add_client(db, "  solo ", now=NOW)


def test_dropping_idle_time_ends_the_entry_when_they_left_and_resumes_on_return(db, job):
    from app.services.entries import list_entries
    from app.services.timer import drop_idle_time

    start_timer(db, job, memo="deep work", at=hour(2, 9), now=hour(2, 9))
    change = drop_idle_time(db, hour(2, 10), back=hour(2, 11), now=hour(2, 11, 5))
    assert change.stopped.end == hour(2, 10) and change.started.start == hour(2, 11)
    status = timer_status(db, now=hour(2, 11, 5))
    assert status.running and status.memo == "deep work" and status.started_at == hour(2, 11)
    rows = list_entries(db, start=hour(2, 0), end=hour(3, 0))
    assert [(r.start, r.end, r.memo) for r in rows] == [
        (hour(2, 9), hour(2, 10), "deep work"),
        (hour(2, 11), None, "deep work"),
    ]
