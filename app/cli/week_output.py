"""What `week` prints, the same on the quick path (sqlite3) and the full one (SQLAlchemy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.cli.output import print_json, print_table
from app.core.instants import hours_text, iso
from app.core.money import ZERO, json_money

if TYPE_CHECKING:
    from app.services.earnings import WeekReport


def show_week(report: WeekReport, *, as_json: bool) -> None:
    """Print a week report: the documented JSON document, or a table for people."""
    if as_json:
        print_json(week_json(report))
        return
    week = report.week
    print(
        f"billing week {week.label}: {week.starts_at:%Y-%m-%d %H:%M} UTC to {week.ends_at:%Y-%m-%d %H:%M} UTC"
        f" (local {week.starts_at.astimezone():%a %Y-%m-%d %H:%M})"
    )
    print_table(
        ["contract", "client", "hours", "billable", "gross", "fee", "net", "cur"],
        [
            [
                r.contract.title,
                r.contract.client_name,
                hours_text(r.tracked_seconds),
                hours_text(r.billable_seconds),
                json_money(r.gross),
                json_money(r.fee),
                json_money(r.net),
                r.contract.currency,
            ]
            for r in report.rows
        ],
        right={2, 3, 4, 5, 6},
    )
    for currency, total in sorted(report.by_currency.items()):
        print(
            f"total {currency}: {hours_text(total.tracked_seconds)} h, gross {json_money(total.gross)},"
            f" fee {json_money(total.fee)}, net {json_money(total.net)}"
        )


def week_json(report: WeekReport) -> dict[str, Any]:
    """A week report as the documented JSON document."""
    return {
        "week": report.week.label,
        "starts_at": iso(report.week.starts_at),
        "ends_at": iso(report.week.ends_at),
        "contracts": [
            {
                "contract": r.contract.title,
                "client": r.contract.client_name,
                "currency": r.contract.currency,
                "hours": hours_text(r.tracked_seconds),
                "billable_hours": hours_text(r.billable_seconds),
                "over_limit_hours": hours_text(r.over_limit_seconds),
                "gross": json_money(r.gross),
                "fee": json_money(r.fee),
                "net": json_money(r.net),
            }
            for r in report.rows
        ],
        "totals": _totals_json(report),
    }


def _totals_json(report: WeekReport) -> dict[str, Any]:
    """Totals; money only when one currency is involved, else per currency."""
    totals: dict[str, Any] = {
        "hours": hours_text(report.tracked_seconds),
        "billable_hours": hours_text(report.billable_seconds),
    }
    currencies = sorted(report.by_currency)
    if len(currencies) <= 1:
        one = report.by_currency.get(currencies[0]) if currencies else None
        gross, fee = (one.gross, one.fee) if one else (ZERO, ZERO)
        totals.update(gross=json_money(gross), fee=json_money(fee), net=json_money(gross - fee))
        totals["currency"] = currencies[0] if currencies else None
    else:
        totals.update(gross=None, fee=None, net=None, currency=None)
    totals["by_currency"] = {
        currency: {"gross": json_money(t.gross), "fee": json_money(t.fee), "net": json_money(t.net)}
        for currency, t in sorted(report.by_currency.items())
    }
    return totals
