"""Invoice lines remember the milestone they bill, so a milestone is never billed twice.

Revision ID: 0004_line_milestone
Revises: 0003_week_totals
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_line_milestone"
down_revision = "0003_week_totals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable link and its index."""
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("milestone_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_invoice_lines_milestone_id"), ["milestone_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_lines_milestone_id_milestones"),
            "milestones",
            ["milestone_id"],
            ["id"],
        )


def downgrade() -> None:
    """Drop the link."""
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_invoice_lines_milestone_id_milestones"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_invoice_lines_milestone_id"))
        batch_op.drop_column("milestone_id")
