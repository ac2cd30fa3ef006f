"""The decision record's tables (SQLAlchemy Core). The migrations in record/migrations build them.

Everything hangs from an evaluation: findings, responses, and the side tables that make each
report one indexed query. The side tables hold the *current* state of each case, written by
the latest evaluation of it (an upsert keyed by case and the case's own id for the item), so
re-evaluating a case never counts its tactics, episodes or suspects twice:

- tactics_used  one row per action in a case (from the case's `actions`, or from an accepted
                response to a finding whose code is a tactic)            ¶7, ¶8, ¶32
- episodes      one row per missing episode, with whether the child was found with an adult
                and whether a CAWN was considered for / issued to that adult   ¶20, ¶21
- suspects      one row per suspect in a case, with the date of the last risk review   ¶16, ¶32

A case is identified by its force and its id (`case_force`, `case_id`): two forces may use
the same case id and never touch each other's rows. `case_force` is the case's `case.force`,
or '' for a case that names no force (only a national-scope key sees those).

Retention deletes an evaluation with its findings and responses, and the side-table rows it
last wrote (a case evaluated again since keeps them).

`accesses` is the audit trail (DPA 2018 Part 3 s.62): every read of recorded data (who, what,
when, how many rows were disclosed), every key added or revoked, every ruleset reload.
`readiness` holds the one row `/readyz` writes to prove the record takes writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import DateTime, TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# An integer key that is a rowid alias on SQLite (autoincrementing) and a bigint elsewhere.
Key = BigInteger().with_variant(Integer(), "sqlite")
Id = String(200)  # ids in a case: engine.case.Id allows up to 200 characters
Force = String(100)  # engine.case.Force allows up to 100 characters
NO_FORCE = ""  # the case_force of a case that names no force


def _case_force() -> Column[str]:
    return Column("case_force", Force, nullable=False, server_default=NO_FORCE)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the record stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def _evaluation_ref(nullable: bool = False) -> Column[Any]:
    return Column(
        "evaluation_id",
        Key,
        ForeignKey("evaluations.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


rulesets = Table(
    "rulesets",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("version", String(100), nullable=False),
    Column("files", Text, nullable=True),  # JSON {relative path: exact text}; null if never seen
    Column("tactics", Text, nullable=True),  # JSON list of the catalogue's tactic ids
    Column("first_seen_at", UTCDateTime, nullable=False),
)

evaluations = Table(
    "evaluations",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _case_force(),
    Column("case_id", Id, nullable=False),
    Column("force", String(100), nullable=True),
    Column("as_of", Date, nullable=False),
    Column("asked_by", String(200), nullable=False),
    Column("asked_at", UTCDateTime, nullable=False, index=True),
    Column("ruleset_sha256", String(64), ForeignKey("rulesets.sha256"), nullable=False),
    Column("case_json", Text, nullable=False),  # the case as sent
    Column("answer_json", Text, nullable=False),  # the engine's answer
    Index("ix_evaluations_case_id_case_force_id", "case_id", "case_force", "id"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _evaluation_ref(),
    Column("case_id", Id, nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("code", String(100), nullable=False),
    Column("rule", String(200), nullable=False),
    Column("target", Id, nullable=False),
    Column("severity", String(20), nullable=False),
    Index("ix_findings_case_id_rule_target", "case_id", "rule", "target"),
)

responses = Table(
    "responses",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _evaluation_ref(),
    _case_force(),
    Column("case_id", Id, nullable=False),
    Column("force", String(100), nullable=True),
    Column("rule", String(200), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("code", String(100), nullable=False),
    Column("target", Id, nullable=False),
    Column("decision", String(20), nullable=False),
    Column("reason", Text, nullable=True),
    Column("actioned_on", Date, nullable=True),
    Column("action_target", Id, nullable=True),
    Column("action_status", String(20), nullable=True),
    Column("action_id", Id, nullable=True),
    Column("by", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False, index=True),
    Index("ix_responses_case_id_case_force", "case_id", "case_force"),
)

tactics_used = Table(
    "tactics_used",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _evaluation_ref(),
    Column("response_id", Key, ForeignKey("responses.id", ondelete="SET NULL"), nullable=True),
    _case_force(),
    Column("case_id", Id, nullable=False),
    Column("action_id", Id, nullable=False),
    Column("tactic", String(100), nullable=False, index=True),
    Column("target", Id, nullable=False),
    Column("date", Date, nullable=True, index=True),
    Column("force", String(100), nullable=True),
    Column("status", String(20), nullable=False),
    Column("recorded", Boolean, nullable=True),  # in a searchable force system (¶7)
    Column("source", String(20), nullable=False),  # case | response
    UniqueConstraint("case_id", "case_force", "action_id"),
    # covers the cohort report: the tactics used on each suspect without reading the table
    Index("ix_tactics_used_case_id_case_force_target", "case_id", "case_force", "target", "tactic",
          "status", "date"),
)

episodes = Table(
    "episodes",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _evaluation_ref(),
    _case_force(),
    Column("case_id", Id, nullable=False),
    Column("episode_id", Id, nullable=False),
    Column("child", Id, nullable=False),
    Column("date", Date, nullable=False, index=True),
    Column("force", String(100), nullable=True),
    Column("adults", Text, nullable=False),  # comma-separated: suspects/associates found with
    Column("found_with_adult", Boolean, nullable=False),
    Column("cawn_considered", Boolean, nullable=False),
    Column("cawn_issued", Boolean, nullable=False),
    UniqueConstraint("case_id", "case_force", "episode_id"),
)

suspects = Table(
    "suspects",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    _evaluation_ref(),
    _case_force(),
    Column("case_id", Id, nullable=False),
    Column("person_id", Id, nullable=False),
    Column("force", String(100), nullable=True),
    Column("last_reviewed", Date, nullable=True, index=True),
    Column("seen_at", UTCDateTime, nullable=False, index=True),
    UniqueConstraint("case_id", "case_force", "person_id"),
)

accesses = Table(
    "accesses",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("key_name", String(200), nullable=False, index=True),  # or the local user, for the CLI
    Column("role", String(40), nullable=False),
    Column("action", String(40), nullable=False),  # read | key added | key revoked | reload | purge
    Column("route", String(200), nullable=False),  # e.g. GET /v1/cases/{case_id}/history
    Column("force", Force, nullable=True, index=True),  # the case's force, or the one force read
    Column("case_id", Id, nullable=True, index=True),
    Column("report", String(100), nullable=True),
    Column("parameters", Text, nullable=False),  # JSON: the query as asked
    Column("rows", Integer, nullable=False),  # how many rows (records) were disclosed
)

readiness = Table(
    "readiness",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("checked_at", UTCDateTime, nullable=False),
)
