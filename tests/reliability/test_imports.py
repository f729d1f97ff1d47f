"""Imports: a file imports whole or not at all, twice adds nothing, overlaps never merge."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from tests.importers.exports import (
    TOGGL_HEADER,
    csv_text,
    toggl_rows,
    watson_file,
    watson_frames,
    write,
)
from tests.importers.upwork_exports import (
    HISTORY_HEADER,
    TRANSACTIONS_HEADER,
    history_rows,
    transactions_rows,
)
from tests.reliability.conftest import Cli, dump_database

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def _good_files(folder: Path) -> dict[str, Path]:
    """One realistic file per format family."""
    return {
        "watson": watson_file(folder / "frames", watson_frames(400, start=START)),
        "toggl": write(folder / "toggl.csv", csv_text(TOGGL_HEADER, toggl_rows(300, first_day=datetime(2025, 3, 3, 9))), bom=True),
        "upwork": write(folder / "history.csv", csv_text(HISTORY_HEADER, history_rows(60))),
    }  # fmt: skip


BROKEN = [
    ("watson", '[[1736150400, 1736154000, "p", "a", []], [1736157600, "soon", "p", "b", []]]'),
    ("watson", '[[1736150400, 1736154000, "p", "a", []]'),
    ("timewarrior", '[{"start": "20250106T080000Z", "end": "tomorrow", "tags": ["p"]}]'),
    ("toggl", csv_text(TOGGL_HEADER, toggl_rows(50, first_day=datetime(2025, 3, 3, 9))) + '"cut off, mid\n'),
    ("upwork", csv_text(HISTORY_HEADER, history_rows(10)).replace("$400.00", "$400.005", 1)),
    ("upwork", csv_text(TRANSACTIONS_HEADER, transactions_rows()).replace("2026-03-16", "2026-02-30", 1)),
    ("kimai", "Date,From,To\r\n2025-01-06,09:00,10:00\r\n"),
    ("harvest", "\ufeff"),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "text"), BROKEN)
def test_a_broken_file_is_refused_in_one_line_and_changes_no_table(
    cli: Cli, db_path: Path, tmp_path: Path, fmt: str, text: str
) -> None:
    for name, path in _good_files(tmp_path).items():
        assert cli("import", name, str(path))[0] == 0
    before = dump_database(db_path)
    code, out, err = cli("import", fmt, str(write(tmp_path / "broken", text)), "--json")
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert dump_database(db_path) == before


def test_importing_every_file_again_adds_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    files = _good_files(tmp_path)
    for name, path in files.items():
        assert cli("import", name, str(path))[0] == 0
    before = dump_database(db_path)
    for name, path in files.items():
        code, out, _ = cli("import", name, str(path), "--json")
        document = json.loads(out)
        assert code == 0 and document["entries_added"] == document["statement_lines_added"] == 0
    assert dump_database(db_path) == before


def test_overlapping_time_is_reported_by_line_and_never_merged(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    cli("client", "add", "Acme")
    cli("contract", "add", "Site", "--client", "Acme", "--hourly", "50")
    cli("log", "Site", "--from", "2025-01-06T08:30:00Z", "--to", "2025-01-06T09:30:00Z")
    code, out, _ = cli(
        "import",
        "watson",
        str(watson_file(tmp_path / "f", watson_frames(3, start=START))),
        "--json",
    )
    document = json.loads(out)
    assert code == 0 and document["entries_added"] == 1 and document["entries_skipped"] == 2
    assert [p["line"] for p in document["problems"]] == [1, 2]
    rows = (
        sqlite3.connect(db_path)
        .execute("SELECT start_at, end_at FROM time_entries ORDER BY start_at")
        .fetchall()
    )
    assert all(end <= later for (_, end), (later, _) in pairwise(rows))


def test_an_import_killed_midway_leaves_all_of_the_file_or_none_of_it(
    db_url: str, db_path: Path, tmp_path: Path
) -> None:
    count = 30_000
    path = watson_file(
        tmp_path / "frames", watson_frames(count, start=datetime(2021, 1, 4, tzinfo=UTC))
    )
    env = dict(os.environ, TALLYHOUR_DB=db_url, TZ="UTC")
    tallyhour = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
    subprocess.run([*tallyhour, "client", "list"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([*tallyhour, "import", "watson", str(path)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (entries,) = connection.execute("SELECT count(*) FROM time_entries").fetchone()
    assert entries in (0, count)
    connection.close()


def test_the_database_and_its_companions_are_never_read_as_an_export(
    cli: Cli, db_path: Path
) -> None:
    cli("client", "add", "Acme")
    before = dump_database(db_path)
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{db_path}{suffix}")
        if not target.exists():
            continue
        code, _, err = cli("import", "watson", str(target))
        assert code == 2 and "Tallyhour's own database" in err
    code, _, err = cli("import", "toggl", str(db_path.parent / "." / db_path.name))
    assert code == 2 and "own database" in err
    assert dump_database(db_path) == before
    assert cli("client", "add", "Bolt")[0] == 0  # the database still works
