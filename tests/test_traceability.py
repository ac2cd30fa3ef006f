"""Traceability: inquiry paragraphs ↔ rules ↔ scenarios, all inside the repository.

- every paragraph the ruleset lists as implemented is cited by at least one rule;
- every rule is documented by at least one scenario tagged `@rule:<id>`, in the feature file
  of the rule's theme;
- every `@rule:` tag names a rule that exists (a ruleset rule, or the engine's victim guard);
- every scenario names at least one rule it documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from gherkin.parser import Parser

from engine.guard import GUARD_RULE
from engine.ruleset import Ruleset
from tests.conftest import ROOT

FEATURES = ROOT / "features"
RULE_TAG = "@rule:"


@dataclass(frozen=True)
class TaggedScenario:
    feature: str  # the Feature's name
    file: str
    line: int
    name: str
    rule_ids: tuple[str, ...]


def _tags(node: dict[str, Any]) -> list[str]:
    return [t["name"] for t in node.get("tags", [])]


def _scenarios(path: Path) -> list[TaggedScenario]:
    document: Any = Parser().parse(path.read_text(encoding="utf-8"))
    feature = document["feature"]
    found: list[TaggedScenario] = []

    def walk(children: list[dict[str, Any]], inherited: list[str]) -> None:
        for child in children:
            if "rule" in child:
                walk(child["rule"]["children"], inherited + _tags(child["rule"]))
            elif "scenario" in child:
                scenario = child["scenario"]
                tags = inherited + _tags(scenario)
                for examples in scenario.get("examples", []):
                    tags += _tags(examples)
                ids = tuple(dict.fromkeys(t[len(RULE_TAG) :] for t in tags if t.startswith(RULE_TAG)))
                found.append(
                    TaggedScenario(
                        feature["name"], path.name, scenario["location"]["line"], scenario["name"], ids
                    )
                )

    walk(feature["children"], _tags(feature))
    return found


@pytest.fixture(scope="module")
def scenarios() -> list[TaggedScenario]:
    paths = sorted(FEATURES.glob("*.feature"))
    assert paths, "features/ has no .feature files"
    return [s for path in paths for s in _scenarios(path)]


def test_every_paragraph_the_ruleset_implements_is_cited_by_a_rule(ruleset: Ruleset) -> None:
    cited = {source for rule in ruleset.rules for source in rule.rule.sources}
    uncited = [paragraph for paragraph in ruleset.paragraphs if paragraph not in cited]
    assert ruleset.paragraphs, "the ruleset lists no paragraphs of its source"
    assert uncited == [], f"paragraphs listed in ruleset.yaml but cited by no rule: {uncited}"


def test_every_paragraph_a_rule_cites_is_one_the_ruleset_lists(ruleset: Ruleset) -> None:
    unlisted = {
        (rule.id, source)
        for rule in ruleset.rules
        for source in rule.rule.sources
        if source.startswith("¶") and source not in ruleset.paragraphs
    }
    assert unlisted == set()


def test_every_rule_has_a_scenario(ruleset: Ruleset, scenarios: list[TaggedScenario]) -> None:
    documented = {rule_id for s in scenarios for rule_id in s.rule_ids}
    missing = [rule.id for rule in ruleset.rules if rule.id not in documented]
    assert missing == [], f"rules with no scenario tagged @rule:<id>: {missing}"


def test_every_rule_has_a_scenario_in_its_themes_feature(
    ruleset: Ruleset, scenarios: list[TaggedScenario]
) -> None:
    by_feature: dict[str, set[str]] = {}
    for s in scenarios:
        by_feature.setdefault(s.feature, set()).update(s.rule_ids)
    misplaced = [
        (rule.id, rule.rule.theme)
        for rule in ruleset.rules
        if rule.id not in by_feature.get(rule.rule.theme or "", set())
    ]
    assert misplaced == [], f"rules with no scenario in the feature named after their theme: {misplaced}"


def test_every_rule_tag_names_a_known_rule(ruleset: Ruleset, scenarios: list[TaggedScenario]) -> None:
    known = {rule.id for rule in ruleset.rules} | {GUARD_RULE}
    unknown = [(s.file, s.line, rule_id) for s in scenarios for rule_id in s.rule_ids if rule_id not in known]
    assert unknown == [], f"@rule tags naming no rule: {unknown}"


def test_every_scenario_documents_a_rule(scenarios: list[TaggedScenario]) -> None:
    untagged = [(s.file, s.line, s.name) for s in scenarios if not s.rule_ids]
    assert untagged == [], f"scenarios with no @rule:<id> tag: {untagged}"


def test_every_parameter_a_rule_can_use_is_documented(ruleset: Ruleset) -> None:
    assert all(p.description.strip() for p in ruleset.parameters.values())
    for name in (
        "sro_similar_allegations",
        "interview_delay_days",
        "review_interval_days",
        "frequent_missing_episodes",
    ):
        assert name in ruleset.parameters, f"the threshold {name} is a named ruleset parameter"


def test_the_checks_above_can_fail(tmp_path: Path) -> None:
    """A scenario without a tag, and one naming an unknown rule, are found."""
    feature = tmp_path / "x.feature"
    feature.write_text(
        "Feature: X\n  @rule:no-such-rule\n  Scenario: a\n    Given a 13-year-old girl\n"
        "  Scenario: b\n    Given a 13-year-old girl\n",
        encoding="utf-8",
    )
    found = _scenarios(feature)
    assert [s.rule_ids for s in found] == [("no-such-rule",), ()]
