"""An invoice's lines and totals, built by pure functions so the page always adds up.

Time lines print their time as hours:minutes (h:mm, or h:mm:ss when seconds count) at
the hourly rate. Each billing week is priced once, as the week report prices it, and
the week's cents are shared out over its lines (each line gets its exact share rounded
down, the cents left go to the largest remainders): the lines add up to what the week
bills, and each line is its time times the rate to within a cent. Milestone lines are
quantity 1 at their amount. The subtotal is the sum of the printed amounts, tax is the
subtotal times the tax rate rounded half-up once, and the total is subtotal plus tax.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_FLOOR, Decimal
from itertools import pairwise

from app.core.errors import UserError
from app.core.instants import from_epoch, to_epoch
from app.core.money import CENT, ZERO, round_cents
from app.core.money_rules import EntrySpan, Terms, bill_week, price, terms_for_week
from app.core.text import quoted
from app.core.weeks import BillingWeek, split_by_week
from app.reports.printed import day_text, hours_quantity, printable
from app.reports.timesheet_data import Party, SheetEntry

GROUPINGS = ("day", "memo")
#: Tax rates are fractions with at most six decimals (four in percent: 12.3456%).
TAX_STEP = Decimal("0.000001")
NO_MEMO = "Work without a memo"
#: The quantity column of a time-based invoice.
TIME_LABEL = "Time (h:mm)"
#: What a time-based invoice says about its arithmetic, printed under the lines.
TIME_RULE = (
    "Time is in hours:minutes at the hourly rate. Each billing week is priced once,"
    " rounded half-up to the cent, and its cents are shared over its lines, so a line"
    " can differ by a cent from its time times the rate; the lines add up to the total."
)


@dataclass(frozen=True)
class BilledPart:
    """The billable time of one entry (or its part) inside an invoice's period."""

    entry_id: int
    start: datetime
    memo: str
    billable_seconds: int
    #: The billing week the part is billed in.
    bucket: int = 0


@dataclass(frozen=True)
class MilestoneItem:
    """A released or funded milestone or bonus to put on an invoice."""

    milestone_id: int
    title: str
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class LineDraft:
    """One printed line: description, quantity, unit price and their rounded product."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceTotals:
    """Subtotal (sum of the printed lines), tax and total."""

    subtotal: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything printed on an invoice."""

    number: str | None
    status: str
    issue_date: date | None
    due_date: date | None
    paid_on: date | None
    seller: Party
    buyer: Party
    contract_title: str
    period: str
    currency: str
    quantity_label: str
    lines: tuple[LineDraft, ...]
    tax_rate: Decimal
    totals: InvoiceTotals
    terms: str
    notes: str

    @property
    def subtotal(self) -> Decimal:
        """The sum of the printed line amounts."""
        return self.totals.subtotal

    @property
    def tax(self) -> Decimal:
        """The tax on the subtotal."""
        return self.totals.tax

    @property
    def total(self) -> Decimal:
        """Subtotal plus tax."""
        return self.totals.total


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """A line's amount: quantity times unit price, rounded half-up to the cent."""
    return round_cents(quantity * unit_price)


def check_tax_rate(rate: Decimal) -> Decimal:
    """A tax rate as a fraction between 0 and 1 with at most six decimals, or a refusal."""
    if not rate.is_finite() or not ZERO <= rate <= 1:
        raise UserError("the tax rate must be between 0 and 100 percent")
    if rate != rate.quantize(TAX_STEP):
        raise UserError("the tax rate may have at most four decimals in percent")
    return rate


def invoice_totals(lines: Sequence[LineDraft], tax_rate: Decimal) -> InvoiceTotals:
    """Subtotal as the sum of the printed line amounts, tax rounded once, and the total."""
    subtotal = sum((line.amount for line in lines), ZERO)
    tax = round_cents(subtotal * tax_rate)
    return InvoiceTotals(subtotal=subtotal, tax=tax, total=subtotal + tax)


def bill_period(
    entries: Sequence[SheetEntry],
    *,
    start: datetime,
    end: datetime,
    weekly_limit_seconds: int | None,
    rounding_seconds: int = 0,
    terms: Sequence[Terms] = (),
) -> list[BilledPart]:
    """Billable time inside [start, end), with the weekly limit applied per billing week.

    `entries` must cover the whole billing weeks the period touches: time earlier in a
    week uses up that week's limit even when it lies before the period.
    """
    period = (to_epoch(start), to_epoch(end))
    pieces: dict[int, list[tuple[EntrySpan, SheetEntry, bool]]] = {}
    count = 0
    for entry in entries:
        for bucket, part_start, part_end in split_by_week(
            to_epoch(entry.start), to_epoch(entry.end)
        ):
            cuts = sorted({part_start, part_end} | {c for c in period if part_start < c < part_end})
            for piece_start, piece_end in pairwise(cuts):
                # Pieces get their own ids: one entry may be cut at a week and the period.
                # The whole entry's bounds make it rounded once, in the piece where it ends.
                span = EntrySpan(
                    count,
                    piece_start,
                    piece_end,
                    entry.source,
                    entry.memo,
                    entry_start=to_epoch(entry.start),
                    entry_end=to_epoch(entry.end),
                )
                count += 1
                inside = period[0] <= piece_start and piece_end <= period[1]
                pieces.setdefault(bucket, []).append((span, entry, inside))
    parts: list[BilledPart] = []
    for bucket in sorted(pieces):
        week = pieces[bucket]
        limit, step = weekly_limit_seconds, rounding_seconds
        if terms:
            billed_by = terms_for_week(terms, BillingWeek.from_bucket(bucket))
            limit, step = billed_by.weekly_limit_seconds, billed_by.rounding_seconds
        bill = bill_week(
            [span for span, _, _ in week],
            rate=ZERO,
            weekly_limit_seconds=limit,
            rounding_seconds=step,
        )
        billable = {billed.entry_id: billed.billable_seconds for billed in bill.entries}
        parts.extend(
            BilledPart(
                entry.entry_id,
                from_epoch(span.start),
                entry.memo,
                billable[span.entry_id],
                bucket,
            )
            for span, entry, inside in sorted(week, key=lambda item: item[0].start)
            if inside
        )
    return parts


