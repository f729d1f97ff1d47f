"""A contract's effective-dated terms: reading them, and changing them from a date on.

A change to the rate, the rounding or the currency applies from now unless a date is
given; a change to the weekly limit from next Monday 00:00 UTC (as Upwork does). A change
takes effect for the whole billing week containing its date and never re-prices an
earlier week. It is refused when it would re-price billed time (an issued or paid
invoice, or an approved week).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import Conflict
from app.core.money import from_cents
from app.core.money_rules import Terms
from app.core.weeks import BillingWeek
from app.models import Contract, ContractTerm, Invoice, Timesheet
from app.models.queries import session_rows
from app.services.ledger_reads import read_terms
from app.services.plain_reads import BILLED_STATUSES

#: Where first terms are moved when a change is dated before them (the epoch).
BEFORE_ANY_WORK = datetime(1970, 1, 1, tzinfo=UTC)
#: The fields a term row carries.
TERM_FIELDS = ("rate_cents", "weekly_limit_seconds", "rounding_seconds", "currency")


def next_monday(now: datetime) -> datetime:
    """Monday 00:00 UTC after `now`: when a new weekly limit applies by default."""
    return BillingWeek.of(now).ends_at


def terms_of_row(row: ContractTerm) -> Terms:
    """The plain terms of a stored row."""
    return Terms(
        row.effective_from,
        from_cents(row.rate_cents),
        row.weekly_limit_seconds,
        row.rounding_seconds,
        row.currency,
    )


def load_terms(
    session: Session, contract_ids: Iterable[int] | None = None
) -> dict[int, list[Terms]]:
    """Every wanted contract's terms, oldest first (None: all contracts).

    A contract written without term rows (older code, a bulk import) has one set of
    terms: its own columns, from its creation.
    """
    wanted = None if contract_ids is None else set(contract_ids)
    return read_terms(session_rows(session), wanted)


def add_first_terms(contract: Contract) -> None:
    """Give a new contract its first terms, from its creation, from its own columns."""
    contract.terms.append(ContractTerm(effective_from=contract.created_at, **_columns(contract)))


def change_terms(session: Session, contract: Contract, at: datetime, **changes: Any) -> None:
    """Apply changed term fields from `at` on: a new row at `at`, and to every later row."""
    if not changes:
        return
    unknown = set(changes) - set(TERM_FIELDS)
    if unknown:
        raise ValueError(f"not a term: {sorted(unknown)}")
    refuse_repricing_billed_time(session, contract, at)
    if not contract.terms:
        add_first_terms(contract)
    rows = sorted(contract.terms, key=lambda row: row.effective_from)
    if at <= rows[0].effective_from:
        # The first terms cover all time before them (work logged before the contract was
        # added); keep that true for time before a change dated earlier still, or dated in
        # the very second the contract was added.
        rows[0].effective_from = min(BEFORE_ANY_WORK, at)
    current = rows[0]
    for row in rows:
        if row.effective_from <= at:
            current = row
    if current.effective_from != at:
        current = ContractTerm(
            effective_from=at, **{name: getattr(current, name) for name in TERM_FIELDS}
        )
        contract.terms.append(current)
    for row in [current, *(row for row in rows if row.effective_from > at)]:
        for name, value in changes.items():
            setattr(row, name, value)
    latest = max(contract.terms, key=lambda row: row.effective_from)
    for name in TERM_FIELDS:
        setattr(contract, name, getattr(latest, name))
    session.flush()


def refuse_repricing_billed_time(session: Session, contract: Contract, at: datetime) -> None:
    """Refuse a change whose billing week holds billed time (invoiced or approved)."""
    week_start = BillingWeek.of(at).starts_at
    invoice = session.scalars(
        select(Invoice).where(
            Invoice.contract_id == contract.id,
            Invoice.status.in_(BILLED_STATUSES),
            Invoice.period_end > week_start,
        )
    ).first()
    if invoice is not None:
        raise Conflict(
            f"invoice {invoice.number} ({invoice.status}) bills time in or after the week of"
            f" {at:%Y-%m-%d}; give --from after {invoice.period_end:%Y-%m-%d} (past weeks keep"
            " their terms), or void the invoice first"
        )
    sheet = session.scalars(
        select(Timesheet).where(
            Timesheet.contract_id == contract.id,
            Timesheet.locked.is_(True),
            Timesheet.week_start >= week_start,
        )
    ).first()
    if sheet is not None:
        raise Conflict(
            f"the week of {sheet.week_start:%Y-%m-%d} is approved and locked; give a later"
            " --from, or unlock the week first (`tallyhour sheet unlock`)"
        )


def _columns(contract: Contract) -> dict[str, Any]:
    """The term fields of a contract's own columns."""
    return {name: getattr(contract, name) for name in TERM_FIELDS}
