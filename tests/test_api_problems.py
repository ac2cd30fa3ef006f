"""Every error is RFC 9457 problem+json, located where it can be, and never a stack trace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import Served, case_json, served

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("problems"), max_body_bytes=64 * 1024) as s:
        yield s


def post_case(api: Served, body: bytes | str, content_type: str = "application/json") -> tuple[int, Any]:
    response = api.client.post(
        "/v1/evaluations", content=body, headers={**api.auth("officer"), "Content-Type": content_type}
    )
    assert response.headers["content-type"] == PROBLEM, response.text
    assert "Traceback" not in response.text
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["title"] and problem["type"] == "about:blank"
    return response.status_code, problem


@pytest.mark.parametrize(
    "body", ["{", "[1,", "", "\xff", '{"case": NaN}', '{"a": 1, "a": 2}', "[" * 20_000 + "]" * 20_000]
)
def test_malformed_json_is_400(api: Served, body: str) -> None:
    status, _ = post_case(api, body.encode("latin-1") if body == "\xff" else body)
    assert status == 400


def test_an_unknown_field_is_422_with_a_pointer_and_a_suggestion(api: Served) -> None:
    case = case_json()
    case["people"][1]["agee"] = 30
    status, problem = post_case(api, json.dumps(case))
    assert status == 422
    assert problem["errors"] == [
        {"pointer": "/people/1/agee", "detail": "unknown field 'agee'", "suggestion": "age"}
    ]


def test_a_broken_reference_is_422_pointing_at_it(api: Served) -> None:
    case = case_json()
    case["events"][0]["found_with"] = ["adult-9"]
    status, problem = post_case(api, json.dumps(case))
    assert status == 422
    assert problem["errors"][0]["pointer"] == "/events/0/found_with/0"


def test_a_case_that_is_not_an_object_is_422(api: Served) -> None:
    status, _ = post_case(api, "[]")
    assert status == 422


def test_a_body_over_the_limit_is_413_before_it_is_read(api: Served) -> None:
    status, problem = post_case(api, b"{" + b" " * (70 * 1024) + b"}")
    assert status == 413
    assert "65536" in problem["detail"]


def test_a_chunked_body_over_the_limit_is_413(api: Served) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 8192

    headers = {**api.auth("officer"), "Content-Type": "application/json"}
    response = api.client.post("/v1/evaluations", content=chunks(), headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


def test_a_case_sent_as_another_media_type_is_415(api: Served) -> None:
    status, _ = post_case(api, "case: {}", content_type="text/plain")
    assert status == 415
    status, _ = post_case(api, "case: {}", content_type="application/yaml")  # YAML is a case format
    assert status == 422


def test_unknown_routes_and_methods_are_problems(api: Served) -> None:
    missing = api.client.get("/v1/nothing-here", headers=api.auth("officer"))
    assert (missing.status_code, missing.headers["content-type"]) == (404, PROBLEM)
    wrong = api.client.get("/v1/evaluations", headers=api.auth("officer"))
    assert (wrong.status_code, wrong.headers["content-type"]) == (405, PROBLEM)


def test_a_schema_error_in_a_typed_body_points_at_the_field(api: Served) -> None:
    response = api.client.post(
        "/v1/rulesets/validate", json={"files": {"../escape.yaml": "x: 1"}}, headers=api.auth("policy_lead")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"].startswith("/files")
