"""Rules are type-checked against the fact schema, with located, actionable messages."""

from __future__ import annotations

import pytest

from engine.errors import RulesetError
from engine.ruleset import ruleset_from_texts
from tests.conftest import ruleset_texts

RULE = """
rules:
  - id: r1
    title: T
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - {condition}
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    because: "{{adult}} was found with {{episode.child}}"
    sources: ["¶10"]
"""


def problems(condition: str) -> list[str]:
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(RULE.format(condition=condition)))
    return [str(p) for p in caught.value.problems]


def loads(condition: str) -> None:
    ruleset_from_texts(ruleset_texts(RULE.format(condition=condition)))


@pytest.mark.parametrize(
    "condition",
    [
        "episode.child_age < 16",
        "episode.child_age < $limit",
        "episode.date >= $start",
        "episode.asked_where == false",
        "episode.asked_where is missing",
        "episode.days_before_as_of <= 365",
    ],
)
def test_well_typed_conditions_load(condition: str) -> None:
    loads(condition)


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ("episode.chld_age < 16", "a missing_episode has no attribute 'chld_age': did you mean 'child_age'?"),
        ("episod.child_age < 16", "'episod' is not defined in this rule: did you mean 'episode'?"),
        ("episode.child_age == '16'", "episode.child_age is a number; '16' is text"),
        ("episode.child_age < $limt", "unknown parameter '$limt': did you mean 'limit'?"),
        ("episode.asked_where < 3", "< needs numbers or dates, not true or false"),
        ("episode.found_with == x", "a list is tested with 'in' or 'not in'"),
        ("episode.child_age < episode.days_before_as_of", "compares two attributes of one fact"),
        ("16 < 17", "compares no fact attribute"),
        ("episode.child_age in [a, b]", "is a number; 'a' is text"),
    ],
)
def test_ill_typed_conditions_are_refused_with_a_reason(condition: str, fragment: str) -> None:
    found = problems(condition)
    assert any(fragment in p for p in found), found


def test_enum_values_are_checked_with_a_suggestion() -> None:
    rules = RULE.format(condition="episode.child_age < 16").replace(
        "adult.id in episode.found_with", "adult.legal_status == care_ordr"
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(rules))
    assert "did you mean 'care_order'" in str(caught.value)


def test_tactic_literals_are_checked_against_the_catalogue() -> None:
    rules = (
        RULE.format(condition="episode.child_age < 16")
        + """
    unless:
      - fact: action
        where:
          - action.tactic == cwan
          - action.target == adult.id
"""
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(rules))
    assert "unknown tactic 'cwan'" in str(caught.value)
    assert "did you mean 'cawn'" in str(caught.value)


def test_self_joins_are_refused_because_they_crash_durable_rules() -> None:
    rules = """
rules:
  - id: two-episodes
    title: T
    kind: gap
    code: cawn_delay
    severity: low
    target: b
    when:
      - fact: missing_episode
        as: a
      - fact: missing_episode
        as: b
        where:
          - b.date > a.date
    because: "{b}"
    sources: ["¶18"]
"""
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(rules))
    problem = caught.value.first
    assert problem.rule_id == "two-episodes"
    assert "self-joins" in problem.message
    assert problem.line == 15


def test_because_must_name_known_facts() -> None:
    rules = RULE.format(condition="episode.child_age < 16").replace(
        'because: "{adult} was found with {episode.child}"', 'because: "{adlt} at {episode.palce}"'
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_from_texts(ruleset_texts(rules))
    text = str(caught.value)
    assert "did you mean 'adult'" in text
    assert "has no attribute 'palce'" in text


def test_because_must_say_something_from_the_facts() -> None:
    rules = RULE.format(condition="episode.child_age < 16").replace(
        'because: "{adult} was found with {episode.child}"', 'because: "policy says so"'
    )
    with pytest.raises(RulesetError, match="must name at least one fact"):
        ruleset_from_texts(ruleset_texts(rules))


def test_list_membership_is_not_allowed_inside_unless() -> None:
    rules = (
        RULE.format(condition="episode.child_age < 16")
        + """
    unless:
      - fact: location
        where:
          - adult.id in location.linked_people
"""
    )
    with pytest.raises(RulesetError, match="cannot be inside any: or unless:"):
        ruleset_from_texts(ruleset_texts(rules))


def test_unless_conditions_must_test_their_own_fact() -> None:
    rules = (
        RULE.format(condition="episode.child_age < 16")
        + """
    unless:
      - fact: action
        where:
          - episode.child_age < 3
"""
    )
    with pytest.raises(RulesetError, match="must test the action it belongs to"):
        ruleset_from_texts(ruleset_texts(rules))


def test_a_rules_alias_types_are_shared_read_only() -> None:
    """Compiler, wording, deferred tests and the handbook all read one map: none may change it."""
    rule = ruleset_from_texts(ruleset_texts(RULE.format(condition="episode.child_age < 16"))).rules[0]
    assert dict(rule.alias_types) == {"episode": "missing_episode", "adult": "person"}
    with pytest.raises(TypeError):
        rule.alias_types["served"] = "action"  # type: ignore[index]
