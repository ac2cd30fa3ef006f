"""The victim guard lives in the engine (¶25–¶26): whatever the rules say."""

from __future__ import annotations

from typing import Any

import pytest

from engine import Engine, case_from_data
from engine.finding import Answer
from engine.ruleset import ruleset_from_texts
from tests.conftest import case_data, ruleset_texts

GIRL = {"id": "girl", "role": "child", "victim": True, "age": 13}
MAN = {"id": "man", "role": "suspect", "age": 19}


def evaluate(engine: Engine, **parts: Any) -> Answer:
    return engine.evaluate(case_from_data(case_data(**parts)))


@pytest.mark.parametrize("status", ["proposed", "issued", "applied", "granted", "refused", "breached"])
def test_a_cawn_planned_or_served_on_a_child_victim_is_a_critical_warning(
    engine: Engine, status: str
) -> None:
    plan = {"id": "plan", "tactic": "cawn", "target": "girl", "status": status, "date": "2020-06-01"}
    answer = evaluate(engine, people=[GIRL, MAN], actions=[plan])
    warning = answer.findings[0]
    assert (warning.kind, warning.code, warning.severity, warning.target) == (
        "warn",
        "victim_targeted",
        "critical",
        "girl",
    )
    assert warning.facts == ["plan", "girl"]
    assert f"{status} on 2020-06-01 against girl, a child victim aged 13" in warning.because
    assert any(s.endswith("¶25") for s in warning.sources)


def test_a_withdrawn_plan_is_not_warned_about(engine: Engine) -> None:
    plan = {"id": "plan", "tactic": "cawn", "target": "girl", "status": "withdrawn"}
    answer = evaluate(engine, people=[GIRL], actions=[plan])
    assert not any(f.code == "victim_targeted" for f in answer.findings)


def test_protective_measures_for_the_child_are_not_warned_about(engine: Engine) -> None:
    plan = {"id": "plan", "tactic": "recovery_order", "target": "girl", "status": "proposed"}
    answer = evaluate(engine, people=[GIRL], actions=[plan])
    assert not any(f.code == "victim_targeted" for f in answer.findings)


def test_a_child_perpetrator_is_not_a_victim(engine: Engine) -> None:
    boy = {"id": "boy", "role": "suspect", "age": 15}
    plan = {"id": "plan", "tactic": "cawn", "target": "boy", "status": "proposed"}
    answer = evaluate(engine, people=[GIRL, boy], actions=[plan])
    assert not any(f.code == "victim_targeted" for f in answer.findings)


def test_a_child_whose_victim_status_is_not_recorded_is_protected(engine: Engine) -> None:
    child = {"id": "girl", "role": "child", "age": 13}
    plan = {"id": "plan", "tactic": "cawn", "target": "girl", "status": "proposed"}
    answer = evaluate(engine, people=[child], actions=[plan])
    assert answer.findings[0].code == "victim_targeted"


def test_a_rule_that_would_recommend_a_cawn_against_a_victim_is_overruled() -> None:
    careless = """
rules:
  - id: careless-rule
    title: A badly written rule that points a CAWN at any child
    kind: recommend
    code: cawn
    severity: low
    target: child
    when:
      - fact: person
        as: child
        where:
          - child.role == child
    because: "{child}"
    sources: ["¶25"]
"""
    engine = Engine(ruleset_from_texts(ruleset_texts(careless)))
    try:
        answer = evaluate(engine, people=[GIRL, MAN])
    finally:
        engine.close()
    assert [(f.kind, f.code, f.severity, f.rule) for f in answer.findings] == [
        ("warn", "victim_targeted", "critical", "careless-rule")
    ]
    assert "never at child victims" in answer.findings[0].because
