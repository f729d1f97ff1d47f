"""Weekly timesheets: status draft → sent → approved/disputed, locking, and the PDF."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.core.errors import Conflict, NotFound, UserError
from app.core.money import json_money
from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.earnings import week_report
from app.services.entries import edit_entry, log_entry
from app.services.settings import update_settings
from app.services.timer import start_timer
from app.services.timesheets import (
    approve_timesheet,
    dispute_timesheet,
    get_timesheet,
    list_timesheets,
    mark_sent,
    timesheet_data,
    timesheet_pdf,
    unlock_timesheet,
)
from tests.conftest import NOW, hour
from tests.reports.helpers import CYRILLIC_MEMO, GREEK_MEMO, MARKUP_MEMO, local_zone, pdf_text

W10 = BillingWeek.parse("2026-W10")
LATER = NOW + timedelta(days=30)


def test_a_week_starts_as_an_untouched_draft(db, job):
    info = get_timesheet(db, job, W10)
    assert (info.status, info.locked, info.document_id) == ("draft", False, "TS-1-2026-W10")
    assert list_timesheets(db) == []


def test_sent_then_approved_locks_the_week(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    sent = mark_sent(db, job, W10, now=NOW)
    assert (sent.status, sent.sent_at, sent.locked) == ("sent", NOW, False)
    approved = approve_timesheet(db, job, W10, note="Looks good", now=LATER)
    assert (approved.status, approved.locked, approved.decided_at) == ("approved", True, LATER)
    assert approved.client_note == "Looks good"
    with pytest.raises(Conflict, match="locked"):
        edit_entry(db, entry.id, memo="changed", now=LATER)
    with pytest.raises(Conflict, match="locked"):
        log_entry(db, job, hour(3, 9), hour(3, 10), now=LATER)
    # The next week is not locked.
    log_entry(db, job, hour(9, 9), hour(9, 10), now=LATER)
    assert [t.week for t in list_timesheets(db, contract=job)] == [W10]


def test_unlocking_is_an_explicit_act_and_keeps_that_the_sheet_was_sent(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 11), now=NOW)
    mark_sent(db, job, W10, now=NOW)
    approve_timesheet(db, job, W10, now=LATER)
    info = unlock_timesheet(db, job, W10)
    assert (info.status, info.locked, info.decided_at, info.sent_at) == ("sent", False, None, NOW)
    assert edit_entry(db, entry.id, memo="fixed", now=NOW).memo == "fixed"
    with pytest.raises(UserError, match="not locked"):
        unlock_timesheet(db, job, W10)


def test_a_sheet_approved_without_sending_goes_back_to_draft_when_unlocked(db, job):
    approve_timesheet(db, job, W10, now=NOW)
    info = unlock_timesheet(db, job, W10)
    assert (info.status, info.locked, info.sent_at) == ("draft", False, None)


def test_the_lock_covers_only_that_contract(db, job):
    add_contract(db, "Other job", client="Acme Ltd", hourly_rate=Decimal("30"), now=NOW)
    mark_sent(db, job, W10, now=NOW)
    approve_timesheet(db, job, W10, now=NOW)
    assert log_entry(db, "Other job", hour(3, 9), hour(3, 10), now=NOW).seconds == 3600


def test_dispute_needs_the_clients_note_and_can_be_resent(db, job):
    mark_sent(db, job, W10, now=NOW)
    with pytest.raises(UserError, match="note"):
        dispute_timesheet(db, job, W10, note="  ", now=NOW)
    disputed = dispute_timesheet(db, job, W10, note="Tuesday was a holiday", now=NOW)
    assert (disputed.status, disputed.client_note, disputed.locked) == (
        "disputed",
        "Tuesday was a holiday",
        False,
    )
    assert mark_sent(db, job, W10, now=LATER).status == "sent"
    assert approve_timesheet(db, job, W10, now=LATER).status == "approved"


def test_a_client_can_approve_a_draft_on_paper_without_e_mail(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    approved = approve_timesheet(db, job, W10, note="signed copy", now=NOW)
    assert (approved.status, approved.locked, approved.sent_at) == ("approved", True, None)
    with pytest.raises(Conflict, match="locked"):
        edit_entry(db, entry.id, memo="changed", now=LATER)


def test_a_client_can_dispute_a_draft_and_an_approved_sheet_must_be_unlocked_first(db, job):
    disputed = dispute_timesheet(db, job, W10, note="Tuesday was a holiday", now=NOW)
    assert (disputed.status, disputed.client_note) == ("disputed", "Tuesday was a holiday")
    approve_timesheet(db, job, W10, now=LATER)
    with pytest.raises(Conflict, match="unlock it"):
        dispute_timesheet(db, job, W10, note="changed our mind", now=LATER)
    assert get_timesheet(db, job, W10).status == "approved"


def test_an_approved_sheet_is_not_approved_or_sent_again(db, job):
    mark_sent(db, job, W10, now=NOW)
    approve_timesheet(db, job, W10, now=NOW)
    with pytest.raises(Conflict, match="already approved"):
        approve_timesheet(db, job, W10, now=NOW)
    with pytest.raises(Conflict, match="already approved"):
        mark_sent(db, job, W10, now=NOW)


def test_fixed_price_and_unknown_contracts_are_refused(db, job):
    add_contract(db, "Logo", client="Acme Ltd", fixed=True, now=NOW)
    with pytest.raises(UserError, match="fixed-price"):
        mark_sent(db, "Logo", W10, now=NOW)
    with pytest.raises(NotFound):
        get_timesheet(db, "No such job", W10)


def test_data_from_the_database_counts_a_running_timer_up_to_now(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    start_timer(db, job, memo="live", at=hour(5, 14), now=NOW)
    data = timesheet_data(db, job, W10, now=NOW)
    assert [(r.seconds, r.running, r.manual) for r in data.rows] == [
        (7200, False, True),
        (3600, True, False),
    ]
    assert data.amount == Decimal("180.00")


def test_the_pdf_prints_profile_client_and_memos_but_never_the_fee(db, job, tmp_path, monkeypatch):
    update_settings(
        db, name="Priya Sharma", address="12 MG Road\nBengaluru", email="priya@example.com"
    )
    for day, memo in ((2, MARKUP_MEMO), (3, GREEK_MEMO), (4, CYRILLIC_MEMO)):
        log_entry(db, job, hour(day, 9), hour(day, 9, 50), memo=memo, now=NOW)
    [row] = week_report(db, W10, now=NOW).rows
    assert row.fee == Decimal("30.00")  # 20% of 150.00: it must not reach the client
    with local_zone(monkeypatch, "Asia/Kolkata"):
        written = timesheet_pdf(db, job, W10, tmp_path / "sheet.pdf", now=NOW)
        text = pdf_text(written.path)
    assert (written.pages, written.status, written.document_id) == (1, "draft", "TS-1-2026-W10")
    assert (written.amount, written.billable_seconds) == (Decimal("150.00"), 9000)
    assert written.fingerprint in text
    for expected in (
        "Priya Sharma",
        "Bengaluru",
        "Acme Ltd",
        "API work",
        MARKUP_MEMO,
        GREEK_MEMO,
        CYRILLIC_MEMO,
    ):
        assert expected in text
    assert "Mon 2 Mar 2026 05:30 UTC+05:30" in text  # the week in local time
    assert "14:30" in text  # 09:00 UTC shown as local time
    assert "Amount due 150.00 USD" in text
    for absent in ("fee", "take-home", "Take-home", json_money(row.fee), json_money(row.net)):
        assert absent not in text


def test_an_empty_week_still_gives_a_timesheet(db, job, tmp_path):
    written = timesheet_pdf(db, job, W10, tmp_path / "empty.pdf", now=NOW)
    assert "No time was recorded" in pdf_text(written.path)
    assert written.amount == Decimal("0.00")


def test_a_bad_target_writes_nothing(db, job, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        timesheet_pdf(db, job, W10, tmp_path / "nope" / "sheet.pdf", now=NOW)
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "nope").exists()


def test_client_details_print_under_the_client(db, tmp_path):
    add_client(db, "Βήτα Ltd", address="Οδός 1\nΑθήνα", email="pay@beta.example", now=NOW)
    add_contract(db, "Σύμβαση", client="Βήτα Ltd", hourly_rate=Decimal("50"), now=NOW)
    log_entry(db, "Σύμβαση", hour(2, 9), hour(2, 10), memo="Привет", now=NOW)
    text = pdf_text(timesheet_pdf(db, "σύμβαση", W10, tmp_path / "s.pdf", now=NOW).path)
    for expected in (
        "Βήτα Ltd",
        "Οδός 1",
        "Αθήνα",
        "pay@beta.example",
        "Σύμβαση",
        "Привет",
        "50.00 USD",
    ):
        assert expected in text
