"""Reconcile: planted mismatches between tracked time and an Upwork statement are found."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services.contracts import list_contracts
from app.services.reconcile import adopt_charged_fee_rate, reconcile
from tests.conftest import NOW
from tests.importers.reconcile_books import monday, plant_books


@pytest.fixture
def planted(db: Database, tmp_path: Path) -> Database:
    """Tracked weeks 1-7 against a statement with one mismatch of each kind."""
    return plant_books(db, tmp_path)


def test_each_planted_mismatch_gets_its_status(planted: Database) -> None:
    result = reconcile(planted, now=NOW)
    statuses = {row.week.monday: row.status for row in result.rows}
    assert statuses == {
        monday(1): "match",
        monday(2): "short-paid",
        monday(3): "unbilled",
        monday(4): "untracked",
        monday(5): "fee-differs",
        monday(6): "refunded",
        monday(7): "over-limit",
    }
    week2 = next(row for row in result.rows if row.week.monday == monday(2))
    assert (week2.tracked_seconds, week2.statement_seconds) == (36000, 28800)
    assert (week2.expected_gross, week2.statement_gross) == (Decimal("400.00"), Decimal("320.00"))
    assert (week2.expected_fee, week2.statement_fee) == (Decimal("40.00"), Decimal("32.00"))


def test_fee_drift_is_found_and_the_charged_rate_can_be_adopted(planted: Database) -> None:
    (drift,) = reconcile(planted, now=NOW).drifts
    assert (drift.contract, drift.charged_rate, drift.since) == (
        "Build the API",
        Decimal("0.125"),
        BillingWeek(monday(5)),
    )
    adopt_charged_fee_rate(planted, "Build the API", now=NOW)
    after = {row.week.monday: row.status for row in reconcile(planted, now=NOW).rows}
    assert after[monday(5)] == "match" and after[monday(1)] == "match"
    assert list_contracts(planted, now=NOW)[0].fee_schedule == "charged-12.5pct"
    with pytest.raises(UserError, match="nothing to change"):
        adopt_charged_fee_rate(planted, "Build the API", now=NOW)


def test_a_span_and_a_contract_narrow_the_weeks(planted: Database) -> None:
    start = datetime.combine(monday(2), datetime.min.time(), UTC)
    end = datetime.combine(monday(4), datetime.min.time(), UTC)
    rows = reconcile(planted, contract="build the api", start=start, end=end, now=NOW).rows
    assert [row.week.monday for row in rows] == [monday(2), monday(3)]


def test_without_a_statement_there_is_nothing_to_reconcile(db: Database, job: str) -> None:
    assert reconcile(db, now=NOW).rows == []
