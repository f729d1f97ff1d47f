"""Upwork exports as Upwork writes them: newest first, fees as their own rows, US dates."""

from __future__ import annotations

from datetime import date, timedelta

HISTORY_HEADER = [
    "Date", "Ref ID", "Type", "Description", "Agency", "Freelancer", "Team",
    "Account Name", "PO", "Amount", "Amount in local currency", "Currency", "Balance",
]  # fmt: skip
TRANSACTIONS_HEADER = [
    "Date", "Transaction ID", "Transaction Type", "Transaction Summary", "Description",
    "Ref ID", "Amount $", "Currency", "Payment Method", "Team", "Freelancer", "Agency",
    "Contract ID", "Contract Title", "PO", "Amount in local currency", "Local Currency",
    "Exchange Rate", "Balance",
]  # fmt: skip
WEEKLY_HEADER = ["Date", "Contract", "Hours", "Amount", "Payment type"]
FIRST_MONDAY = date(2025, 1, 6)


def us_date(day: date) -> str:
    """A date as the Transaction History prints it: "Sep 8, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


def history_rows(
    weeks: int, *, team: str = 'Acme, "the" Co', rate: str = "40.00"
) -> list[list[str]]:
    """Per week an hourly invoice and its 10% service fee, a withdrawal every 4th; newest first."""
    rows: list[list[str]] = []
    for n in range(weeks):
        monday = FIRST_MONDAY + timedelta(weeks=n)
        paid = monday + timedelta(days=9)
        minutes = 600 + 15 * (n % 9)  # 10:00 to 12:00 hours
        amount = minutes * int(rate.split(".")[0]) * 100 // 60  # whole cents
        fee = amount // 10
        ref = str(500000000 + 2 * n)
        period = f"{monday:%m/%d/%Y}-{monday + timedelta(days=6):%m/%d/%Y}"
        hours = f"{minutes // 60}:{minutes % 60:02d}"
        rows.append([us_date(paid), ref, "Hourly", f"Invoice for {period} - {hours} hrs @ ${rate}/hr",
                     "", "Sam Doe", team, "Sam Doe", "", f"${amount / 100:,.2f}", "", "USD", ""])  # fmt: skip
        rows.append([us_date(paid), str(500000001 + 2 * n), "Service Fee",
                     f"Service Fee for Ref ID {ref}", "", "Sam Doe", team, "Sam Doe", "",
                     f"-${fee / 100:,.2f}", "", "USD", ""])  # fmt: skip
        if n % 4 == 3:
            rows.append([us_date(paid + timedelta(days=1)), str(900000000 + n), "Withdrawal",
                         "Withdrawal to Direct to Local Bank - xxxx1234", "", "Sam Doe", "",
                         "Sam Doe", "", "-$1,000.00", "", "USD", ""])  # fmt: skip
    rows.reverse()
    return rows


def transactions_rows() -> list[list[str]]:
    """The newer 19-column export: a fixed-price payment, its fee and VAT, Connects, membership."""

    def row(day: str, tid: str, kind: str, description: str, amount: str, contract: str = "",
            team: str = "", ref: str = "") -> list[str]:  # fmt: skip
        return [day, tid, kind, kind, description, ref, amount, "USD", "", team, "Sam Doe", "",
                "4242" if contract else "", contract, "", "", "", "", ""]  # fmt: skip

    return [
        row("2026-03-20", "T6", "Membership Fee", "Freelancer Plus, monthly", "-19.99"),
        row("2026-03-18", "T5", "Connects", "Purchase of 80 Connects", "-12.00"),
        row(
            "2026-03-16",
            "T4",
            "VAT",
            "VAT on service fee for Ref ID 700001",
            "-6.00",
            'Logo, final "v2"',
            "Beta GmbH",
        ),
        row(
            "2026-03-16",
            "T3",
            "Service Fee",
            "Service Fee for Ref ID 700001",
            "-30.00",
            'Logo, final "v2"',
            "Beta GmbH",
        ),
        row(
            "2026-03-16",
            "T2",
            "Fixed-price",
            "Milestone 1:\nfirst drafts",
            "300.00",
            'Logo, final "v2"',
            "Beta GmbH",
            "700001",
        ),
        row(
            "2026-03-10",
            "T1",
            "Bonus",
            "Bonus for a job well done",
            "50.00",
            'Logo, final "v2"',
            "Beta GmbH",
            "700000",
        ),
    ]


def weekly_rows(weeks: int) -> list[tuple[str, str, str, str, str]]:
    """Weekly summary rows with hours such as 0.33333 and exact amounts at $45/h."""
    rows = []
    for n in range(weeks):
        monday = FIRST_MONDAY + timedelta(weeks=n)
        thirds = 1 + n % 50  # hours in thirds: 0.33333, 0.66667, 1.00000 ...
        hours = f"{thirds / 3:.5f}"
        amount = f"{thirds * 15:.2f}"  # 45.00 an hour is 15.00 a third
        rows.append((f"{monday:%m/%d/%Y}", "Build the API (31415926)", hours, amount, "Hourly"))
    return rows
