"""The money rules, in one place: rounding entries, the weekly cap, pricing, fees, tax, take-home.

Every figure a user sees (the week report, the dashboard, the calculator, the timesheet,
the invoice, the command line) comes from these functions, so no two screens disagree.

- **Rounding.** Each entry is rounded up once, to its contract's step. An entry cut by a
  billing week or an invoice's range counts its parts as tracked, except the part where
  it ends, which also carries the round-up: the parts add up to the rounded entry.
- **The weekly cap.** Entries fill the weekly limit in start order; the rest is over the
  limit and not billed.
- **Pricing.** A week's billable seconds times the hourly rate, rounded half-up to the
  cent once per contract-week (never per entry).
- **Fees.** A payment's fee is charged by its schedule from the lifetime billings before
  it (see `charge_fee`), rounded half-up once per payment.
- **Tax.** The set-aside is the tax rate times the net (gross less fee) of each payment,
  rounded half-up per payment. A refund is a payment with a negative net: it releases tax.
- **Take-home** = gross − fee − tax set-aside − withdrawal fees − costs.
- **Withdrawable.** Money can be withdrawn once available: the net of each payment from
  its availability date (a refund's negative net at once, on its own date), less every
  withdrawal at or before then and its fee (the fee is charged on top of the amount).
- **Costs.** Connects are sold at 0.15 each; VAT or GST on a marketplace's fee is the
  fee times the rate the user sets, rounded half-up per payment. Each cost counts once
  (see `uncounted_costs`): a typed cost that is also a line of an imported statement
  counts as that line, and tax on fees comes from one source per billing week.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.core.cost_kinds import CONNECT_CURRENCY as CONNECT_CURRENCY
from app.core.cost_kinds import CONNECT_PRICE as CONNECT_PRICE
from app.core.cost_kinds import COST_KINDS as COST_KINDS
from app.core.errors import UserError
from app.core.fees import PRESETS, UPWORK_BY_DATE, Basis, BillingKind, FeeSchedule, Tier
from app.core.money import ZERO, round_cents
from app.core.weeks import BillingWeek, require_aware

SOURCES = ("timer", "manual", "import")
#: Per-entry rounding steps offered to users, in seconds: none, 1, 6, 10 and 15 minutes.
ROUNDING_CHOICES = (0, 60, 360, 600, 900)
#: Milestones and bonuses become available this long after the client releases them.
RELEASE_HOLD = timedelta(days=5)
ONE = Decimal(1)

#: Default withdrawal fee per method (Upwork's published fees; users may edit them).
WITHDRAWAL_METHODS: dict[str, Decimal] = {
    "ach": Decimal("0.00"),
    "local-bank": Decimal("0.99"),
    "wire": Decimal("30.00"),
    "paypal": Decimal("2.00"),
}


class CurrencyMismatch(UserError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency; adding or comparing two currencies is an error."""

    amount: Decimal
    currency: str

    def _same(self, other: Money) -> None:
        """Refuse arithmetic across currencies."""
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} and {other.currency} amounts")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in a currency."""
        return cls(ZERO, currency)

    @classmethod
    def total(cls, items: Iterable[Money], currency: str) -> Money:
        """The sum of amounts that must all be in `currency`."""
        result = cls.zero(currency)
        for item in items:
            result = result + item
        return result


