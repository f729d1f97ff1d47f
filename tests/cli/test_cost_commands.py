"""`tallyhour cost` and the costs in `earnings --json`."""

from __future__ import annotations

import json

import pytest

from tests.support.dumps import dump_url


def test_add_list_and_delete_costs(th):
    code, out, err = th("cost", "add", "--kind", "connects", "--count", "80", "--at", "2026-03-02")
    assert (code, err) == (0, "")
    assert out == "added cost #1: connects 12.00 USD (80 Connects) on 2026-03-02\n"
    code, out, _ = th(
        "cost", "add", "--kind", "membership", "--amount", "19.99", "--note", "Freelancer Plus"
    )
    assert code == 0
    code, out, _ = th("cost", "list", "--json")
    listed = json.loads(out)["costs"]
    assert [(c["id"], c["source"], c["kind"], c["amount"], c["count"]) for c in listed] == [
        (2, "typed", "membership", "19.99", None),
        (1, "typed", "connects", "12.00", 80),
    ]
    assert listed[1]["at"] == "2026-03-02T00:00:00+00:00"
    assert listed[0]["counted"] is True and listed[0]["why_not_counted"] is None
    code, out, _ = th("cost", "list")
    assert "Freelancer Plus" in out and "connects" in out
    assert th("cost", "delete", "2")[:2] == (0, "deleted cost #2: membership 19.99 USD\n")
    assert [c["id"] for c in json.loads(th("cost", "list", "--json")[1])["costs"]] == [1]


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "other", "--amount", "-5"),
        ("--kind", "food", "--amount", "5"),
        ("--kind", "connects", "--amount", "5", "--count", "3"),
        ("--kind", "connects"),
        ("--kind", "other", "--amount", "5", "--at", "2026-02-30"),
        ("--kind", "other", "--amount", "1e3"),
        ("--kind", "connects", "--count", "many"),
        ("--kind", "membership", "--count", "2"),
    ],
)
def test_bad_costs_get_one_line_and_write_nothing(th, db_url, args):
    th("cost", "list")  # the database exists before the dump
    before = dump_url(db_url)
    code, out, err = th("cost", "add", *args)
    assert code == 2 and out == ""
    assert err.startswith("tallyhour: ") and err.count("\n") == 1 and "Traceback" not in err
    assert dump_url(db_url) == before


def test_deleting_an_unknown_cost_is_refused(th):
    code, _, err = th("cost", "delete", "7")
    assert code == 2 and "no typed cost #7" in err


def test_fee_tax_rate_is_a_percentage(th):
    assert th("config", "set", "fee-tax-rate", "20")[0] == 0
    code, out, _ = th("config", "show", "--json")
    assert json.loads(out)["preferences"]["fee_tax_rate"] == "0.2"
    code, _, err = th("config", "set", "fee-tax-rate", "120")
    assert code == 2 and "between 0 and 100 percent" in err


def test_earnings_json_gains_withdrawal_fees_costs_and_withdrawable(th):
    th("client", "add", "Shop")
    th("contract", "add", "Logo", "--client", "Shop", "--fixed", "--platform", "fiverr")
    th("milestone", "add", "Logo", "Draft", "--amount", "500")
    th("milestone", "release", "1", "--at", "2026-01-05T10:00:00Z")
    th("config", "set", "tax-rate", "25")
    th("config", "set", "fee-tax-rate", "20")
    th("cost", "add", "--kind", "connects", "--count", "80")
    th("withdraw", "100", "--method", "local-bank")
    code, out, err = th("earnings", "--weeks", "5200", "--json")
    assert (code, err) == (0, "")
    board = json.loads(out)
    totals = board["totals"]
    # 500.00 less Fiverr's 100.00, 100.00 tax, 20.00 VAT on the fee, 12.00 Connects, 0.99 fee
    assert (totals["withdrawal_fees"], totals["costs"], totals["take_home"]) == (
        "0.99",
        "32.00",
        "267.01",
    )
    assert (board["withdrawal_fees"], board["costs"], board["withdrawable"]) == (
        "0.99",
        "32.00",
        "299.01",
    )
    for key in ("weeks", "totals", "this_week", "year_to_date", "contracts", "clients"):
        assert key in board  # nothing documented went away
    assert all("costs" in week and "withdrawal_fees" in week for week in board["weeks"])
