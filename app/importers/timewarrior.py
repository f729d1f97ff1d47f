"""Timewarrior: the JSON of `timew export` (UTC basic ISO times, tags, an annotation)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core.instants import EARLIEST_YEAR, LATEST_YEAR
from app.core.text import quoted
from app.importers.files import BadFile, read_json
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions

WHAT = "`timew export` output"


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every closed interval; its tags are the candidate contracts, in order."""
    data = read_json(text, what=WHAT)
    if not isinstance(data, list):
        raise BadFile(f"not {WHAT}: the file is not a list of intervals")
    parsed = ParsedFile("timewarrior")
    for number, interval in enumerate(data, start=1):
        if not isinstance(interval, dict) or "start" not in interval:
            raise BadFile(f"interval {number}: not a Timewarrior interval (no start)")
        start = _basic_iso(interval["start"], number)
        if "end" not in interval:
            parsed.problems.append(Problem(number, "the interval is still running"))
            continue
        end = _basic_iso(interval["end"], number)
        tags = tuple(str(tag).strip() for tag in interval.get("tags") or [] if str(tag).strip())
        if not tags:
            parsed.problems.append(Problem(number, "the interval has no tag to name a contract"))
        elif end <= start:
            parsed.problems.append(Problem(number, "the interval ends before it starts"))
        else:
            memo = str(interval.get("annotation") or "")
            # Timewarrior renumbers intervals; the start is what identifies one.
            parsed.entries.append(
                EntryRecord(number, start.strftime("%Y%m%dT%H%M%SZ"), tags, "", start, end, memo)
            )
    return parsed


def _basic_iso(value: Any, number: int) -> datetime:
    """A UTC time such as 20260302T090000Z."""
    try:
        instant = datetime.strptime(str(value), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise BadFile(
            f"interval {number}: {quoted(str(value), 30)} is not a Timewarrior time"
        ) from None
    if not EARLIEST_YEAR <= instant.year <= LATEST_YEAR:
        raise BadFile(f"interval {number}: {instant:%Y-%m-%d} is outside the years we keep")
    return instant
