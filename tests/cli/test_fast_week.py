"""`tallyhour week` answered without SQLAlchemy prints exactly what the full command line prints."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import fast_week, main, money_commands
from app.core.weeks import BillingWeek
from app.services import timer
from app.services.clients import add_client
from app.services.contracts import add_contract, change_fee_schedule, edit_contract
from app.services.entries import log_entry
from app.services.opening import open_database
from app.services.payments import add_milestone, release_milestone

NOW = datetime(2026, 3, 4, 15, 30, 7, tzinfo=UTC)
THIS_WEEK = BillingWeek.of(NOW)
#: Weeks with something in them: Upwork's switch (2023-W18/W19), a week over its cap
#: and in two currencies, imported frames, last week, this week (a running timer).
WEEKS = ["2023-W17", "2023-W18", "2023-W19", "2025-W40", "2026-W08", "2026-W09", "2026-W10"]


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `tallyhour ARGS` in-process at NOW; `full=True` skips the quick path."""
    monkeypatch.setenv("TZ", "America/St_Johns")  # a half-hour offset shows in the local times
    time.tzset()
    for module in (fast_week, money_commands, timer):
        monkeypatch.setattr(module, "system_clock", lambda: NOW)

    def call(*args: str, full: bool = False) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            if full:
                patch.setattr(fast_week, "quick_week", lambda arguments: None)
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    monkeypatch.undo()
    time.tzset()


def _watson_frames(path: Path) -> Path:
    """A Watson export: two projects in 2025-W40, one mapped onto an existing contract."""
    monday = int(BillingWeek.parse("2025-W40").starts_at.timestamp())
    frames = [
        [monday + 3600 * (hour + 24 * day), monday + 3600 * (hour + 24 * day) + 5400, project,
         f"{day:02d}{hour:030d}", [], 0]
        for day in range(5)
        for hour, project in ((9, "api"), (13, "side-project"))
    ]  # fmt: skip
    path.write_text(json.dumps(frames), encoding="utf-8")
    return path


