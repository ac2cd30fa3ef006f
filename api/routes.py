"""The /v1 routes: evaluations, the ruleset (read, validate, reload), and health checks."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api import worker
from api.auth import Principal, require_roles
from api.decision_record import attached
from api.evaluating import CASE_TYPES, YAML_TYPES, evaluate_case, unexpected
from api.models import (
    EvaluationAnswer,
    Health,
    ParameterInfo,
    ParameterList,
    ReloadResult,
    RuleDetail,
    RulesetInfo,
    RulesetProblem,
    RulesetSummary,
    RuleSummary,
    TacticInfo,
    TacticList,
    ValidateRequest,
    ValidationResult,
    ref,
)
from api.pool import Snapshot
from api.problems import ProblemError, field_problems, responses
from api.service import ReloadFailed, RemovalUnconfirmed, Service, removed_rules
from engine.errors import Problem
from engine.finding import RulesetRef

router = APIRouter(prefix="/v1")
health = APIRouter(tags=["health"])

Officer = Annotated[Principal, Depends(require_roles("officer"))]
Reader = Annotated[Principal, Depends(require_roles("officer", "policy_lead", "auditor"))]
PolicyLead = Annotated[Principal, Depends(require_roles("policy_lead"))]
AUTH_ERRORS = (401, 403)
log = logging.getLogger("api")


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


_unexpected = unexpected


@router.post(
    "/evaluations",
    tags=["evaluations"],
    summary="Evaluate a case (and check the tactics proposed in its actions)",
    response_model=EvaluationAnswer,
    responses={
        200: {"description": "The engine's advisory answer, naming the ruleset sha256 used, with its "
              "evaluation id in the decision record (null on a dry run)"},
        **responses(400, 413, 415, 422, *AUTH_ERRORS, 503, 504),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A case (see the Case schema), as JSON or YAML. Unknown fields are refused (422).",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Case"}},
                "application/yaml": {"schema": {"$ref": "#/components/schemas/Case"}},
            },
        }
    },
)
async def evaluate(
    request: Request,
    principal: Officer,
    dry_run: Annotated[bool, Query(description="Evaluate without recording the answer")] = False,
) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in CASE_TYPES:
        raise ProblemError(415, "send the case as application/json or application/yaml")
    body = await request.body()
    done = await evaluate_case(request.app, body, principal, yaml=content_type in YAML_TYPES,
                               dry_run=dry_run, request_state=request.state)
    # The worker's bytes are the Answer model's own JSON: sent as they are, not parsed again.
    return Response(done.answer_json, media_type="application/json")


@router.post(
    "/rulesets/validate",
    tags=["ruleset"],
    summary="Check ruleset files: every error with file, line and column, or a summary",
    response_model=ValidationResult,
    responses=responses(400, 413, 422, *AUTH_ERRORS, 503, 504),
)
async def validate(request: Request, body: ValidateRequest, _: PolicyLead) -> ValidationResult:
    files = {**service(request).current.ruleset.files, **body.files} if body.overlay else dict(body.files)
    reply = await service(request).pool.run(worker.Validate(files), None)
    if isinstance(reply, worker.Refused):
        return ValidationResult(ok=False, errors=[RulesetProblem.of(p) for p in reply.problems])
    if not isinstance(reply, worker.Summary):
        raise _unexpected(reply)
    return ValidationResult(ok=True, summary=_summary(reply))


def _summary(summary: worker.Summary) -> RulesetSummary:
    return RulesetSummary(
        ruleset=RulesetRef(name=summary.name, version=summary.version, sha256=summary.sha256),
        rules=summary.rules,
        tactics=summary.tactics,
        parameters=summary.parameters,
    )


@router.get("/ruleset", tags=["ruleset"], summary="The ruleset being served and its rules",
            response_model=RulesetInfo, responses=responses(*AUTH_ERRORS))
async def get_ruleset(request: Request, _: Reader) -> RulesetInfo:
    ruleset = service(request).current.ruleset
    rules = [
        RuleSummary(
            id=r.id, title=r.rule.title, kind=r.rule.kind, code=r.rule.code, severity=r.rule.severity,
            theme=r.rule.theme, legal_basis=list(r.rule.legal_basis),
            sources=[ruleset.cite(s) for s in r.rule.sources],
        )
        for r in ruleset.rules
    ]
    return RulesetInfo(ruleset=ref(ruleset), source=ruleset.header.source, rules=rules)


@router.get("/rules/{rule_id}", tags=["ruleset"], summary="One rule, as written in the ruleset",
            response_model=RuleDetail, responses=responses(404, *AUTH_ERRORS))
async def get_rule(
    request: Request, _: Reader,
    rule_id: Annotated[str, Path(max_length=80, examples=["return-interview-where-with-whom"])],
) -> JSONResponse:
    ruleset = service(request).current.ruleset
    rule = ruleset.rule(rule_id)
    if rule is None:
        raise ProblemError(404, f"no rule '{rule_id}' in ruleset {ruleset.name} {ruleset.version}")
    detail = RuleDetail(ruleset=ref(ruleset), rule=rule.rule)
    return JSONResponse(detail.model_dump(mode="json", by_alias=True, exclude_none=True))


@router.get("/tactics", tags=["ruleset"], summary="The tactics catalogue",
            response_model=TacticList, responses=responses(*AUTH_ERRORS))
async def get_tactics(request: Request, _: Reader) -> TacticList:
    ruleset = service(request).current.ruleset
    tactics = [TacticInfo(id=name, **t.model_dump(by_alias=True)) for name, t in ruleset.tactics.items()]
    return TacticList(ruleset=ref(ruleset), tactics=tactics)


@router.get("/ruleset/parameters", tags=["ruleset"], summary="The ruleset's parameters (thresholds)",
            response_model=ParameterList, responses=responses(*AUTH_ERRORS))
async def get_parameters(request: Request, _: Reader) -> ParameterList:
    ruleset = service(request).current.ruleset
    parameters = [ParameterInfo(name=name, **p.model_dump()) for name, p in ruleset.parameters.items()]
    return ParameterList(ruleset=ref(ruleset), parameters=parameters)


@router.post(
    "/ruleset/reload",
    tags=["ruleset"],
    summary="Load the ruleset folder again; on any error the last good ruleset keeps serving",
    response_model=ReloadResult,
    responses=responses(*AUTH_ERRORS, 409, 422, 503, 504),
)
async def reload(
    request: Request,
    principal: PolicyLead,
    confirm_removed: Annotated[bool, Query(
        description="Go ahead although the new ruleset drops rules (409 lists them otherwise)")] = False,
) -> ReloadResult:
    svc = service(request)
    recorder = getattr(request.app.state, "recorder", None)

    async def audited(previous: Snapshot, candidate: Snapshot, removed: list[str]) -> None:
        """The reload goes into the audit trail before it goes live, or does not go live."""
        if recorder is None:
            return
        from record.access import Access, record_access  # the record is optional

        access = Access(who=principal.name, role=principal.role, route="POST /v1/ruleset/reload",
                        action="ruleset reloaded", parameters={
                            "previous": previous.sha256, "now": candidate.sha256, "removed": removed})
        try:
            await asyncio.to_thread(record_access, recorder.store, access)
        except Exception as exc:
            log.error("the audit trail could not record a reload: %s", type(exc).__name__)
            raise ReloadFailed([Problem("the reload could not be written to the audit trail; "
                                        "the last good ruleset keeps serving")], 503) from None

    try:
        previous, now = await svc.reload(confirm_removed, audited)
    except RemovalUnconfirmed as exc:
        raise ProblemError(
            409,
            f"the new ruleset drops {len(exc.removed)} rule(s) (was a file emptied or cut short?); "
            "reload with confirm_removed=true to remove them; the last good ruleset keeps serving",
            removed=exc.removed,
            serving=ref(svc.current.ruleset).model_dump(),
        ) from None
    except ReloadFailed as exc:
        raise ProblemError(
            exc.status,
            "the ruleset on disk has errors; the last good ruleset keeps serving"
            if exc.status == 422 else exc.problems[0].message,
            errors=field_problems(exc.problems),
            serving=ref(svc.current.ruleset).model_dump(),
        ) from None
    ruleset = now.ruleset
    # Answers computed just before the swap are recorded just after it: keep their texts.
    record = attached(request.app)
    if record is not None:
        record.remember(previous.ruleset)
    return ReloadResult(
        changed=previous.sha256 != now.sha256,
        removed=removed_rules(previous.ruleset, ruleset),
        previous=ref(previous.ruleset),
        ruleset=ref(ruleset),
        summary=RulesetSummary(
            ruleset=ref(ruleset), rules=len(ruleset.rules), tactics=len(ruleset.tactics),
            parameters=len(ruleset.parameters),
        ),
    )


@health.get("/healthz", summary="The process is up, and the ruleset it serves", response_model=Health)
async def healthz(request: Request) -> Health:
    snapshot = service(request).snapshot
    return Health(status="ok", ruleset=ref(snapshot.ruleset) if snapshot is not None else None)


READY_WRITE_TIMEOUT = 5.0  # seconds the record has to take the readiness write


@health.get("/readyz", summary="The service can evaluate and record (ruleset loaded, a worker "
            "alive, the decision record takes writes)", response_model=Health, responses=responses(503))
async def readyz(request: Request) -> Health:
    svc = service(request)
    if svc.snapshot is None or not svc.pool.ready:
        raise ProblemError(503, "not ready: no ruleset loaded or no evaluation worker alive")
    recorder = getattr(request.app.state, "recorder", None)
    if recorder is not None:  # no answer leaves unrecorded: a record that cannot be written is not ready
        try:
            await asyncio.wait_for(asyncio.to_thread(recorder.store.check_writable), READY_WRITE_TIMEOUT)
        except Exception as exc:
            log.error("readiness: the decision record cannot be written: %s", type(exc).__name__)
            raise ProblemError(503, "not ready: the decision record cannot be written") from None
    return Health(status="ready", ruleset=ref(svc.current.ruleset))
