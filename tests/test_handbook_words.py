"""A rule in words: what a policy lead reads beside each condition line."""

from __future__ import annotations

import pytest
from handbook_samples import RULES_YAML, ruleset_texts

from engine.condition import parse_tree
from engine.ruleset import Ruleset, ruleset_from_texts
from policy_handbook.rule_words import RuleReader, parameters_used

TYPES = {
    "episode": "missing_episode",
    "adult": "person",
    "served": "action",
    "offence": "sexual_offence",
    "episodes": "missing_episode",
    "report": "report",
}


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return ruleset_from_texts(ruleset_texts())


@pytest.fixture(scope="module")
def reader(ruleset: Ruleset) -> RuleReader:
    return RuleReader(ruleset)


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("episode.child_age < 16", "the age of the episode's child at the time is under 16"),
        (
            "episode.child_age < $max_age",
            "the age of the episode's child at the time is under 16 (setting max_age)",
        ),
        ("adult.age >= 18", "the adult's age is at least 18"),
        ("offence.date >= 2004-05-01", "the offence's date is on or after 1 May 2004"),
        ("offence.date < episode.date", "the offence's date is before the episode's date"),
        ("offence.penetrative == true", "the offence's penetrative: yes"),
        ("offence.online != true", "the offence's online: no"),
        ("adult.role in [suspect, associate]", "the adult's role is suspect or associate"),
        ("adult.role not in [suspect, associate]", "the adult's role is neither suspect nor associate"),
        ("adult.role not in [victim]", "the adult's role is not victim"),
        (
            "adult.id in episode.found_with",
            "the adult is among the episode's people the child was found with",
        ),
        (
            "episode.child not in adult.connected_to",
            "the episode's child is not among the adult's children they are parent or guardian of",
        ),
        ("cse_flag not in adult.flags", "the adult's record flags do not include CSE flag"),
        ("episode.asked_where is missing", "the episode's asked where is not recorded"),
        ("offence.recorded_as is present", "the offence's recorded offence is recorded"),
        ("served.tactic == cawn", "the served's tactic is a Child Abduction Warning Notice (cawn)"),
        ("served.date > episode.date + 14", "the served's date is after the episode's date plus 14 days"),
        ("episodes.child == adult.id", "the episodes' child is the adult"),
        ("offence.investigation == closed_evidential_difficulties",
         "the offence's investigation is closed evidential difficulties"),
    ],
)
def test_each_condition_reads_as_a_sentence(reader: RuleReader, condition: str, words: str) -> None:
    line = reader.line(parse_tree(condition), TYPES)
    assert line.words == words
    assert line.raw == condition


def test_any_groups_read_as_alternatives_with_their_lines(reader: RuleReader) -> None:
    group = {"any": ["report.police_action == false", "report.police_action is missing"]}
    line = reader.line(parse_tree(group), TYPES)
    assert line.words == "at least one of these:"
    assert [p.words for p in line.parts] == [
        "the report's police action: no",
        "the report's police action is not recorded",
    ]
    assert [p.raw for p in line.parts] == ["report.police_action == false", "report.police_action is missing"]


def test_a_rule_reads_as_patterns_then_exceptions(ruleset: Ruleset, reader: RuleReader) -> None:
    rule = ruleset.rule("cawn-found-with-adult")
    assert rule is not None
    clauses = reader.clauses(rule)
    assert [(c.section, c.heading) for c in clauses] == [
        ("when", "There is a missing episode, called “episode”, where:"),
        ("when", "There is a person, called “adult”, where:"),
        ("unless", "Unless there is an action (a tactic proposed or used), called “served”, where:"),
    ]
    assert [line.raw for line in clauses[1].lines] == [
        "adult.id in episode.found_with",
        "adult.role in [suspect, associate]",
        "episode.child not in adult.connected_to",
    ]


def test_counts_say_how_many_and_per_what() -> None:
    rules = RULES_YAML.replace(
        "    unless:\n      - fact: action\n        as: served\n",
        "    count:\n      - fact: allegation\n        as: similar\n        where:\n"
        "          - similar.suspect == adult.id\n        group_by: similar_to\n"
        "        at_least: $max_age\n    unless:\n      - fact: action\n        as: served\n",
    )
    ruleset = ruleset_from_texts(ruleset_texts(rules))
    rule = ruleset.rule("cawn-found-with-adult")
    assert rule is not None
    count = next(c for c in RuleReader(ruleset).clauses(rule) if c.section == "count")
    assert count.heading == (
        "There are at least 16 (setting max_age) allegations, called “similar”, counted per kind of "
        "allegation, where:"
    )
    assert "max_age" in parameters_used(rule)


def test_the_lead_sentence_names_the_outcome(ruleset: Ruleset, reader: RuleReader) -> None:
    recommend, gap = ruleset.rules
    assert reader.lead(recommend) == (
        "Recommends considering a Child Abduction Warning Notice for the adult "
        "when all of the following hold."
    )
    assert reader.lead(gap) == (
        "Reports a gap, “A report about the child has no recorded police action”, about the report "
        "when all of the following hold."
    )


def test_because_marks_what_the_case_fills_in(ruleset: Ruleset, reader: RuleReader) -> None:
    rule = ruleset.rules[0]
    slots = reader.because(rule)
    assert [(s.text, s.filled_from) for s in slots if s.filled_from] == [
        ("episode.child", "episode.child"),
        ("episode.child_age", "episode.child_age"),
        ("adult", "adult"),
        ("16", "$max_age"),
    ]
    text = "".join(s.text for s in slots)
    assert text == "episode.child was episode.child_age when found with adult (under 16)"


def test_parameters_used_lists_each_setting_once(ruleset: Ruleset) -> None:
    assert parameters_used(ruleset.rules[0]) == ["max_age"]
    assert parameters_used(ruleset.rules[1]) == []
