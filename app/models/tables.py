"""The tables: clients, contracts, entries, milestones, timesheets, invoices and more.

Money columns end in `_cents` (integers); instants are `UTCInstant` (epoch seconds).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCInstant


class Client(Base):
    """Someone who pays the freelancer, on a marketplace or directly."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Lower-cased name: names are unique regardless of case.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Lifetime billings with this client before Tallyhour; feeds the fee tiers.
    opening_balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    #: The currency of the opening balance (tiers are counted per currency).
    opening_balance_currency: Mapped[str] = mapped_column(
        String(3), default="USD", server_default="USD"
    )
    payment_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCInstant)

    contracts: Mapped[list[Contract]] = relationship(back_populates="client")


class Contract(Base):
    """An hourly or fixed-price engagement with one client."""

    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint("kind IN ('hourly', 'fixed')", name="kind"),
        CheckConstraint("rate_cents >= 0", name="rate_not_negative"),
        CheckConstraint("status IN ('active', 'paused', 'ended')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    rate_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    platform: Mapped[str] = mapped_column(String(20), default="direct")
    weekly_limit_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Each entry rounded up to this many seconds when billed (0 = exact).
    rounding_seconds: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="active")
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCInstant)

    client: Mapped[Client] = relationship(back_populates="contracts")
    schedules: Mapped[list[ContractSchedule]] = relationship(
        back_populates="contract", order_by="ContractSchedule.effective_from"
    )
    terms: Mapped[list[ContractTerm]] = relationship(
        back_populates="contract",
        order_by="ContractTerm.effective_from",
        cascade="all, delete-orphan",
    )


class ContractTerm(Base):
    """A contract's rate, weekly limit, rounding and currency from an effective instant on.

    The contract's own columns hold its latest terms; this table keeps every change, so a
    week is always billed by the terms it was worked under.
    """

    __tablename__ = "contract_terms"
    __table_args__ = (
        UniqueConstraint("contract_id", "effective_from"),
        CheckConstraint("rate_cents >= 0", name="rate_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[datetime] = mapped_column(UTCInstant)
    rate_cents: Mapped[int] = mapped_column(BigInteger)
    weekly_limit_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rounding_seconds: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))

    contract: Mapped[Contract] = relationship(back_populates="terms")


