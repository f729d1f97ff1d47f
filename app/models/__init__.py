"""SQLAlchemy ORM tables and column types. Imports no Qt.

The tables load on first use of a name here, so the light modules of this package
(`locations`, `revision`, `urls`) can be imported without loading SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.models.base import Base
    from app.models.statements import StatementLine
    from app.models.tables import (
        Client,
        Contract,
        ContractSchedule,
        ContractTerm,
        Cost,
        CustomFeeSchedule,
        Invoice,
        InvoiceLine,
        Milestone,
        Review,
        Setting,
        TimeEntry,
        Timesheet,
        WeekTotal,
        Withdrawal,
    )

__all__ = [
    "Base",
    "Client",
    "Contract",
    "ContractSchedule",
    "ContractTerm",
    "Cost",
    "CustomFeeSchedule",
    "Invoice",
    "InvoiceLine",
    "Milestone",
    "Review",
    "Setting",
    "StatementLine",
    "TimeEntry",
    "Timesheet",
    "WeekTotal",
    "Withdrawal",
]


def __getattr__(name: str) -> Any:
    """Load every table (so the metadata is whole) on first use of one of these names."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    modules = [import_module(f"app.models.{module}") for module in ("base", "tables", "statements")]
    for module in modules:
        for exported in __all__:
            if hasattr(module, exported):
                globals()[exported] = getattr(module, exported)
    return globals()[name]
