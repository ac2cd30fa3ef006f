"""Recommendations are lawful by construction: each meets its tactic's statutory test (engine/legal.py).

The catalogue states each tactic's statutory test as conditions (`legal: routes:`). On generated
fictional cases, every recommendation the shipped rules make must meet its tactic's test on the
same facts; a rule that recommends where the test fails is caught here before it ships. The other
tests show the check can fail, and that `explain` names the facts that met each limb.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from reference import real_ruleset
from strategies import cases
from test_places_properties import place_cases

from engine import Case, Engine, case_from_data, ruleset_from_texts
from engine.errors import RulesetError
from engine.legal import LegalCheck, explain
from tests.conftest import case_data, ruleset_texts

SETTINGS = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GIRL_13 = {"id": "girl", "role": "child", "victim": True, "age": 13}
MAN = {"id": "man", "role": "suspect", "age": 24, "victim": False}


def found_with_man(date: str) -> dict[str, Any]:
    return {"id": "ep", "type": "missing_episode", "child": "girl", "date": date, "found_with": ["man"]}


@pytest.fixture(scope="module")
def shipped() -> Iterator[tuple[Engine, LegalCheck]]:
    ruleset = real_ruleset()
    engine, check = Engine(ruleset), LegalCheck(ruleset)
    yield engine, check
    engine.close()
    check.close()


def unlawful(engine: Engine, check: LegalCheck, case: Case) -> list[str]:
    """Recommendations whose tactic has a statutory test that this case's facts do not meet."""
    met = check.met(case)
    return [
        f"{f.rule} recommends {f.code} against {f.target}"
        for f in engine.evaluate(case).findings
        if f.kind == "recommend" and check.tested(f.code) and (f.code, f.target) not in met
    ]


@SETTINGS
@given(case=cases())
def test_no_generated_case_gets_a_recommendation_its_statutory_test_does_not_allow(
    shipped: tuple[Engine, LegalCheck], case: Case
) -> None:
    engine, check = shipped
    assert unlawful(engine, check, case) == []


@SETTINGS
@given(data=place_cases())
def test_no_case_built_around_places_gets_a_recommendation_its_statutory_test_does_not_allow(
    shipped: tuple[Engine, LegalCheck], data: dict[str, Any]
) -> None:
    """The general generator rarely reaches the place rules; these cases are drawn around them."""
    engine, check = shipped
    assert unlawful(engine, check, case_from_data(data)) == []


@pytest.mark.parametrize(
    ("girl", "lawful"),
    [
        ({**GIRL_13, "age": 15}, True),  # the s.2 route is open today
        ({**GIRL_13, "age": 16, "legal_status": "none"}, False),
        ({**GIRL_13, "age": 16, "legal_status": "s20_accommodated"}, False),
        ({**GIRL_13, "age": 17, "legal_status": "interim_care_order"}, True),  # the s.49 route
        ({**GIRL_13, "age": 18, "legal_status": "care_order"}, False),
    ],
)
def test_the_cawn_test_reads_the_age_and_legal_status_on_the_assessment_date(
    girl: dict[str, Any], lawful: bool
) -> None:
    episode = found_with_man("2019-06-30")
    check = LegalCheck(real_ruleset())
    try:
        met = check.met(case_from_data(case_data(people=[girl, MAN], events=[episode])))
    finally:
        check.close()
    assert (("cawn", "man") in met) is lawful


def test_a_rule_recommending_a_cawn_the_law_does_not_allow_is_caught() -> None:
    """The check can fail: a careless rule serves a CAWN for any child ever found with an adult."""
    careless = """
rules:
  - id: careless-cawn
    title: A badly written rule that ignores the child's age today
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    because: "{adult}"
    sources: ["¶10"]
"""
    ruleset = ruleset_from_texts(ruleset_texts(careless))
    engine, check = Engine(ruleset), LegalCheck(ruleset)
    girl_16 = {**GIRL_13, "age": 16, "legal_status": "none"}
    episode = found_with_man("2019-06-30")
    try:
        case = case_from_data(case_data(people=[girl_16, MAN], events=[episode]))
        assert unlawful(engine, check, case) == ["careless-cawn recommends cawn against man"]
    finally:
        engine.close()
        check.close()


def test_every_tactic_in_the_catalogue_states_its_legal_test_and_every_restrictive_one_checks_it() -> None:
    ruleset = real_ruleset()
    assert [t for t, tactic in ruleset.tactics.items() if tactic.legal is None] == []
    unchecked = [t for t, tactic in ruleset.tactics.items() if tactic.restrictive and t not in ruleset.legal]
    assert unchecked == ["stpo"]  # stated in words only: no rule recommends it, and no fact names the offence


def test_a_broken_statutory_test_is_refused_with_its_file_and_line() -> None:
    texts = ruleset_texts("rules: []\n")
    texts["catalogue.yaml"] = texts["catalogue.yaml"].replace(
        "                - child.age < 16\n", "                - child.agee < 16\n", 1
    )
    with pytest.raises(RulesetError) as raised:
        ruleset_from_texts(texts)
    problem = raised.value.first
    assert problem.file == "catalogue.yaml" and problem.line is not None
    assert "agee" in problem.message and problem.suggestion == "age"


def test_explain_states_the_test_limb_by_limb_and_the_facts_that_met_it() -> None:
    ruleset = real_ruleset()
    rule = ruleset.rule("cawn-found-with-adult")
    assert rule is not None
    episode = found_with_man("2020-06-01")
    check = LegalCheck(ruleset)
    try:
        met = check.met(case_from_data(case_data(people=[GIRL_13, MAN], events=[episode])))
    finally:
        check.close()
    text = explain(ruleset, rule, met)
    assert "✔ the person is not the child's parent or guardian (Child Abduction Act 1984 s.2)" in text
    assert "On this case, met for man by route 1:" in text
    assert "✔ the child is under 16 on the day the CAWN is served (s.2 route): girl" in text
