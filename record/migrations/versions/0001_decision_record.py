"""The decision record: rulesets, evaluations, findings, responses, tactics, episodes, suspects.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from record.tables import Key, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.String(200)


def _key() -> sa.Column[int]:
    return sa.Column("id", Key, primary_key=True, autoincrement=True)


def _fk(table: str) -> sa.Column[int]:
    """The evaluation a row belongs to; deleting the evaluation deletes the row."""
    return sa.Column(
        "evaluation_id",
        Key,
        sa.ForeignKey("evaluations.id", ondelete="CASCADE", name=f"fk_{table}_evaluation_id_evaluations"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "rulesets",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("files", sa.Text, nullable=True),
        sa.Column("tactics", sa.Text, nullable=True),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_rulesets"),
    )
    op.create_table(
        "evaluations",
        _key(),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=False),
        sa.Column("asked_at", UTCDateTime, nullable=False),
        sa.Column("ruleset_sha256", sa.String(64), nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("answer_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
        sa.ForeignKeyConstraint(
            ["ruleset_sha256"], ["rulesets.sha256"], name="fk_evaluations_ruleset_sha256_rulesets"
        ),
    )
    op.create_index("ix_evaluations_asked_at", "evaluations", ["asked_at"])
    op.create_index("ix_evaluations_case_id_id", "evaluations", ["case_id", "id"])

    op.create_table(
        "findings",
        _key(),
        _fk("findings"),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("target", Id, nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
    )
    op.create_index("ix_findings_evaluation_id", "findings", ["evaluation_id"])
    op.create_index("ix_findings_case_id_rule_target", "findings", ["case_id", "rule", "target"])

    op.create_table(
        "responses",
        _key(),
        _fk("responses"),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("target", Id, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("actioned_on", sa.Date, nullable=True),
        sa.Column("action_target", Id, nullable=True),
        sa.Column("action_status", sa.String(20), nullable=True),
        sa.Column("action_id", Id, nullable=True),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
    )
    op.create_index("ix_responses_evaluation_id", "responses", ["evaluation_id"])
    op.create_index("ix_responses_case_id", "responses", ["case_id"])
    op.create_index("ix_responses_rule", "responses", ["rule"])
    op.create_index("ix_responses_at", "responses", ["at"])

    op.create_table(
        "tactics_used",
        _key(),
        _fk("tactics_used"),
        sa.Column("response_id", Key, nullable=True),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("action_id", Id, nullable=False),
        sa.Column("tactic", sa.String(100), nullable=False),
        sa.Column("target", Id, nullable=False),
        sa.Column("date", sa.Date, nullable=True),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("recorded", sa.Boolean, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tactics_used"),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            ondelete="SET NULL",
            name="fk_tactics_used_response_id_responses",
        ),
        sa.UniqueConstraint("case_id", "action_id", name="uq_tactics_used_case_id_action_id"),
    )
    op.create_index("ix_tactics_used_evaluation_id", "tactics_used", ["evaluation_id"])
    op.create_index("ix_tactics_used_tactic", "tactics_used", ["tactic"])
    op.create_index("ix_tactics_used_date", "tactics_used", ["date"])
    op.create_index(
        "ix_tactics_used_case_id_target", "tactics_used", ["case_id", "target", "tactic", "status", "date"]
    )

    op.create_table(
        "episodes",
        _key(),
        _fk("episodes"),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("episode_id", Id, nullable=False),
        sa.Column("child", Id, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("adults", sa.Text, nullable=False),
        sa.Column("found_with_adult", sa.Boolean, nullable=False),
        sa.Column("cawn_considered", sa.Boolean, nullable=False),
        sa.Column("cawn_issued", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_episodes"),
        sa.UniqueConstraint("case_id", "episode_id", name="uq_episodes_case_id_episode_id"),
    )
    op.create_index("ix_episodes_evaluation_id", "episodes", ["evaluation_id"])
    op.create_index("ix_episodes_date", "episodes", ["date"])

    op.create_table(
        "suspects",
        _key(),
        _fk("suspects"),
        sa.Column("case_id", Id, nullable=False),
        sa.Column("person_id", Id, nullable=False),
        sa.Column("force", sa.String(100), nullable=True),
        sa.Column("last_reviewed", sa.Date, nullable=True),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suspects"),
        sa.UniqueConstraint("case_id", "person_id", name="uq_suspects_case_id_person_id"),
    )
    op.create_index("ix_suspects_evaluation_id", "suspects", ["evaluation_id"])
    op.create_index("ix_suspects_last_reviewed", "suspects", ["last_reviewed"])
    op.create_index("ix_suspects_seen_at", "suspects", ["seen_at"])


def downgrade() -> None:
    for table in ("suspects", "episodes", "tactics_used", "responses", "findings", "evaluations", "rulesets"):
        op.drop_table(table)
