"""Drawing the weekly timesheet (reportlab platypus); the content comes from `timesheet_data`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.core.instants import hours_text
from app.reports.fonts import register_fonts
from app.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    RULE,
    SHADE,
    cell_font,
    document_header,
    key_value_table,
    para,
    party_block,
    styles,
    text_cell,
    three_parties,
    write_pdf,
)
from app.reports.printed import (
    MONTHS,
    WEEKDAYS,
    clock_text,
    day_text,
    moment_text,
    money_text,
    offset_text,
)
from app.reports.timesheet_data import SheetRow, TimesheetData

#: Entry table columns: day, start, end, duration, memo, note.
_WIDTHS = (54, 38, 50, 54, None, 112)


def draw_timesheet(data: TimesheetData, out: Path) -> int:
    """Write the timesheet PDF to `out`; returns its number of pages."""
    story: list[Any] = [
        _title(data),
        Spacer(1, 5 * mm),
        _parties(data),
        Spacer(1, 4 * mm),
        _week(data),
        Spacer(1, 4 * mm),
        _entries(data),
        Spacer(1, 5 * mm),
        KeepTogether([_summary(data)]),  # the totals box is read as one: never split it
        Spacer(1, 8 * mm),
        _approval(data),
    ]
    return write_pdf(
        out,
        story,
        title=f"Timesheet {data.document_id}",
        author=data.contract.freelancer.name,
        footer=f"Timesheet {data.document_id} · fingerprint {data.fingerprint}",
    )


def _title(data: TimesheetData) -> Table:
    """Title and contract on the left; the document id and fingerprint on the right."""
    s = styles()
    left = [para("Timesheet", s.title), para(data.contract.title, s.heading)]
    right = [
        para("DOCUMENT", s.label),
        para(data.document_id, s.body, bold=True),
        para("FINGERPRINT", s.label),
        para(data.fingerprint, s.body),
    ]
    return document_header(left, right, left_share=0.7)


def _parties(data: TimesheetData) -> Table:
    """Freelancer, client and contract terms side by side."""
    contract = data.contract
    terms = [f"Rate: {money_text(contract.rate)} {contract.currency} per hour"]
    if contract.weekly_limit_seconds is not None:
        terms.append(f"Weekly limit: {hours_text(contract.weekly_limit_seconds)} hours")
    if contract.rounding_seconds:
        terms.append(f"Each entry rounded up to {contract.rounding_seconds // 60} min")
    return three_parties(
        [
            party_block("From", contract.freelancer.name, contract.freelancer.details),
            party_block("Client", contract.client.name, contract.client.details),
            party_block("Contract", contract.title, terms),
        ]
    )


def _week(data: TimesheetData) -> Table:
    """The billing week in UTC (how it is billed) and in the freelancer's local time."""
    s = styles()
    lines = [
        para("BILLING WEEK", s.label),
        para(
            f"{data.week.label}: {moment_text(data.week.starts_at)} to "
            f"{moment_text(data.week.ends_at)} (end not included)",
            s.body,
            bold=True,
        ),
    ]
    offsets = sorted(
        {offset_text(row.start) for row in data.rows} or {offset_text(data.local_starts_at)}
    )
    if offsets != ["UTC"] or offset_text(data.local_starts_at) != "UTC":
        lines.append(
            para(
                f"In local time: {moment_text(data.local_starts_at)} to "
                f"{moment_text(data.local_ends_at)}. Times below are local ({', '.join(offsets)}).",
                s.body,
            )
        )
    else:
        lines.append(para("Times below are in UTC.", s.body))
    table = Table([[lines]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _entries(data: TimesheetData) -> Table:
    """The entry table: one row per entry, a total row per day, headers on every page."""
    s = styles()
    _, bold = register_fonts()
    seconds = data.show_seconds
    widths = [w if w is not None else CONTENT_WIDTH - sum(x or 0 for x in _WIDTHS) for w in _WIDTHS]
    rows: list[list[Any]] = [
        [
            para("Day", s.cell_head),
            para("Start", s.cell_head),
            para("End", s.cell_head),
            para("Duration", s.cell_head_right),
            para("Memo", s.cell_head),
            para("Note", s.cell_head),
        ]
    ]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        *cell_font(s.cell, (0, 1), (-1, -1)),
        ("ALIGN", (3, 1), (3, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for day in data.days:
        for index, row in enumerate(day.rows):
            label = f"{WEEKDAYS[day.day.weekday()]} {day.day.day} {MONTHS[day.day.month - 1]}"
            rows.append(
                [
                    label if index == 0 else "",
                    f"{row.start:%H:%M}",
                    _end_text(row),
                    clock_text(row.seconds, with_seconds=seconds),
                    text_cell(row.memo or "(no memo)", s.cell, widths[4]),
                    _note_cell(row, seconds),
                ]
            )
        total = clock_text(day.seconds, with_seconds=seconds)
        rows.append([f"Total {day_text(day.day)}", "", "", total, "", ""])
        at = len(rows) - 1
        commands += [
            ("SPAN", (0, at), (2, at)),
            ("ALIGN", (0, at), (2, at), "RIGHT"),
            ("FONTNAME", (0, at), (-1, at), bold),
            ("BACKGROUND", (0, at), (-1, at), SHADE),
        ]
    if not data.days:
        rows.append([para("No time was recorded on this contract in this week.", s.cell)])
        rows[-1] += [""] * 5
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _end_text(row: SheetRow) -> str:
    """The local end time, with "+1" when it falls on the next local day."""
    days_later = (row.end.date() - row.start.date()).days
    return f"{row.end:%H:%M}" + (f" +{days_later}d" if days_later else "")


def _note_cell(row: SheetRow, seconds: bool) -> Paragraph | str:
    """The note cell: a paragraph when there is something to say (empty cells are cheaper)."""
    note = _note(row, seconds)
    return para(note, styles().cell) if note else ""


def _note(row: SheetRow, seconds: bool) -> str:
    """Markers the client should see: manual time, time over the limit, a split entry."""
    notes = []
    if row.manual:
        notes.append("manual entry")
    if row.running:
        notes.append("timer still running")
    if row.counted_seconds != row.seconds:
        notes.append(f"counted as {clock_text(row.counted_seconds, with_seconds=seconds)}")
    if row.clipped:
        notes.append("only the part inside this week")
    if row.over_limit_seconds == row.counted_seconds and row.counted_seconds:
        notes.append("over the weekly limit: not billed")
    elif row.over_limit_seconds:
        over = clock_text(row.over_limit_seconds, with_seconds=seconds)
        notes.append(f"{over} over the weekly limit: not billed")
    return "\n".join(notes)


def _summary(data: TimesheetData) -> Table:
    """The totals box: time worked, over the limit, billable, rate and amount due."""
    seconds = data.show_seconds

    def span(value: int) -> str:
        """A duration as clock time and decimal hours."""
        return f"{clock_text(value, with_seconds=seconds)}  ({hours_text(value)} h)"

    rows = [("Total time worked", span(data.tracked_seconds))]
    if data.counted_seconds != data.tracked_seconds:
        step = data.contract.rounding_seconds // 60
        rows.append((f"Counted ({step}-minute rounding)", span(data.counted_seconds)))
    if data.over_limit_seconds:
        rows.append(("Over the weekly limit (not billed)", span(data.over_limit_seconds)))
    rows += [
        ("Billable time", span(data.billable_seconds)),
        ("Hourly rate", f"{money_text(data.contract.rate)} {data.contract.currency}"),
        ("Amount due", f"{money_text(data.amount)} {data.contract.currency}"),
    ]
    return key_value_table(rows, width=CONTENT_WIDTH * 0.55, strong_last=True)


def _approval(data: TimesheetData) -> KeepTogether:
    """The client's approval block: approved by, signature and date lines."""
    s = styles()
    intro = para(
        f"I approve the time above for billing week {data.week.label} "
        f"({data.document_id}, fingerprint {data.fingerprint}).",
        s.body,
    )
    gap = 8 * mm
    widths = [(CONTENT_WIDTH - 2 * gap) * share for share in (0.4, 0.35, 0.25)]
    table = Table(
        [
            ["", "", "", "", ""],
            [
                para("Approved by (name)", s.small),
                "",
                para("Signature", s.small),
                "",
                para("Date", s.small),
            ],
        ],
        colWidths=[widths[0], gap, widths[1], gap, widths[2]],
        rowHeights=[30, None],
    )
    table.setStyle(
        TableStyle(
            [
                *(("LINEBELOW", (col, 0), (col, 0), 0.8, ACCENT) for col in (0, 2, 4)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    heading: Paragraph = para("Client approval", s.heading)
    return KeepTogether([heading, Spacer(1, 2 * mm), intro, Spacer(1, 4 * mm), table])
