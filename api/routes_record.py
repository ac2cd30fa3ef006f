"""The decision record's routes, and the recorder the evaluation route writes through.

    POST /v1/cases/{case_id}/responses   an officer's response to a finding     officer
    GET  /v1/cases/{case_id}/history     evaluations, responses, tactics        officer, policy_lead, auditor
    POST /v1/cases/{case_id}/replay      re-run a recorded answer, show changes policy_lead, auditor
    GET  /v1/reports/access              the audit trail of reads and changes   auditor
    GET  /v1/reports/{name}              tactics, missing-vs-cawn, responses,   policy_lead, auditor
                                         reviews-due, cohort (JSON or CSV)

A case id may contain `/` (`DUR/2019/0042`), sent as it is or as `%2F`. Every route sees
only the key's forces: another force's case reads as a case that does not exist (404), and
a report or `?force=` outside the key's forces is refused (403). Every read writes an access
record (`record.access`) before any data leaves; if it cannot be written, the answer is 503.

`install(app, settings)` opens the store (SQLite in the data directory, or
DISRUPT_DATABASE_URL) and attaches the decision record the evaluation route writes each
answer to (`api.decision_record`). Replays run in the service's evaluation workers, never in this process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from sqlalchemy.exc import DBAPIError

from api import worker
from api.auth import Principal, require_roles
from api.decision_record import attach
from api.pool import Snapshot
from api.problems import ProblemError, field_problems, responses
from api.recording import GroupRecorder
from api.service import Service
from api.settings import Settings
from engine.case import Id
from engine.finding import Answer
from engine.ruleset import Ruleset, ruleset_from_texts
from record.access import (
    ACCESS_REPORT,
    Access,
    AccessQuery,
    AccessReport,
    AccessRow,
    access_report,
    record_access,
)
from record.cases import AmbiguousCase
from record.errors import NotRecorded, StoreError
from record.history import case_history
from record.models import MAX_ID, CaseHistory, RecordedResponse, Replay, ResponseIn
from record.policy import policy_of
from record.recorder import Recorder
from record.replay import PastRulesets, compare, recorded_evaluation
from record.reports import (
    AnyReport,
    Period,
    ReportName,
    ReportQuery,
    as_csv,
    rows_csv,
    run_report,
)
from record.settings import RecordSettings
from record.store import Store

router = APIRouter(prefix="/v1", tags=["decision record"])

Officer = Annotated[Principal, Depends(require_roles("officer"))]
Reader = Annotated[Principal, Depends(require_roles("officer", "policy_lead", "auditor"))]
Auditor = Annotated[Principal, Depends(require_roles("policy_lead", "auditor"))]
Records = Annotated[Principal, Depends(require_roles("auditor"))]
CaseId = Annotated[
    Id, Path(description="The case's id, as in its `case.id`; may contain '/'", examples=["DUR/2019/0042"])
]
CaseForce = Annotated[
    str | None,
    Query(max_length=100, pattern=r"^[^\x00]*$",
          description="The case's force, when the key's forces hold more than one case with this id"),
]
AUTH_ERRORS = (401, 403)
T = TypeVar("T")


def install(app: FastAPI, settings: Settings) -> Recorder:
    """Open the decision record for `app` and make the evaluation route write to it."""
    configured = RecordSettings.from_env()
    store = Store(RecordSettings(data_dir=settings.data_dir, database_url=configured.database_url).url)
    service: Service = app.state.service

    def serving(sha256: str) -> Ruleset | None:
        snapshot = service.snapshot
        return snapshot.ruleset if snapshot is not None and snapshot.sha256 == sha256 else None

    recorder = Recorder(store, lookup=serving)
    app.state.recorder = recorder
    # the evaluation route's writes, grouped while other evaluations are running in the workers
    attach(app, GroupRecorder(recorder, siblings=lambda: service.pool.busy))
    # past rulesets' snapshots, for replay (their workers load them; nothing to release)
    app.state.past_rulesets = PastRulesets(lambda files: Snapshot(ruleset_from_texts(files)))
    return recorder


def _recorder(request: Request) -> Recorder:
    recorder: Recorder | None = getattr(request.app.state, "recorder", None)
    if recorder is None:
        raise ProblemError(503, "the decision record is not configured on this service")
    return recorder


def _access(request: Request, principal: Principal, **parameters: Any) -> Access:
    """The access this request makes, before its rows are known."""
    route = getattr(request.scope.get("route"), "path", request.url.path).replace(":path}", "}")
    return Access(who=principal.name, role=principal.role, route=f"{request.method} {route}",
                  parameters={k: v for k, v in parameters.items() if v is not None})


async def _in_store(call: Callable[..., T], *args: Any, miss: tuple[Recorder, Access] | None = None,
                    **kwargs: Any) -> T:
    """Run a store call off the event loop; its errors as problem documents. A read of a
    case that is not there (or not the caller's) is written to the trail too (`miss`, 0 rows)."""
    try:
        return await asyncio.to_thread(call, *args, **kwargs)
    except NotRecorded as exc:
        if miss is not None:
            await _in_store(record_access, miss[0].store, miss[1])
        raise ProblemError(404, exc.first.message) from None
    except AmbiguousCase as exc:
        raise ProblemError(409, exc.first.message, forces=exc.forces) from None
    except (StoreError, DBAPIError):
        raise ProblemError(503, "the decision record cannot be reached; try again") from None


@router.post(
    "/cases/{case_id:path}/responses",
    summary="Record an officer's response to a finding: accepted and actioned, declined, or deferred",
    status_code=201,
    response_model=RecordedResponse,
    responses=responses(404, 409, 422, *AUTH_ERRORS, 503),
)
async def post_response(
    request: Request, case_id: CaseId, body: ResponseIn, principal: Officer, force: CaseForce = None
) -> RecordedResponse:
    recorder = _recorder(request)
    access = _access(request, principal, force=force)
    return await _in_store(recorder.record_response, case_id, body, principal.name,
                           forces=principal.forces, force=force, access=access)


@router.get(
    "/cases/{case_id:path}/history",
    summary="Every recorded evaluation of a case, every response, and the tactics used",
    response_model=CaseHistory,
    responses=responses(404, 409, *AUTH_ERRORS, 503),
)
async def get_history(request: Request, case_id: CaseId, principal: Reader, force: CaseForce = None
                      ) -> CaseHistory:
    recorder = _recorder(request)
    access = _access(request, principal, force=force).disclosed(0, case_id=case_id, force=force)
    return await _in_store(case_history, recorder.store, case_id, principal.forces, force,
                           access=access, miss=(recorder, access))


@router.post(
    "/cases/{case_id:path}/replay",
    summary="Re-run a recorded answer with the ruleset that produced it and with the current one",
    response_model=Replay,
    responses=responses(404, 409, 422, *AUTH_ERRORS, 503, 504),
)
async def post_replay(
    request: Request,
    case_id: CaseId,
    principal: Auditor,
    evaluation: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Which evaluation; default the latest")
    ] = None,
    force: CaseForce = None,
) -> Replay:
    recorder = _recorder(request)
    access = _access(request, principal, evaluation=evaluation, force=force).disclosed(
        0, case_id=case_id, force=force)
    recorded = await _in_store(recorded_evaluation, recorder.store, case_id, evaluation,
                               forces=principal.forces, force=force, access=access,
                               miss=(recorder, access))
    service: Service = request.app.state.service
    current = service.current
    body = json.dumps(recorded.case).encode()
    now = await _evaluate(service, body, current)
    if recorded.answer.ruleset.sha256 == current.sha256:
        return compare(recorded, now, now)
    if recorded.files is None:
        return compare(recorded, None, now)
    past: PastRulesets[Snapshot] = request.app.state.past_rulesets
    snapshot = await asyncio.to_thread(past.get, recorded.files)
    return compare(recorded, await _evaluate(service, body, snapshot), now)


