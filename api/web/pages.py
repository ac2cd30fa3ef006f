"""The workspace's pages: signing in, the case page, history and replay, reports.

Every page calls what the API's routes call: cases are evaluated by `api.evaluating.evaluate_case`
(in the evaluation workers, recorded unless a dry run), responses are recorded by the decision
record's `Recorder.record_response`, history, replay and reports come from the same `record`
functions. The roles are the API's; a principal with force scopes sees only its forces' cases.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError

from api.evaluating import evaluate_case
from api.models import EvaluationAnswer
from api.problems import ProblemError
from api.service import Service
from api.web import guided
from api.web.charts import Series, bar_chart
from api.web.render import render
from api.web.session import (
    COOKIE_PATH,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    PageRefused,
    Visitor,
    check_csrf,
    sessions,
    visitor,
)
from engine.briefing import Briefing, Option, Question, answered, brief, changes
from engine.finding import Answer
from engine.ruleset import Ruleset
from record.errors import NotRecorded, StoreError
from record.history import case_history
from record.models import MAX_ID, RecordedResponse, ResponseIn
from record.recorder import Recorder
from record.replay import compare, recorded_evaluation
from record.reports import ReportQuery, as_csv, run_report

router = APIRouter(prefix="/web", include_in_schema=False)
T = TypeVar("T")
MAX_WHAT_IF = 40  # dry-run evaluations a case page may spend on "what would each answer change"
MAX_CASE_BYTES = 1024 * 1024
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
Text = Annotated[str, Form()]
OptionalText = Annotated[str | None, Form()]


# -- plumbing --------------------------------------------------------------------------------
def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    you = getattr(request.state, "visitor", None)
    html = render(template, you=you, **context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _visitor(request: Request, *roles: Any) -> Visitor:
    you = visitor(request, *roles)
    request.state.visitor = you
    return you


def _service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def _recorder(request: Request) -> Recorder | None:
    found: Recorder | None = getattr(request.app.state, "recorder", None)
    return found


def _ruleset(request: Request) -> Ruleset:
    return _service(request).current.ruleset


async def _in_store(call: Callable[..., T], *args: Any) -> T:
    try:
        return await asyncio.to_thread(call, *args)
    except NotRecorded as exc:
        raise PageRefused(404, exc.first.message) from None
    except (StoreError, DBAPIError):
        raise PageRefused(503, "The decision record cannot be reached just now; try again.") from None


def _force_of(case: dict[str, Any]) -> str | None:
    header = case.get("case") if isinstance(case, dict) else None
    force = header.get("force") if isinstance(header, dict) else None
    return force if isinstance(force, str) else None


def _check_force(you: Visitor, case: dict[str, Any]) -> None:
    if not you.may_see_force(_force_of(case)):
        raise PageRefused(404, "No such case is recorded for your force.")


# -- signing in and out ----------------------------------------------------------------------
@router.get("")
@router.get("/")
async def home(request: Request) -> Response:
    you = _visitor(request)
    return see_other("/web/cases/new" if you.may("officer") else "/web/reports")


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    import secrets

    token = secrets.token_urlsafe(32)
    response = page(request, "sign_in.html", csrf=token, error=None)
    _set_cookie(request, response, SIGN_IN_COOKIE, token, max_age=1800)
    return response


@router.post("/sign-in")
async def sign_in(request: Request, key: Text = "", csrf: Text = "") -> Response:
    check_csrf(request.cookies.get(SIGN_IN_COOKIE) or "", csrf)
    try:
        session, _principal = sessions(request).open(request, key.strip())
    except ProblemError:
        return page(request, "sign_in.html", status=401, csrf=csrf,
                    error="That key is unknown or has been revoked.")
    response: Response = see_other("/web/")
    _set_cookie(request, response, SESSION_COOKIE, session.token, max_age=None)
    response.delete_cookie(SIGN_IN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, csrf: Text = "") -> Response:
    you = _visitor(request)
    check_csrf(you.csrf, csrf)
    sessions(request).close(you.session.token)
    response = see_other("/web/sign-in")
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )


# -- the case page ---------------------------------------------------------------------------
@router.get("/cases/new")
async def new_case(request: Request) -> Response:
    _visitor(request, "officer")
    return page(request, "new_case.html", error=None, problems=[], text="")


@router.get("/cases/guided")
async def guided_form(request: Request) -> Response:
    _visitor(request, "officer")
    return page(request, "guided.html", g=guided, ruleset=_ruleset(request), values={}, error=None,
                problems=[], today=date.today().isoformat())


@router.post("/cases/guided")
async def post_guided(request: Request) -> Response:
    """The guided form, written as a case file and evaluated as a pasted one is."""
    you = _visitor(request, "officer")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(you.csrf, values.get("csrf"))
    case = guided.case_from_form(values)
    body = json.dumps(case, ensure_ascii=False).encode()
    try:
        done = await evaluate_case(request.app, body, you.principal, dry_run=bool(values.get("dry_run"))
                                   or _recorder(request) is None)
    except ProblemError as exc:
        return page(request, "guided.html", status=exc.status if exc.status < 500 else 503, g=guided,
                    ruleset=_ruleset(request), values=values, today=date.today().isoformat(),
                    error=exc.detail or "The case could not be evaluated.", problems=_problems(exc))
    if done.evaluation_id is not None:
        return see_other(f"/web/cases/{done.case_id}?evaluation={done.evaluation_id}")
    answer = EvaluationAnswer.model_validate_json(done.answer_json)
    return await _case_page(request, you, answer, case, evaluation_id=None)


def _problems(exc: ProblemError) -> list[str]:
    return [f"{p.pointer or '/'}: {p.detail}" + (f" (line {p.line})" if p.line else "") for p in exc.errors]


@router.post("/cases")
async def post_case(
    request: Request,
    csrf: Text = "",
    case_text: Text = "",
    case_file: Annotated[UploadFile | None, File()] = None,
    dry_run: OptionalText = None,
) -> Response:
    you = _visitor(request, "officer")
    check_csrf(you.csrf, csrf)
    text = case_text
    if case_file is not None and case_file.filename:
        raw = await case_file.read(MAX_CASE_BYTES + 1)
        if len(raw) > MAX_CASE_BYTES:
            return page(request, "new_case.html", status=413, error="The file is over 1 MiB.",
                        problems=[], text="")
        text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return page(request, "new_case.html", status=422, text="", problems=[],
                    error="Paste a case (YAML or JSON) or choose a file.")
    is_json = text.lstrip().startswith("{")
    return await _evaluate_and_show(request, you, text.encode(), yaml=not is_json, dry_run=bool(dry_run),
                                    source=text)


async def _evaluate_and_show(request: Request, you: Visitor, body: bytes, *, yaml: bool, dry_run: bool,
                             source: str, note: str | None = None) -> Response:
    dry = dry_run or _recorder(request) is None
    try:
        done = await evaluate_case(request.app, body, you.principal, yaml=yaml, dry_run=dry)
    except ProblemError as exc:
        problems = _problems(exc)
        return page(request, "new_case.html", status=exc.status if exc.status < 500 else 503,
                    error=exc.detail or "The case could not be evaluated.", problems=problems, text=source)
    if done.evaluation_id is not None:
        return see_other(f"/web/cases/{done.case_id}?evaluation={done.evaluation_id}"
                         + ("&answered=1" if note else ""))
    answer = EvaluationAnswer.model_validate_json(done.answer_json)
    case = json.loads(done.case_json)
    return await _case_page(request, you, answer, case, evaluation_id=None, note=note)


async def _case_page(request: Request, you: Visitor, answer: Answer, case: dict[str, Any],
                     evaluation_id: int | None, note: str | None = None) -> Response:
    ruleset = _ruleset(request)
    briefing = brief(answer, ruleset, case)
    questions = await _what_if(request, you, briefing, case)
    responded: dict[tuple[str, str], RecordedResponse] = {}
    recorder = _recorder(request)
    if evaluation_id is not None and recorder is not None:
        history = await _in_store(case_history, recorder.store, answer.case_id)
        responded = {(r.rule, r.target): r for r in history.responses}  # oldest first: the latest wins
    return page(
        request, "case.html", b=briefing, questions=questions, evaluation_id=evaluation_id,
        case_json=json.dumps(case, ensure_ascii=False) if evaluation_id is None else "",
        recorded=evaluation_id is not None, note=note, today=date.today().isoformat(),
        handbook="/web/handbook", ruleset=ruleset,
        stale=answer.ruleset.sha256 != ruleset.sha256, responded=responded,
    )


async def _what_if(
    request: Request, you: Visitor, briefing: Briefing, case: dict[str, Any]
) -> list[Question]:
    """Each question with what each allowed answer would change: the case evaluated again, with
    that answer, as a dry run (never recorded), through the same evaluation path."""
    budget = MAX_WHAT_IF
    worked: list[Question] = []
    for q in briefing.questions:
        if q.input != "choice" or len(q.options) > budget:
            worked.append(q)
            continue
        options: list[Option] = []
        for option in q.options:
            budget -= 1
            try:
                amended = answered(case, q.fact, option.value, q.input)
                body = json.dumps(amended, ensure_ascii=False).encode()
                done = await evaluate_case(request.app, body, you.principal, dry_run=True)
            except (ValueError, ProblemError):
                options.append(option)
                continue
            after = EvaluationAnswer.model_validate_json(done.answer_json)
            effect = changes(briefing.answer, after, _ruleset(request))
            options.append(Option(option.value, option.words, effect))
        worked.append(Question(q.fact, q.subject, q.attribute, q.text, q.decides, q.needed_by, options,
                               q.input))
    return worked


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: str, evaluation: int | None = None) -> Response:
    you = _visitor(request, "officer", "policy_lead", "auditor")
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    recorded = await _in_store(recorded_evaluation, recorder.store, case_id, evaluation)
    _check_force(you, recorded.case)
    note = "Your answer was recorded and the case evaluated again." \
        if request.query_params.get("answered") else None
    if request.query_params.get("responded"):
        note = "Your response was recorded."
    return await _case_page(request, you, recorded.answer, recorded.case, recorded.id, note=note)


@router.post("/cases/{case_id}/answers")
async def answer_question(
    request: Request, case_id: str, fact: Text, value: Text, csrf: Text = "", kind: Text = "choice",
    evaluation_id: OptionalText = None, case_json: OptionalText = None,
) -> Response:
    """Answering an unknown: the case with that fact recorded, evaluated again."""
    you = _visitor(request, "officer")
    check_csrf(you.csrf, csrf)
    if evaluation_id:
        recorder = _recorder(request)
        if recorder is None:
            raise PageRefused(404, "This service keeps no decision record.")
        recorded = await _in_store(recorded_evaluation, recorder.store, case_id, _int(evaluation_id))
        _check_force(you, recorded.case)
        case, dry = recorded.case, False
    else:
        try:
            case = json.loads(case_json or "")
        except ValueError:
            raise PageRefused(422, "The case sent with the answer is not JSON.") from None
        if not isinstance(case, dict):
            raise PageRefused(422, "The case sent with the answer is not a case.")
        dry = True
    try:
        amended = answered(case, fact, value, kind)
    except ValueError as exc:
        raise PageRefused(422, str(exc)) from None
    body = json.dumps(amended, ensure_ascii=False).encode()
    return await _evaluate_and_show(request, you, body, yaml=False, dry_run=dry,
                                    source=json.dumps(amended, indent=2), note="answered")


def _int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise PageRefused(422, "evaluation_id must be a whole number.") from None
    if not 1 <= number <= MAX_ID:
        raise PageRefused(422, f"evaluation_id must be a whole number from 1 to {MAX_ID}.")
    return number


@router.post("/cases/{case_id}/responses")
async def respond(
    request: Request, case_id: str, rule: Text, target: Text, decision: Text, csrf: Text = "",
    evaluation_id: OptionalText = None, reason: OptionalText = None, actioned_on: OptionalText = None,
    action_target: OptionalText = None,
) -> Response:
    """An officer's response to a finding, recorded as `POST /v1/cases/{id}/responses` records it."""
    you = _visitor(request, "officer")
    check_csrf(you.csrf, csrf)
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    recorded = await _in_store(recorded_evaluation, recorder.store, case_id, None)
    _check_force(you, recorded.case)
    try:
        response = ResponseIn.model_validate({
            "rule": rule, "target": target, "decision": decision,
            "evaluation_id": _int(evaluation_id) if evaluation_id else None,
            "reason": reason or None, "actioned_on": actioned_on or None,
            "action_target": action_target or None,
        })
    except ValueError as exc:
        errors: list[Any] = getattr(exc, "errors", lambda: [])()
        message = "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in errors) or str(exc)
        raise PageRefused(422, f"The response was not recorded: {message}.") from None
    await _in_store(recorder.record_response, case_id, response, you.principal.name)
    which = f"evaluation={evaluation_id}&" if evaluation_id else ""
    return see_other(f"/web/cases/{case_id}?{which}responded=1")