# --- effective-dated contract terms --------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """A contract's rate, weekly limit, rounding and currency from an instant on.

    A billing week is billed by the terms in force at its end: a change takes effect for
    the whole billing week that contains its date and every later week, never earlier.
    """

    effective_from: datetime
    rate: Decimal
    weekly_limit_seconds: int | None
    rounding_seconds: int
    currency: str

    def __post_init__(self) -> None:
        require_aware(self.effective_from)


def terms_for_week(terms: Sequence[Terms], week: BillingWeek) -> Terms:
    """The terms a billing week is billed by: the latest change made before it ends."""
    return terms_at(terms, week.ends_at - timedelta(microseconds=1))


def terms_at(terms: Sequence[Terms], instant: datetime) -> Terms:
    """The terms in force at an instant (the first terms for anything earlier)."""
    if not terms:
        raise UserError("a contract needs its terms")
    ordered = sorted(terms, key=lambda t: t.effective_from)
    current = ordered[0]
    for item in ordered:
        if item.effective_from > instant:
            break
        current = item
    return current


# --- rounding and the weekly cap -------------------------------------------------------


@dataclass(frozen=True)
class EntrySpan:
    """A time entry's part inside one week: half-open epoch seconds, with source and memo.

    `entry_start`/`entry_end` are the whole entry's bounds when the part was cut from a
    longer entry (None: the part is the whole entry).
    """

    entry_id: int
    start: int
    end: int
    source: str
    memo: str
    entry_start: int | None = None
    entry_end: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"entry {self.entry_id} ends before it starts")
        if self.source not in SOURCES:
            raise ValueError(f"entry {self.entry_id} has unknown source {self.source!r}")

    def counted_seconds(self, step: int) -> int:
        """This part's seconds after the entry's one rounding (see `counted_part`)."""
        return counted_part(
            self.start,
            self.end,
            self.start if self.entry_start is None else self.entry_start,
            self.end if self.entry_end is None else self.entry_end,
            step,
        )


@dataclass(frozen=True)
class EntryBilling:
    """How one entry was billed in its week, and whether hourly protection covers it."""

    entry_id: int
    seconds: int
    counted_seconds: int
    billable_seconds: int
    over_limit_seconds: int
    manual: bool
    has_memo: bool
    protected: bool


@dataclass(frozen=True)
class WeekBill:
    """The totals of one contract's hourly week and the billing of each entry."""

    tracked_seconds: int
    counted_seconds: int
    billable_seconds: int
    over_limit_seconds: int
    amount: Decimal
    entries: tuple[EntryBilling, ...]


def round_up_seconds(seconds: int, step: int) -> int:
    """Round a duration up to a whole number of `step` seconds (step 0: unchanged)."""
    if step < 0:
        raise UserError("the rounding step must not be negative")
    if step == 0:
        return seconds
    return (seconds + step - 1) // step * step


def counted_part(
    part_start: int, part_end: int, entry_start: int, entry_end: int, step: int
) -> int:
    """Seconds counted for the part [part_start, part_end) of an entry rounded once.

    Parts count as tracked; the part that ends where the entry ends also carries the
    round-up, so the parts of one entry always add up to the entry rounded once.
    """
    if part_end != entry_end:
        return part_end - part_start
    return round_up_seconds(entry_end - entry_start, step) - (part_start - entry_start)


def capped_seconds(counted_seconds: int, weekly_limit_seconds: int | None) -> int:
    """A week's billable seconds: the counted time up to the weekly limit (None: no limit)."""
    if weekly_limit_seconds is None:
        return counted_seconds
    return min(counted_seconds, weekly_limit_seconds)


def price(seconds: int, rate: Decimal) -> Decimal:
    """The amount for a duration at an hourly rate, rounded half-up to the cent."""
    return round_cents(Decimal(seconds) * rate / 3600)


def week_amount(
    counted_seconds: int, *, rate: Decimal, weekly_limit_seconds: int | None
) -> Decimal:
    """What one contract's hourly week bills: its counted time, capped, priced once."""
    return price(capped_seconds(counted_seconds, weekly_limit_seconds), rate)


def week_amount_cents(
    counted_seconds: int, *, rate_cents: int, weekly_limit_seconds: int | None
) -> int:
    """`week_amount` in integer cents, for summing years of weeks fast (same half-up rule)."""
    return (capped_seconds(counted_seconds, weekly_limit_seconds) * rate_cents + 1800) // 3600


def bill_week(
    spans: Sequence[EntrySpan],
    *,
    rate: Decimal,
    weekly_limit_seconds: int | None,
    rounding_seconds: int = 0,
) -> WeekBill:
    """Bill a week's entries at an hourly rate, up to the weekly limit (None: no limit)."""
    if rate < 0:
        raise UserError("the hourly rate must not be negative")
    if weekly_limit_seconds is not None and weekly_limit_seconds < 0:
        raise UserError("the weekly limit must not be negative")
    counted_total = 0
    entries: list[EntryBilling] = []
    for span in sorted(spans, key=lambda s: (s.start, s.entry_id)):
        seconds = span.end - span.start
        counted = span.counted_seconds(rounding_seconds)
        before = capped_seconds(counted_total, weekly_limit_seconds)
        counted_total += counted
        billable = capped_seconds(counted_total, weekly_limit_seconds) - before
        over = counted - billable
        has_memo = span.memo.strip() != ""
        entries.append(
            EntryBilling(
                entry_id=span.entry_id,
                seconds=seconds,
                counted_seconds=counted,
                billable_seconds=billable,
                over_limit_seconds=over,
                manual=span.source == "manual",
                has_memo=has_memo,
                protected=span.source == "timer" and has_memo and over == 0,
            )
        )
    billable_total = capped_seconds(counted_total, weekly_limit_seconds)
    return WeekBill(
        tracked_seconds=sum(e.seconds for e in entries),
        counted_seconds=counted_total,
        billable_seconds=billable_total,
        over_limit_seconds=counted_total - billable_total,
        amount=price(billable_total, rate),
        entries=tuple(entries),
    )


