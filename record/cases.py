"""Which case a caller means, among the forces it may see.

A case is identified by its force and its id. A caller (an API key) sees only its forces'
cases (`Forces`: a set of force names, or None for every force); a case of another force
reads exactly as a case that does not exist (`NotRecorded`), so its existence does not leak.
A case id used by two of the caller's forces is ambiguous until the caller names the force.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from engine.errors import Problem
from record.errors import NotRecorded, RecordError
from record.tables import NO_FORCE, evaluations

Forces = frozenset[str] | None  # None: every force (national scope)


class AmbiguousCase(RecordError):
    """The case id is used by more than one of the caller's forces: say which (`?force=`)."""

    def __init__(self, case_id: str, forces: list[str]) -> None:
        shown = ", ".join(f or "(no force)" for f in forces)
        super().__init__(Problem(
            f"case '{case_id}' is recorded for more than one of your forces ({shown}); "
            "name the force", path="force"))
        self.forces = forces


def owner(force: str | None) -> str:
    """The `case_force` of a case whose `case.force` is `force`."""
    return force or NO_FORCE


def within(column: Any, forces: Forces) -> list[ColumnElement[bool]]:
    """The WHERE terms keeping `column` (a force) within `forces`."""
    return [] if forces is None else [column.in_(sorted(forces))]


def locate(conn: Connection, case_id: str, forces: Forces, force: str | None = None) -> str:
    """The `case_force` of the caller's case `case_id` (of `force` when given)."""
    e = evaluations.c
    query = select(e.case_force).where(e.case_id == case_id, *within(e.case_force, forces)).distinct()
    if force is not None:
        query = query.where(e.case_force == owner(force))
    found = sorted(conn.execute(query).scalars())
    if not found:
        raise NotRecorded(f"no evaluation of case '{case_id}' is recorded")
    if len(found) > 1:
        raise AmbiguousCase(case_id, found)
    return str(found[0])
