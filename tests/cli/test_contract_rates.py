"""Every contract's effective hourly rate: net per hour tracked, fixed price included."""

from __future__ import annotations

import json


def test_contract_list_json_gains_the_effective_hourly_rate(th):
    th("client", "add", "Shop")
    th("contract", "add", "Logo", "--client", "Shop", "--fixed", "--platform", "fiverr")
    th("contract", "add", "Site", "--client", "Shop", "--hourly", "50", "--platform", "fiverr")
    th("contract", "add", "Idle", "--client", "Shop", "--hourly", "50")
    th("milestone", "add", "Logo", "Draft", "--amount", "500")
    th("milestone", "release", "1", "--at", "2026-01-05T10:00:00Z")
    th("log", "Logo", "--from", "2026-01-05T09:00:00Z", "--to", "2026-01-05T15:00:00Z")
    th("log", "Site", "--from", "2026-01-06T09:00:00Z", "--to", "2026-01-06T12:00:00Z")
    code, out, err = th("contract", "list", "--json")
    assert (code, err) == (0, "")
    listed = {c["title"]: c for c in json.loads(out)["contracts"]}
    # Logo: 500.00 less Fiverr's 20% = 400.00 over 6 hours; Site: 150.00 less 20% over 3 hours
    assert [
        (listed[t]["net"], listed[t]["hours_tracked"], listed[t]["effective_hourly"])
        for t in ("Logo", "Site", "Idle")
    ] == [("400.00", "6.00", "66.67"), ("120.00", "3.00", "40.00"), ("0.00", "0.00", None)]
    assert listed["Logo"]["kind"] == "fixed" and listed["Logo"]["rate"] is None  # nothing lost
