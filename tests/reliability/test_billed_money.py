"""Billed money stays billed: terms never re-price the past, invoiced time is locked."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def worked(cli):
    """A $50/h contract with 8 h in 2026-W10 (not invoiced yet); the seller is set up."""
    th = cli
    assert th("config", "set", "name", "Sam Rivera")[0] == 0
    assert th("config", "set", "address", "1 Main Street")[0] == 0
    assert th("client", "add", "Acme")[0] == 0
    assert th("contract", "add", "Job", "--client", "Acme", "--hourly", "50")[0] == 0
    for day in range(2, 6):
        code, _, err = th(
            "log", "Job", "--from", f"2026-03-0{day}T09:00Z", "--to", f"2026-03-0{day}T11:00Z"
        )
        assert code == 0, err
    return th


def week_gross(th, week: str) -> str:
    code, out, err = th("week", "--week", week, "--json")
    assert code == 0, err
    return json.loads(out)["totals"]["gross"]


def test_a_new_rate_never_reprices_an_invoiced_week(worked, tmp_path):
    th = worked
    code, out, err = th("invoice", "Job", "--week", "2026-W10", "--out", str(tmp_path / "i.pdf"))
    assert code == 0, err
    assert "total 400.00" in out
    assert week_gross(th, "2026-W10") == "400.00"
    assert th("contract", "edit", "Job", "--hourly", "80")[0] == 0
    assert week_gross(th, "2026-W10") == "400.00"  # was 640.00 while the invoice said 400.00
    # new time is billed at the new rate
    assert th("log", "Job", "--from", "2026-11-30T09:00Z", "--to", "2026-11-30T10:00Z")[0] == 0
    assert week_gross(th, "2026-W49") == "80.00"


def test_a_change_that_would_reprice_billed_time_is_refused(worked, tmp_path):
    th = worked
    assert th("invoice", "Job", "--week", "2026-W10", "--out", str(tmp_path / "i.pdf"))[0] == 0
    code, out, err = th("contract", "edit", "Job", "--hourly", "80", "--from", "2026-03-04T00:00Z")
    assert code == 2 and err.count("\n") == 1
    assert "void the invoice" in err and "Traceback" not in err
    assert week_gross(th, "2026-W10") == "400.00"


def test_terms_from_a_date_apply_to_that_week_on(worked):
    th = worked
    assert th("contract", "edit", "Job", "--hourly", "80", "--from", "2026-03-09T00:00Z")[0] == 0
    assert th("log", "Job", "--from", "2026-03-10T09:00Z", "--to", "2026-03-10T10:00Z")[0] == 0
    assert (week_gross(th, "2026-W10"), week_gross(th, "2026-W11")) == ("400.00", "80.00")


def test_a_weekly_limit_applies_from_next_monday_by_default(worked):
    th = worked
    assert th("contract", "edit", "Job", "--weekly-limit", "1")[0] == 0
    assert week_gross(th, "2026-W10") == "400.00"  # was capped to 50.00


def test_invoiced_time_is_locked_with_a_message_saying_what_to_do(worked, tmp_path):
    th = worked
    assert th("invoice", "Job", "--week", "2026-W10", "--out", str(tmp_path / "i.pdf"))[0] == 0
    code, out, _ = th("entries", "--week", "2026-W10", "--json")
    first = json.loads(out)["entries"][0]["id"]
    attempts = [
        ("entry", "edit", str(first), "--memo", "changed"),
        ("entry", "delete", str(first)),
        ("entry", "split", str(first), "--at", "2026-03-02T10:00Z"),
        ("log", "Job", "--from", "2026-03-06T09:00Z", "--to", "2026-03-06T10:00Z"),
    ]
    for args in attempts:
        code, _, err = th(*args)
        assert code == 2, args
        assert "void the invoice" in err and "credit note" in err, err
    assert week_gross(th, "2026-W10") == "400.00"
    # voiding the invoice unlocks the time
    assert th("invoices", "void", "1")[0] == 0
    assert th("entry", "edit", str(first), "--memo", "changed")[0] == 0


def test_an_entry_cannot_move_onto_a_fixed_price_contract(worked):
    th = worked
    assert th("contract", "add", "Logo", "--client", "Acme", "--fixed")[0] == 0
    code, _, err = th("entry", "edit", "1", "--contract", "Logo")
    assert code == 2 and "fixed-price" in err
    assert week_gross(th, "2026-W10") == "400.00"


def test_a_change_in_the_second_the_contract_was_added_keeps_earlier_work_priced(db):
    """A rate change stamped with the contract's own creation second never re-prices the
    work logged before it (a fast script: add, log, invoice, edit within one second)."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from app.core.weeks import BillingWeek
    from app.services.clients import add_client
    from app.services.contracts import add_contract, edit_contract
    from app.services.earnings import week_report
    from app.services.entries import log_entry

    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    add_client(db, "Acme", now=now)
    add_contract(db, "Job", client="Acme", hourly_rate=Decimal("50"), now=now)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    log_entry(db, "Job", start, start.replace(hour=11), now=now)
    edit_contract(db, "Job", hourly_rate=Decimal("80"), now=now)
    (row,) = week_report(db, BillingWeek.of(start), now=now).rows
    assert row.gross == Decimal("100.00")