class ContractSchedule(Base):
    """The fee schedule a contract uses from an effective instant on."""

    __tablename__ = "contract_schedules"
    __table_args__ = (UniqueConstraint("contract_id", "effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    effective_from: Mapped[datetime] = mapped_column(UTCInstant)
    schedule_name: Mapped[str] = mapped_column(String(60))
    #: The contract's own flat fee rate as a fraction string ("0.12"), or NULL for the
    #: schedule's tiers (Upwork shows a per-contract fee on each offer from 2025-05-01).
    fee_rate: Mapped[str | None] = mapped_column(String(12), nullable=True)

    contract: Mapped[Contract] = relationship(back_populates="schedules")


class CustomFeeSchedule(Base):
    """A fee schedule the user defined; `spec` is JSON from `fees.schedule_to_dict`."""

    __tablename__ = "fee_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    spec: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCInstant)


class TimeEntry(Base):
    """A stretch of work on a contract; `end_at` is NULL while its timer runs."""

    __tablename__ = "time_entries"
    __table_args__ = (
        CheckConstraint("end_at IS NULL OR end_at > start_at", name="end_after_start"),
        CheckConstraint("source IN ('timer', 'manual', 'import')", name="source"),
        Index("ix_time_entries_start_at", "start_at"),
        Index("ix_time_entries_contract_start", "contract_id", "start_at"),
        Index("uq_time_entries_import", "import_source", "import_id", unique=True),
        # At most one running timer, across all contracts. The migration makes it partial
        # on both engines; naming PostgreSQL's option here would load that dialect in
        # every process (a tenth of the window's start), for a table never created from here.
        Index(
            "uq_time_entries_one_running",
            text("(0)"),
            unique=True,
            sqlite_where=text("end_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    start_at: Mapped[datetime] = mapped_column(UTCInstant)
    end_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    memo: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="timer")
    #: Last sign of life of the app while this timer ran (NULL once stopped).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCInstant)
    # Imported entries: the file format and the record's id in it, so a re-import skips it.
    import_source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    import_id: Mapped[str | None] = mapped_column(String(200), nullable=True)

    contract: Mapped[Contract] = relationship()


class Milestone(Base):
    """A fixed-price milestone, a bonus or a refund on a contract."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("kind IN ('milestone', 'bonus', 'refund')", name="kind"),
        CheckConstraint(
            "status IN ('funded', 'submitted', 'approved', 'paid', 'cancelled')", name="status"
        ),
        Index("ix_milestones_released_at", "released_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="milestone")
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="funded")
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)


class Timesheet(Base):
    """A contract's billing week as sent to the client: draft, sent, approved or disputed."""

    __tablename__ = "timesheets"
    __table_args__ = (
        UniqueConstraint("contract_id", "week_start"),
        CheckConstraint("status IN ('draft', 'sent', 'approved', 'disputed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    week_start: Mapped[datetime] = mapped_column(UTCInstant)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    sent_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    client_note: Mapped[str] = mapped_column(Text, default="")
    #: Approved weeks lock their entries until explicitly unlocked.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class Invoice(Base):
    """An invoice; its number is given at issue, gapless, and never reused."""

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'issued', 'paid', 'void')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    issue_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_start: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    period_end: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    #: Tax rate as a decimal string ("0.20"); SQLite has no exact decimal type.
    tax_rate: Mapped[str] = mapped_column(String(12), default="0")
    subtotal_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tax_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    terms: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCInstant, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    #: Seller and buyer as printed (JSON: name and detail lines), frozen when issued.
    seller: Mapped[str] = mapped_column(Text, default="", server_default="")
    buyer: Mapped[str] = mapped_column(Text, default="", server_default="")

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position", cascade="all, delete-orphan"
    )


class InvoiceLine(Base):
    """One printed line of an invoice."""

    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    #: Quantity as a decimal string (hours "2.50" or units "1").
    quantity: Mapped[str] = mapped_column(String(20))
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    #: The milestone or bonus this line bills, if any (a milestone is billed once).
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id"), index=True, nullable=True
    )

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Withdrawal(Base):
    """Money moved from the marketplace to the freelancer's bank, with its fee."""

    __tablename__ = "withdrawals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCInstant, index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    fee_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    method: Mapped[str] = mapped_column(String(20))


class Cost(Base):
    """Money spent to earn: Connects, a membership, tax charged on the marketplace's fee."""

    __tablename__ = "costs"
    __table_args__ = (
        CheckConstraint("kind IN ('connects', 'membership', 'fee-tax', 'other')", name="kind"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCInstant, index=True)
    kind: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text, default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    #: How many Connects were bought, for a Connects cost.
    quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Review(Base):
    """Feedback given or received when a contract ends."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("direction IN ('given', 'received')", name="direction"),
        CheckConstraint("stars_tenths BETWEEN 10 AND 50", name="stars"),
        UniqueConstraint("contract_id", "direction"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    direction: Mapped[str] = mapped_column(String(10))
    #: Stars times ten (4.5 stars = 45), kept exact as an integer.
    stars_tenths: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCInstant)


class Setting(Base):
    """One user preference; `value` is JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class WeekTotal(Base):
    """Stopped time per contract and billing week, kept up to date by every entry write.

    A derived table: it lets reports read a few thousand rows instead of every entry.
    `rebuild_week_totals` recomputes it from the entries at any time.
    """

    __tablename__ = "week_totals"

    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True
    )
    #: Billing week number counted from 1970-01-05 (`app.core.weeks.bucket_of`).
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    tracked_seconds: Mapped[int] = mapped_column(BigInteger)
    #: After the contract's per-entry rounding.
    counted_seconds: Mapped[int] = mapped_column(BigInteger)
    entry_count: Mapped[int] = mapped_column(Integer)
