"""Bad input never makes a 500 or names a server path: impossible dates, huge numbers, lone
surrogates, emptied ruleset files and links to nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from api_support import Served, case_json, served


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("hardening"), workers=1) as running:
        yield running


def post_case(api: Served, body: str) -> dict[str, object]:
    response = api.client.post("/v1/evaluations", content=body.encode(),
                               headers={**api.auth("officer"), "Content-Type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert "Value error" not in response.text
    found: dict[str, object] = response.json()
    return found


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01"])
def test_an_impossible_date_is_no_such_day_located(api: Served, day: str) -> None:
    body = json.dumps(case_json("H-1")).replace('"2020-03-02"', f'"{day}"')
    answer = post_case(api, body)
    assert answer["errors"] == [{"pointer": "/events/0/date", "detail": f"no such day (got '{day}')"}]
    report = api.client.get(f"/v1/reports/tactics?since={day}", headers=api.auth("auditor"))
    assert report.status_code == 422
    assert report.json()["errors"] == [{"pointer": "/query/since", "detail": f"no such day (got '{day}')"}]


def test_a_number_over_the_digit_limit_is_a_400_with_its_place(api: Served) -> None:
    body = json.dumps(case_json("H-2")).replace('"age": 13', '"age": ' + "9" * 5000)
    answer = post_case(api, body)
    errors = cast(list[dict[str, Any]], answer["errors"])
    [error] = errors
    assert "a number is too long" in error["detail"] and error["line"] == 1


def test_a_lone_surrogate_is_a_400_naming_the_field(api: Served) -> None:
    body = json.dumps(case_json("H-3")).replace('"kind": "hotel"', '"kind": "hotel", "note": "a\\udc00"')
    answer = post_case(api, body)
    assert answer["errors"] == [{"pointer": "/locations/0/note",
                                 "detail": "the text holds a lone surrogate (not a Unicode character)"}]


def test_validate_refuses_an_empty_file_and_impossible_values_by_file_and_field(api: Served) -> None:
    files = {"rules/emptied.yaml": "", "parameters.yaml": "parameters:\n  n: {value: " + "9" * 5000 + "}\n"}
    response = api.client.post("/v1/rulesets/validate", json={"files": files},
                               headers=api.auth("policy_lead"))
    assert response.status_code == 200, response.text
    errors = {(e["file"], e["path"]): e["message"] for e in response.json()["errors"]}
    assert errors[("rules/emptied.yaml", "")] == "the ruleset file is empty; delete it to drop its rules"
    assert "too long" in errors[("parameters.yaml", "parameters.n.value")]


def test_a_reload_of_an_emptied_file_or_a_link_to_nothing_names_the_file_never_the_server_path(
    api: Served,
) -> None:
    serving = api.client.get("/v1/ruleset", headers=api.auth("policy_lead")).json()["ruleset"]
    def emptied(p: Path) -> None:
        p.write_text("")

    def dangling(p: Path) -> None:
        p.symlink_to(p.parent / "nowhere.yaml")

    for make, name in ((emptied, "rules/emptied.yaml"), (dangling, "rules/gone.yaml")):
        path: Path = api.ruleset_dir / name
        make(path)
        try:
            response = api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))
        finally:
            path.unlink()
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["file"] == name
        assert str(api.ruleset_dir) not in response.text and "/tmp" not in response.text
        assert response.json()["serving"] == serving


def test_the_docs_pages_work_offline_and_need_no_key(api: Served) -> None:
    for page, assets in (("/docs", ("swagger-ui-bundle.js", "swagger-ui.css")),
                         ("/redoc", ("redoc.standalone.js",))):
        html = api.client.get(page)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert "cdn." not in html.text and "googleapis" not in html.text and "https://" not in html.text
        for asset in assets:
            assert f"/docs/assets/{asset}" in html.text
            served_asset = api.client.get(f"/docs/assets/{asset}")
            assert served_asset.status_code == 200 and len(served_asset.content) > 10_000
    assert api.client.get("/openapi.json").status_code == 200
    assert api.client.get("/docs/assets/../keys.sqlite3").status_code == 404
