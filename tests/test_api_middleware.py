"""Request ids, safe headers, and an access log that never holds a fact from a case."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from api_support import Served, case_json, served


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("middleware")) as s:
        yield s


def test_the_access_log_names_request_case_route_status_and_duration_but_no_fact(
    api: Served, caplog: pytest.LogCaptureFixture
) -> None:
    case = case_json("CASE-LOG-1", prefix="zq-")
    case["people"][0]["note"] = "Lives with her nan on Fictional Street"
    with caplog.at_level(logging.INFO, logger="api"):
        response = api.client.post(
            "/v1/evaluations", json=case, headers={**api.auth("officer"), "X-Request-ID": "req-42"}
        )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "request_id=req-42" in logged
    assert "case_id=CASE-LOG-1" in logged
    assert "route=/v1/evaluations" in logged and "status=200" in logged and "duration_ms=" in logged
    for fact in ("zq-child-a", "zq-adult-1", "Fictional Street", "care_order", "2020-03-02"):
        assert fact not in logged
    assert api.keys["officer"] not in logged


def test_refused_cases_log_no_facts_either(api: Served, caplog: pytest.LogCaptureFixture) -> None:
    case = case_json("CASE-LOG-2", prefix="zr-")
    case["people"][0]["age"] = "thirteen"
    with caplog.at_level(logging.INFO, logger="api"):
        response = api.client.post("/v1/evaluations", json=case, headers=api.auth("officer"))
    assert response.status_code == 422
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "status=422" in logged and "thirteen" not in logged and "zr-child-a" not in logged


def test_an_unsafe_request_id_is_replaced(api: Served) -> None:
    response = api.client.get("/healthz", headers={"X-Request-ID": "x\ny" + "z" * 100})
    given = response.headers["x-request-id"]
    assert "\n" not in given and len(given) == 32


def test_responses_are_not_cached_or_sniffed(api: Served) -> None:
    response = api.client.post("/v1/evaluations", json=case_json(), headers=api.auth("officer"))
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(
    api: Served, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("child-a was seen at 12 Fictional Street")

    api.app.add_api_route("/test-only/broken", broken)
    with caplog.at_level(logging.INFO):
        response = api.client.get("/test-only/broken")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 500
    assert "Fictional" not in response.text
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "RuntimeError" in logged
    assert "Fictional" not in logged and "Traceback" not in logged
