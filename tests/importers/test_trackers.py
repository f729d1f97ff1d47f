"""Watson, Toggl and Timewarrior exports read into entries: times, projects, memos, lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.importers import timewarrior, toggl, watson
from app.importers.files import BadFile, read_text
from app.importers.records import ReadOptions
from tests.importers.exports import (
    TOGGL_HEADER,
    TRICKY_MEMOS,
    csv_text,
    timew_interval,
    toggl_rows,
    watson_file,
    watson_frames,
    write,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_watson_frames_file_gives_every_frame_in_utc(tmp_path: Path) -> None:
    frames = watson_frames(3000, start=MONDAY)
    parsed = watson.parse(read_text(watson_file(tmp_path / "frames", frames)), ReadOptions())
    assert len(parsed.entries) == 3000 and not parsed.problems
    first = parsed.entries[0]
    assert (first.start, first.end) == (MONDAY, MONDAY + timedelta(minutes=45))
    assert first.projects == ("project-0",) and first.source_id == f"{0:032x}"
    assert parsed.entries[1].memo == "review, api"


def test_watson_log_json_reads_offsets() -> None:
    text = json.dumps(
        [
            {
                "id": "a1",
                "project": "Website",
                "start": "2026-03-02T09:00:00+01:00",
                "stop": "2026-03-02T10:30:00+01:00",
                "tags": ["css"],
            }
        ]
    )
    (entry,) = watson.parse(text, ReadOptions()).entries
    assert entry.start == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert entry.end == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert entry.projects == ("Website",) and entry.memo == "css"


def test_a_watson_frame_ending_before_it_starts_is_a_problem_of_its_own() -> None:
    text = json.dumps(
        [
            [1772442000, 1772440000, "p", "x" * 32, [], 0],
            [1772442000, 1772445600, "p", "y" * 32, [], 0],
        ]
    )
    parsed = watson.parse(text, ReadOptions())
    assert [p.line for p in parsed.problems] == [1] and len(parsed.entries) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", "line 1: not a Watson frames file"),
        ('{"frames": []}', "not a list of frames"),
        ('[[1772442000, "later", "p", "id", []]]', "frame 1: “later” is not a time"),
        ("[[1, 2]]", "frame 1: not a Watson frame"),
        ('[[1772442000, 1772445600, "p", "id"], 7]', "frame 2: not a Watson frame"),
        (
            '[{"project": "p", "id": "i", "start": "2026-03-02T09:00:00", "stop": "x"}]',
            "has no offset",
        ),
    ],
)
def test_broken_watson_files_are_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(BadFile, match=message) as caught:
        watson.parse(text, ReadOptions())
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("bom", "newline"), [(True, "\r\n"), (False, "\n")])
def test_toggl_csv_with_bom_either_line_end_and_tricky_memos(
    tmp_path: Path, bom: bool, newline: str
) -> None:
    rows = toggl_rows(2500, first_day=datetime(2026, 3, 2, 9, 0))
    path = write(tmp_path / "toggl.csv", csv_text(TOGGL_HEADER, rows, newline=newline), bom=bom)
    parsed = toggl.parse(read_text(path), ReadOptions(zone=BERLIN))
    assert len(parsed.entries) == 2500 and not parsed.problems
    first, second = parsed.entries[0], parsed.entries[1]
    # 09:00 in Berlin (UTC+1 in March before the switch) is 08:00 UTC.
    assert first.start == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert first.projects == ('The "Big" App',) and first.client == "Beta GmbH"
    assert second.client == "Acme, Inc." and second.memo == TRICKY_MEMOS[1]
    assert first.currency == "EUR" and first.rate == 50  # 25.00 for half an hour
    # The memo with a newline takes two physical lines: later records keep true line numbers.
    assert parsed.entries[2].line == 5


def test_toggl_line_numbers_count_multiline_fields(tmp_path: Path) -> None:
    rows = toggl_rows(3, first_day=datetime(2026, 3, 2, 9, 0))
    rows[2][9], rows[2][10] = rows[2][7], "08:00:00"  # ends before it starts
    text = csv_text(TOGGL_HEADER, rows)
    parsed = toggl.parse(text, ReadOptions(zone=UTC))
    # Header line 1, row 1 on line 2, row 2 on lines 3-4 (its memo has a newline), row 3 on 5.
    assert [(p.line, p.reason) for p in parsed.problems] == [(5, "the entry ends before it starts")]


def test_toggl_dates_that_could_be_either_way_round_need_a_date_format() -> None:
    rows = toggl_rows(2, first_day=datetime(2026, 3, 2, 9, 0))
    for row in rows:
        row[7] = row[9] = "03/04/2026"
    text = csv_text(TOGGL_HEADER, rows)
    with pytest.raises(BadFile, match="could be MM/DD/YYYY or DD/MM/YYYY"):
        toggl.parse(text, ReadOptions(zone=UTC))
    parsed = toggl.parse(text, ReadOptions(zone=UTC, date_format="DD/MM/YYYY"))
    assert parsed.entries[0].start.date().isoformat() == "2026-04-03"


def test_toggl_12_hour_clock_times() -> None:
    rows = toggl_rows(1, first_day=datetime(2026, 3, 2, 9, 0))
    rows[0][8], rows[0][10] = "1:15 PM", "2:00:30 pm"
    (entry,) = toggl.parse(csv_text(TOGGL_HEADER, rows), ReadOptions(zone=UTC)).entries
    assert (entry.start.hour, entry.start.minute, entry.end.hour, entry.end.second) == (
        13,
        15,
        14,
        30,
    )


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda text: text.replace("Start time", "Begin"), "no column “Start time”"),
        (lambda text: text + '"unterminated,\n', "not readable as CSV|fields where"),
        (lambda text: text + "a,b,c\n", "3 fields where the header has 14"),
        (lambda text: text.replace("2026-03-02", "2026-02-30", 1), "is not a date|no known format"),
        (lambda text: text.replace("09:00:00", "25:00:00", 1), "not a time of day"),
    ],
)
def test_broken_toggl_files_are_refused(mangle, message: str) -> None:
    text = mangle(
        csv_text(TOGGL_HEADER, toggl_rows(3, first_day=datetime(2026, 3, 2, 9, 0)), newline="\n")
    )
    with pytest.raises(BadFile, match=message):
        toggl.parse(text, ReadOptions(zone=UTC))


def test_timewarrior_export_uses_tags_and_skips_a_running_interval() -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    text = json.dumps(
        [
            timew_interval(start, start + timedelta(hours=1), ["urgent", "Website"], 'hero, "v2"'),
            timew_interval(start + timedelta(hours=2), None, ["Website"]),
            timew_interval(start + timedelta(hours=3), start + timedelta(hours=4), []),
        ]
    )
    parsed = timewarrior.parse(text, ReadOptions())
    (entry,) = parsed.entries
    assert entry.projects == ("urgent", "Website") and entry.memo == 'hero, "v2"'
    assert entry.source_id == "20260302T090000Z"
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (2, "the interval is still running"),
        (3, "the interval has no tag to name a contract"),
    ]


def test_a_broken_timewarrior_time_is_refused() -> None:
    with pytest.raises(BadFile, match="interval 1: “2026-03-02” is not a Timewarrior time"):
        timewarrior.parse('[{"start": "2026-03-02", "end": "20260302T100000Z"}]', ReadOptions())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"abc\x00def", "binary data"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "export"
    path.write_bytes(data)
    with pytest.raises(BadFile, match=message):
        read_text(path)
    with pytest.raises(BadFile, match="no file"):
        read_text(tmp_path / "missing.csv")
    with pytest.raises(BadFile, match="is a folder"):
        read_text(tmp_path)
