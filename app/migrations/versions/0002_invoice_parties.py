"""invoice seller and buyer as printed

An issued invoice must not change when the profile or the client's address changes
later, so the seller's and buyer's details are kept on the invoice itself.

Revision ID: 0002_invoice_parties
Revises: 0001_initial
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_invoice_parties"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seller", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("buyer", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("buyer")
        batch_op.drop_column("seller")
