"""Watson: its `frames` file and the output of `watson log --json`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core.instants import EARLIEST_YEAR, LATEST_YEAR
from app.core.text import quoted
from app.importers.files import BadFile, read_json
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions

WHAT = "a Watson frames file or `watson log --json` output"


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every frame: `[start, stop, project, id, tags, updated]` or `{"id", "project", ...}`."""
    data = read_json(text, what=WHAT)
    if not isinstance(data, list):
        raise BadFile(f"not {WHAT}: the file is not a list of frames")
    parsed = ParsedFile("watson")
    for number, frame in enumerate(data, start=1):
        if isinstance(frame, list):
            record = _from_frame(number, frame)
        elif isinstance(frame, dict):
            record = _from_log(number, frame)
        else:
            raise BadFile(f"frame {number}: not a Watson frame")
        if isinstance(record, Problem):
            parsed.problems.append(record)
        else:
            parsed.entries.append(record)
    return parsed


def _from_frame(number: int, frame: list[Any]) -> EntryRecord | Problem:
    """A frame of the `frames` file."""
    if len(frame) < 4 or not isinstance(frame[2], str) or not isinstance(frame[3], str):
        raise BadFile(f"frame {number}: not a Watson frame (start, stop, project, id, tags)")
    tags = frame[4] if len(frame) > 4 and isinstance(frame[4], list) else []
    start, end = _epoch(frame[0], number), _epoch(frame[1], number)
    return _record(number, frame[3], frame[2], start, end, tags)


def _from_log(number: int, frame: dict[str, Any]) -> EntryRecord | Problem:
    """A frame of `watson log --json` (ISO times with an offset)."""
    project, frame_id = frame.get("project"), frame.get("id")
    if not isinstance(project, str) or not isinstance(frame_id, str):
        raise BadFile(f"frame {number}: not a Watson frame (no project or id)")
    tags = frame.get("tags") if isinstance(frame.get("tags"), list) else []
    start, end = _iso(frame.get("start"), number), _iso(frame.get("stop"), number)
    return _record(number, frame_id, project, start, end, tags or [])


def _record(
    number: int, frame_id: str, project: str, start: datetime, end: datetime, tags: list[Any]
) -> EntryRecord | Problem:
    """The entry of one frame, or the problem that keeps it out."""
    if not project.strip():
        return Problem(number, "the frame has no project")
    if end <= start:
        return Problem(number, "the frame ends before it starts")
    memo = ", ".join(str(tag) for tag in tags)
    return EntryRecord(number, frame_id, (project.strip(),), "", start, end, memo)


def _epoch(value: Any, number: int) -> datetime:
    """Epoch seconds (int or float) as aware UTC, within the supported years."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadFile(f"frame {number}: {quoted(str(value), 30)} is not a time")
    try:
        instant = datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise BadFile(f"frame {number}: {value} is not a time") from None
    return _sane(instant, number)


def _iso(value: Any, number: int) -> datetime:
    """An ISO 8601 time with an offset as aware UTC."""
    if not isinstance(value, str):
        raise BadFile(f"frame {number}: no start or stop time")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise BadFile(f"frame {number}: {quoted(value, 40)} is not an ISO 8601 time") from None
    if instant.tzinfo is None:
        raise BadFile(f"frame {number}: {quoted(value, 40)} has no offset")
    return _sane(instant.astimezone(UTC).replace(microsecond=0), number)


def _sane(instant: datetime, number: int) -> datetime:
    """Refuse a time outside the supported years."""
    if not EARLIEST_YEAR <= instant.year <= LATEST_YEAR:
        raise BadFile(f"frame {number}: {instant:%Y-%m-%d} is outside the years we keep")
    return instant
