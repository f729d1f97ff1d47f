"""Statement lines: what a marketplace says it billed, charged, withheld or paid out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCInstant

#: Kinds of statement line; the first four are billings that count toward lifetime billings.
STATEMENT_KINDS = (
    "hourly",
    "fixed",
    "bonus",
    "refund",
    "service-fee",
    "withdrawal",
    "withdrawal-fee",
    "connects",
    "membership",
    "vat",
    "other",
)


class StatementLine(Base):
    """One row of a marketplace statement, linked to a contract and a UTC billing week."""

    __tablename__ = "statement_lines"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in STATEMENT_KINDS) + ")", name="kind"
        ),
        CheckConstraint("seconds IS NULL OR seconds >= 0", name="seconds_not_negative"),
        UniqueConstraint("source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The file format it came from and its id there; together unique (re-imports skip it).
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    #: Signed: money to the freelancer is positive, fees and payouts negative.
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    at: Mapped[datetime] = mapped_column(UTCInstant, index=True)
    #: The billing week it belongs to (`app.core.weeks.bucket_of`).
    bucket: Mapped[int] = mapped_column(Integer, index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracts.id"), index=True, nullable=True
    )
    #: Hours billed, as seconds, where the statement gives them.
    seconds: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    rate_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: The marketplace's reference of the row (fee rows name the row they charge).
    reference: Mapped[str] = mapped_column(String(100), default="")
