"""Statement lines from marketplace exports, and the import source and id of time entries.

Revision ID: 0006_statement_lines
Revises: 0004_line_milestone
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_statement_lines"
down_revision = "0005_money_terms"
branch_labels = None
depends_on = None

KINDS = (
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


def upgrade() -> None:
    """Create the statement lines table; add the import columns to time entries."""
    op.create_table(
        "statement_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.BigInteger(), nullable=True),
        sa.Column("rate_cents", sa.BigInteger(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")",
            name=op.f("ck_statement_lines_kind"),
        ),
        sa.CheckConstraint(
            "seconds IS NULL OR seconds >= 0", name=op.f("ck_statement_lines_seconds_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_statement_lines_contract_id_contracts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_lines")),
        sa.UniqueConstraint(
            "source", "source_id", name=op.f("uq_statement_lines_source_source_id")
        ),
    )
    op.create_index(op.f("ix_statement_lines_at"), "statement_lines", ["at"], unique=False)
    op.create_index(op.f("ix_statement_lines_bucket"), "statement_lines", ["bucket"], unique=False)
    op.create_index(
        op.f("ix_statement_lines_contract_id"), "statement_lines", ["contract_id"], unique=False
    )
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("import_id", sa.String(length=200), nullable=True))
        batch_op.create_index("uq_time_entries_import", ["import_source", "import_id"], unique=True)


def downgrade() -> None:
    """Drop the import columns and the statement lines."""
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_time_entries_import")
        batch_op.drop_column("import_id")
        batch_op.drop_column("import_source")
    op.drop_index(op.f("ix_statement_lines_contract_id"), table_name="statement_lines")
    op.drop_index(op.f("ix_statement_lines_bucket"), table_name="statement_lines")
    op.drop_index(op.f("ix_statement_lines_at"), table_name="statement_lines")
    op.drop_table("statement_lines")
