"""One evaluation through the service, for every caller: the `/v1/evaluations` route and the
workspace's pages call `evaluate_case`, so there is one evaluation path.

The case is parsed, checked and evaluated in a worker (`api.worker`); unless `dry_run`, the
answer is recorded before it is returned. The answer sent is the engine's `Answer` JSON with
`evaluation_id` (the decision record's id, null on a dry run) and `dry_run` added
(`api.models.EvaluationAnswer`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from api import worker
from api.auth import Principal
from api.decision_record import DecisionRecord, attached
from api.problems import ProblemError, field_problems
from api.service import Service

log = logging.getLogger("api")
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
CASE_TYPES = frozenset({"application/json"}) | YAML_TYPES


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    answer_json: bytes  # the engine's Answer JSON, with evaluation_id and dry_run added
    evaluation_id: int | None
    case_json: bytes  # the case as JSON (what was sent, or its YAML read as JSON)


def unexpected(reply: worker.Reply) -> ProblemError:
    if isinstance(reply, worker.Failed):
        log.error("an evaluation worker failed: %s", reply.error)
        return ProblemError(500, "the engine failed unexpectedly; the failure has been logged")
    return ProblemError(500, "the engine gave an unexpected reply")


def with_record_id(answer_json: bytes, evaluation_id: int | None, dry_run: bool) -> bytes:
    """The answer's JSON object with two more members (the worker's bytes are not parsed again)."""
    extra = json.dumps({"evaluation_id": evaluation_id, "dry_run": dry_run})
    body = answer_json.rstrip()
    if not body.endswith(b"}") or body == b"{}":
        raise ProblemError(500, "the engine gave an unexpected reply")
    return body[:-1] + b"," + extra[1:].encode()


async def evaluate_case(
    app: Any, body: bytes, principal: Principal, *, yaml: bool = False, dry_run: bool = False,
    request_state: Any = None,
) -> Evaluation:
    """Evaluate a case sent as JSON (or YAML) and record it unless `dry_run`."""
    service: Service = app.state.service
    decision_record = attached(app)
    record = decision_record is not None and not dry_run
    reply = await service.pool.run(worker.Evaluate(body, record=record, yaml=yaml), service.current)
    if isinstance(reply, worker.Refused):
        if request_state is not None:
            request_state.case_id = reply.case_id
        raise ProblemError(reply.status, reply.detail, errors=field_problems(list(reply.problems)))
    if not isinstance(reply, worker.Answered):
        raise unexpected(reply)
    if request_state is not None:
        request_state.case_id = reply.case_id
    if not principal.may_see(reply.force):  # nothing is recorded, nothing answered
        whose = f"of the force '{reply.force}'" if reply.force is not None else "that names no force"
        forces = ", ".join(sorted(principal.forces or ()))
        raise ProblemError(403, f"this key may not evaluate a case {whose}; its forces: {forces}")
    evaluation_id = None
    if record and decision_record is not None:
        evaluation_id = await _record(decision_record, reply, principal)
    return Evaluation(
        case_id=reply.case_id,
        answer_json=with_record_id(reply.answer_json, evaluation_id, dry_run),
        evaluation_id=evaluation_id,
        case_json=reply.case_json if reply.case_json is not None else body,
    )


async def _record(record: DecisionRecord, reply: worker.Answered, principal: Principal) -> int:
    """Hand the evaluation to the decision record; if it cannot be kept, do not answer."""
    if reply.rows is None:  # the job asked for them: a fault here, not the record's
        raise unexpected(reply)
    try:
        return await record.record(reply.rows, principal.name)
    except Exception as exc:
        log.error("the decision record failed: %s", type(exc).__name__)
        raise ProblemError(503, "the evaluation could not be recorded; try again") from None