@router.get("/cases/{case_id}/history")
async def history_page(request: Request, case_id: str) -> Response:
    you = _visitor(request, "officer", "policy_lead", "auditor")
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    recorded = await _in_store(recorded_evaluation, recorder.store, case_id, None)
    _check_force(you, recorded.case)
    history = await _in_store(case_history, recorder.store, case_id)
    return page(request, "history.html", history=history, replay=None, ruleset=_ruleset(request))


@router.post("/cases/{case_id}/replay")
async def replay_page(
    request: Request, case_id: str, csrf: Text = "", evaluation_id: OptionalText = None
) -> Response:
    """Re-run a recorded answer with its own ruleset and the current one (as the API's replay)."""
    you = _visitor(request, "policy_lead", "auditor")
    check_csrf(you.csrf, csrf)
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    number = _int(evaluation_id) if evaluation_id else None
    recorded = await _in_store(recorded_evaluation, recorder.store, case_id, number)
    _check_force(you, recorded.case)
    from api.routes_record import _evaluate  # the API's replay evaluation, in the workers

    service = _service(request)
    body = json.dumps(recorded.case).encode()
    try:
        now = await _evaluate(service, body, service.current)
        if recorded.answer.ruleset.sha256 == service.current.sha256:
            replay = compare(recorded, now, now)
        elif recorded.files is None:
            replay = compare(recorded, None, now)
        else:
            past = request.app.state.past_rulesets
            snapshot = await asyncio.to_thread(past.get, recorded.files)
            replay = compare(recorded, await _evaluate(service, body, snapshot), now)
    except ProblemError as exc:
        status = exc.status if exc.status < 500 else 503
        raise PageRefused(status, exc.detail or "The replay failed.") from None
    history = await _in_store(case_history, recorder.store, case_id)
    return page(request, "history.html", history=history, replay=replay, ruleset=_ruleset(request))


