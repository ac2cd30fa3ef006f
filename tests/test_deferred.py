"""Tests of optional attributes are decided after matching: true, false, or unknown."""

from __future__ import annotations

import pytest

from engine import case_from_data, ruleset_from_texts
from engine.compiler import compile_rules
from engine.condition import AnyOf, Presence, Undecided
from engine.deferred import relax, relaxable, split
from engine.fact import build_facts
from engine.ruleset import Ruleset
from tests.conftest import case_data, ruleset_texts

RULE = """
rules:
  - id: probe
    title: A child in care, under the limit, found with an adult
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_age < $limit
      - fact: person
        as: child
        where:
          - child.id == episode.child
          - child.role == child
          - child.legal_status in [care_order, interim_care_order]
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    because: "{child} was with {adult}"
    sources: ["¶10"]
"""


@pytest.fixture(scope="module")
def probe() -> Ruleset:
    return ruleset_from_texts(ruleset_texts(RULE))


def test_optional_attributes_tested_against_values_are_the_ones_deferred(probe: Ruleset) -> None:
    rule = probe.rules[0]
    assert relaxable(rule) == [("episode", "child_age"), ("child", "legal_status")]
    loose, deferred, targets = split(rule)
    assert [c.text for c in deferred] == [
        "episode.child_age < $limit",
        "child.legal_status in [care_order, interim_care_order]",
    ]
    assert targets == [("episode", "child_age"), ("child", "legal_status")]
    # durable-rules still tests them, as "holds, or is left open"; `role` is required: not deferred
    episode, child, _adult = loose
    assert isinstance(episode.where[0], AnyOf)
    assert [c.text for c in child.where[:2]] == ["child.id == episode.child", "child.role == child"]


def test_relaxing_an_age_known_as_bounds_asks_whether_the_bounds_decide_it(probe: Ruleset) -> None:
    rule = probe.rules[0]
    age_test = rule.when[0].where[0]
    relaxed_age = relax(age_test, ("episode", "child_age"), "missing_episode")
    assert isinstance(relaxed_age, AnyOf)  # it holds, or the bounds leave it open
    assert relaxed_age.parts[0] == age_test and isinstance(relaxed_age.parts[1], Undecided)
    status_test = rule.when[1].where[2]
    relaxed = relax(status_test, ("child", "legal_status"), "person")
    assert isinstance(relaxed, Presence) and not relaxed.present
    assert relax(status_test, ("episode", "child_age"), "person") == status_test


def decide(probe: Ruleset, **child: object) -> tuple[bool, list[tuple[str, str]]]:
    """Whether the probe rule holds for the one combination, and what is left open."""
    girl = {"id": "girl", "role": "child", "victim": True, **child}
    man = {"id": "man", "role": "suspect", "age": 30}
    episode = {
        "id": "ep",
        "type": "missing_episode",
        "child": "girl",
        "date": "2020-01-15",
        "found_with": ["man"],
    }
    facts = build_facts(case_from_data(case_data(people=[girl, man], events=[episode])))
    compiled = compile_rules(probe.rules, probe.parameters).rules["probe"]
    assert compiled.deferred is not None
    env = {
        "episode": facts.by_type["missing_episode"][0],
        "child": next(p for p in facts.by_type["person"] if p["ref"] == "girl"),
        "adult": next(p for p in facts.by_type["person"] if p["ref"] == "man"),
    }
    held = compiled.deferred.holds(env, facts)  # open_targets is asked only of what does not hold
    return held, [] if held else compiled.deferred.open_targets(env, facts)


def test_every_deferred_test_holds_so_the_rule_fires(probe: Ruleset) -> None:
    assert decide(probe, date_of_birth="2006-03-01", legal_status="care_order") == (True, [])


def test_a_missing_attribute_that_would_decide_the_rule_is_open(probe: Ruleset) -> None:
    assert decide(probe, date_of_birth="2006-03-01") == (False, [("child", "legal_status")])


def test_bounds_that_straddle_the_limit_leave_the_age_open(probe: Ruleset) -> None:
    # 16 on 2020-06-30: 15 or 16 on 2020-01-15, either side of the limit of 16
    assert decide(probe, age=16, legal_status="care_order") == (False, [("episode", "child_age")])


def test_a_test_that_is_false_leaves_nothing_open(probe: Ruleset) -> None:
    assert decide(probe, date_of_birth="2000-03-01", legal_status="care_order") == (False, [])
    assert decide(probe, date_of_birth="2006-03-01", legal_status="none") == (False, [])


def test_two_open_attributes_are_not_reported_one_by_one(probe: Ruleset) -> None:
    """As "the same rule with one attribute's tests relaxed": the other must still hold."""
    assert decide(probe, age=16) == (False, [])


def test_an_age_tested_twice_is_open_when_one_test_holds_and_the_other_is_left_open() -> None:
    """`>= 14` holds for "15 or 16" while `< 16` is open: recording the date of birth decides it."""
    twice = RULE.replace("          - episode.child_age < $limit\n",
                         "          - episode.child_age >= 14\n          - episode.child_age < $limit\n")
    assert twice != RULE
    ruleset = ruleset_from_texts(ruleset_texts(twice))
    assert decide(ruleset, age=16, legal_status="care_order") == (False, [("episode", "child_age")])
