"""Impact analysis for policy leads over HTTP, as a job with progress.

    POST /v1/rulesets/impact   ruleset files (as validate takes them) → 202 and a job id  policy_lead
    GET  /v1/jobs/{job_id}     the job's status, progress and, when done, its report      policy_lead

The proposed files are checked first in an evaluation worker (as `POST /v1/rulesets/validate`
does): a broken ruleset gets 422 with every error located by file, line and column, and nothing
is evaluated. Otherwise the job runs in the background, one at a time, with its own worker
processes (two engines each: the serving ruleset and the proposed one), over the latest
recorded evaluation of every case in scope, streamed from the decision record. A force-scoped
key's analysis covers its own forces' cases only, and naming another force is refused (403), as
for reports. A job is visible to the key that started it (and to admins); the last few
finished jobs are kept in memory.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from api import worker
from api.auth import Principal, require_roles
from api.models import Model, ValidateRequest
from api.problems import ProblemError, field_problems, responses
from api.service import Service
from engine.errors import DisruptionError
from engine.ruleset import Ruleset, ruleset_from_texts
from impact.corpus import RecordCorpus
from impact.declined import declined_rules
from impact.models import ImpactReport, Scope
from impact.run import Request as ImpactRun
from impact.run import analyse
from record.store import Store

router = APIRouter(prefix="/v1", tags=["impact"])
PolicyLead = Annotated[Principal, Depends(require_roles("policy_lead"))]
AUTH_ERRORS = (401, 403)
KEEP_FINISHED = 20
log = logging.getLogger("api.impact")
Status = Literal["queued", "running", "done", "failed"]


class ImpactRequest(ValidateRequest):
    """The proposed ruleset's files (as for validate), and which recorded cases to run over."""

    force: str | None = Field(
        default=None, max_length=100, pattern=r"^[^\x00]*$", description="Only this force's cases"
    )
    since: date | None = Field(default=None, description="Only cases evaluated on or after this day")
    examples: int = Field(default=3, ge=0, le=50, description="Example cases per rule and change")


class Progress(Model):
    done: int = Field(description="Cases evaluated under both rulesets so far")
    total: int | None = Field(description="Cases in scope (null until counted)")


class JobStatus(Model):
    id: str
    kind: Literal["impact"] = "impact"
    status: Status
    created_at: datetime
    progress: Progress
    report: ImpactReport | None = Field(default=None, description="When done")
    error: str | None = Field(default=None, description="When failed")


@dataclass
class Job:
    id: str
    owner: str
    created_at: datetime
    status: Status = "queued"
    done: int = 0
    total: int | None = None
    report: ImpactReport | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self) -> JobStatus:
        with self.lock:
            return JobStatus(
                id=self.id,
                status=self.status,
                created_at=self.created_at,
                progress=Progress(done=self.done, total=self.total),
                report=self.report,
                error=self.error,
            )

    def progress(self, done: int, total: int) -> None:
        with self.lock:
            self.status, self.done, self.total = "running", done, total


class Jobs:
    """The impact jobs of this service: run one at a time, in a thread of their own."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="impact")

    def add(self, owner: str) -> Job:
        job = Job(id=secrets.token_hex(12), owner=owner, created_at=datetime.now(UTC))
        with self._lock:
            self._jobs[job.id] = job
            finished = [j.id for j in self._jobs.values() if j.status in ("done", "failed")]
            for old in finished[: max(0, len(finished) - KEEP_FINISHED)]:
                del self._jobs[old]
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, job: Job, run: ImpactRun, store: Store) -> None:
        self._runner.submit(_run, job, run, store)

    def close(self) -> None:
        self._runner.shutdown(wait=False, cancel_futures=True)


def _run(job: Job, run: ImpactRun, store: Store) -> None:
    try:
        within = frozenset(run.scope.within) if run.scope.within is not None else None
        report = analyse(
            run, job.progress, lambda: declined_rules(store, run.scope.force, run.scope.since, within=within)
        )
    except Exception as exc:  # the job fails, the service keeps serving
        log.error("an impact job failed: %s", type(exc).__name__)
        with job.lock:
            job.status, job.error = "failed", f"the analysis failed ({type(exc).__name__})"
        return
    with job.lock:
        job.status, job.report, job.done = "done", report, report.cases


def install(app: FastAPI) -> None:
    app.state.impact_jobs = Jobs()


def _jobs(request: Request) -> Jobs:
    jobs: Jobs | None = getattr(request.app.state, "impact_jobs", None)
    if jobs is None or getattr(request.app.state, "recorder", None) is None:
        raise ProblemError(503, "impact analysis needs the decision record, which is not configured")
    return jobs


@router.post(
    "/rulesets/impact",
    summary="What a proposed ruleset changes across the recorded cases: start a job",
    status_code=202,
    response_model=JobStatus,
    responses=responses(400, 413, 422, *AUTH_ERRORS, 503, 504),
)
async def post_impact(request: Request, body: ImpactRequest, principal: PolicyLead) -> JSONResponse:
    principal.check_force(body.force)  # 403 for a force outside the key's scope
    jobs = _jobs(request)
    service: Service = request.app.state.service
    current = service.current.ruleset
    files = {**current.files, **body.files} if body.overlay else dict(body.files)
    reply = await service.pool.run(worker.Validate(files), None)
    if isinstance(reply, worker.Refused):
        raise ProblemError(
            422,
            "the proposed ruleset has errors; nothing was evaluated",
            errors=field_problems(list(reply.problems)),
        )
    if not isinstance(reply, worker.Summary):
        raise ProblemError(500, "the proposed ruleset could not be checked")
    try:
        proposed: Ruleset = await asyncio.to_thread(ruleset_from_texts, files)
    except DisruptionError as exc:  # the worker accepted it: never expected
        raise ProblemError(422, exc.first.message, errors=field_problems(exc.problems)) from None
    store = request.app.state.recorder.store
    within = principal.forces  # a force-scoped key's analysis reads its own forces' cases only
    scope = Scope(
        against="record", force=body.force, since=body.since, within=sorted(within) if within else None
    )
    run = ImpactRun(
        current,
        proposed,
        RecordCorpus(store, body.force, body.since, within),
        scope,
        workers=service.settings.workers,
        examples=body.examples,
    )
    job = jobs.add(principal.name)
    jobs.start(job, run, store)
    return JSONResponse(
        job.view().model_dump(mode="json"), status_code=202, headers={"Location": f"/v1/jobs/{job.id}"}
    )


@router.get(
    "/jobs/{job_id}",
    summary="A job's status and progress; its report once done",
    response_model=JobStatus,
    responses=responses(404, *AUTH_ERRORS),
)
async def get_job(
    request: Request,
    principal: PolicyLead,
    job_id: Annotated[str, Path(max_length=64, pattern=r"^[0-9a-f]+$")],
) -> JSONResponse:
    job = _jobs(request).get(job_id)
    if job is None or (job.owner != principal.name and principal.role != "admin"):
        raise ProblemError(404, f"no job '{job_id}'")
    return JSONResponse(job.view().model_dump(mode="json"))