# -- reports ---------------------------------------------------------------------------------
def _report_query(request: Request, you: Visitor) -> ReportQuery:
    params = request.query_params
    force = params.get("force") or None
    forces = getattr(you.principal, "forces", None)
    if forces and force not in forces:
        force = sorted(forces)[0]
    since = None
    if params.get("since"):
        try:
            since = date.fromisoformat(params["since"])
        except ValueError:
            raise PageRefused(422, "since must be a date, YYYY-MM-DD.") from None
    from api.routes_record import _review_interval

    return ReportQuery(since=since, force=force, period="month",
                       interval_days=_review_interval(_service(request)))


@router.get("/reports")
async def reports_page(request: Request) -> Response:
    you = _visitor(request, "policy_lead", "auditor")
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    query = _report_query(request, you)
    missing = await _in_store(run_report, recorder.store, "missing-vs-cawn", query)
    tactics = await _in_store(run_report, recorder.store, "tactics", query)
    due = await _in_store(run_report, recorder.store, "reviews-due", query)
    return page(
        request, "reports.html", query=query, missing=missing, tactics=tactics, due=due,
        missing_charts=_missing_charts(missing.rows),
        tactics_chart=_tactics_chart(tactics.rows, _ruleset(request)),
        due_chart=_due_chart(due.rows),
    )


