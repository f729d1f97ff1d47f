"""Export files written the way the real trackers write them, generated for tests."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOGGL_HEADER = [
    "User", "Email", "Client", "Project", "Task", "Description", "Billable",
    "Start date", "Start time", "End date", "End time", "Duration", "Tags", "Amount (EUR)",
]  # fmt: skip

#: Memos as people write them: commas, quotes, a newline, markup, another script.
TRICKY_MEMOS = [
    'Fixed "login", then lunch',
    "Review, part 1\nand part 2",
    "<b>bold</b> & co",
    "Überprüfung der Rechnung, 2. Teil",
    "",
]


def csv_text(header: list[str], rows: list[list[str]], *, newline: str = "\r\n") -> str:
    """CSV as spreadsheets write it: every field quoted where needed, the given line end."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    """Write UTF-8 text (optionally with a byte-order mark) exactly, line ends kept."""
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def watson_frames(count: int, *, start: datetime, projects: int = 3) -> list[list[object]]:
    """`count` frames of 45 minutes an hour apart, over a few projects, as Watson stores them."""
    frames: list[list[object]] = []
    for n in range(count):
        begin = start + timedelta(hours=n)
        end = begin + timedelta(minutes=45)
        frames.append(
            [
                int(begin.timestamp()),
                int(end.timestamp()),
                f"project-{n % projects}",
                f"{n:032x}",
                ["review", "api"] if n % 2 else [],
                int(end.timestamp()),
            ]
        )
    return frames


def watson_file(path: Path, frames: list[list[object]]) -> Path:
    """The frames file as Watson writes it (JSON, indented)."""
    return write(path, json.dumps(frames, indent=1))


def toggl_rows(count: int, *, first_day: datetime) -> list[list[str]]:
    """`count` Toggl detailed rows, one per hour of local wall-clock time, with tricky memos."""
    rows = []
    for n in range(count):
        begin = first_day + timedelta(hours=n)
        end = begin + timedelta(minutes=30)
        rows.append(
            [
                "Sam Doe",
                "sam@example.com",
                "Acme, Inc." if n % 2 else "Beta GmbH",
                "Website" if n % 2 else 'The "Big" App',
                "",
                TRICKY_MEMOS[n % len(TRICKY_MEMOS)],
                "Yes",
                begin.strftime("%Y-%m-%d"),
                begin.strftime("%H:%M:%S"),
                end.strftime("%Y-%m-%d"),
                end.strftime("%H:%M:%S"),
                "00:30:00",
                "",
                "25.00",
            ]
        )
    return rows


def timew_interval(start: datetime, end: datetime | None, tags: list[str], note: str = "") -> dict:
    """One interval of `timew export`."""
    item: dict[str, object] = {"id": 1, "start": start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")}
    if end is not None:
        item["end"] = end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    item["tags"] = tags
    if note:
        item["annotation"] = note
    return item
