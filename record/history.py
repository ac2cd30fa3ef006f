"""A case's history: every evaluation with its findings, every response, the tactics used."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from engine.finding import RulesetRef
from record.access import Access, audit
from record.cases import Forces, locate
from record.errors import NotRecorded
from record.models import CaseHistory, EvaluationRecord, FindingRef, RecordedResponse, TacticUsed
from record.store import Store
from record.tables import evaluations, findings, responses, rulesets, tactics_used


def case_history(
    store: Store, case_id: str, forces: Forces = None, force: str | None = None,
    access: Access | None = None,
) -> CaseHistory:
    """The case `case_id` among `forces` (None: every force), of `force` when given. With an
    `access`, it is written in the same transaction, with the rows disclosed, or nothing is read."""
    e, f, r, t, rs = evaluations.c, findings.c, responses.c, tactics_used.c, rulesets.c
    with store.writing() if access is not None else store.reading() as conn:
        case_force = locate(conn, case_id, forces, force)
        rows = conn.execute(
            select(e.id, e.asked_at, e.asked_by, e.as_of, e.force, rs.name, rs.version, rs.sha256)
            .join(rulesets, rs.sha256 == e.ruleset_sha256)
            .where(e.case_id == case_id, e.case_force == case_force)
            .order_by(e.id)
        ).all()
        if not rows:
            raise NotRecorded(f"no evaluation of case '{case_id}' is recorded")
        found: dict[int, list[FindingRef]] = defaultdict(list)
        for row in conn.execute(
            select(f.evaluation_id, f.kind, f.code, f.rule, f.target, f.severity)
            .where(f.case_id == case_id, f.evaluation_id.in_([row.id for row in rows]))
            .order_by(f.evaluation_id, f.position)
        ):
            evaluation_id, *ref = row
            found[evaluation_id].append(FindingRef(**dict(zip(FindingRef.model_fields, ref, strict=True))))
        answered = [
            RecordedResponse.model_validate({**row, "tactic_recorded": row["action_status"] is not None})
            for row in conn.execute(
                select(*[c for c in responses.c if c.name != "case_force"])
                .where(r.case_id == case_id, r.case_force == case_force).order_by(r.id)
            ).mappings()
        ]
        used = [
            TacticUsed.model_validate({**row})
            for row in conn.execute(
                select(t.action_id, t.tactic, t.target, t.date, t.force, t.status, t.recorded, t.source)
                .where(t.case_id == case_id, t.case_force == case_force)
                .order_by(t.date.asc().nulls_last(), t.action_id)
            ).mappings()
        ]
        if access is not None:
            audit(conn, access.disclosed(len(rows) + len(answered) + len(used), force=case_force,
                                         case_id=case_id))
    return CaseHistory(
        case_id=case_id,
        force=rows[-1].force,
        evaluations=[
            EvaluationRecord(
                id=row.id,
                asked_at=row.asked_at,
                asked_by=row.asked_by,
                as_of=row.as_of,
                ruleset=RulesetRef(name=row.name, version=row.version, sha256=row.sha256),
                findings=found.get(row.id, []),
            )
            for row in rows
        ],
        responses=answered,
        tactics=used,
    )
