"""Timers never get trapped or stretched over years, and a refused command writes nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import Conflict, UserError
from app.core.weeks import BillingWeek
from app.services.plain_reads import timer_status
from app.services.settings import get_settings
from app.services.timer import start_timer, stop_timer
from app.services.timesheets import approve_timesheet, mark_sent
from tests.conftest import hour
from tests.reliability.conftest import dump_database

W09, W10 = BillingWeek.parse("2026-W09"), BillingWeek.parse("2026-W10")


def stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


@pytest.fixture
def job_cli(cli):
    assert cli("client", "add", "Acme")[0] == 0
    assert cli("contract", "add", "Job", "--client", "Acme", "--hourly", "50")[0] == 0
    return cli


def test_a_timer_started_more_than_a_day_ago_is_said_out_loud(job_cli, db_path):
    """Scripts replay past work with start --at / stop --at (the documented contract), so
    it is allowed; but such a timer never runs silently: stderr says how to end it."""
    now = datetime.now(UTC)
    code, out, err = job_cli("start", "Job", "--at", stamp(now - timedelta(days=400)))
    assert code == 0 and "started" in out
    assert "more than a day ago" in err and "tallyhour stop --at TIME" in err
    assert job_cli("stop", "--at", stamp(now - timedelta(days=400, hours=-2)))[0] == 0
    code, out, err = job_cli("start", "Job", "--at", stamp(now - timedelta(hours=23)))
    assert code == 0 and err == ""
    assert json.loads(job_cli("status", "--json")[1])["running"] is True


def test_approving_a_week_a_timer_runs_in_is_refused_and_stop_still_works(db, job):
    start_timer(db, job, at=hour(5, 9), now=hour(5, 10))
    mark_sent(db, job, W10, now=hour(5, 10))
    with pytest.raises(Conflict, match="a timer is running on “API work” in 2026-W10: stop it"):
        approve_timesheet(db, job, W10, now=hour(5, 11))
    stopped = stop_timer(db, at=hour(5, 12), now=hour(5, 12))
    assert stopped.stopped is not None and stopped.stopped.seconds == 3 * 3600
    assert approve_timesheet(db, job, W10, now=hour(5, 13)).locked


def test_a_timer_from_the_week_before_also_blocks_the_approval(db, job):
    sunday_night = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)  # the last hour of 2026-W09
    start_timer(db, job, at=sunday_night, now=hour(2, 1))
    for week in (W09, W10):
        mark_sent(db, job, week, now=hour(2, 1))
        with pytest.raises(Conflict, match="a timer is running"):
            approve_timesheet(db, job, week, now=hour(2, 1))
    assert stop_timer(db, now=hour(2, 2)).stopped is not None


def test_a_timer_cannot_start_before_an_approved_week_and_run_into_it(db, job):
    mark_sent(db, job, W10, now=hour(2, 9))
    approve_timesheet(db, job, W10, now=hour(2, 9))
    sunday_night = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    with pytest.raises(Conflict, match="2026-W10 is approved and locked"):
        start_timer(db, job, at=sunday_night, now=hour(2, 10))
    assert not timer_status(db, now=hour(2, 10)).running


def test_a_too_long_invoice_prefix_is_refused_when_it_is_set(job_cli, db):
    before = get_settings(db).invoice_prefix
    for prefix in ("X" * 31, "{year}" + "Y" * 27, "INV\n2026-"):
        code, out, err = job_cli("config", "set", "invoice-prefix", prefix)
        assert code == 2 and out == "" and "prefix" in err, err
    assert get_settings(db).invoice_prefix == before
    assert job_cli("config", "set", "invoice-prefix", "{year}" + "Y" * 26)[0] == 0


def test_a_refused_invoice_leaves_no_draft_behind(job_cli, db_path, tmp_path):
    """A prefix stored before it was checked: the invoice is refused and nothing stays."""
    week = datetime.now(UTC) - timedelta(days=1)
    label = BillingWeek.of(week).label
    start = BillingWeek.of(week).starts_at + timedelta(hours=9)
    assert (
        job_cli("log", "Job", "--from", stamp(start), "--to", stamp(start + timedelta(hours=2)))[0]
        == 0
    )
    assert job_cli("config", "set", "name", "Sam Rivera")[0] == 0
    assert job_cli("config", "set", "address", "1 Main Street")[0] == 0
    connection = sqlite3.connect(db_path)
    with connection:  # a prefix stored before it was checked, as an old database has
        (value,) = connection.execute(
            "SELECT value FROM settings WHERE key = 'preferences'"
        ).fetchone()
        stored = {**json.loads(value), "invoice_prefix": "P" * 45}
        connection.execute(
            "UPDATE settings SET value = ? WHERE key = 'preferences'", (json.dumps(stored),)
        )
    connection.close()
    before = dump_database(db_path)
    out_file = tmp_path / "invoice.pdf"
    code, out, err = job_cli("invoice", "Job", "--week", label, "--out", str(out_file))
    assert code == 2 and "prefix" in err, err
    assert dump_database(db_path) == before
    assert not out_file.exists()
    assert job_cli("config", "set", "invoice-prefix", "INV-")[0] == 0
    code, out, err = job_cli("invoice", "Job", "--week", label, "--out", str(out_file))
    assert code == 0, err  # the week was not blocked by a left-over draft
    assert "INV-0001" in out


def test_the_service_issues_in_the_same_transaction(db, job):
    from app.services.entries import log_entry
    from app.services.invoices import create_invoice, list_invoices
    from app.services.settings import update_settings

    log_entry(db, job, hour(2, 9), hour(2, 11), now=hour(5, 9))
    with db.write() as session:  # a prefix from before the check, as an old database has
        from app.models import Setting

        row = session.get(Setting, "preferences")
        stored = {} if row is None else json.loads(row.value)
        stored["invoice_prefix"] = "Q" * 45
        if row is None:
            session.add(Setting(key="preferences", value=json.dumps(stored)))
        else:
            row.value = json.dumps(stored)
    with pytest.raises(UserError, match="prefix"):
        create_invoice(db, job, week=W10, issue=True, now=hour(9, 9))
    assert list_invoices(db) == []
    update_settings(db, invoice_prefix="INV-")
    assert create_invoice(db, job, week=W10, issue=True, now=hour(9, 9)).number == "INV-0001"
