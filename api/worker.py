"""What runs inside an evaluation worker process: one engine, one job at a time.

The durable-rules C extension is not crash-safe (some self-join shapes crash it), and YAML
or JSON from a caller can be built to take a long time. So every parse, validation and
evaluation of a caller's input runs here, in a process the service can lose: if it dies or
overruns, the pool fails that one request and starts another worker.

Messages are small frozen dataclasses sent over a `multiprocessing` pipe. An evaluation's
reply carries everything the server still has to do with it, ready-made: the answer as the
JSON the caller receives, and (when the service keeps a decision record) the record's rows
for it. The server then neither parses the case again nor re-validates the answer: its one
event loop is what every request passes through, while the workers run side by side.
"""

from __future__ import annotations

import json
import os
import re
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from engine.case import Case, case_from_data
from engine.errors import CaseError, DisruptionError, EvaluationError, InputError, Problem
from engine.evaluate import Engine
from engine.finding import Answer
from engine.ruleset import Ruleset, ruleset_from_texts
from engine.source import parse_json, parse_yaml

if TYPE_CHECKING:
    from record.extract import Entry

# Test-only: a worker asked to evaluate the case with this id crashes the matching engine for
# real (see `_crash_durable_rules`), to prove the service survives pitfall 6.
CRASH_CASE_ENV = "DISRUPT_TEST_CRASH_CASE"


# -- messages: parent → worker ---------------------------------------------------------------
@dataclass(frozen=True)
class Load:
    sha256: str
    files: dict[str, str]


@dataclass(frozen=True)
class Evaluate:
    body: bytes
    record: bool = False  # also build the decision record's rows for the answer
    yaml: bool = False  # the body is YAML: read it as such, answer with it as JSON too


@dataclass(frozen=True)
class Validate:
    files: dict[str, str]


Job = Load | Evaluate | Validate


# -- messages: worker → parent ---------------------------------------------------------------
@dataclass(frozen=True)
class Loaded:
    sha256: str


@dataclass(frozen=True)
class Answered:
    case_id: str
    answer_json: bytes  # exactly the `Answer` model's JSON, sent to the caller as it is
    rows: Entry | None = None  # the decision record's rows, when the job asked for them
    force: str | None = None  # the case's `case.force`: whose case it is
    case_json: bytes | None = None  # a YAML case as JSON (what the record keeps)


@dataclass(frozen=True)
class Summary:
    name: str
    version: str
    sha256: str
    rules: int
    tactics: int
    parameters: int


@dataclass(frozen=True)
class Refused:
    """The input is wrong: `status` 400 (unreadable) or 422 (breaks the contract)."""

    status: int
    detail: str
    problems: tuple[Problem, ...]
    case_id: str | None = None


@dataclass(frozen=True)
class Failed:
    """Something unexpected went wrong; only the exception's type leaves the worker."""

    error: str


Reply = Loaded | Answered | Summary | Refused | Failed
REPLIES = (Loaded, Answered, Summary, Refused, Failed)