def hour_lines(
    parts: Sequence[BilledPart],
    *,
    rate: Decimal,
    group_by: str,
    zone: tzinfo | None = None,
    rates: Mapping[int, Decimal] | None = None,
) -> list[LineDraft]:
    """Lines of billable time grouped per local day or per memo, in order of first work.

    Each billing week is priced once (`price`) at its rate (`rates` by week bucket, else
    `rate`); its cents are shared over the lines by `share_cents`, so the lines add up to
    exactly what the weeks bill. Time billed at different rates gets separate lines.
    """
    rate_of = dict(rates or {})
    if group_by not in GROUPINGS:
        raise UserError(f"group lines by {' or '.join(GROUPINGS)}, not {quoted(group_by)}")
    seconds: dict[tuple[str, Decimal], dict[int, int]] = {}
    memos: dict[str, list[str]] = {}
    for part in sorted(parts, key=lambda p: (p.start, p.entry_id)):
        memo = " ".join(part.memo.split())
        if group_by == "day":
            label = day_text(part.start.astimezone(zone).date())
            if memo and memo not in memos.setdefault(label, []):
                memos[label].append(memo)
        else:
            label = memo or NO_MEMO
        by_week = seconds.setdefault((label, rate_of.get(part.bucket, rate)), {})
        by_week[part.bucket] = by_week.get(part.bucket, 0) + part.billable_seconds
    keys = [key for key, weeks in seconds.items() if sum(weeks.values()) > 0]
    week_seconds: dict[int, int] = {}
    for key in keys:
        for bucket, count in seconds[key].items():
            week_seconds[bucket] = week_seconds.get(bucket, 0) + count
    target = sum(
        (price(count, rate_of.get(bucket, rate)) for bucket, count in week_seconds.items()), ZERO
    )
    exact = [sum(seconds[key].values()) * key[1] / 3600 for key in keys]
    amounts = share_cents(target, exact)
    lines = []
    for (label, line_rate), amount in zip(keys, amounts, strict=True):
        text = f"{label}: {'; '.join(memos[label])}" if memos.get(label) else label
        quantity = hours_quantity(sum(seconds[(label, line_rate)].values()))
        lines.append(LineDraft(printable(text), quantity, line_rate, amount))
    return lines


def share_cents(total: Decimal, exact: Sequence[Decimal]) -> list[Decimal]:
    """Share a total in cents over exact amounts: each rounded down, the rest by remainder.

    The shares add up to `total`; ties go to the earlier amount.
    """
    if not exact:
        return []
    floors = [(amount * 100).to_integral_value(rounding=ROUND_FLOOR) for amount in exact]
    left = int(total * 100 - sum(floors, Decimal(0)))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] * 100 - floors[i]), i))
    shares = list(floors)
    for step in range(max(left, 0)):
        shares[order[step % len(order)]] += 1
    for step in range(max(-left, 0)):
        shares[order[-1 - step % len(order)]] -= 1
    return [(share / 100).quantize(CENT) for share in shares]


def milestone_lines(items: Sequence[MilestoneItem]) -> list[LineDraft]:
    """One line per milestone or bonus: quantity 1 at its amount."""
    lines = []
    for item in items:
        label = item.title if item.kind == "milestone" else f"{item.title} ({item.kind})"
        lines.append(
            LineDraft(
                printable(label), Decimal(1), item.amount, line_amount(Decimal(1), item.amount)
            )
        )
    return lines


def period_text(start: datetime | None, end: datetime | None, zone: tzinfo | None = None) -> str:
    """The billed period: a billing week by its UTC days, other spans by local dates."""
    if start is None or end is None:
        return ""
    week = BillingWeek.of(start)
    if start == week.starts_at and end == week.ends_at:
        last = week.monday + timedelta(days=6)
        return f"{week.label} ({day_text(week.monday)} to {day_text(last)}, UTC)"
    first = start.astimezone(zone).date()
    last = (end - timedelta(seconds=1)).astimezone(zone).date()
    return day_text(first) if first == last else f"{day_text(first)} to {day_text(last)}"


def party_to_json(party: Party) -> str:
    """A party as stored on an invoice (JSON: name and detail lines)."""
    return json.dumps({"name": party.name, "details": list(party.details)}, ensure_ascii=False)


def party_from_json(stored: str) -> Party:
    """A party as stored on an invoice; empty when nothing was stored."""
    if not stored:
        return Party("")
    data = json.loads(stored)
    return Party(str(data.get("name", "")), tuple(str(x) for x in data.get("details", [])))