@pytest.fixture
def history(tmp_path, run) -> str:
    """A realistic database; returns its URL."""
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    db = open_database(url)
    long_ago = datetime(2023, 1, 2, tzinfo=UTC)
    add_client(db, "Acme & <Sons>", billed_before=Decimal("450"), now=long_ago)
    add_client(db, "Bäckerei Müller", billed_before_currency="EUR", now=long_ago)
    add_client(db, "Direct Ltd", now=long_ago)
    add_contract(db, "API work", client="Acme & <Sons>", hourly_rate=Decimal("59.99"),
                 platform="upwork", fee_schedule="upwork-2016", weekly_limit_hours=Decimal("10"),
                 rounding_seconds=360, now=long_ago)  # fmt: skip
    add_contract(db, "Café <b>site</b>", client="Bäckerei Müller", hourly_rate=Decimal("45"),
                 platform="upwork", currency="EUR", rounding_seconds=900, now=long_ago)  # fmt: skip
    add_contract(db, "Logo", client="Acme & <Sons>", fixed=True, platform="upwork", now=long_ago)
    add_contract(db, "Audit", client="Direct Ltd", hourly_rate=Decimal("120"),
                 fee_rate=Decimal("0.125"), platform="upwork", now=long_ago)  # fmt: skip
    for week_name in ("2023-W17", "2023-W18", "2023-W19"):
        monday = BillingWeek.parse(week_name).starts_at
        for day in range(5):  # 4 h 07 a day on API work: over its 10-hour cap
            start = monday + timedelta(days=day, hours=8)
            log_entry(db, "API work", start, start + timedelta(hours=4, minutes=7), now=NOW)
            start = monday + timedelta(days=day, hours=14)
            log_entry(db, "Café <b>site</b>", start, start + timedelta(minutes=97), now=NOW)
    milestone = add_milestone(db, "Logo", "Concepts", amount=Decimal("800"), now=NOW)
    release_milestone(db, milestone.id, at=datetime(2023, 5, 3, 9, tzinfo=UTC), now=NOW)
    bonus = add_milestone(db, "API work", "Thanks", amount=Decimal("50"), kind="bonus", now=NOW)
    release_milestone(db, bonus.id, at=datetime(2026, 2, 25, 9, tzinfo=UTC), now=NOW)
    # New terms: a higher rate from 2025, the euro contract billed in pounds from 2026.
    edit_contract(db, "API work", hourly_rate=Decimal("75"), now=NOW,
                  effective_from=datetime(2025, 1, 6, tzinfo=UTC))  # fmt: skip
    edit_contract(db, "Café <b>site</b>", currency="GBP", now=NOW,
                  effective_from=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
    change_fee_schedule(
        db, "Café <b>site</b>", "fiverr", effective_from=datetime(2026, 1, 5, tzinfo=UTC)
    )
    for week in (THIS_WEEK.previous().previous(), THIS_WEEK.previous()):
        for day in range(4):
            start = week.starts_at + timedelta(days=day, hours=10, minutes=13)
            timer.start_timer(db, "Audit", memo="review", at=start, now=NOW)
            timer.stop_timer(db, at=start + timedelta(hours=2, minutes=41), now=NOW)
            start += timedelta(hours=4)
            log_entry(db, "Café <b>site</b>", start, start + timedelta(minutes=50), now=NOW)
    start = THIS_WEEK.starts_at + timedelta(hours=9)
    log_entry(db, "API work", start, start + timedelta(hours=3), memo="manual", now=NOW)
    timer.start_timer(db, "Audit", memo="still going", at=NOW - timedelta(hours=5), now=NOW)
    db.dispose()
    frames = _watson_frames(tmp_path / "frames")
    code, _out, err = run("--db", url, "import", "watson", str(frames), "--timezone", "UTC",
                          "--map", "api=API work")  # fmt: skip
    assert code == 0, err
    return url


def _both_paths_agree(run, *args: str) -> tuple[int, str, str]:
    """The quick and the full path's exit code, stdout and stderr are identical."""
    quick = run(*args)
    full = run(*args, full=True)
    assert quick == full
    return quick


@pytest.mark.parametrize("week", [None, *WEEKS, "2019-W01", "2027-W05"])
@pytest.mark.parametrize("as_json", [False, True])
def test_every_week_prints_the_same_bytes_both_ways(run, history, week, as_json):
    assert fast_week.read_week(history, week) is not None, "the quick path did not answer"
    args = ["--db", history, "week"] + ([] if week is None else ["--week", week])
    args += ["--json"] if as_json else []
    code, out, err = _both_paths_agree(run, *args)
    assert (code, err) == (0, "")
    if as_json:
        document = json.loads(out)
        assert document["week"] == (week or THIS_WEEK.label)
    else:
        assert out.startswith(f"billing week {week or THIS_WEEK.label}: ")


def test_the_weeks_hold_what_the_history_put_in_them(run, history):
    """The comparison is worth something: money, caps, currencies and the timer all show."""
    documents = {
        week: json.loads(run("--db", history, "week", "--week", week, "--json")[1])
        for week in WEEKS
    }
    capped = {row["contract"]: row for row in documents["2023-W18"]["contracts"]}
    assert capped["API work"]["billable_hours"] == "10.00"
    assert capped["API work"]["over_limit_hours"] != "0.00"
    assert documents["2023-W18"]["totals"]["by_currency"].keys() == {"USD", "EUR"}
    assert any(row["contract"] == "Logo" for row in documents["2023-W18"]["contracts"])
    imported = {row["contract"] for row in documents["2025-W40"]["contracts"]}
    assert imported == {"API work", "side-project"}
    current = {row["contract"]: row for row in documents["2026-W10"]["contracts"]}
    assert Decimal(current["Audit"]["hours"]) == Decimal("5.00")  # the running timer
    assert Decimal(current["Audit"]["fee"]) == Decimal(current["Audit"]["gross"]) * Decimal("0.125")
    assert "GBP" in documents["2026-W09"]["totals"]["by_currency"]


@pytest.mark.parametrize(
    "forms",
    [
        (["week", "--week", "2023-W18"], ["week", "--week=2023-W18"]),
        (["week", "--json", "--week", "2026-W09"], ["week", "--week", "2026-W09", "--json"]),
    ],
)
def test_option_forms_print_the_same_both_ways(run, history, forms):
    outputs = {_both_paths_agree(run, "--db", history, *args)[1] for args in forms}
    outputs |= {_both_paths_agree(run, *forms[0], f"--db={history}")[1]}
    assert len(outputs) == 1


@pytest.mark.parametrize("week", ["2023-W54", "soon", "2222-W01", ""])
def test_bad_weeks_get_the_full_paths_message(run, history, week):
    assert fast_week.read_week(history, week) is None
    code, out, err = _both_paths_agree(run, "--db", history, "week", "--week", week)
    assert (code, out, len(err.splitlines())) == (2, "", 1)


@pytest.mark.parametrize(
    "arguments",
    [
        ["week", "--js"],
        ["--json", "week"],
        ["week", "--week"],
        ["week", "--week", "2026-W01", "--week", "2026-W02"],
        ["week", "--json", "--json"],
        ["week", "extra"],
        ["week", "--help"],
        ["entries", "--week", "week"],
    ],
)
def test_anything_but_a_plain_week_goes_to_the_parser(arguments):
    assert fast_week.quick_week(arguments) is None


def test_week_loads_no_sqlalchemy(history):
    probe = (
        "import sys; from app.cli import main; code = main(sys.argv[1:]);"
        " print(code, sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", history, "week", "--week", "2023-W18", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.endswith("}\n0 []\n"), result.stdout[-200:]