def _missing_charts(rows: list[Any]) -> list[tuple[str, str]]:
    """One chart per force: by month, episodes found with an adult against CAWNs considered (¶20)."""
    charts = []
    for force in sorted({r.force or "no force recorded" for r in rows}):
        mine = sorted((r for r in rows if (r.force or "no force recorded") == force), key=lambda r: r.period)
        labels = [r.period for r in mine]
        svg = bar_chart(
            f"¶20 measure, {force}",
            f"By month: missing episodes where the child was found with an adult, and of those, how many "
            f"had a CAWN considered and issued, in {force}",
            labels,
            [Series("found with an adult", [r.found_with_adult for r in mine]),
             Series("CAWN considered", [r.cawn_considered for r in mine]),
             Series("CAWN issued", [r.cawn_issued for r in mine])],
        )
        charts.append((force, svg))
    return charts


def _tactics_chart(rows: list[Any], ruleset: Ruleset) -> str:
    periods = sorted({r.period for r in rows})
    names = sorted({r.tactic for r in rows})
    series = []
    for tactic in names:
        counts = {p: 0 for p in periods}
        for r in rows:
            if r.tactic == tactic:
                counts[r.period] += r.total
        catalogue = ruleset.tactics.get(tactic)
        series.append(Series(catalogue.name if catalogue else tactic, [counts[p] for p in periods]))
    return bar_chart("Tactics used over time", "By month, how many times each tactic was used, all forces "
                     "shown", periods, series)


def _due_chart(rows: list[Any]) -> str:
    def force(row: Any) -> str:
        return str(row.force or "no force recorded")

    forces = sorted({force(r) for r in rows})
    never = [sum(1 for r in rows if force(r) == f and r.last_reviewed is None) for f in forces]
    late = [sum(1 for r in rows if force(r) == f and r.last_reviewed is not None) for f in forces]
    return bar_chart(
        "Risk reviews due",
        "By force: suspects never reviewed, and suspects whose last review is older than the interval",
        forces, [Series("never reviewed", never), Series("review overdue", late)],
    )


@router.get("/reports/{name}.csv")
async def report_csv(request: Request, name: str) -> Response:
    you = _visitor(request, "policy_lead", "auditor")
    recorder = _recorder(request)
    if recorder is None:
        raise PageRefused(404, "This service keeps no decision record.")
    if name not in ("missing-vs-cawn", "tactics", "reviews-due", "responses", "cohort"):
        raise PageRefused(404, f"There is no report named {name}.")
    report = await _in_store(run_report, recorder.store, name, _report_query(request, you))
    return Response(as_csv(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


# -- the handbook, and anything else under /web ----------------------------------------------
@router.get("/handbook")
async def handbook(request: Request) -> Response:
    _visitor(request)
    from api.web.handbook import served_handbook

    html = await asyncio.to_thread(served_handbook, _ruleset(request))
    policy = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")  # its inline stylesheet
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})
