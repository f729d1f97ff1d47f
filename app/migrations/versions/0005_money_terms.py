"""Money terms: effective-dated contract terms, opening balance currency, per-contract fee
rates, costs; week totals recounted with each entry rounded once.

Revision ID: 0005_money_terms
Revises: 0004_line_milestone
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0005_money_terms"
down_revision = "0004_line_milestone"
branch_labels = None
depends_on = None

WEEK, FIRST_MONDAY = 604_800, 345_600


def upgrade() -> None:
    """Add the tables and columns, give every contract its terms, recount week totals."""
    terms = op.create_table(
        "contract_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.BigInteger(), nullable=False),
        sa.Column("rate_cents", sa.BigInteger(), nullable=False),
        sa.Column("weekly_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("rounding_seconds", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.CheckConstraint("rate_cents >= 0", name=op.f("ck_contract_terms_rate_not_negative")),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_contract_terms_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_terms")),
        sa.UniqueConstraint(
            "contract_id",
            "effective_from",
            name=op.f("uq_contract_terms_contract_id_effective_from"),
        ),
    )
    op.create_index(
        op.f("ix_contract_terms_contract_id"), "contract_terms", ["contract_id"], unique=False
    )
    op.create_table(
        "costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('connects', 'membership', 'fee-tax', 'other')", name=op.f("ck_costs_kind")
        ),
        sa.CheckConstraint("amount_cents >= 0", name=op.f("ck_costs_amount_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_costs")),
    )
    op.create_index(op.f("ix_costs_at"), "costs", ["at"], unique=False)
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "opening_balance_currency",
                sa.String(length=3),
                nullable=False,
                server_default="USD",
            )
        )
    with op.batch_alter_table("contract_schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fee_rate", sa.String(length=12), nullable=True))
    bind = op.get_bind()
    contracts = bind.execute(
        sa.text(
            "SELECT id, client_id, created_at, rate_cents, weekly_limit_seconds,"
            " rounding_seconds, currency FROM contracts ORDER BY id"
        )
    ).all()
    if contracts:
        op.bulk_insert(
            terms,
            [
                {
                    "contract_id": cid,
                    "effective_from": created,
                    "rate_cents": rate,
                    "weekly_limit_seconds": limit,
                    "rounding_seconds": step,
                    "currency": currency,
                }
                for cid, _, created, rate, limit, step, currency in contracts
            ],
        )
    # An opening balance is in the currency of the client's first contract (else USD).
    first_currency: dict[int, str] = {}
    for _, client_id, _, _, _, _, currency in contracts:
        first_currency.setdefault(client_id, currency)
    for client_id, currency in first_currency.items():
        bind.execute(
            sa.text("UPDATE clients SET opening_balance_currency = :c WHERE id = :i"),
            {"c": currency, "i": client_id},
        )
    _recount_week_totals(bind)


def _recount_week_totals(bind: sa.engine.Connection) -> None:
    """Count each entry's round-up once, in the week where the entry ends."""
    rows = bind.execute(
        sa.text(
            "SELECT e.contract_id, e.start_at, e.end_at, c.rounding_seconds"
            " FROM time_entries e JOIN contracts c ON c.id = e.contract_id"
            " WHERE e.end_at IS NOT NULL"
        )
    ).all()
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for contract_id, start, end, step in rows:
        rounded = (end - start + step - 1) // step * step if step else end - start
        cursor = start
        while cursor < end:
            bucket = (cursor - FIRST_MONDAY) // WEEK
            part_end = min(end, (bucket + 1) * WEEK + FIRST_MONDAY)
            total = totals[(contract_id, bucket)]
            total[0] += part_end - cursor
            total[1] += part_end - cursor if part_end < end else rounded - (cursor - start)
            total[2] += 1
            cursor = part_end
    for (contract_id, bucket), (tracked, counted, count) in totals.items():
        bind.execute(
            sa.text(
                "UPDATE week_totals SET tracked_seconds = :t, counted_seconds = :c,"
                " entry_count = :n WHERE contract_id = :i AND bucket = :b"
            ),
            {"t": tracked, "c": counted, "n": count, "i": contract_id, "b": bucket},
        )


def downgrade() -> None:
    """Drop what this revision added (week totals keep their recount: it is derived)."""
    with op.batch_alter_table("contract_schedules", schema=None) as batch_op:
        batch_op.drop_column("fee_rate")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("opening_balance_currency")
    op.drop_index(op.f("ix_costs_at"), table_name="costs")
    op.drop_table("costs")
    op.drop_index(op.f("ix_contract_terms_contract_id"), table_name="contract_terms")
    op.drop_table("contract_terms")
