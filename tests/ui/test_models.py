"""Every table model passes Qt's model tester; sorting uses raw values, not text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.overview import contract_overview
from app.services.plain_reads import week_sheet
from app.ui.contracts_model import ContractColumn, ContractsModel, ContractsProxy
from app.ui.roles import ID_ROLE, RAW_ROLE
from app.ui.week_model import WeekColumn, WeekModel


def test_week_model_passes_the_model_tester(qtmodeltester, db, seeded, clock):
    model = WeekModel(clock, UTC)
    model.load(week_sheet(db, BillingWeek.of(clock()), now=clock()))
    qtmodeltester.check(model)
    assert model.rowCount() == 4 + 4  # four days, four entries


def test_week_model_groups_entries_under_local_days(db, seeded, clock):
    model = WeekModel(clock, UTC)
    model.load(week_sheet(db, BillingWeek.of(clock()), now=clock()))
    assert model.day_rows() == [0, 2, 4, 6]
    assert model.index(0, WeekColumn.START).data() == "Monday, 2 March"
    assert model.index(0, WeekColumn.DURATION).data() == "3:00"
    assert model.index(1, WeekColumn.START).data() == "09:00"
    assert model.index(1, WeekColumn.END).data() == "12:00"
    assert model.index(1, WeekColumn.CONTRACT).data() == "API work"
    assert model.entry_at(0) is None
    assert model.index(1, 0).data(ID_ROLE) == seeded.entries[0]
    assert not model.flags(model.index(0, WeekColumn.MEMO)) & Qt.ItemFlag.ItemIsSelectable


def test_week_model_flags_manual_no_memo_and_over_limit(db, seeded, clock):
    model = WeekModel(clock, UTC)
    model.load(week_sheet(db, BillingWeek.of(clock()), now=clock()))
    status = [model.index(row, WeekColumn.STATUS).data() for row in (1, 3, 5, 7)]
    # 3 h + 4 h + 2 h manual, then 2 h live: the limit of 10 h ends inside the last entry.
    assert status == [
        "Manual",
        "Manual · No memo",
        "Manual",
        "Over limit 1:00",
    ]
    assert "hourly protection" in model.index(7, WeekColumn.STATUS).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_contracts_model_and_proxy_pass_the_model_tester(qtmodeltester, db, seeded, clock):
    model = ContractsModel()
    model.load(contract_overview(db, now=clock()))
    qtmodeltester.check(model)
    proxy = ContractsProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_contracts_model_shows_money_right_aligned_and_the_next_tier(db, seeded, clock):
    model = ContractsModel()
    model.load(contract_overview(db, now=clock()))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "API work")
    lifetime = model.index(row, ContractColumn.LIFETIME)
    # 400.00 before Tallyhour + 10 billable hours at 50.00 this week.
    assert lifetime.data() == "$900.00"
    assert lifetime.data(RAW_ROLE) == 90_000
    assert lifetime.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(row, ContractColumn.NEXT_TIER).data() == "$9,100.00 → 5%"
    assert model.index(row, ContractColumn.WEEK).data() == "11:00 / 10:00"
    assert model.index(row, ContractColumn.RATE).data() == "$50.00/h"
    # this week is not over: the effective rate waits for it
    assert model.index(row, ContractColumn.NET_PER_HOUR).data() == "—"
    model.load(contract_overview(db, now=clock() + timedelta(days=7)))
    # a week later: 500.00 less its 60.00 fee (20% up to 500 lifetime, then 10%) over 11 hours
    assert model.index(row, ContractColumn.NET_PER_HOUR).data() == "$40.00/h"


def test_contracts_sort_on_raw_numbers_not_text(db, clock, now):
    client = add_client(db, "Zed", now=now)
    for title, rate in (("Nine", "9.00"), ("Eighty", "80.00"), ("Hundred", "100.00")):
        add_contract(db, title, client=client.id, hourly_rate=Decimal(rate), now=now)
    model = ContractsModel()
    model.load(contract_overview(db, now=clock()))
    proxy = ContractsProxy()
    proxy.setSourceModel(model)
    proxy.sort(ContractColumn.RATE, Qt.SortOrder.AscendingOrder)
    titles = [proxy.index(row, ContractColumn.TITLE).data() for row in range(proxy.rowCount())]
    assert titles == ["Nine", "Eighty", "Hundred"]
    proxy.setFilterFixedString("eight")
    assert proxy.rowCount() == 1


def test_week_model_asks_for_an_edit_and_shows_it_only_once_saved(qtbot, db, seeded, clock):
    model = WeekModel(clock, UTC)
    model.load(week_sheet(db, BillingWeek.of(clock()), now=clock()))
    start = model.index(7, WeekColumn.START)
    with qtbot.waitSignal(model.edit_requested) as asked:
        assert model.setData(start, datetime(2026, 3, 4, 14, 0))
    entry, changes = asked.args
    assert entry.id == model.entry_at(7).id
    assert changes == {"start": datetime(2026, 3, 4, 14, 0, tzinfo=UTC)}
    assert start.data() == "08:00"
    assert not model.setData(start, datetime(2026, 3, 5, 8, 0))  # unchanged: nothing to save
