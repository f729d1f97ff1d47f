"""`export payments`: every payment and withdrawal with its fee, fee rate, net and tax."""

from __future__ import annotations

import csv


def test_export_payments_lists_payments_and_withdrawals(th, tmp_path):
    assert th("client", "add", "Acme")[0] == 0
    assert th("config", "set", "tax-rate", "25")[0] == 0
    args = ("--hourly", "100", "--platform", "upwork", "--fee-schedule", "upwork-2016")
    assert th("contract", "add", "Job", "--client", "Acme", *args)[0] == 0
    assert th("log", "Job", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T15:00Z")[0] == 0
    assert th("withdraw", "100", "--method", "local-bank", "--at", "2026-03-25T12:00Z")[0] == 0
    out = tmp_path / "p.csv"
    code, printed, err = th("export", "payments", "--out", str(out))
    assert code == 0, err
    assert "exported 2" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0] == {
        "date": "2026-03-09",
        "type": "hourly",
        "contract": "Job",
        "client": "Acme",
        "currency": "USD",
        "gross": "600.00",
        "fee": "110.00",
        "fee_rate": "0.1833",
        "net": "490.00",
        "tax_set_aside": "122.50",
        "available_on": "2026-03-18",
        "detail": "week 2026-W10",
        "title": "",
    }
    assert (rows[1]["type"], rows[1]["gross"], rows[1]["fee"], rows[1]["net"]) == (
        "withdrawal",
        "-100.00",
        "0.99",
        "-100.99",
    )


def test_the_fee_calculator_refuses_a_refund_beyond_the_prior_billings(th):
    code, _, err = th("fee", "--schedule", "upwork-2016", "--prior", "100", "--amount", "-100.01")
    assert code == 2 and "more than the 100.00 billed" in err
    code, out, _ = th(
        "fee", "--schedule", "upwork-2016", "--prior", "100", "--amount", "-100", "--json"
    )
    assert code == 0 and '"fee": "-20.00"' in out
