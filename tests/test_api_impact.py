"""POST /v1/rulesets/impact and GET /v1/jobs/{id}: a policy lead's impact analysis over the
recorded cases, as a job with progress; a broken proposed ruleset refused before anything runs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Served, case_json, served

from impact.models import ImpactReport

OLD = "review_interval_days:\n    value: 365\n"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("impact"), workers=1) as s:
        for i in range(3):
            answer = s.client.post("/v1/evaluations", json=case_json(f"CASE-I{i}"), headers=s.auth("officer"))
            assert answer.status_code == 200, answer.text
        yield s


def wait_for(api: Served, job_id: str, role: str = "policy_lead") -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        got = api.client.get(f"/v1/jobs/{job_id}", headers=api.auth(role))
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError("the impact job did not finish")


def test_a_policy_lead_starts_an_impact_job_and_reads_its_report(api: Served) -> None:
    text = (api.ruleset_dir / "ruleset.yaml").read_text()
    assert OLD in text
    edited = text.replace(OLD, "review_interval_days:\n    value: 30\n")
    started = api.client.post(
        "/v1/rulesets/impact", json={"files": {"ruleset.yaml": edited}}, headers=api.auth("policy_lead")
    )
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] in ("queued", "running") and started.headers["location"] == f"/v1/jobs/{job['id']}"
    done = wait_for(api, job["id"])
    assert done["status"] == "done", done
    assert done["progress"] == {"done": 3, "total": 3}
    report = ImpactReport.model_validate(done["report"])
    assert report.cases == 3 and report.scope.against == "record"
    assert [(p.name, p.before, p.after) for p in report.parameters] == [("review_interval_days", 365, 30)]
    never = next(r for r in report.rules if r.rule == "annual-review-never")
    assert (never.added, never.removed, never.changed) == (0, 0, 3)
    assert [e.case_id for e in never.changed_examples] == ["CASE-I0", "CASE-I1", "CASE-I2"]
    # the job is its owner's: another role's key does not see it, an admin does
    assert api.client.get(f"/v1/jobs/{job['id']}", headers=api.auth("officer")).status_code == 403
    assert api.client.get(f"/v1/jobs/{job['id']}", headers=api.auth("admin")).status_code == 200
    assert api.client.get("/v1/jobs/0123abcd", headers=api.auth("policy_lead")).status_code == 404


def test_a_broken_proposed_ruleset_is_refused_with_located_errors_and_no_job(api: Served) -> None:
    broken = (
        (api.ruleset_dir / "rules" / "cawns.yaml")
        .read_text()
        .replace("          - child.age < 16\n", "          - child.agee < 16\n", 1)
    )
    refused = api.client.post(
        "/v1/rulesets/impact", json={"files": {"rules/cawns.yaml": broken}}, headers=api.auth("policy_lead")
    )
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert "nothing was evaluated" in body["detail"]
    [error] = body["errors"]
    line = broken.splitlines().index("          - child.agee < 16") + 1
    assert error["file"] == "rules/cawns.yaml" and error["line"] == line and error["column"]
    assert error["suggestion"] == "age"
    jobs = api.app.state.impact_jobs
    assert all(job.status == "done" for job in jobs._jobs.values())  # none started by this call


def test_an_officer_may_not_run_an_impact_analysis(api: Served, tmp_path: Path) -> None:
    answer = api.client.post(
        "/v1/rulesets/impact", json={"files": {"ruleset.yaml": "x: 1\n"}}, headers=api.auth("officer")
    )
    assert answer.status_code == 403
