"""For integrators: evaluation ids, dry runs, YAML bodies, the parameters, a named ruleset in /healthz."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from api_support import Served, case_json, served


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("integrators"), workers=1) as s:
        yield s


def test_each_answer_carries_its_evaluation_id_and_history_has_it(api: Served) -> None:
    first = api.client.post("/v1/evaluations", json=case_json("INT-1"), headers=api.auth("officer")).json()
    second = api.client.post("/v1/evaluations", json=case_json("INT-1"), headers=api.auth("officer")).json()
    assert first["dry_run"] is False and second["evaluation_id"] > first["evaluation_id"] >= 1
    history = api.client.get("/v1/cases/INT-1/history", headers=api.auth("officer")).json()
    assert [e["id"] for e in history["evaluations"]] == [first["evaluation_id"], second["evaluation_id"]]


def test_a_dry_run_answers_and_records_nothing_and_says_so(api: Served) -> None:
    answer = api.client.post(
        "/v1/evaluations?dry_run=true", json=case_json("INT-DRY"), headers=api.auth("officer")
    ).json()
    assert answer["dry_run"] is True and answer["evaluation_id"] is None and answer["findings"]
    history = api.client.get("/v1/cases/INT-DRY/history", headers=api.auth("officer"))
    assert history.status_code == 404


def test_a_yaml_body_gives_the_same_answer_as_json_and_its_errors_name_the_line(api: Served) -> None:
    data = case_json("INT-Y")
    as_json = api.client.post("/v1/evaluations?dry_run=true", json=data, headers=api.auth("officer")).json()
    text = yaml.safe_dump(data, sort_keys=False)
    headers = {**api.auth("officer"), "Content-Type": "application/yaml"}
    as_yaml = api.client.post("/v1/evaluations?dry_run=true", content=text, headers=headers).json()
    assert as_yaml["findings"] == as_json["findings"]
    recorded = api.client.post("/v1/evaluations", content=text, headers=headers)
    assert recorded.status_code == 200 and recorded.json()["evaluation_id"] >= 1
    bad = api.client.post("/v1/evaluations", content="case: {id: [unclosed", headers=headers)
    assert bad.status_code == 400 and "line" in bad.text
    plain = api.client.post("/v1/evaluations", content=text, headers={**api.auth("officer"),
                                                                     "Content-Type": "text/plain"})
    assert plain.status_code == 415 and "application/yaml" in plain.json()["detail"]


def test_the_parameters_are_listed_with_their_values(api: Served) -> None:
    got = api.client.get("/v1/ruleset/parameters", headers=api.auth("policy_lead"))
    assert got.status_code == 200
    by_name = {p["name"]: p for p in got.json()["parameters"]}
    text = (Path(api.ruleset_dir) / "ruleset.yaml").read_text()
    shipped = yaml.safe_load(text)["parameters"]
    assert by_name.keys() == shipped.keys()
    assert by_name["review_interval_days"]["value"] == shipped["review_interval_days"]["value"]
    assert api.client.get("/v1/ruleset/parameters").status_code == 401


def test_healthz_names_the_ruleset(api: Served) -> None:
    health = api.client.get("/healthz").json()
    assert health["status"] == "ok" and health["ruleset"]["name"] == "disruption"
    assert len(health["ruleset"]["sha256"]) == 64
