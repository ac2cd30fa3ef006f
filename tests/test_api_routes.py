"""The /v1 routes as an officer's system and a policy lead use them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import Served, case_json, served


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("routes")) as s:
        yield s


def serving_sha(api: Served) -> str:
    sha: str = api.client.get("/v1/ruleset", headers=api.auth("officer")).json()["ruleset"]["sha256"]
    return sha


def test_an_officer_gets_an_advisory_answer_naming_the_ruleset(api: Served) -> None:
    response = api.client.post("/v1/evaluations", json=case_json("CASE-1"), headers=api.auth("officer"))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["case_id"] == "CASE-1"
    assert answer["advisory"] is True
    assert answer["ruleset"]["sha256"] == serving_sha(api)
    assert answer["findings"], "a missing episode without return questions is at least a gap"


def test_the_catalogue_carries_each_tactics_statutory_test(api: Served) -> None:
    """Regression: a tactic with a `legal:` section (its routes name facts `as:`) failed the listing."""
    tactics = api.client.get("/v1/tactics", headers=api.auth("officer")).json()["tactics"]
    cawn = next(t for t in tactics if t["id"] == "cawn")
    assert cawn["legal"]["limbs"][0]["mark"] == "✔"
    assert cawn["legal"]["routes"][0]["when"][0]["as"] == "link"


def test_a_proposed_tactic_is_checked_against_the_catalogue(api: Served) -> None:
    tactics = api.client.get("/v1/tactics", headers=api.auth("officer")).json()["tactics"]
    known = tactics[0]["id"]
    ok = api.client.post("/v1/evaluations", json=case_json(tactic=known), headers=api.auth("officer"))
    assert ok.status_code == 200, ok.text
    wrong = api.client.post("/v1/evaluations", json=case_json(tactic=known + "x"),
                            headers=api.auth("officer"))
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["pointer"] == "/actions/0/tactic"


def test_the_ruleset_lists_its_rules_with_sources(api: Served) -> None:
    body = api.client.get("/v1/ruleset", headers=api.auth("officer")).json()
    assert len(body["ruleset"]["sha256"]) == 64
    assert body["rules"]
    first = body["rules"][0]
    assert {"id", "title", "kind", "code", "legal_basis", "sources"} <= set(first)
    assert first["sources"]


def test_one_rule_reads_as_written(api: Served) -> None:
    rule_id = api.client.get("/v1/ruleset", headers=api.auth("officer")).json()["rules"][0]["id"]
    body = api.client.get(f"/v1/rules/{rule_id}", headers=api.auth("auditor")).json()
    assert body["rule"]["id"] == rule_id
    assert body["rule"]["when"]
    assert body["ruleset"]["sha256"] == serving_sha(api)
    missing = api.client.get("/v1/rules/no-such-rule", headers=api.auth("officer"))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_the_tactics_catalogue_names_each_tactics_legal_basis(api: Served) -> None:
    body = api.client.get("/v1/tactics", headers=api.auth("officer")).json()
    assert all(t["id"] and t["legal_basis"] for t in body["tactics"])


def test_validate_reports_each_error_with_file_line_and_column(api: Served) -> None:
    text = "rules:\n  - id: broken-rule\n    titel: A typo\n"
    response = api.client.post("/v1/rulesets/validate", json={"files": {"rules/new.yaml": text}},
                               headers=api.auth("policy_lead"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    typo = next(e for e in body["errors"] if "titel" in e["message"])
    assert (typo["file"], typo["line"]) == ("rules/new.yaml", 3)
    assert typo["column"] is not None
    assert typo["suggestion"] == "title"


def test_validate_summarises_a_good_ruleset(api: Served) -> None:
    original = (api.ruleset_dir / "ruleset.yaml").read_text()
    response = api.client.post("/v1/rulesets/validate", json={"files": {"ruleset.yaml": original}},
                               headers=api.auth("policy_lead"))
    body = response.json()
    assert body["ok"] is True, body
    assert body["summary"]["ruleset"]["sha256"] == serving_sha(api)
    assert body["summary"]["rules"] > 0 and body["summary"]["tactics"] > 0


def test_reload_keeps_the_last_good_ruleset_when_the_folder_is_broken(api: Served) -> None:
    before = serving_sha(api)
    broken = api.ruleset_dir / "rules" / "zz-broken.yaml"
    broken.write_text("rules:\n  - id: bad\n    kind: nonsense\n")
    try:
        response = api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))
        assert response.status_code == 422
        problem = response.json()
        assert problem["serving"]["sha256"] == before
        assert any("zz-broken.yaml" in (e.get("detail") or "") or e.get("line") for e in problem["errors"])
        assert {e.get("file") for e in problem["errors"]} == {"rules/zz-broken.yaml"}
        assert serving_sha(api) == before
        answer = api.client.post("/v1/evaluations", json=case_json(), headers=api.auth("officer")).json()
        assert answer["ruleset"]["sha256"] == before
    finally:
        broken.unlink()


def test_reload_swaps_in_an_edited_ruleset_and_answers_name_it(api: Served) -> None:
    before = serving_sha(api)
    header = api.ruleset_dir / "ruleset.yaml"
    original = header.read_text()
    header.write_text(original + "\n# an edit by the policy lead\n")
    try:
        response = api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["changed"] is True and body["previous"]["sha256"] == before
        after = body["ruleset"]["sha256"]
        assert after != before
        for _ in range(4):  # every worker, whichever serves the request, uses the new ruleset
            answer = api.client.post("/v1/evaluations", json=case_json(), headers=api.auth("officer"))
            assert answer.json()["ruleset"]["sha256"] == after
    finally:
        header.write_text(original)
        api.client.post("/v1/ruleset/reload", headers=api.auth("policy_lead"))


def test_health_and_readiness_need_no_key(api: Served) -> None:
    assert api.client.get("/healthz").json()["status"] == "ok"
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ready" and len(ready["ruleset"]["sha256"]) == 64


def test_the_openapi_spec_documents_the_case_with_an_example(api: Served) -> None:
    spec = api.client.get("/openapi.json").json()
    body = spec["paths"]["/v1/evaluations"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Case"}
    case = spec["components"]["schemas"]["Case"]
    assert case["examples"] and "people" in case["properties"]
    assert "Person" in spec["components"]["schemas"]
