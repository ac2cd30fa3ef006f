"""Evaluations reach the decision record before the answer leaves; if not, no answer."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from api_support import Served, case_json, served

from api.decision_record import attach, attached
from api.recording import GroupRecorder
from engine.finding import Answer, RulesetRef
from engine.ruleset import Ruleset
from record.extract import Entry
from record.recorder import Prepared


class FakeRecorder:
    """Stands in for the decision record's recorder: keeps what it was given to write."""

    def __init__(self) -> None:
        self.recorded: list[tuple[str, Answer, str]] = []  # (the case's text, answer, who asked)
        self.fail = False
        self.lock = threading.Lock()

    def remember(self, ruleset: Ruleset) -> None:
        pass

    def record_evaluations(self, batch: Sequence[Prepared]) -> list[int]:
        if self.fail:
            raise OSError("disk full")
        with self.lock:
            for item in batch:
                evaluation = item.rows.evaluation
                answer = Answer.model_validate_json(evaluation["answer_json"])
                self.recorded.append((evaluation["case_json"], answer, item.asked_by))
            return list(range(len(self.recorded) - len(batch), len(self.recorded)))


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("recording")) as s:
        yield s


@pytest.fixture
def recorder(api: Served) -> Iterator[FakeRecorder]:
    previous = attached(api.app)
    assert previous is not None  # the served API has the decision record
    fake = FakeRecorder()
    attach(api.app, GroupRecorder(fake))
    yield fake
    attach(api.app, previous)


def test_each_evaluation_is_recorded_as_sent_with_who_asked(api: Served, recorder: FakeRecorder) -> None:
    sent = case_json("CASE-REC-1")
    response = api.client.post("/v1/evaluations", json=sent, headers=api.auth("officer"))
    assert response.status_code == 200
    [(case, answer, asked_by)] = recorder.recorded
    assert json.loads(case) == sent
    # the answer sent is the one recorded, with its evaluation id (the fake numbers from 0)
    assert {**answer.model_dump(mode="json"), "evaluation_id": 0, "dry_run": False} == response.json()
    assert asked_by == "test-officer"


def test_the_case_is_recorded_as_the_very_text_that_was_sent(api: Served, recorder: FakeRecorder) -> None:
    body = json.dumps(case_json("CASE-REC-TEXT"), indent=2)
    headers = {**api.auth("officer"), "Content-Type": "application/json"}
    response = api.client.post("/v1/evaluations", content=body, headers=headers)
    assert response.status_code == 200
    [(case, _, _)] = recorder.recorded
    assert case == body


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


class Batching:
    """A recorder that notes the size of each group it is asked to commit."""

    def __init__(self) -> None:
        self.groups: list[int] = []

    def remember(self, ruleset: Ruleset) -> None:
        pass

    def record_evaluations(self, batch: Sequence[Prepared]) -> list[int]:
        self.groups.append(len(batch))
        return list(range(len(batch)))


def rows(case_id: str = "C") -> Entry:
    return Entry(evaluation={"case_id": case_id}, ruleset=RulesetRef(name="r", version="1", sha256="0" * 64))


def test_evaluations_finishing_together_are_committed_in_one_group() -> None:
    recorder = Batching()

    async def scenario() -> None:
        group = GroupRecorder(recorder)
        await asyncio.gather(*(group.record(rows(), "ofc") for _ in range(10)))

    asyncio.run(scenario())
    assert sum(recorder.groups) == 10
    assert len(recorder.groups) < 10  # the first write goes alone; the rest wait and go together


def test_a_lone_evaluation_is_committed_at_once() -> None:
    recorder = Batching()

    async def scenario() -> None:
        # nothing else is running in the workers, so nothing is waited for (the delay is far
        # longer than the test's own time limit)
        group = GroupRecorder(recorder, siblings=lambda: 0, delay=600.0)
        await asyncio.wait_for(group.record(rows(), "ofc"), timeout=30)

    asyncio.run(scenario())
    assert recorder.groups == [1]


def test_an_evaluation_waits_for_one_that_is_still_running_and_they_commit_together() -> None:
    state = {"running": 1}

    def siblings() -> int:
        return state["running"]

    recorder = Batching()

    async def scenario() -> None:
        group = GroupRecorder(recorder, siblings=siblings, delay=600.0)
        first = asyncio.ensure_future(group.record(rows("first"), "ofc"))
        await asyncio.sleep(0.05)  # the writer waits: another evaluation is running
        assert recorder.groups == []
        state["running"] = 0  # it finishes, and reaches the record
        second = group.record(rows("second"), "ofc")
        await asyncio.wait_for(asyncio.gather(first, second), timeout=30)

    asyncio.run(scenario())
    assert recorder.groups == [2]


def test_a_reload_tells_the_recorder_the_ruleset_it_replaced(api: Served) -> None:
    class Spy(Batching):
        def __init__(self) -> None:
            super().__init__()
            self.remembered: list[str] = []
            self.store = api.app.state.recorder.store  # the reload is written to its audit trail

        def remember(self, ruleset: Ruleset) -> None:
            self.remembered.append(ruleset.sha256)

    previous_record = attached(api.app)
    assert previous_record is not None
    spy = Spy()
    attach(api.app, GroupRecorder(spy))
    try:
        serving = api.client.get("/v1/ruleset", headers=api.auth("policy_lead")).json()["ruleset"]["sha256"]
        response = api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))
        assert response.status_code == 200, response.text
        assert spy.remembered == [serving]
    finally:
        attach(api.app, previous_record)


def test_the_api_runs_without_a_decision_record_and_refuses_a_wrong_one(api: Served) -> None:
    previous = attached(api.app)
    try:
        del api.app.state.decision_record
        assert attached(api.app) is None
        sent = case_json("CASE-NO-RECORD")
        response = api.client.post("/v1/evaluations", json=sent, headers=api.auth("officer"))
        assert response.status_code == 200
        api.app.state.decision_record = Batching()  # a store, not a DecisionRecord: a wiring fault
        with pytest.raises(TypeError, match="not a DecisionRecord"):
            attached(api.app)
    finally:
        assert previous is not None
        attach(api.app, previous)
