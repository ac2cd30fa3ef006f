"""A case is (force, case id); the audit trail of reads (accesses); the readiness probe's row.

Every table keyed by case gains `case_force` (the case's `case.force`, '' for none), filled
from the force of the evaluation each row belongs to, and the side tables' unique keys take
it in: two forces may then use the same case id without touching each other's rows. Rows a
second force had taken over before this migration stay with the evaluation that last wrote
them (the record cannot tell whose they were before).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from record.tables import Key, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.String(200)
SIDE_TABLES = {  # table: (its item id, old index, new index and its columns after case_id)
    "tactics_used": ("action_id", "ix_tactics_used_case_id_target",
                     ("ix_tactics_used_case_id_case_force_target",
                      ["case_force", "target", "tactic", "status", "date"])),
    "episodes": ("episode_id", None, None),
    "suspects": ("person_id", None, None),
}


def _case_force() -> sa.Column[str]:
    return sa.Column("case_force", sa.String(100), nullable=False, server_default="")


def _fill_from_evaluation(table: str) -> None:
    op.execute(
        f"UPDATE {table} SET case_force = COALESCE("
        f"(SELECT e.force FROM evaluations e WHERE e.id = {table}.evaluation_id), '')"
    )


def upgrade() -> None:
    op.add_column("evaluations", _case_force())
    op.execute("UPDATE evaluations SET case_force = COALESCE(force, '')")
    op.drop_index("ix_evaluations_case_id_id", table_name="evaluations")
    op.create_index("ix_evaluations_case_id_case_force_id", "evaluations", ["case_id", "case_force", "id"])

    op.add_column("responses", _case_force())
    _fill_from_evaluation("responses")
    op.drop_index("ix_responses_case_id", table_name="responses")
    op.create_index("ix_responses_case_id_case_force", "responses", ["case_id", "case_force"])

    for table, (item, old_index, new_index) in SIDE_TABLES.items():
        op.add_column(table, _case_force())
        _fill_from_evaluation(table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_case_id_{item}", type_="unique")
            batch.create_unique_constraint(
                f"uq_{table}_case_id_case_force_{item}", ["case_id", "case_force", item]
            )
            if old_index is not None and new_index is not None:
                batch.drop_index(old_index)
                batch.create_index(new_index[0], ["case_id", *new_index[1]])

    op.create_table(
        "accesses",
        sa.Column("id", Key, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("key_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("route", sa.String(200), nullable=False),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("case_id", Id, nullable=True),
        sa.Column("report", sa.String(100), nullable=True),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accesses"),
    )
    for column in ("at", "key_name", "force", "case_id"):
        op.create_index(f"ix_accesses_{column}", "accesses", [column])
    op.create_table(
        "readiness",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("checked_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_readiness"),
    )


def downgrade() -> None:
    op.drop_table("readiness")
    op.drop_table("accesses")
    for table, (item, old_index, new_index) in SIDE_TABLES.items():
        with op.batch_alter_table(table) as batch:
            if old_index is not None and new_index is not None:
                batch.drop_index(new_index[0])
                batch.create_index(old_index, ["case_id", "target", "tactic", "status", "date"])
            batch.drop_constraint(f"uq_{table}_case_id_case_force_{item}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_case_id_{item}", ["case_id", item])
            batch.drop_column("case_force")
    op.drop_index("ix_responses_case_id_case_force", table_name="responses")
    op.create_index("ix_responses_case_id", "responses", ["case_id"])
    op.drop_column("responses", "case_force")
    op.drop_index("ix_evaluations_case_id_case_force_id", table_name="evaluations")
    op.create_index("ix_evaluations_case_id_id", "evaluations", ["case_id", "id"])
    op.drop_column("evaluations", "case_force")
