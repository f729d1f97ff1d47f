"""`contract edit --fee-rate`: a contract's own fee from a date; earlier payments keep theirs."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def upwork(th):
    """A $50/h Upwork contract (10% by default) with 2 h in 2026-W10 and 2 h in 2026-W12."""
    assert th("client", "add", "Acme")[0] == 0
    code, _, err = th("contract", "add", "Job", "--client", "Acme", "--hourly", "50",
                      "--platform", "upwork")  # fmt: skip
    assert code == 0, err
    for day in ("2026-03-02", "2026-03-16"):
        code, _, err = th("log", "Job", "--from", f"{day}T09:00Z", "--to", f"{day}T11:00Z")
        assert code == 0, err
    return th


def week_fees(th) -> tuple[str, str]:
    """The fee `week --json` shows for 2026-W10 and 2026-W12."""
    fees = []
    for week in ("2026-W10", "2026-W12"):
        code, out, err = th("week", "--week", week, "--json")
        assert code == 0, err
        fees.append(json.loads(out)["totals"]["fee"])
    return fees[0], fees[1]


def earnings_fees(th) -> dict[str, str]:
    """The fee `earnings --json` shows for each week with money in it."""
    code, out, err = th("earnings", "--weeks", "520", "--json")
    assert code == 0, err
    return {w["week"]: w["fee"] for w in json.loads(out)["weeks"] if w["gross"] != "0.00"}


def test_a_new_fee_rate_charges_payments_from_its_date_on(upwork):
    th = upwork
    assert week_fees(th) == ("10.00", "10.00")
    code, out, err = th(
        "contract", "edit", "Job", "--fee-rate", "15%", "--from", "2026-03-09T00:00Z"
    )
    assert (code, err) == (0, ""), err
    assert week_fees(th) == ("10.00", "15.00")
    assert earnings_fees(th) == {"2026-W10": "10.00", "2026-W12": "15.00"}


def test_a_fee_rate_without_a_date_applies_from_now(upwork):
    th = upwork
    assert th("contract", "edit", "Job", "--fee-rate", "12.5")[0] == 0
    assert week_fees(th) == ("10.00", "10.00")  # both weeks were paid before now
    code, out, _ = th("contract", "list", "--json")
    assert json.loads(out)["contracts"][0]["fee_schedule"] == "contract fee 12.5%"


def test_the_fee_rate_goes_with_other_terms_from_the_same_date(upwork):
    th = upwork
    code, _, err = th("contract", "edit", "Job", "--hourly", "80", "--fee-rate", "20",
                      "--from", "2026-03-09T00:00Z")  # fmt: skip
    assert code == 0, err
    code, out, _ = th("week", "--week", "2026-W12", "--json")
    totals = json.loads(out)["totals"]
    assert (totals["gross"], totals["fee"]) == ("160.00", "32.00")
    assert week_fees(th) == ("10.00", "32.00")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--fee-rate", "150%"), "between 0 and 100 percent"),
        (("--fee-rate", "abc"), "percentage like 10 or 12.5"),
        (("--fee-rate", "-1"), "between 0 and 100 percent"),
        (("--fee-rate", "12", "--from", "2026-13-01"), "--from must be an ISO 8601 time"),
        (("--fee-rate", "12", "--from", "1800-01-01"), "--from must be between"),
        (("--hourly", "80", "--fee-rate", "150%"), "between 0 and 100 percent"),
    ],
)
def test_a_bad_fee_rate_or_date_says_so_in_one_line_and_changes_nothing(upwork, args, says):
    th = upwork
    before = th("contract", "list", "--json")[1]
    code, out, err = th("contract", "edit", "Job", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and says in err and "Traceback" not in err
    assert th("contract", "list", "--json")[1] == before
    assert week_fees(th) == ("10.00", "10.00")
