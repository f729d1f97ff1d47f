"""Week totals: stopped time per contract and billing week, derived from the entries.

Revision ID: 0003_week_totals
Revises: 0002_invoice_parties
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0003_week_totals"
down_revision = "0002_invoice_parties"
branch_labels = None
depends_on = None

WEEK, FIRST_MONDAY = 604_800, 345_600


def upgrade() -> None:
    """Create the table and fill it from the existing entries (self-contained arithmetic)."""
    table = op.create_table(
        "week_totals",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("tracked_seconds", sa.BigInteger(), nullable=False),
        sa.Column("counted_seconds", sa.BigInteger(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_week_totals_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contract_id", "bucket", name=op.f("pk_week_totals")),
    )
    op.create_index(op.f("ix_week_totals_bucket"), "week_totals", ["bucket"], unique=False)
    rows = op.get_bind().execute(
        sa.text(
            "SELECT e.contract_id, e.start_at, e.end_at, c.rounding_seconds"
            " FROM time_entries e JOIN contracts c ON c.id = e.contract_id"
            " WHERE e.end_at IS NOT NULL"
        )
    )
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for contract_id, start, end, step in rows:
        cursor = start
        while cursor < end:
            bucket = (cursor - FIRST_MONDAY) // WEEK
            part_end = min(end, (bucket + 1) * WEEK + FIRST_MONDAY)
            seconds = part_end - cursor
            counted = (seconds + step - 1) // step * step if step else seconds
            total = totals[(contract_id, bucket)]
            total[0] += seconds
            total[1] += counted
            total[2] += 1
            cursor = part_end
    if totals:
        op.bulk_insert(
            table,
            [
                {
                    "contract_id": contract_id,
                    "bucket": bucket,
                    "tracked_seconds": tracked,
                    "counted_seconds": counted,
                    "entry_count": count,
                }
                for (contract_id, bucket), (tracked, counted, count) in totals.items()
            ],
        )


def downgrade() -> None:
    """Drop the derived table."""
    op.drop_index(op.f("ix_week_totals_bucket"), table_name="week_totals")
    op.drop_table("week_totals")