# --- availability ------------------------------------------------------------------------


def available_on_for_week(week: BillingWeek) -> date:
    """When an hourly week's earnings become available to withdraw."""
    return week.available_on


def available_on_for_release(released_at: datetime) -> date:
    """When a released milestone or bonus becomes available: 5 days later, as a UTC date."""
    return (require_aware(released_at).astimezone(UTC) + RELEASE_HOLD).date()


# --- fees ----------------------------------------------------------------------------------

#: Upwork moved from the sliding fee to a flat 10% on this day.
UPWORK_FLAT_FROM = datetime(2023, 5, 3, tzinfo=UTC)
#: Clients already past 10,000.00 (on the 5% tier) stayed at 5% until this instant.
UPWORK_FIVE_PERCENT_UNTIL = datetime(2024, 1, 1, tzinfo=UTC)
FIVE_PERCENT = FeeSchedule(
    "upwork-2023-5%",
    (Tier(None, Decimal("0.05")),),
    Basis.FLAT,
    description="Upwork 2023: contracts already at 5% stayed at 5% until 2023-12-31.",
)


def resolve_schedule(
    schedule: FeeSchedule, at: datetime, lifetime_at_switch: Decimal | None = None
) -> FeeSchedule:
    """The schedule that charges a payment at `at`: Upwork's by date, others as they are.

    `lifetime_at_switch` is the client's lifetime billings (in the payment's currency) on
    2023-05-03; above 10,000.00 the client was on 5% and stayed there for 2023.
    """
    if schedule.name != UPWORK_BY_DATE:
        return schedule
    if at < UPWORK_FLAT_FROM:
        return PRESETS["upwork-2016"]
    if (
        at < UPWORK_FIVE_PERCENT_UNTIL
        and lifetime_at_switch is not None
        and lifetime_at_switch > Decimal("10000.00")
    ):
        return FIVE_PERCENT
    return PRESETS["upwork-2023"]


def contract_fee_rate(rate: Decimal) -> FeeSchedule:
    """A contract's own flat fee rate (Upwork shows one on each offer from 2025-05-01)."""
    return FeeSchedule(
        f"contract fee {(rate * 100).normalize():f}%",
        (Tier(None, rate),),
        Basis.FLAT,
        description="This contract's own fee rate.",
    )


@dataclass(frozen=True)
class TierPart:
    """The slice of a payment charged at one rate; `fee` is rounded to the cent for display.

    A `minimum` part has no slice of its own: it is what lifts the tiers' fee to the
    schedule's minimum (or, on a refund, returns it), so the parts add up to the fee.
    """

    amount: Decimal
    rate: Decimal
    fee: Decimal
    minimum: bool = False


@dataclass(frozen=True)
class FeeResult:
    """The fee of one payment: its tier parts, total fee and what the freelancer keeps."""

    amount: Decimal
    fee: Decimal
    net: Decimal
    prior: Decimal
    parts: tuple[TierPart, ...]