def _review_interval(service: Service) -> int | None:
    """The serving ruleset's review interval (¶16), if its rules have one."""
    snapshot = service.snapshot
    return policy_of(snapshot.ruleset).review_interval_days if snapshot is not None else None


async def _evaluate(service: Service, body: bytes, snapshot: Snapshot) -> Answer:
    reply = await service.pool.run(worker.Evaluate(body), snapshot)
    if isinstance(reply, worker.Refused):
        raise ProblemError(
            reply.status,
            f"the recorded case no longer evaluates under ruleset {snapshot.ruleset.version}: {reply.detail}",
            errors=field_problems(list(reply.problems)),
        )
    if not isinstance(reply, worker.Answered):
        raise ProblemError(500, "the engine failed unexpectedly; the failure has been logged")
    return Answer.model_validate_json(reply.answer_json)


@router.get(
    "/reports/access",
    summary="The audit trail: every read of recorded data, key change and ruleset reload",
    response_model=AccessReport,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **responses(422, *AUTH_ERRORS, 503),
    },
)
async def get_access_report(
    request: Request,
    principal: Records,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
    key: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                     description="Only this key's accesses")] = None,
    case_id: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                         description="Only accesses to this case")] = None,
    force: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$",
                                       description="Only accesses to this force's records")] = None,
    since: Annotated[date | None, Query(description="Only accesses on or after this day (UTC)")] = None,
    until: Annotated[date | None, Query(description="Only accesses on or before this day (UTC)")] = None,
) -> Response:
    principal.check_force(force)
    query = AccessQuery(key=key, case_id=case_id, force=force, since=since, until=until)
    reader = _access(request, principal, format=format).disclosed(0, force=force)
    report = await _in_store(access_report, _recorder(request).store, query, principal.forces, reader)
    if format == "csv":
        return Response(
            rows_csv(AccessRow, report.rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{ACCESS_REPORT}.csv"'},
        )
    return Response(report.model_dump_json(), media_type="application/json")


@router.get(
    "/reports/{name}",
    summary="A report from the decision record, as JSON or CSV",
    response_model=AnyReport,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **responses(422, *AUTH_ERRORS, 503),
    },
)
async def get_report(
    request: Request,
    name: ReportName,
    principal: Auditor,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
    since: Annotated[date | None, Query(description="Only records dated on or after this day")] = None,
    force: Annotated[
        str | None, Query(max_length=100, pattern=r"^[^\x00]*$", description="Only this force's records")
    ] = None,
    period: Annotated[Period, Query(description="Grouping in time")] = "month",
    as_of: Annotated[date | None, Query(description="reviews-due, cohort: judge on this day")] = None,
    interval_days: Annotated[
        int | None, Query(ge=1, le=3650, description="Days between reviews; default the ruleset's")
    ] = None,
) -> Response:
    principal.check_force(force)
    query = ReportQuery(
        since=since,
        force=force,
        period=period,
        as_of=as_of,
        interval_days=interval_days or _review_interval(request.app.state.service),
    )
    access = _access(request, principal, format=format)
    report = await _in_store(run_report, _recorder(request).store, name, query, principal.forces,
                             access=access)
    if format == "csv":
        return Response(
            as_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(report.model_dump_json(), media_type="application/json")
