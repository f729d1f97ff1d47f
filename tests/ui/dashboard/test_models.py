"""The dashboard's table models: Qt's model checks, raw sorting, alignment and the tier sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.services.dashboard import Filters, dashboard
from app.ui.dashboard.models import PayoutColumn, PayoutsModel
from app.ui.dashboard.tables import (
    ClientColumn,
    ClientsModel,
    ContractColumn,
    ContractEarningsModel,
    FittedTable,
)
from app.ui.roles import ID_ROLE, RAW_ROLE
from tests.ui.dashboard.helpers import NOW

D = Decimal


@pytest.fixture
def board(books):
    return dashboard(books, Filters(weeks=3), now=NOW)


def texts(model, column):
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.mark.parametrize("kind", [ContractEarningsModel, ClientsModel, PayoutsModel])
@pytest.mark.parametrize("empty", [False, True])
def test_models_pass_qt_model_checks(qtmodeltester, board, kind, empty):
    model = kind()
    rows = {ContractEarningsModel: board.contracts, ClientsModel: board.clients}.get(
        kind, board.pending
    )
    model.load([] if empty else rows, board.currency, board.tax_rate)
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == len(model.columns) == len(model.headers)


def test_contract_table_shows_hours_gross_fee_net_and_take_home(board):
    model = ContractEarningsModel()
    model.load(board.contracts, board.currency, board.tax_rate)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in ContractColumn] == [
        "Contract",
        "Client",
        "Platform",
        "Hours",
        "Gross",
        "Fee",
        "Net",
        "Take-home",
        "Net per hour",
        "Per hour",
    ]
    rows = [[model.index(r, c).data() for c in ContractColumn] for r in range(model.rowCount())]
    assert rows == [
        [
            "API",
            "Acme",
            "Upwork",
            "16:00",
            "$1,400.00",
            "$145.00",
            "$1,255.00",
            "$941.25",
            "$78.44/h",  # net 1,255.00 over 16 hours tracked
            "$58.83/h",
        ],
        ["Logo", "Shop", "Fiverr", "0:00", "$200.00", "$40.00", "$160.00", "$120.00", "—", "—"],
    ]
    assert model.index(0, 0).data(ID_ROLE) == 1
    assert "16:00 h tracked, 14:00 h billable" in model.index(0, ContractColumn.HOURS).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_client_table_says_how_far_the_next_fee_tier_is(board):
    model = ClientsModel()
    model.load(board.clients, board.currency, board.tax_rate)
    assert texts(model, ClientColumn.CLIENT) == ["Acme", "Shop"]
    assert texts(model, ClientColumn.LIFETIME) == ["$1,850.00", "$200.00"]
    assert texts(model, ClientColumn.NEXT_TIER) == [
        "$8,150.00 until fees drop to 5%",
        "no lower fee tier",
    ]
    assert model.index(0, ClientColumn.NEXT_TIER).data(RAW_ROLE) == 815_000


def test_money_is_right_aligned_and_names_left(board):
    model = ContractEarningsModel()
    model.load(board.contracts, board.currency)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for column in ContractColumn:
        alignment = model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
        header = model.headerData(
            column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
        )
        assert (alignment == right) == (column >= ContractColumn.HOURS)
        assert header == alignment


def test_tables_sort_on_raw_amounts_not_on_text(qtbot):
    """As text "$200.00" > "$1,400.00"; as cents the order is right."""
    from app.services.dashboard import ClientLine, Earnings

    lines = [
        ClientLine(1, "big", Earnings(gross=D("1400.00")), D("1400.00"), None),
        ClientLine(2, "small", Earnings(gross=D("200.00")), D("200.00"), None),
        ClientLine(3, "mid", Earnings(gross=D("950.50")), D("950.50"), None),
    ]
    model = ClientsModel()
    model.load(lines, "USD")
    table = FittedTable(model)
    qtbot.addWidget(table)
    table.sortByColumn(ClientColumn.GROSS, Qt.SortOrder.AscendingOrder)
    assert texts(table.proxy, ClientColumn.CLIENT) == ["small", "mid", "big"]
    table.sortByColumn(ClientColumn.NEXT_TIER, Qt.SortOrder.AscendingOrder)
    table.sortByColumn(ClientColumn.CLIENT, Qt.SortOrder.DescendingOrder)
    assert texts(table.proxy, ClientColumn.CLIENT) == ["small", "mid", "big"]


def test_payouts_show_the_day_each_lands(board):
    model = PayoutsModel()
    model.load(board.pending, board.currency)
    rows = [[model.index(r, c).data() for c in PayoutColumn] for r in range(model.rowCount())]
    assert rows == [
        ["API, week 2026-W11", "$900.00", "Wed 25 Mar"],
        ["API, week 2026-W12", "$90.00", "Wed 1 Apr"],
    ]
    assert model.index(1, PayoutColumn.AVAILABLE).data(RAW_ROLE) > model.index(0, 2).data(RAW_ROLE)
