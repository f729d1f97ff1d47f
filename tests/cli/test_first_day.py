"""What a new user meets on the command line on their first day."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def two(th):
    """A client with two hourly contracts, A and B."""
    assert th("client", "add", "Acme")[0] == 0
    for title in ("Alpha", "Beta"):
        code, _, err = th("contract", "add", title, "--client", "Acme", "--hourly", "40")
        assert code == 0, err
    return th


def test_starting_another_contract_keeps_each_entrys_own_memo(two):
    assert two("start", "Beta", "--memo", "b", "--at", "2026-03-02T09:00:00Z")[0] == 0
    assert two("start", "Alpha", "--memo", "a", "--at", "2026-03-02T10:00:00Z")[0] == 0
    entries = json.loads(two("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert [(e["contract"], e["memo"]) for e in entries] == [("Beta", "b"), ("Alpha", "a")]


def test_an_invoice_without_the_sellers_name_and_address_gets_no_number(two, tmp_path):
    assert two("log", "Alpha", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T10:00Z")[0] == 0
    out = tmp_path / "i.pdf"
    code, text, err = two("invoice", "Alpha", "--week", "2026-W10", "--out", str(out))
    assert code == 0 and out.exists()
    assert "draft #1" in text and "1 line," in text
    assert "set your name and address (tallyhour config set name TEXT" in err
    code, _, err = two("invoices", "issue", "1")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "set your name and address first (tallyhour config set name TEXT" in err
    assert json.loads(two("invoices", "list", "--json")[1])["invoices"][0]["number"] is None
    two("config", "set", "name", "Sam Rivera")
    code, _, err = two("invoices", "issue", "1")
    assert code == 2 and "set your address first" in err
    two("config", "set", "address", "1 Main Street")
    code, text, err = two("invoices", "issue", "1")
    assert code == 0, err
    assert "issued" in text


def test_sending_an_invoice_without_the_profile_is_refused_before_anything_is_made(two):
    two("log", "Alpha", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T10:00Z")
    code, _, err = two("invoice", "Alpha", "--week", "2026-W10", "--send")
    assert code == 2 and "set your name and address first" in err
    assert json.loads(two("invoices", "list", "--json")[1])["invoices"] == []


@pytest.mark.parametrize(("typed", "hours"), [("1h30", "1.50"), ("90m", "1.50"), ("1:30", "1.50")])
def test_log_takes_a_duration_written_as_people_do(two, typed, hours):
    code, _, err = two("log", "Alpha", "--from", "2026-03-02T09:00Z", "--duration", typed)
    assert code == 0, err
    (entry,) = json.loads(two("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert entry["hours"] == hours and entry["end"] == "2026-03-02T10:30:00+00:00"


def test_a_bad_duration_is_refused_in_one_line(two):
    code, _, err = two("log", "Alpha", "--from", "2026-03-02T09:00Z", "--duration", "soon")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "1h30" in err


def test_the_weekly_limit_takes_hours_and_minutes(two):
    code, _, err = two(
        "contract", "add", "Gamma", "--client", "Acme", "--hourly", "9", "--weekly-limit", "12h30"
    )
    assert code == 0, err
    listed = json.loads(two("contract", "list", "--json")[1])["contracts"]
    gamma = next(c for c in listed if c["title"] == "Gamma")
    assert gamma["weekly_limit_hours"] == "12.50"


def test_entries_search_finds_memos_across_weeks_newest_first(two):
    for day, memo in (
        ("2026-02-02", "Rate LIMITER design"),
        ("2026-03-02", "rate limiter tests"),
        ("2026-03-03", "invoice layout"),
        ("2026-03-04", "100% done_ok"),
    ):
        code, _, err = two(
            "log", "Alpha", "--from", f"{day}T09:00Z", "--duration", "1h", "--memo", memo
        )
        assert code == 0, err
    found = json.loads(two("entries", "--search", "rate limiter", "--json")[1])["entries"]
    assert [e["memo"] for e in found] == ["rate limiter tests", "Rate LIMITER design"]
    code, text, _ = two("entries", "--search", "limiter")
    assert code == 0 and "2026-W06" in text and "2026-W10" in text
    assert (
        json.loads(two("entries", "--search", "%", "--json")[1])["entries"][0]["memo"]
        == "100% done_ok"
    )
    assert json.loads(two("entries", "--search", "t_", "--json")[1])["entries"] == []
    in_week = json.loads(two("entries", "--week", "2026-W10", "--search", "limiter", "--json")[1])
    assert [e["memo"] for e in in_week["entries"]] == ["rate limiter tests"]
    code, _, err = two("entries", "--search", "   ")
    assert code == 2 and "type some words" in err


def test_a_bonus_keeps_its_title_wherever_it_is_listed(two, tmp_path):
    import csv

    code, said, err = two(
        "milestone", "add", "Alpha", "Launch bonus", "--amount", "100", "--kind", "bonus"
    )
    assert code == 0, err
    assert "Launch bonus" in said
    assert two("milestone", "release", "1")[0] == 0
    listed = two("milestone", "list")[1]
    assert "Launch bonus" in listed and "bonus" in listed
    earnings = two("earnings", "--weeks", "1")[1]
    assert "(Alpha, Launch bonus)" in earnings
    pending = json.loads(two("earnings", "--weeks", "1", "--json")[1])["pending"]
    assert [p["label"] for p in pending] == ["Alpha, Launch bonus"]
    out = tmp_path / "payments.csv"
    assert two("export", "payments", "--out", str(out))[0] == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["type"], r["gross"], r["title"]) for r in rows] == [
        ("bonus", "100.00", "Launch bonus")
    ]