def _slices(schedule: FeeSchedule, low: Decimal, high: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Cut the lifetime span [low, high] into (width, rate) pieces, one per tier it touches."""
    pieces: list[tuple[Decimal, Decimal]] = []
    bottom: Decimal | None = None  # the first tier reaches below zero
    for tier in schedule.tiers:
        top = high if tier.up_to is None else min(high, tier.up_to)
        start = low if bottom is None else max(low, bottom)
        if top > start:
            pieces.append((top - start, tier.rate))
        if tier.up_to is None or tier.up_to >= high:
            break
        bottom = tier.up_to
    return pieces


def minimum_applies(schedule: FeeSchedule, kind: BillingKind) -> bool:
    """Whether a schedule's minimum fee applies to a kind of payment."""
    return schedule.minimum_fee > 0 and kind in schedule.minimum_applies_to


def charge_fee(
    schedule: FeeSchedule,
    *,
    prior: Decimal,
    amount: Decimal,
    kind: BillingKind = BillingKind.HOURLY,
) -> FeeResult:
    """The fee of a payment (or, when negative, the fee returned on a refund) after `prior`.

    Each slice of lifetime billings is charged at its tier's rate; the exact total is
    rounded half-up to the cent once. A minimum fee lifts the fee (never above the payment)
    and shows as a part of its own, so the parts add up to the fee. A refund under a
    minimum returns what a payment of the refunded amount was charged, minimum included
    (`refund_fee` gives the exact return on a known payment).
    """
    if amount == 0:
        return FeeResult(amount=amount, fee=ZERO, net=amount, prior=prior, parts=())
    if amount < 0 and minimum_applies(schedule, kind):
        return reversed_fee(charge_fee(schedule, prior=prior + amount, amount=-amount, kind=kind))
    start = ZERO if schedule.basis is Basis.FLAT else prior
    end = start + amount
    sign = ONE if amount > 0 else -ONE
    pieces = [
        (sign * width, rate) for width, rate in _slices(schedule, min(start, end), max(start, end))
    ]
    parts = tuple(TierPart(part, rate, round_cents(part * rate)) for part, rate in pieces)
    # Round the exact total once: the sum of rounded parts could be a cent off.
    fee = round_cents(sum((part * rate for part, rate in pieces), ZERO))
    if amount > 0 and minimum_applies(schedule, kind):
        lifted = min(max(fee, schedule.minimum_fee), amount)
        if lifted != fee:
            parts = with_minimum_part(parts, lifted)
        fee = lifted
    return FeeResult(amount=amount, fee=fee, net=amount - fee, prior=prior, parts=parts)


def with_minimum_part(parts: tuple[TierPart, ...], fee: Decimal) -> tuple[TierPart, ...]:
    """The tier parts and the minimum's part, which makes them add up to `fee`."""
    rest = fee - sum((part.fee for part in parts), ZERO)
    return parts if rest == 0 else (*parts, TierPart(ZERO, ZERO, rest, minimum=True))


def reversed_fee(payment: FeeResult) -> FeeResult:
    """A payment undone: the refund of all of it returns all of its fee."""
    return FeeResult(
        amount=-payment.amount,
        fee=-payment.fee,
        net=-payment.net,
        prior=payment.prior + payment.amount,
        parts=tuple(
            TierPart(-part.amount, part.rate, -part.fee, part.minimum) for part in payment.parts
        ),
    )


def refund_fee(
    schedule: FeeSchedule, payment: FeeResult, refunded: Decimal, kind: BillingKind
) -> Decimal:
    """The fee a refund of part of one payment returns: its fee less what the rest costs.

    A whole refund returns the fee that was charged, minimum included; refunds of parts
    never return more than the payment's fee in all.
    """
    rest = charge_fee(schedule, prior=payment.prior, amount=payment.amount - refunded, kind=kind)
    return payment.fee - rest.fee


@dataclass
class OpenPayment:
    """A payment a later refund on its contract may undo: how it was charged, what is left."""

    schedule: FeeSchedule
    kind: BillingKind
    result: FeeResult
    remaining: Decimal


def refund_against(
    payments: Sequence[OpenPayment],
    schedule: FeeSchedule,
    *,
    prior: Decimal,
    amount: Decimal,
    kind: BillingKind,
) -> FeeResult:
    """A refund (negative `amount`) under a minimum fee, undoing the latest payments first.

    Each payment it reaches returns the fee it was charged less what its unrefunded rest
    costs (`refund_fee`), so a whole refund returns the whole fee, minimum included; any
    part beyond those payments returns what `charge_fee` says. Reduces `remaining`.
    """
    left = -amount
    returned = ZERO
    for payment in reversed(payments):
        if left <= 0:
            break
        take = min(left, payment.remaining)
        if take <= 0:
            continue
        rest = charge_fee(
            payment.schedule,
            prior=payment.result.prior,
            amount=payment.remaining,
            kind=payment.kind,
        )
        returned += refund_fee(payment.schedule, rest, take, payment.kind)
        payment.remaining -= take
        left -= take
    beyond = charge_fee(schedule, prior=prior + amount + left, amount=-left, kind=kind).fee
    fee = beyond - returned
    tiers = charge_fee(replace(schedule, minimum_fee=ZERO), prior=prior, amount=amount, kind=kind)
    return FeeResult(
        amount=amount,
        fee=fee,
        net=amount - fee,
        prior=prior,
        parts=with_minimum_part(tiers.parts, fee),
    )


# --- tax and take-home ----------------------------------------------------------------------


def tax_set_aside(net: Decimal, tax_rate: Decimal) -> Decimal:
    """The tax set aside on one payment's net, rounded half-up; a refund releases tax."""
    return round_cents(net * tax_rate)


def tax_on_payments(nets: Iterable[Decimal], tax_rate: Decimal) -> Decimal:
    """The tax set aside on several payments: each one's set-aside, added up."""
    return sum((tax_set_aside(net, tax_rate) for net in nets), ZERO)


@dataclass(frozen=True)
class TakeHome:
    """Gross to take-home, step by step, with the effective hourly rate it works out to."""

    gross: Decimal
    fee: Decimal
    net: Decimal
    tax: Decimal
    withdrawal_fees: Decimal
    take_home: Decimal
    hours_seconds: int
    effective_hourly: Decimal | None
    costs: Decimal = ZERO


def check_tax_rate_fraction(tax_rate: Decimal) -> Decimal:
    """Refuse a tax set-aside outside 0%–100%."""
    if not ZERO <= tax_rate <= ONE:
        raise UserError("the tax set-aside must be between 0% and 100%")
    return tax_rate


def hourly_rate(amount: Decimal, seconds: int) -> Decimal | None:
    """An amount per hour of `seconds`, rounded half-up (None without time)."""
    return None if seconds == 0 else round_cents(amount * 3600 / seconds)


def kept_amount(
    *, net: Decimal, tax: Decimal, withdrawal_fees: Decimal = ZERO, costs: Decimal = ZERO
) -> Decimal:
    """The one take-home formula: net less the tax set aside, withdrawal fees and costs."""
    return net - tax - withdrawal_fees - costs


def take_home(
    *,
    gross: Decimal,
    fee: Decimal,
    tax_rate: Decimal,
    withdrawal_fees: Decimal = ZERO,
    costs: Decimal = ZERO,
    seconds: int = 0,
    tax: Decimal | None = None,
) -> TakeHome:
    """What the freelancer keeps of one payment (or of payments whose `tax` is given)."""
    check_tax_rate_fraction(tax_rate)
    if seconds < 0:
        raise UserError("the time worked must not be negative")
    net = gross - fee
    set_aside = tax_set_aside(net, tax_rate) if tax is None else tax
    kept = kept_amount(net=net, tax=set_aside, withdrawal_fees=withdrawal_fees, costs=costs)
    return TakeHome(
        gross=gross,
        fee=fee,
        net=net,
        tax=set_aside,
        withdrawal_fees=withdrawal_fees,
        take_home=kept,
        hours_seconds=seconds,
        effective_hourly=hourly_rate(kept, seconds),
        costs=costs,
    )


# --- withdrawals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """A payment's net and the UTC day it can be withdrawn (a refund: negative, at once)."""

    available_on: date
    net: Decimal


@dataclass(frozen=True)
class MoneyOut:
    """A withdrawal: the amount sent to the bank and the fee charged on top of it."""

    at: datetime
    amount: Decimal
    fee: Decimal

    def __post_init__(self) -> None:
        require_aware(self.at)

    @property
    def total(self) -> Decimal:
        """What the withdrawal takes from the balance: the amount and its fee."""
        return self.amount + self.fee


def credit_day(available_on: date, net: Decimal, at: datetime) -> Credit:
    """A payment as a credit: money in from its availability date, money out from `at`."""
    if net < 0:
        return Credit(require_aware(at).astimezone(UTC).date(), net)
    return Credit(available_on, net)


def withdrawable_at(
    credits: Iterable[Credit], withdrawals: Iterable[MoneyOut], at: datetime
) -> Decimal:
    """The balance at an instant: credits available by its UTC day, less withdrawals so far."""
    day = require_aware(at).astimezone(UTC).date()
    earned = sum((c.net for c in credits if c.available_on <= day), ZERO)
    spent = sum((w.total for w in withdrawals if w.at <= at), ZERO)
    return earned - spent


def withdrawal_room(
    credits: Sequence[Credit], withdrawals: Sequence[MoneyOut], at: datetime
) -> Decimal:
    """The most a new withdrawal at `at` may take (amount and fee) without overdrawing.

    It must fit the balance at its own instant and leave every later withdrawal covered.
    """
    instants = [at] + [w.at for w in withdrawals if w.at >= at]
    return min(withdrawable_at(credits, withdrawals, instant) for instant in instants)


def check_withdrawal(
    credits: Sequence[Credit],
    withdrawals: Sequence[MoneyOut],
    new: MoneyOut,
    currency: str,
) -> Decimal:
    """Refuse a withdrawal beyond the money available; the balance it leaves at its instant."""
    room = withdrawal_room(credits, withdrawals, new.at)
    if new.total > room:
        most = max(room - new.fee, ZERO)
        raise UserError(
            f"only {max(room, ZERO):.2f} {currency} is available to withdraw then; with the"
            f" {new.fee:.2f} fee you can withdraw at most {most:.2f} {currency}"
        )
    return withdrawable_at(credits, [*withdrawals, new], new.at)


# --- costs ----------------------------------------------------------------------------------

#: Statement line kinds that are costs, and the cost kind each one is.
STATEMENT_COST_KINDS = {"connects": "connects", "membership": "membership", "vat": "fee-tax"}
#: Where a recorded cost comes from: typed by the user, or a line of an imported statement.
TYPED, STATEMENT = "typed", "statement"


def connects_cost(count: int) -> Decimal:
    """What `count` Connects cost at Upwork's price."""
    if count <= 0:
        raise UserError("the number of Connects must be at least 1")
    return round_cents(CONNECT_PRICE * count)


@dataclass(frozen=True)
class CostRecord:
    """A recorded cost (positive money out), typed or from a statement, at a UTC instant."""

    source: str
    id: int
    kind: str
    at: datetime
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        require_aware(self.at)
        if self.source not in (TYPED, STATEMENT) or self.kind not in COST_KINDS:
            raise ValueError(f"not a cost: {self.source} {self.kind}")

    @property
    def key(self) -> tuple[str, int]:
        """The record's identity across both sources."""
        return (self.source, self.id)

    @property
    def bucket(self) -> int:
        """The billing week the cost falls in."""
        return BillingWeek.of(self.at).bucket


def uncounted_costs(records: Sequence[CostRecord]) -> dict[tuple[str, int], str]:
    """The records that do not count, each with why: the rule that counts every cost once.

    - A typed Connects, membership or other cost with the same kind, currency, amount and
      UTC day as a statement line is that line: the line counts, the typed cost does not
      (one typed cost per line, oldest first).
    - Tax on fees counts from one source per billing week and currency: the statement's
      VAT/GST lines when it has any that week, else the fee-tax costs typed that week, else
      the fee-tax rate times each payment's fee (see `fee_tax_recorded`).
    """
    unmatched: dict[tuple[str, str, Decimal, date], int] = {}
    statement_tax_weeks = set()
    for record in records:
        if record.source == STATEMENT:
            if record.kind == "fee-tax":
                statement_tax_weeks.add((record.bucket, record.currency))
            else:
                same = (record.kind, record.currency, record.amount, _utc_day(record.at))
                unmatched[same] = unmatched.get(same, 0) + 1
    skipped: dict[tuple[str, int], str] = {}
    for record in sorted(records, key=lambda r: (r.at, r.id)):
        if record.source != TYPED:
            continue
        if record.kind == "fee-tax":
            if (record.bucket, record.currency) in statement_tax_weeks:
                skipped[record.key] = "the statement's VAT/GST of that week counts instead"
            continue
        same = (record.kind, record.currency, record.amount, _utc_day(record.at))
        if unmatched.get(same, 0) > 0:
            unmatched[same] -= 1
            skipped[record.key] = "the same cost is on an imported statement"
    return skipped


def fee_tax_recorded(records: Iterable[CostRecord]) -> frozenset[tuple[int, str]]:
    """(billing week, currency) pairs whose tax on fees is recorded, so not worked out."""
    return frozenset((r.bucket, r.currency) for r in records if r.kind == "fee-tax")


def _utc_day(instant: datetime) -> date:
    """The UTC calendar day of an instant (statements date their lines by it)."""
    return instant.astimezone(UTC).date()


def fee_tax(fee: Decimal, rate: Decimal) -> Decimal:
    """VAT or GST a marketplace charges on one payment's fee, at the user's rate, rounded half-up.

    A refund's returned fee (negative) returns the tax charged on it.
    """
    if not ZERO <= rate <= ONE:
        raise UserError("the tax on fees must be between 0% and 100%")
    return round_cents(fee * rate)


def fee_tax_on_payments(fees: Iterable[Decimal], rate: Decimal) -> Decimal:
    """The tax on the fees of several payments: each payment's, added up."""
    return sum((fee_tax(fee, rate) for fee in fees), ZERO)
