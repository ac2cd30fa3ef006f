"""A case's history: which answers were given, when, to whom, and what was done about them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from record_support import BACKENDS, answer, build_ruleset, fresh_store, make_case

from engine.evaluate import Engine
from record.errors import NotRecorded
from record.history import case_history
from record.models import ResponseIn
from record.recorder import Recorder
from record.store import Store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_store(request.param, tmp_path) as s:
        yield s


def test_history_lists_evaluations_responses_and_tactics_oldest_first(store: Store) -> None:
    engine = Engine(build_ruleset())
    recorder = Recorder(store)
    recorder.remember(engine.ruleset)
    case = make_case(
        actions=[{"id": "act-1", "tactic": "cse_flag", "target": "adult-2", "status": "issued"}]
    )
    first = recorder.record_evaluation(case, answer(engine, case), "officer-1")
    recorder.record_response(
        "CASE-R1",
        ResponseIn(
            rule="cawn-found-with-adult", target="adult-1", decision="accepted", actioned_on="2019-10-06"
        ),
        by="officer-2",
    )
    second = recorder.record_evaluation(case, answer(engine, case), "officer-3")
    recorder.record_evaluation(make_case("OTHER"), answer(engine, make_case("OTHER")), "officer-1")
    engine.close()

    history = case_history(store, "CASE-R1")
    assert [(e.id, e.asked_by) for e in history.evaluations] == [
        (first, "officer-1"),
        (second, "officer-3"),
    ]
    assert history.evaluations[0].ruleset.sha256 == engine.ref.sha256
    assert [(f.rule, f.target) for f in history.evaluations[0].findings] == [
        ("cawn-found-with-adult", "adult-1"),
        ("annual-review", "adult-1"),
        ("return-interview", "ev-1"),
    ]
    [response] = history.responses
    assert (response.decision, response.by, response.evaluation_id, response.tactic_recorded) == (
        "accepted",
        "officer-2",
        first,
        True,
    )
    assert [(t.tactic, t.target, t.source) for t in history.tactics] == [
        ("cawn", "adult-1", "response"),
        ("cse_flag", "adult-2", "case"),
    ]


def test_a_case_never_evaluated_has_no_history(store: Store) -> None:
    with pytest.raises(NotRecorded, match="no evaluation of case 'NOPE'"):
        case_history(store, "NOPE")
