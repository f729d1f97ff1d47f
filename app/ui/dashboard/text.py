"""The dashboard's words: sentences, week spans and tooltips built from the service's numbers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date

from app.core.weeks import BillingWeek
from app.services.dashboard import ClientLine, Earnings, WeekPoint
from app.ui import formatting as fmt

#: Shown where a client has no cheaper fee tier ahead (last tier or a flat fee).
NO_LOWER_TIER = "no lower fee tier"


def next_tier_sentence(line: ClientLine, currency: str) -> str:
    """How far a client is from a lower fee: "$312.50 until fees drop to 10%"."""
    if line.next_tier is None:
        return NO_LOWER_TIER
    amount, rate = line.next_tier
    return f"{fmt.money(amount, currency)} until fees drop to {fmt.percent(rate)}"


def day_month(day: date) -> str:
    """A short day and month, "9 Mar"."""
    return str(format_date(day, "d MMM", locale=fmt.locale()))


def week_span(week: BillingWeek) -> str:
    """The days a billing week covers (UTC), "9–15 Mar" or "30 Mar – 5 Apr"."""
    first, last = week.monday, week.monday + timedelta(days=6)
    if first.month == last.month:
        return f"{first.day}–{day_month(last)}"
    return f"{day_month(first)} – {day_month(last)}"


def date_range(first: BillingWeek, last: BillingWeek) -> str:
    """The days from the first week's Monday to the last week's Sunday, "15 Dec 2025 – 8 Mar 2026"."""
    end = last.monday + timedelta(days=6)
    pattern = "d MMM" if first.monday.year == end.year else "d MMM y"
    start = format_date(first.monday, pattern, locale=fmt.locale())
    return f"{start} – {format_date(end, 'd MMM y', locale=fmt.locale())}"


def week_title(week: BillingWeek) -> str:
    """A week for headings, "2026-W11 · 9–15 Mar"."""
    return f"{week.label} · {week_span(week)}"


def hours(seconds: int) -> str:
    """Hours and minutes with a unit, "16:00 h"."""
    return f"{fmt.duration(seconds)} h"


def per_hour(amount: Decimal | None, currency: str) -> str:
    """An hourly rate, "$58.83/h", or a dash without hours."""
    return "—" if amount is None else f"{fmt.money(amount, currency)}/h"


def hours_detail(money: Earnings) -> str:
    """Tracked hours, and the billable part when the weekly limit cut some off."""
    text = f"{hours(money.tracked_seconds)} tracked"
    if money.billable_seconds != money.tracked_seconds:
        text += f", {hours(money.billable_seconds)} billable (over the weekly limit)"
    return text


def week_tooltip(point: WeekPoint, currency: str, *, in_progress: bool = False) -> str:
    """Every figure of one chart bar, for the hover tooltip (plain text, one per line)."""
    money = point.money
    lines = [
        f"Week {week_title(point.week)}" + (" (so far)" if in_progress else ""),
        f"Take-home: {fmt.money(money.take_home, currency)}",
        f"Marketplace fee: {fmt.money(money.fee, currency)}",
        f"Tax set aside: {fmt.money(money.tax, currency)}",
    ]
    if money.costs:
        lines.append(f"Costs: {fmt.money(money.costs, currency)}")
    if money.withdrawal_fees:
        lines.append(f"Withdrawal fees: {fmt.money(money.withdrawal_fees, currency)}")
    lines += [
        f"Gross: {fmt.money(money.gross, currency)}",
        f"Hours: {hours_detail(money)}",
        f"Available on {fmt.short_day(point.available_on)}",
    ]
    return "\n".join(lines)


def limit_text(seconds: int, limit: int | None) -> str:
    """This week's hours against a weekly limit, short: "1:00 of 10:00 h"."""
    if not limit:
        return hours(seconds)
    text = f"{fmt.duration(seconds)} of {hours(limit)}"
    return f"{text} · {hours(seconds - limit)} over" if seconds > limit else text


def limit_explained(seconds: int, limit: int | None) -> str:
    """What the weekly limit means for this week's hours, in a sentence."""
    if not limit:
        return "No weekly limit on this contract"
    if seconds > limit:
        return f"{hours(seconds - limit)} over the weekly limit of {hours(limit)}: not billed"
    return f"{hours(limit - seconds)} left before the weekly limit of {hours(limit)}"


def withdrawals_text(count: int, fees: Decimal, currency: str) -> str:
    """Withdrawals in the shown weeks and what they cost."""
    if count == 0:
        return "No withdrawals in these weeks"
    noun = "withdrawal" if count == 1 else "withdrawals"
    return f"{count} {noun} in these weeks · {fmt.money(fees, currency)} in fees"


def currency_note(currency: str, currencies: tuple[str, ...]) -> str:
    """Which currency the amounts are in, and which others have earnings of their own."""
    others = [code for code in currencies if code != currency]
    text = f"All amounts in {currency}"
    if others:
        text += f" · {', '.join(others)} shown apart (pick under Currency)"
    return text
