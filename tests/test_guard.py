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


def _one_rule(code: str, role: str = "suspect") -> str:
    """A rule that recommends `code` against every person of `role`, as a careless rule might."""
    return f"""
rules:
  - id: any-{role}
    title: A rule that recommends {code} against every {role}
    kind: recommend
    code: {code}
    severity: high
    target: who
    when:
      - fact: person
        as: who
        where:
          - who.role == {role}
    because: "{{who}}"
    sources: ["¶25"]
"""


def _evaluate_with(rules: str, **parts: Any) -> Answer:
    engine = Engine(ruleset_from_texts(ruleset_texts(rules)))
    try:
        return evaluate(engine, **parts)
    finally:
        engine.close()


def test_an_investigation_of_a_child_victim_who_is_also_a_suspect_is_withheld_not_warned() -> None:
    """Issue: a victim-and-suspect child got a critical warning about an investigation nobody proposed.

    An investigation restricts nobody: the guard withholds it (it is never recommended against a
    child victim) without a `victim_targeted` warning.
    """
    both = {"id": "girl", "role": "suspect", "victim": True, "age": 15}
    answer = _evaluate_with(_one_rule("investigate_suspect"), people=[both, MAN])
    assert [(f.kind, f.code, f.target) for f in answer.findings] == [
        ("recommend", "investigate_suspect", "man")
    ]


def test_a_restrictive_recommendation_against_a_child_victim_suspect_is_still_a_critical_warning() -> None:
    both = {"id": "girl", "role": "suspect", "victim": True, "age": 15}
    answer = _evaluate_with(_one_rule("cawn"), people=[both, MAN])
    assert [(f.kind, f.code, f.severity, f.target) for f in answer.findings] == [
        ("warn", "victim_targeted", "critical", "girl"),
        ("recommend", "cawn", "high", "man"),
    ]


@pytest.mark.parametrize(("age", "protected"), [(17, True), (None, True), (18, False)])
def test_someone_the_case_names_as_the_victim_of_a_sexual_offence_is_protected_whatever_victim_says(
    age: int | None, protected: bool
) -> None:
    """A suspect recorded `victim: false` whom the case's own offence names as its victim is a
    child victim while under 18 (or of unknown age): the guard errs on the side of the child."""
    youth = {"id": "youth", "role": "suspect", "victim": False, **({"age": age} if age is not None else {})}
    offence = {"id": "off-1", "type": "sexual_offence", "date": "2020-05-01", "victim": "youth",
               "suspect": "man"}  # fmt: skip
    answer = _evaluate_with(_one_rule("cawn"), people=[youth, MAN], events=[offence])
    turned = ("warn", "victim_targeted", "critical", "youth")
    found = [(f.kind, f.code, f.severity, f.target) for f in answer.findings if f.target == "youth"]
    assert found == ([turned] if protected else [("recommend", "cawn", "high", "youth")])


@pytest.mark.parametrize("role", ["suspect", "associate"])
@pytest.mark.parametrize("code", ["cawn", "investigate_suspect", "cse_flag"])
def test_no_person_aimed_tactic_is_recommended_against_a_child_whose_victim_status_is_not_recorded(
    role: str, code: str
) -> None:
    """Issue: the engine recommended a CAWN against a 17-year-old associate never asked about.

    The guard covers the engine's own recommendations: a person under 18 on the assessment date
    whose `victim` is not recorded gets a `child_target_unconfirmed` warning in place of the
    recommendation, and the answer asks for `<id>.victim`.
    """
    youth = {"id": "youth", "role": role, "age": 17}
    answer = _evaluate_with(_one_rule(code, role), people=[GIRL, youth])
    assert [(f.kind, f.code, f.severity, f.target, f.rule) for f in answer.findings] == [
        ("warn", "child_target_unconfirmed", "high", "youth", f"any-{role}")
    ]
    assert "who is 17, and whether youth is also a victim of exploitation is not recorded" in (
        answer.findings[0].because
    )
    assert [(u.fact, u.needed_by) for u in answer.unknowns] == [("youth.victim", [f"any-{role}"])]


@pytest.mark.parametrize(
    ("youth", "recommended"),
    [
        ({"id": "youth", "role": "suspect", "age": 17, "victim": False}, True),  # a child perpetrator (¶25)
        ({"id": "youth", "role": "suspect", "age": 18}, True),  # an adult on the assessment date
        ({"id": "youth", "role": "suspect", "date_of_birth": "2002-07-01"}, False),  # 17: 18 tomorrow
        ({"id": "youth", "role": "suspect", "date_of_birth": "2002-06-30"}, True),  # 18 today
    ],
)
def test_the_unconfirmed_child_guard_reads_the_age_on_the_assessment_date(
    youth: dict[str, Any], recommended: bool
) -> None:
    answer = _evaluate_with(_one_rule("cawn"), people=[GIRL, youth])
    assert [(f.kind, f.code) for f in answer.findings] == (
        [("recommend", "cawn")] if recommended else [("warn", "child_target_unconfirmed")]
    )
