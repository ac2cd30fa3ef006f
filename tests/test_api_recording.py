"""Evaluations reach the decision record before the answer leaves; if not, no answer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from api_support import Served, case_json, served

from api.recording import GroupRecorder
from engine.finding import Answer, RulesetRef


class FakeRecorder:
    """Stands in for the decision record's recorder (one evaluation at a time)."""

    def __init__(self) -> None:
        self.recorded: list[tuple[dict[str, Any], Answer, str]] = []
        self.fail = False
        self.lock = threading.Lock()

    def record_evaluation(self, case: dict[str, Any], answer: Answer, asked_by: str) -> int:
        if self.fail:
            raise OSError("disk full")
        with self.lock:
            self.recorded.append((case, answer, asked_by))
            return len(self.recorded)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("recording")) as s:
        yield s


@pytest.fixture
def recorder(api: Served) -> Iterator[FakeRecorder]:
    previous = api.app.state.recorder
    fake = api.app.state.recorder = FakeRecorder()
    yield fake
    api.app.state.recorder = previous


def test_each_evaluation_is_recorded_as_sent_with_who_asked(api: Served, recorder: FakeRecorder) -> None:
    sent = case_json("CASE-REC-1")
    response = api.client.post("/v1/evaluations", json=sent, headers=api.auth("officer"))
    assert response.status_code == 200
    [(case, answer, asked_by)] = recorder.recorded
    assert case == sent
    assert answer.model_dump(mode="json") == response.json()
    assert asked_by == "test-officer"


def test_concurrent_evaluations_are_each_recorded_once(api: Served, recorder: FakeRecorder) -> None:
    ids = [f"CASE-REC-{n}" for n in range(40)]

    def evaluate(case_id: str) -> int:
        response = api.client.post("/v1/evaluations", json=case_json(case_id), headers=api.auth("officer"))
        status: int = response.status_code
        return status

    with ThreadPoolExecutor(max_workers=16) as threads:
        statuses = list(threads.map(evaluate, ids))
    assert statuses == [200] * len(ids)
    assert sorted(answer.case_id for _, answer, _ in recorder.recorded) == sorted(ids)


def test_no_answer_leaves_when_it_cannot_be_recorded(api: Served, recorder: FakeRecorder) -> None:
    recorder.fail = True
    response = api.client.post("/v1/evaluations", json=case_json(), headers=api.auth("officer"))
    assert response.status_code == 503
    assert "findings" not in response.text
    assert "disk full" not in response.text


def test_evaluations_finishing_together_are_committed_in_one_group() -> None:
    groups: list[int] = []

    class Batching:
        def record_evaluations(self, batch: list[Any]) -> list[int]:
            groups.append(len(batch))
            return list(range(len(batch)))

        def record_evaluation(self, **_: Any) -> int:
            groups.append(1)
            return 0

    answer = Answer(case_id="C", ruleset=RulesetRef(name="r", version="1", sha256="0" * 64),
                    findings=[], unknowns=[])

    async def scenario() -> None:
        group = GroupRecorder(Batching())
        await asyncio.gather(*(group.record({"case": {"id": "C"}}, answer, "ofc") for _ in range(10)))

    asyncio.run(scenario())
    assert sum(groups) == 10
    assert len(groups) < 10  # the first write goes alone; the rest wait and go together


def test_a_reload_tells_the_recorder_the_ruleset_it_replaced(api: Served) -> None:
    class Spy:
        def __init__(self) -> None:
            self.remembered: list[str] = []

        def remember(self, ruleset: Any) -> None:
            self.remembered.append(ruleset.sha256)

    previous_recorder = api.app.state.recorder
    spy = api.app.state.recorder = Spy()
    try:
        serving = api.client.get("/v1/ruleset", headers=api.auth("policy_lead")).json()["ruleset"]["sha256"]
        response = api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))
        assert response.status_code == 200, response.text
        assert spy.remembered == [serving]
    finally:
        api.app.state.recorder = previous_recorder
