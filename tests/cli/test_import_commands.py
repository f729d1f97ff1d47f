"""`tallyhour import`: the contract's JSON, refusals with exit code 2 and nothing written."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.services.opening import open_database
from tests.importers.conftest import table_counts
from tests.importers.exports import (
    TOGGL_HEADER,
    csv_text,
    toggl_rows,
    watson_file,
    watson_frames,
    write,
)
from tests.importers.reconcile_books import plant_books


@pytest.fixture
def planted(db_url: str, tmp_path: Path):
    """The reconcile books with planted mismatches, in the command line's database."""
    db = open_database(db_url)
    yield plant_books(db, tmp_path)
    db.dispose()


CONTRACT_KEYS = {
    "format",
    "dry_run",
    "entries_added",
    "entries_skipped",
    "statement_lines_added",
    "clients_added",
    "contracts_added",
    "problems",
}


def test_import_json_has_the_contract_keys_and_a_second_run_adds_nothing(
    th, tmp_path: Path
) -> None:
    path = watson_file(
        tmp_path / "frames", watson_frames(30, start=datetime(2026, 1, 5, tzinfo=UTC))
    )
    code, out, err = th("import", "watson", str(path), "--json")
    assert code == 0, err
    document = json.loads(out)
    assert set(document) >= CONTRACT_KEYS
    assert (document["entries_added"], document["contracts_added"]) == (30, 3)
    code, out, _ = th("import", "watson", str(path), "--json")
    assert json.loads(out)["entries_added"] == 0 and json.loads(out)["entries_skipped"] == 30


def test_dry_run_in_text_says_nothing_was_written(th, tmp_path: Path, db_url: str) -> None:
    path = watson_file(
        tmp_path / "frames", watson_frames(5, start=datetime(2026, 1, 5, tzinfo=UTC))
    )
    th("client", "list")  # creates the schema
    db = open_database(db_url)
    before = table_counts(db)
    code, out, _ = th("import", "watson", str(path), "--dry-run")
    assert code == 0 and "would add 5 entries" in out and "nothing was written" in out
    assert table_counts(db) == before
    db.dispose()


def test_toggl_import_with_a_timezone_and_a_map(th, tmp_path: Path) -> None:
    th("client", "add", "Acme")
    th("contract", "add", "Site", "--client", "Acme", "--hourly", "30")
    rows = toggl_rows(10, first_day=datetime(2026, 1, 5, 9, 0))
    path = write(tmp_path / "t.csv", csv_text(TOGGL_HEADER, rows), bom=True)
    code, out, err = th(
        "import", "toggl", str(path), "--timezone", "America/New_York",
        "--map", "Website=Site", "--map", 'The "Big" App=Site', "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["contracts_added"] == 0
    code, out, _ = th("entries", "--week", "2026-W02", "--json")
    first = (
        json.loads(out)[0] if isinstance(json.loads(out), list) else json.loads(out)["entries"][0]
    )
    assert first["start"].startswith("2026-01-05T14:00:00")  # 09:00 in New York
    assert first["imported"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["watson", "{missing}"], "no file"),
        (["watson", "{garbage}"], "not a Watson frames file"),
        (["toggl", "{garbage}"], "garbage: not a Toggl Track detailed CSV"),
        (["watson", "{frames}", "--timezone", "Mars/Olympus"], "unknown time zone"),
        (["watson", "{frames}", "--map", "nothing"], "--map must look like"),
        (["watson", "{frames}", "--rate", "-5"], "must not be negative"),
        (["toggl", "{frames}", "--date-format", "YY/MM"], "--date-format must be one of"),
        (["csv", "{frames}"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    th, tmp_path: Path, db_url: str, args: list[str], message: str
) -> None:
    files = {
        "missing": str(tmp_path / "missing"),
        "garbage": str(write(tmp_path / "garbage", "{{{ not, an export\n")),
        "frames": str(
            watson_file(
                tmp_path / "frames", watson_frames(3, start=datetime(2026, 1, 5, tzinfo=UTC))
            )
        ),
    }
    th("client", "list")
    db = open_database(db_url)
    before = table_counts(db)
    code, out, err = th("import", *[arg.format(**files) for arg in args])
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert table_counts(db) == before
    db.dispose()


def test_reconcile_json_has_the_contract_shape_and_the_planted_mismatches(th, planted) -> None:
    code, out, err = th("reconcile", "--json")
    assert code == 0, err
    document = json.loads(out)
    week_keys = {
        "contract", "week", "tracked_hours", "statement_hours", "expected_gross",
        "statement_gross", "expected_fee", "statement_fee", "status",
    }  # fmt: skip
    assert all(week_keys <= set(week) for week in document["weeks"])
    assert [w["status"] for w in document["weeks"]] == [
        "match", "short-paid", "unbilled", "untracked", "fee-differs", "refunded", "over-limit",
    ]  # fmt: skip
    assert document["weeks"][1]["statement_hours"] == "8.00"
    totals = document["totals"]
    assert (totals["statement_hours"], totals["statement_gross"]) == ("55.00", "2200.00")
    assert document["drifts"][0]["charged_rate"] == "12.50"
    code, out, _ = th("reconcile", "--from", "2026-01-12", "--to", "2026-01-25")
    assert code == 0 and "short-paid" in out and "unbilled" in out and "match" not in out
    code, out, _ = th("reconcile")
    assert "fee drift: “Build the API” was charged 12.5%" in out


def test_reconcile_refuses_bad_input(th, planted) -> None:
    for args, message in [
        (["--adopt-fee-rate"], "--adopt-fee-rate needs --contract"),
        (["--contract", "nope"], "no contract named “nope”"),
        (["--from", "2026-13-01"], "--from must be a date"),
    ]:
        code, out, err = th("reconcile", *args)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    code, out, _ = th("reconcile", "--contract", "Build the API", "--adopt-fee-rate")
    assert code == 0 and "is now charged 12.5% from 2026-W06" in out
