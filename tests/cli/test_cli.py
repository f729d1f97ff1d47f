"""The command line end to end on a temporary database (the promise to users' scripts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from tests.support.dumps import dump_url


@pytest.fixture
def ready(th):
    assert th("client", "add", "Sample Co", "--billed-before", "0", "--email", "a@b.co")[0] == 0
    code, out, err = th(
        "contract",
        "add",
        "Sample job",
        "--client",
        "sample co",
        "--hourly",
        "60",
        "--platform",
        "upwork",
        "--fee-schedule",
        "upwork-2016",
        "--weekly-limit",
        "20",
    )
    assert code == 0, err
    return th


def earn(run, days_ago: tuple[int, ...] = (50, 40, 30)) -> None:
    """Ten hours of "Sample job" on each of some past days, long available to withdraw."""
    for back in days_ago:
        day = (datetime.now(UTC) - timedelta(days=back)).date()
        start, end = f"{day}T08:00Z", f"{day}T18:00Z"
        assert run("log", "Sample job", "--from", start, "--to", end)[0] == 0


def dump(db_url: str) -> list:
    return dump_url(db_url)


def test_client_and_contract_lists(ready):
    code, out, _ = ready("client", "list", "--json")
    assert json.loads(out)["clients"][0] == {
        "id": 1,
        "name": "Sample Co",
        "email": "a@b.co",
        "address": "",
        "notes": "",
        "billed_before": "0.00",
    }
    code, out, _ = ready("contract", "list", "--json")
    [contract] = json.loads(out)["contracts"]
    assert contract["title"] == "Sample job"
    assert contract["rate"] == "60.00"
    assert contract["fee_schedule"] == "upwork-2016"
    assert contract["weekly_limit_hours"] == "20.00"
    code, out, _ = ready("contract", "list")
    assert "Sample job" in out and "upwork-2016" in out


def test_default_schedule_follows_the_platform(ready):
    ready(
        "contract", "add", "Flat", "--client", "Sample Co", "--hourly", "30", "--platform", "upwork"
    )
    ready("contract", "add", "Mine", "--client", "Sample Co", "--hourly", "30")
    contracts = {
        c["title"]: c for c in json.loads(ready("contract", "list", "--json")[1])["contracts"]
    }
    assert contracts["Flat"]["fee_schedule"] == "upwork-2023"
    assert contracts["Mine"]["platform"] == "direct"
    assert contracts["Mine"]["fee_schedule"] == "direct"


def test_start_status_stop_log_week(ready, monkeypatch):
    from datetime import UTC, datetime

    # A timer starts at most a day back: the timer's clock reads that Monday morning.
    monday = datetime(2026, 3, 2, 11, 30, tzinfo=UTC)
    monkeypatch.setattr("app.services.timer.system_clock", lambda: monday)
    assert ready("start", "SAMPLE JOB", "--memo", "first", "--at", "2026-03-02T09:00:00Z")[0] == 0
    status = json.loads(ready("status", "--json")[1])
    assert status["running"] is True
    assert status["contract"] == "Sample job"
    assert status["started_at"] == "2026-03-02T09:00:00+00:00"
    assert status["elapsed_seconds"] > 0
    assert ready("stop", "--at", "2026-03-02T11:00:00Z")[0] == 0
    assert json.loads(ready("status", "--json")[1]) | {} == {
        "running": False,
        "contract": None,
        "started_at": None,
        "elapsed_seconds": 0,
        "memo": None,
        "entry_id": None,
    }
    assert (
        ready(
            "log",
            "1",
            "--from",
            "2026-03-03T10:00:00Z",
            "--to",
            "2026-03-03T10:30:00Z",
            "--memo",
            "second",
        )[0]
        == 0
    )
    week = json.loads(ready("week", "--week", "2026-W10", "--json")[1])
    assert week["week"] == "2026-W10"
    assert week["starts_at"] == "2026-03-02T00:00:00+00:00"
    assert week["ends_at"] == "2026-03-09T00:00:00+00:00"
    assert week["contracts"] == [
        {
            "contract": "Sample job",
            "client": "Sample Co",
            "currency": "USD",
            "hours": "2.50",
            "billable_hours": "2.50",
            "over_limit_hours": "0.00",
            "gross": "150.00",
            "fee": "30.00",
            "net": "120.00",
        }
    ]
    assert {k: week["totals"][k] for k in ("hours", "billable_hours", "gross", "fee", "net")} == {
        "hours": "2.50",
        "billable_hours": "2.50",
        "gross": "150.00",
        "fee": "30.00",
        "net": "120.00",
    }
    entries = json.loads(ready("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert [(e["id"], e["memo"], e["manual"], e["hours"]) for e in entries] == [
        (1, "first", False, "2.00"),
        (2, "second", True, "0.50"),
    ]
    code, out, _ = ready("entries", "--week", "2026-W10")
    assert "manual" in out and "second" in out


def test_time_without_offset_is_local(ready, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    ready("log", "Sample job", "--from", "2026-03-02T09:00", "--to", "2026-03-02T10:00")
    [entry] = json.loads(ready("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert entry["start"] == "2026-03-02T03:30:00+00:00"


def test_fee_calculator(ready):
    out = json.loads(
        ready("fee", "--schedule", "upwork-2016", "--prior", "0", "--amount", "600", "--json")[1]
    )
    assert (out["fee"], out["net"]) == ("110.00", "490.00")
    assert out["tiers"] == [
        {"amount": "500.00", "rate": "0.20", "fee": "100.00"},
        {"amount": "100.00", "rate": "0.10", "fee": "10.00"},
    ]
    out = json.loads(
        ready("fee", "--schedule", "freelancer", "--kind", "fixed", "--amount", "30", "--json")[1]
    )
    assert out["fee"] == "5.00"
    assert out["tiers"] == [
        {"amount": "30.00", "rate": "0.10", "fee": "3.00"},
        {"amount": "0.00", "rate": "0.00", "fee": "2.00", "minimum": True},
    ]


def test_earnings_json(ready):
    ready("log", "Sample job", "--from", "2026-03-03T10:00:00Z", "--to", "2026-03-03T11:00:00Z")
    out = json.loads(ready("earnings", "--weeks", "1000", "--json")[1])
    assert len(out["weeks"]) == 1000
    [w10] = [w for w in out["weeks"] if w["week"] == "2026-W10"]
    assert (w10["gross"], w10["fee"], w10["net"], w10["available_on"]) == (
        "60.00",
        "12.00",
        "48.00",
        "2026-03-18",
    )
    assert out["totals"]["gross"] == "60.00"


def test_milestones_and_withdrawals(ready):
    ready("contract", "add", "Logo", "--client", "Sample Co", "--fixed", "--platform", "fiverr")
    code, out, err = ready("milestone", "add", "Logo", "Draft", "--amount", "300")
    assert code == 0, err
    assert ready("milestone", "release", "1", "--at", "2026-03-04T12:00:00Z")[0] == 0
    week = json.loads(ready("week", "--week", "2026-W10", "--json")[1])
    assert week["totals"]["gross"] == "300.00" and week["totals"]["fee"] == "60.00"
    code, out, _ = ready("withdraw", "100", "--method", "local-bank")
    assert code == 0 and "fee 0.99" in out


def test_backup_and_restore(ready, tmp_path, db_url):
    out_file = tmp_path / "copy.sqlite"
    assert ready("backup", "--out", str(out_file))[0] == 0
    ready("client", "add", "After backup")
    assert ready("restore", str(out_file), "--yes")[0] == 0
    names = [c["name"] for c in json.loads(ready("client", "list", "--json")[1])["clients"]]
    assert names == ["Sample Co"]


BAD_INPUT = [
    ("log", "Sample job", "--from", "2026-03-04T10:00:00Z", "--to", "2026-03-04T09:00:00Z"),
    ("log", "Sample job", "--from", "yesterday", "--to", "2026-03-04T09:00:00Z"),
    ("log", "Sample job", "--from", "2026-02-30T10:00", "--to", "2026-03-01T09:00"),
    ("log", "Sample job", "--from", "0202-03-04T10:00", "--to", "0202-03-04T11:00"),
    (
        "log",
        "Sample job",
        "--from",
        "2026-03-04T10:00Z",
        "--to",
        "2026-03-04T11:00Z",
        "--memo",
        "a\x00b",
    ),
    ("start", "No such job"),
    ("start", "Sample job", "--at", "2099-01-01T00:00:00Z"),
    ("stop",),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "-1"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "0"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "NaN"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "inf"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "12.345"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "1e12"),
    ("contract", "add", "Bad", "--client", "Nobody", "--hourly", "10"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "10", "--currency", "XYZ"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "10", "--weekly-limit", "200"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "10", "--platform", "ebay"),
    ("contract", "add", "Bad", "--client", "Sample Co", "--hourly", "10", "--fee-schedule", "nope"),
    ("contract", "add", "sample JOB", "--client", "Sample Co", "--hourly", "10"),
    ("contract", "add", "   ", "--client", "Sample Co", "--hourly", "10"),
    ("contract", "add", "Bad", "--client", "Sample Co"),
    ("client", "add", ""),
    ("client", "add", "sample co"),
    ("client", "add", "X", "--billed-before", "-5"),
    ("client", "add", "X", "--email", "not an address"),
    ("fee", "--schedule", "nope", "--amount", "10"),
    ("fee", "--schedule", "upwork-2016", "--amount", "ten"),
    ("fee", "--schedule", "upwork-2016", "--amount", "10", "--prior", "-1"),
    ("fee", "--schedule", "upwork-2016", "--amount", "Infinity"),
    ("week", "--week", "2026-W60"),
    ("week", "--week", "last week"),
    ("earnings", "--weeks", "0"),
    ("entries", "--contract", "nope"),
    ("entry", "delete", "999"),
    ("withdraw", "-5", "--method", "ach"),
    ("withdraw", "0.50", "--method", "wire"),
    ("milestone", "release", "42"),
    ("restore", "/nonexistent/file.sqlite", "--yes"),
    ("nonsense-command",),
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=[" ".join(a)[:60] for a in BAD_INPUT])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(ready, db_url, args):
    before = dump(db_url)
    code, out, err = ready(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out
    assert dump(db_url) == before


def test_overlap_message_names_the_other_entry(ready):
    ready(
        "log",
        "Sample job",
        "--from",
        "2026-03-02T09:00:00Z",
        "--to",
        "2026-03-02T11:00:00Z",
        "--memo",
        "first",
    )
    code, _, err = ready(
        "log", "Sample job", "--from", "2026-03-02T10:00:00Z", "--to", "2026-03-02T10:15:00Z"
    )
    assert code == 2
    assert "overlaps the time on “Sample job” (Mon 02 Mar 2026 09:00–11:00, “first”)" in err


def test_a_real_process_refuses_cleanly(tmp_path):
    env = dict(os.environ, TALLYHOUR_DB=f"sqlite:///{tmp_path / 'p.sqlite'}")
    tallyhour = Path(sys.executable).with_name("tallyhour")
    result = subprocess.run(
        [str(tallyhour), "start", "nothing"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("tallyhour: no contract named “nothing”")
    assert "Traceback" not in result.stderr


def test_the_db_flag_beats_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TALLYHOUR_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    flag = tmp_path / "flag.sqlite"
    assert main(["--db", f"sqlite:///{flag}", "client", "add", "Via flag"]) == 0
    assert main(["client", "list", "--db", str(flag), "--json"]) == 0
    out = capsys.readouterr().out
    assert "Via flag" in out
    assert flag.exists()


def test_config_smtp_with_a_keyring_and_show(ready, monkeypatch):
    import io

    from tests.support.mailserver import memory_keyring

    with memory_keyring() as backend:
        monkeypatch.setattr("sys.stdin", io.StringIO("hunter2-secret\n"))
        code, out, err = ready(
            "config",
            "smtp",
            "--host",
            "smtp.example.com",
            "--port",
            "587",
            "--starttls",
            "--user",
            "sam",
            "--from",
            "sam@example.com",
            "--password-stdin",
        )
        assert code == 0, err
        assert "password stored in the OS keyring" in out
        assert list(backend.store.values()) == ["hunter2-secret"]
        shown = json.loads(ready("config", "show", "--json")[1])
    assert shown["smtp"]["password_stored"] is True
    assert shown["smtp"]["security"] == "starttls"
    assert "hunter2" not in json.dumps(shown)


def test_config_smtp_without_a_keyring_says_so(ready, monkeypatch):
    import io

    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("hunter2-secret\n"))
        code, _, err = ready(
            "config",
            "smtp",
            "--host",
            "smtp.example.com",
            "--port",
            "465",
            "--ssl",
            "--user",
            "sam",
            "--from",
            "sam@example.com",
            "--password-stdin",
        )
    finally:
        keyring.set_keyring(previous)
    assert code == 0
    assert "no keyring" in err and "ask for it each time" in err


def test_config_set_preferences(ready):
    assert ready("config", "set", "tax-rate", "25")[0] == 0
    assert ready("config", "set", "name", "Sam Rivera")[0] == 0
    shown = json.loads(ready("config", "show", "--json")[1])["preferences"]
    assert (shown["tax_rate"], shown["name"]) == ("0.25", "Sam Rivera")
    code, _, err = ready("config", "set", "tax-rate", "120")
    assert code == 2 and "between 0 and 100" in err


def test_custom_fee_schedules_and_switching(ready):
    assert ready("schedule", "add", "agency", "--tiers", "15%:1000, 8%")[0] == 0
    schedules = {s["name"] for s in json.loads(ready("schedule", "list", "--json")[1])["schedules"]}
    assert {"upwork-2016", "upwork-2023", "fiverr", "freelancer", "direct", "agency"} <= schedules
    ready("log", "Sample job", "--from", "2026-03-02T09:00:00Z", "--to", "2026-03-02T10:00:00Z")
    assert (
        ready("schedule", "use", "Sample job", "agency", "--from", "2026-03-01T00:00:00Z")[0] == 0
    )
    week = json.loads(ready("week", "--week", "2026-W10", "--json")[1])
    assert week["totals"]["fee"] == "9.00"  # 60.00 at 15%
    code, _, err = ready("schedule", "add", "upwork-2016", "--tiers", "5%")
    assert code == 2 and "built-in" in err
    code, _, err = ready("schedule", "add", "bad", "--tiers", "20%:500, 10%:400")
    assert code == 2


def test_withdrawal_fees_are_editable(ready):
    assert ready("withdrawal-fee", "wire", "25")[0] == 0
    earn(ready)
    code, out, _ = ready("withdraw", "1000", "--method", "wire")
    assert code == 0 and "fee 25.00" in out
    code, _, err = ready("withdrawal-fee", "wire", "-1")
    assert code == 2


def test_cancel_a_milestone_and_delete_a_withdrawal(ready):
    ready("contract", "add", "Logo", "--client", "Sample Co", "--fixed")
    ready("milestone", "add", "Logo", "Typo", "--amount", "9000")
    code, out, _ = ready("milestone", "cancel", "1")
    assert code == 0 and "cancelled" in out
    assert (
        json.loads(ready("milestone", "list", "--json")[1])["milestones"][0]["status"]
        == "cancelled"
    )
    earn(ready)
    ready("withdraw", "100", "--method", "ach")
    assert [
        w["amount"] for w in json.loads(ready("withdrawals", "list", "--json")[1])["withdrawals"]
    ] == ["100.00"]
    assert ready("withdrawals", "delete", "1")[0] == 0
    assert json.loads(ready("withdrawals", "list", "--json")[1])["withdrawals"] == []
    code, _, err = ready("withdrawals", "delete", "1")
    assert code == 2 and "no withdrawal #1" in err
