"""SQLAlchemy ORM tables and column types. Imports no Qt."""

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
