"""The audit trail (DPA 2018 Part 3 s.62, logging of consultation and disclosure).

Every read of recorded data (a case's history, a replay, a report, a CSV export, the reply to
a response) writes an access record in the record's own store before the data is returned:
who (the key's name and role, or the local user for the command line), what (the route, the
case's force and id, or the report's name and its parameters), when, and how many rows were
disclosed. If it cannot be written, the read fails and nothing is disclosed. Keys added or
revoked, ruleset reloads and purges are written to the same trail (`action`).

The `access` report reads the trail back, for auditors: a force-scoped auditor sees the
accesses to its forces' cases and reports; accesses not tied to one force (national reports,
key changes, reloads) are seen with national scope only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from record.cases import Forces, within
from record.store import Store
from record.tables import accesses

Action = Literal["read", "key added", "key revoked", "ruleset reloaded", "purge"]
ACCESS_REPORT = "access"
CLI_ROLE = "local user"  # the command line reads the store directly: who ran it, not a key


@dataclass(frozen=True)
class Access:
    """One access to write: who, what, and (once known) how many rows it disclosed."""

    who: str
    role: str
    route: str
    action: Action = "read"
    force: str | None = None
    case_id: str | None = None
    report: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    rows: int = 0

    def disclosed(self, rows: int, **changes: Any) -> Access:
        """This access, having disclosed `rows` rows (a case's force as '' means none)."""
        if changes.get("force") == "":
            changes["force"] = None
        return replace(self, rows=rows, **changes)


def audit(conn: Connection, access: Access, at: datetime | None = None) -> None:
    """Write `access` in the caller's transaction."""
    conn.execute(
        accesses.insert().values(
            at=at or datetime.now(UTC),
            key_name=access.who,
            role=access.role,
            action=access.action,
            route=access.route,
            force=access.force or None,
            case_id=access.case_id,
            report=access.report,
            parameters=json.dumps(dict(access.parameters), ensure_ascii=False, sort_keys=True, default=str),
            rows=access.rows,
        )
    )


def record_access(store: Store, access: Access, at: datetime | None = None) -> None:
    """Write `access` in a transaction of its own; raises if it cannot be written."""
    with store.writing() as conn:
        audit(conn, access, at)


# -- the access report -------------------------------------------------------------------------
class AccessQuery(BaseModel):
    """The access report's filters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = Field(default=None, max_length=200, description="Only this key's (or user's) accesses")
    case_id: str | None = Field(default=None, max_length=200, description="Only accesses to this case")
    force: str | None = Field(default=None, max_length=100,
                              description="Only accesses to this force's records")
    since: date | None = Field(default=None, description="Only accesses on or after this day (UTC)")
    until: date | None = Field(default=None, description="Only accesses on or before this day (UTC)")


class AccessRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: datetime
    key: str = Field(description="The API key's name, or the local user for the command line")
    role: str
    action: str = Field(description="read, key added, key revoked, ruleset reloaded, purge")
    route: str
    force: str | None
    case_id: str | None
    report: str | None
    parameters: str = Field(description="The query as asked, as JSON")
    rows: int = Field(description="How many rows were disclosed")


class AccessReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: Literal["access"] = "access"
    description: str = "Every read of recorded data, key change and ruleset reload (DPA 2018 s.62)"
    generated_at: datetime
    query: AccessQuery
    rows: list[AccessRow]


def access_rows(conn: Connection, q: AccessQuery, forces: Forces) -> list[AccessRow]:
    a = accesses.c
    stmt = select(a.at, a.key_name, a.role, a.action, a.route, a.force, a.case_id, a.report,
                  a.parameters, a.rows).where(*within(a.force, forces)).order_by(a.at, a.id)
    if q.key is not None:
        stmt = stmt.where(a.key_name == q.key)
    if q.case_id is not None:
        stmt = stmt.where(a.case_id == q.case_id)
    if q.force is not None:
        stmt = stmt.where(a.force == q.force)
    if q.since is not None:
        stmt = stmt.where(a.at >= datetime.combine(q.since, time.min, UTC))
    if q.until is not None:
        stmt = stmt.where(a.at < datetime.combine(q.until, time.min, UTC) + timedelta(days=1))
    return [
        AccessRow(at=r.at, key=r.key_name, role=r.role, action=r.action, route=r.route, force=r.force,
                  case_id=r.case_id, report=r.report, parameters=r.parameters, rows=r.rows)
        for r in conn.execute(stmt)
    ]


def access_report(store: Store, query: AccessQuery, forces: Forces, reader: Access) -> AccessReport:
    """The access report, within `forces`; reading it is itself an access, written first."""
    with store.writing() as conn:
        rows = access_rows(conn, query, forces)
        audit(conn, reader.disclosed(len(rows), report=ACCESS_REPORT,
                                     parameters=query.model_dump(mode="json", exclude_none=True)))
    return AccessReport(generated_at=datetime.now(UTC), query=query, rows=rows)
