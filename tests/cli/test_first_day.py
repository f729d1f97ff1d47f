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
