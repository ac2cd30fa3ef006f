"""Evaluations are contained: isolated from each other, and a crash or overrun fails one request."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from unittest import mock

import pytest
from api_support import RULESET_DIR, Served, case_json, served

from api.pool import PoolBusy, Snapshot, WorkerCrashed, WorkerPool, WorkerProcess
from api.worker import CRASH_CASE_ENV, Answered, Evaluate
from engine.ruleset import load_ruleset

CRASHING_CASE = "CASE-CRASHES-THE-MATCHER"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    # Workers read the test-only crash trigger when they start (see api/worker.py).
    os.environ[CRASH_CASE_ENV] = CRASHING_CASE
    try:
        with served(tmp_path_factory.mktemp("pool"), eval_timeout=3.0) as s:
            yield s
    finally:
        del os.environ[CRASH_CASE_ENV]


def ids_in(answer: dict[str, Any]) -> set[str]:
    ids = set()
    for finding in answer["findings"]:
        ids.add(finding["target"])
        ids.update(finding["facts"])
    for unknown in answer["unknowns"]:
        ids.add(unknown["fact"].split(".")[0])
    return ids


def test_concurrent_evaluations_never_see_each_others_facts(api: Served) -> None:
    prefixes = [f"k{n:03d}-" for n in range(160)]

    def evaluate(prefix: str) -> tuple[str, int, dict[str, Any]]:
        response = api.client.post(
            "/v1/evaluations", json=case_json(f"{prefix}CASE", prefix), headers=api.auth("officer")
        )
        return prefix, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=24) as threads:
        results = list(threads.map(evaluate, prefixes))
    for prefix, status, answer in results:
        assert status == 200, answer
        assert answer["case_id"] == f"{prefix}CASE"
        found = ids_in(answer)
        assert found, "every case here yields findings"
        assert all(i.startswith(prefix) for i in found), (prefix, found)


def test_a_crash_inside_the_matching_engine_fails_only_that_request(api: Served) -> None:
    crashed = api.client.post(
        "/v1/evaluations", json=case_json(CRASHING_CASE), headers=api.auth("officer")
    )
    assert crashed.status_code == 503
    assert crashed.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in crashed.text
    for n in range(4):  # the survivor and the replacement both serve
        ok = api.client.post("/v1/evaluations", json=case_json(f"AFTER-{n}"), headers=api.auth("officer"))
        assert ok.status_code == 200, ok.text
    assert api.client.get("/readyz").status_code == 200
    assert api.app.state.service.pool.replaced >= 1


def test_an_evaluation_over_the_time_limit_gets_504_and_the_service_keeps_serving(api: Served) -> None:
    pool = api.app.state.service.pool
    big = case_json("BIG")
    big["events"] += [
        {"id": f"sighting-{n}", "type": "sighting", "child": "child-a", "date": "2020-01-01",
         "with_people": ["adult-1"], "unidentified_adults": 2}
        for n in range(2000)
    ]
    limit = pool.timeout
    pool.timeout = 0.005  # far less than evaluating 2,000 events takes
    try:
        slow = api.client.post("/v1/evaluations", json=big, headers=api.auth("officer"))
    finally:
        pool.timeout = limit
    assert slow.status_code == 504, slow.text
    assert slow.headers["content-type"] == "application/problem+json"
    ok = api.client.post("/v1/evaluations", json=case_json("AFTER-TIMEOUT"), headers=api.auth("officer"))
    assert ok.status_code == 200


def test_a_yaml_bomb_sent_for_validation_is_refused_at_once(api: Served) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    response = api.client.post(
        "/v1/rulesets/validate",
        json={"files": {"bomb.yaml": "\n".join(lines)}, "overlay": False},
        headers=api.auth("policy_lead"),
    )
    assert response.status_code == 200
    result = response.json()
    assert result["ok"] is False
    assert any("anchors and aliases" in e["message"] for e in result["errors"]), result
    ok = api.client.post("/v1/evaluations", json=case_json("AFTER-BOMB"), headers=api.auth("officer"))
    assert ok.status_code == 200


def test_a_cancelled_request_never_gets_its_reply_delivered_to_another() -> None:
    async def scenario() -> None:
        snapshot = Snapshot(load_ruleset(RULESET_DIR))
        pool = WorkerPool(size=1, timeout=20.0, queue_timeout=20.0)
        await pool.start(snapshot)
        try:
            big = case_json("FIRST")
            big["events"] += [
                {"id": f"s-{n}", "type": "sighting", "child": "child-a", "date": "2020-01-01"}
                for n in range(1000)
            ]
            first = asyncio.ensure_future(pool.run(Evaluate(json.dumps(big).encode()), snapshot))
            await asyncio.sleep(0.01)
            first.cancel()  # the officer's system hung up while the worker was busy
            second = await pool.run(Evaluate(json.dumps(case_json("SECOND")).encode()), snapshot)
            assert isinstance(second, Answered)
            assert second.case_id == "SECOND"
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_when_every_worker_stays_busy_a_request_gets_503_not_a_hang() -> None:
    async def scenario() -> None:
        snapshot = Snapshot(load_ruleset(RULESET_DIR))
        pool = WorkerPool(size=1, timeout=20.0, queue_timeout=0.01)
        await pool.start(snapshot)
        try:
            big = case_json("BUSY")
            big["events"] += [
                {"id": f"s-{n}", "type": "sighting", "child": "child-a", "date": "2020-01-01"}
                for n in range(1000)
            ]
            first = asyncio.ensure_future(pool.run(Evaluate(json.dumps(big).encode()), snapshot))
            await asyncio.sleep(0)
            with pytest.raises(PoolBusy):
                await pool.run(Evaluate(json.dumps(case_json("WAITS")).encode()), snapshot)
            assert isinstance(await first, Answered)
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_bodies_and_answers_larger_than_a_pipe_buffer_pass_under_uvloop() -> None:
    """`disrupt serve` runs on uvloop, which makes watched pipes non-blocking."""
    uvloop = pytest.importorskip("uvloop")

    async def scenario() -> None:
        snapshot = Snapshot(load_ruleset(RULESET_DIR))
        pool = WorkerPool(size=1, timeout=30.0, queue_timeout=30.0)
        await pool.start(snapshot)
        try:
            big = case_json("LARGE")
            big["people"] += [{"id": f"adult-{n}", "role": "suspect", "age": 30} for n in range(2, 40)]
            big["events"] += [
                {"id": f"m-{n}", "type": "missing_episode", "child": "child-a", "date": "2020-01-01",
                 "found_with": [f"adult-{n % 38 + 2}"], "asked_where": False, "note": "x" * 300}
                for n in range(600)
            ]
            body = json.dumps(big).encode()
            assert len(body) > 4 * 65536
            reply = await pool.run(Evaluate(body), snapshot)
            assert isinstance(reply, Answered), reply
            assert reply.case_id == "LARGE"
            assert len(reply.answer_json) > 65536
        finally:
            await pool.close()

    uvloop.run(scenario())


def test_a_worker_that_cannot_load_the_ruleset_is_never_lent() -> None:
    """Its pipe is closed: lent, it would fail a request with 500. The pool refuses to start."""

    async def scenario() -> None:
        pool = WorkerPool(1, timeout=10.0, queue_timeout=1.0)
        failing = mock.AsyncMock(side_effect=WorkerCrashed("exit code -9"))
        with mock.patch.object(WorkerProcess, "load", failing), pytest.raises(WorkerCrashed):
            await pool.start(Snapshot(load_ruleset(RULESET_DIR)))
        try:
            assert pool.busy == 0 and not pool.ready
            with pytest.raises(PoolBusy):
                await pool.run(Evaluate(b"{}"), None)
        finally:
            await pool.close()

    asyncio.run(scenario())
