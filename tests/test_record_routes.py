"""The decision record over HTTP: every answer recorded, responses, history, replay, reports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from record_support import make_case, ruleset_files, write_ruleset

from api.app import create_app
from api.keys import ROLES, KeyStore
from api.settings import Settings


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    ruleset_dir: Path

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def evaluate(self, case: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post("/v1/evaluations", json=case, headers=self.as_("officer"))
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("record-api")
    ruleset_dir = write_ruleset(tmp / "rules", ruleset_files("1"))
    store = KeyStore.in_data_dir(tmp / "data")
    keys = {role: store.add(f"test-{role}", role, all_forces=True) for role in ROLES}
    app = create_app(Settings(data_dir=tmp / "data", ruleset_dir=ruleset_dir, workers=1, eval_timeout=30.0))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, keys, ruleset_dir)


def test_every_answer_is_recorded_with_who_asked(api: Api) -> None:
    answer = api.evaluate(make_case("API-1"))
    history = api.client.get("/v1/cases/API-1/history", headers=api.as_("auditor"))
    assert history.status_code == 200, history.text
    [evaluation] = history.json()["evaluations"]
    assert evaluation["asked_by"] == "test-officer"
    assert evaluation["ruleset"] == answer["ruleset"]
    assert [f["rule"] for f in evaluation["findings"]] == [f["rule"] for f in answer["findings"]]


def test_an_officer_responds_to_a_finding_and_the_tactic_is_counted(api: Api) -> None:
    api.evaluate(make_case("API-2", force="cleveland"))
    body = {
        "rule": "cawn-found-with-adult",
        "target": "adult-1",
        "decision": "accepted",
        "actioned_on": "2019-10-06",
    }
    created = api.client.post("/v1/cases/API-2/responses", json=body, headers=api.as_("officer"))
    assert created.status_code == 201, created.text
    assert (created.json()["by"], created.json()["tactic_recorded"]) == ("test-officer", True)
    report = api.client.get("/v1/reports/tactics?force=cleveland", headers=api.as_("policy_lead"))
    assert report.status_code == 200, report.text
    assert [(r["tactic"], r["issued"]) for r in report.json()["rows"]] == [("cawn", 1)]


def test_a_response_to_nothing_recorded_or_incomplete_is_refused(api: Api) -> None:
    declined = {"rule": "cawn-found-with-adult", "target": "adult-1", "decision": "declined"}
    missing = api.client.post(
        "/v1/cases/NEVER/responses", json={**declined, "reason": "x"}, headers=api.as_("officer")
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "NEVER" in missing.json()["detail"]
    api.evaluate(make_case("API-3"))
    no_reason = api.client.post("/v1/cases/API-3/responses", json=declined, headers=api.as_("officer"))
    assert no_reason.status_code == 422
    assert "reason" in no_reason.text


def test_roles_decide_who_responds_and_who_reads_reports(api: Api) -> None:
    body = {"rule": "cawn-found-with-adult", "target": "adult-1", "decision": "deferred"}
    assert (
        api.client.post("/v1/cases/API-1/responses", json=body, headers=api.as_("auditor")).status_code
        == 403
    )
    assert api.client.get("/v1/reports/cohort", headers=api.as_("officer")).status_code == 403
    assert api.client.get("/v1/reports/cohort", headers=api.as_("auditor")).status_code == 200
    assert api.client.post("/v1/cases/API-1/replay", headers=api.as_("officer")).status_code == 403
    assert api.client.get("/v1/reports/cohort").status_code == 401


def test_reports_come_as_csv_too_and_unknown_names_are_refused(api: Api) -> None:
    response = api.client.get(
        "/v1/reports/reviews-due?format=csv&as_of=2020-06-30", headers=api.as_("auditor")
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["case_id"] for r in table} >= {"API-1", "API-2"}
    assert api.client.get("/v1/reports/nope", headers=api.as_("auditor")).status_code == 422


def test_replay_reproduces_an_answer_and_shows_what_a_new_ruleset_changes(api: Api) -> None:
    api.evaluate(make_case("API-4"))
    same = api.client.post("/v1/cases/API-4/replay", headers=api.as_("auditor"))
    assert same.status_code == 200, same.text
    assert (same.json()["reproduced"], same.json()["removed"], same.json()["added"]) == (True, [], [])
    write_ruleset(api.ruleset_dir, ruleset_files("2", returns=False))
    unconfirmed = api.client.post("/v1/ruleset/reload", headers=api.as_("policy_lead"))
    assert unconfirmed.status_code == 409, unconfirmed.text
    assert unconfirmed.json()["removed"] == ["return-interview"]
    assert api.client.get("/v1/ruleset", headers=api.as_("auditor")).json()["ruleset"]["version"] == "1"
    reloaded = api.client.post("/v1/ruleset/reload?confirm_removed=true", headers=api.as_("policy_lead"))
    assert reloaded.status_code == 200, reloaded.text
    assert reloaded.json()["removed"] == ["return-interview"]
    trail = api.client.get("/v1/reports/access?key=test-policy_lead", headers=api.as_("auditor")).json()
    [reload] = [r for r in trail["rows"] if r["action"] == "ruleset reloaded"]
    assert json.loads(reload["parameters"])["removed"] == ["return-interview"]
    changed = api.client.post("/v1/cases/API-4/replay", headers=api.as_("policy_lead"))
    assert changed.status_code == 200, changed.text
    result = changed.json()
    assert (result["original"]["version"], result["current"]["version"]) == ("1", "2")
    assert result["reproduced"] is True, "the stored v1 texts were re-run in a worker"
    assert [f["rule"] for f in result["removed"]] == ["return-interview"]
    unknown = api.client.post("/v1/cases/API-4/replay?evaluation=9999", headers=api.as_("auditor"))
    assert unknown.status_code == 404