# -- the worker ------------------------------------------------------------------------------
class Worker:
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.crash_case = os.environ.get(CRASH_CASE_ENV) or None

    def handle(self, job: Job) -> Reply:
        try:
            if isinstance(job, Load):
                return self.load(job)
            if isinstance(job, Evaluate):
                return self.evaluate(job.body, job.record, job.yaml)
            return self.validate(job.files)
        except RecursionError:
            return Refused(422, "the input is nested too deeply", (Problem("nested too deeply"),))
        except DisruptionError as exc:
            status = 400 if isinstance(exc, InputError) else 422
            return Refused(status, _first_line(exc), tuple(exc.problems))
        except Exception as exc:
            return Failed(type(exc).__name__)

    def load(self, job: Load) -> Reply:
        ruleset = ruleset_from_texts(job.files)
        engine = Engine(ruleset)
        if self.engine is not None:
            self.engine.close()
        self.engine = engine
        return Loaded(ruleset.sha256)

    def evaluate(self, body: bytes, record: bool = False, yaml: bool = False) -> Reply:
        if self.engine is None:
            return Failed("NoRulesetLoaded")
        data = read_yaml(body) if yaml else read_json(body)
        case_json = json.dumps(data, ensure_ascii=False, default=str).encode() if yaml else None
        body = case_json if case_json is not None else body
        case_id = _case_id(data)
        try:
            case = case_from_data(data)
            if self.crash_case is not None and case.case.id == self.crash_case:
                _crash_durable_rules(self.engine, case)
            answer = self.engine.evaluate(case)
        except CaseError as exc:
            return Refused(422, "the case breaks the case format", tuple(exc.problems), case_id)
        except EvaluationError as exc:
            return Refused(422, _first_line(exc), tuple(exc.problems), case_id)
        answer_json = answer.model_dump_json()
        rows = record_rows(case, body, answer, answer_json, self.engine.ruleset) if record else None
        return Answered(answer.case_id, answer_json.encode(), rows, case.case.force, case_json)

    def validate(self, files: dict[str, str]) -> Reply:
        ruleset = ruleset_from_texts(files)
        Engine(ruleset).close()  # the compiled form must load into durable-rules too
        return summarise(ruleset)


def record_rows(case: Case, body: bytes, answer: Answer, answer_json: str, ruleset: Ruleset) -> Entry:
    """The decision record's rows for this evaluation (who asked and when are the server's).

    The case is kept exactly as it was sent: the body's text (`read_json` has checked that it
    is UTF-8 JSON). The record's measures read the answering ruleset's policy."""
    from record.extract import evaluation_rows  # only services that keep a record
    from record.policy import policy_of

    return evaluation_rows(case, body.decode("utf-8"), answer, answer_json, policy_of(ruleset))


def summarise(ruleset: Ruleset) -> Summary:
    return Summary(
        name=ruleset.name,
        version=ruleset.version,
        sha256=ruleset.sha256,
        rules=len(ruleset.rules),
        tactics=len(ruleset.tactics),
        parameters=len(ruleset.parameters),
    )


def read_json(body: bytes) -> Any:
    """Parse a request body strictly: UTF-8, no duplicate keys, no NaN or Infinity."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request body is not UTF-8 text") from None
    return parse_json(text)[0]


def read_yaml(body: bytes) -> Any:
    """Parse a YAML request body: UTF-8, one document, no anchors, aliases or tags."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request body is not UTF-8 text") from None
    return parse_yaml(text)[0]


_LOGGABLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$")  # as engine.case.Id


def _case_id(data: Any) -> str | None:
    """The case's id when it is a well-formed id (so it is safe to log), else None."""
    header = data.get("case") if isinstance(data, dict) else None
    value = header.get("id") if isinstance(header, dict) else None
    return value if isinstance(value, str) and _LOGGABLE_ID.match(value) else None


def _first_line(exc: Exception) -> str:
    problems = getattr(exc, "problems", None)
    return problems[0].message if problems else type(exc).__name__


def _crash_durable_rules(engine: Engine, case: Any) -> None:
    """Test-only: delete a session whose matches were never drained (aborts the process)."""
    import durable_rules_engine as dre

    from engine.fact import build_facts
    from engine.matcher import SESSION

    records = build_facts(case).records
    for record in records:
        record["sid"] = SESSION
    handle = engine.matcher.parts[0].handle
    _code, state = dre.assert_facts(handle, json.dumps(records))
    dre.delete_state(handle, SESSION)
    dre.start_action_for_state(handle, state)


def main(connection: Connection) -> None:
    """The worker process's entry point: answer jobs until the parent hangs up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    worker = Worker()
    while True:
        try:
            number, job = connection.recv()
        except (EOFError, OSError):
            break
        connection.send((number, worker.handle(job)))
