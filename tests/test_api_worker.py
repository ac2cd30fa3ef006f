"""The evaluation worker, in-process: strict JSON, and replies ready for the server to use."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from api_support import RULESET_DIR, case_json

from api.worker import Answered, Evaluate, Load, Loaded, Refused, Worker, read_json
from engine.errors import InputError
from engine.finding import Answer
from engine.ruleset import load_ruleset


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    ruleset = load_ruleset(RULESET_DIR)
    loaded = Worker()
    assert isinstance(loaded.handle(Load(ruleset.sha256, dict(ruleset.files))), Loaded)
    yield loaded
    assert loaded.engine is not None
    loaded.engine.close()


def test_a_duplicate_key_is_refused_wherever_it_is_and_named() -> None:
    body = b'{"case": {"id": "C", "force": "durham", "force": "cleveland"}}'
    with pytest.raises(InputError, match="duplicate key 'force'"):
        read_json(body)
    assert read_json(b'{"a": {"b": 1}, "b": [{"a": 2}]}') == {"a": {"b": 1}, "b": [{"a": 2}]}


def test_an_answer_comes_as_the_answer_models_json(worker: Worker) -> None:
    reply = worker.handle(Evaluate(json.dumps(case_json("CASE-W1")).encode()))
    assert isinstance(reply, Answered)
    answer = Answer.model_validate_json(reply.answer_json)
    assert reply.answer_json == answer.model_dump_json().encode()
    assert (answer.case_id, reply.case_id) == ("CASE-W1", "CASE-W1")
    assert reply.rows is None  # not asked for


def test_asked_for_record_rows_the_worker_builds_them_from_the_case_as_sent(worker: Worker) -> None:
    body = json.dumps(case_json("CASE-W2"), indent=2).encode()
    reply = worker.handle(Evaluate(body, record=True))
    assert isinstance(reply, Answered) and reply.rows is not None
    evaluation = reply.rows.evaluation
    assert evaluation["case_json"] == body.decode()
    assert evaluation["answer_json"].encode() == reply.answer_json
    answer = Answer.model_validate_json(reply.answer_json)
    assert reply.rows.ruleset == answer.ruleset
    found = [(f["rule"], f["target"]) for f in reply.rows.findings]
    assert found == [(f.rule, f.target) for f in answer.findings]
    assert (evaluation["asked_by"], evaluation["asked_at"]) == (None, None)  # the server's to say


def test_a_case_that_breaks_the_format_gets_no_rows_but_the_problems(worker: Worker) -> None:
    data = case_json("CASE-W3")
    data["people"][0]["agee"] = 3
    reply = worker.handle(Evaluate(json.dumps(data).encode(), record=True))
    assert isinstance(reply, Refused)
    assert (reply.status, reply.case_id) == (422, "CASE-W3")
