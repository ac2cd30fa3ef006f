"""The policy handbook: the ruleset and the scenarios that document it, as one offline HTML page.

It holds the ruleset, the Gherkin features (their `@rule:<rule-id>` tags say which rules each
scenario documents) and the latest test run's cucumber JSON (default `.reports/cucumber.json`,
written by `pytest --cucumberjson=.reports/cucumber.json`). This module decides what goes in
it; `policy_handbook.page` draws it and `policy_handbook.commands` is `disrupt docs`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from engine.guard import GUARD_RULE
from engine.ruleset import Ruleset, load_ruleset
from engine.typecheck import CheckedRule
from policy_handbook.cucumber import DEFAULT_RESULTS, LatestRun, ScenarioStatus, read_results
from policy_handbook.gherkin import Feature, Scenario, load_features

DEFAULT_FEATURES = Path("features")
OTHER_THEME = "Other"


def slug(text: str) -> str:
    """An HTML anchor made of the text's letters and digits."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class DocumentedScenario:
    """A scenario of a feature file with its status in the latest test run."""

    feature: Feature
    scenario: Scenario
    status: ScenarioStatus

    @property
    def anchor(self) -> str:
        return "scenario-" + slug(f"{Path(self.feature.file).stem}-{self.scenario.line}")


@dataclass(frozen=True)
class RuleLocation:
    file: str  # relative to the ruleset folder, e.g. rules/cawns.yaml
    line: int


@dataclass
class Handbook:
    ruleset: Ruleset
    features: list[Feature]
    run: LatestRun
    run_time: datetime | None = None  # when the results file was written
    scenarios: list[DocumentedScenario] = field(default_factory=list)

    # -- rules and themes ---------------------------------------------------------------
    def themes(self) -> dict[str, list[CheckedRule]]:
        """Rules by theme, themes in order of first appearance, rules without one under Other."""
        themes: dict[str, list[CheckedRule]] = {}
        for rule in self.ruleset.rules:
            if rule.rule.theme:
                themes.setdefault(rule.rule.theme, []).append(rule)
        other = [r for r in self.ruleset.rules if not r.rule.theme]
        if other:
            themes.setdefault(OTHER_THEME, []).extend(other)
        return themes

    def rule_ids(self) -> set[str]:
        return {r.id for r in self.ruleset.rules} | {GUARD_RULE}

    def location(self, rule_id: str) -> RuleLocation | None:
        """Where a rule is written, for 'edit it in rules/cawns.yaml, line 3'."""
        quoted = rf"['\"]?{re.escape(rule_id)}['\"]?"
        pattern = re.compile(rf"^[ \t]*(?:-[ \t]*)?id:[ \t]*{quoted}[ \t]*(?:#.*)?$", re.MULTILINE)
        for name in sorted(self.ruleset.files):
            match = pattern.search(self.ruleset.files[name])
            if match:
                return RuleLocation(name, self.ruleset.files[name].count("\n", 0, match.start()) + 1)
        return None

    # -- scenarios ----------------------------------------------------------------------
    def documenting(self, rule_id: str) -> list[DocumentedScenario]:
        return [s for s in self.scenarios if rule_id in s.scenario.rule_ids]

    def unknown_rule_tags(self) -> list[tuple[DocumentedScenario, list[str]]]:
        """Scenarios tagged with a rule id the ruleset does not have (a renamed or removed rule)."""
        known = self.rule_ids()
        found: list[tuple[DocumentedScenario, list[str]]] = []
        for s in self.scenarios:
            unknown = [i for i in s.scenario.rule_ids if i not in known]
            if unknown:
                found.append((s, unknown))
        return found

    def untagged(self) -> list[DocumentedScenario]:
        return [s for s in self.scenarios if not s.scenario.rule_ids]

    def undocumented_rules(self) -> list[str]:
        """Rules no scenario documents yet (the victim guard included)."""
        return [i for i in [GUARD_RULE, *(r.id for r in self.ruleset.rules)] if not self.documenting(i)]

    def status_counts(self) -> Counter[str]:
        return Counter(s.status.status for s in self.scenarios)

    # -- cross references ---------------------------------------------------------------
    def rules_using_code(self, code: str) -> list[CheckedRule]:
        return [r for r in self.ruleset.rules if r.rule.code == code]

    def rules_citing(self, paragraph: str) -> list[CheckedRule]:
        return [r for r in self.ruleset.rules if paragraph in r.rule.sources]


def build_handbook(
    ruleset: Ruleset, features: list[Feature], run: LatestRun | None = None, run_time: datetime | None = None
) -> Handbook:
    run = run or LatestRun()
    handbook = Handbook(ruleset, features, run, run_time)
    handbook.scenarios = [
        DocumentedScenario(feature, scenario, run.status_of(feature, scenario))
        for feature in features
        for scenario in feature.scenarios
    ]
    return handbook


def load_handbook(ruleset_dir: Path, features_dir: Path, results: Path | None) -> Handbook:
    """Read everything the handbook shows. `results` None: the default file, if it exists."""
    ruleset = load_ruleset(ruleset_dir)
    features = load_features(features_dir)
    if results is None and DEFAULT_RESULTS.is_file():
        results = DEFAULT_RESULTS
    run = read_results(results) if results is not None else None
    run_time = datetime.fromtimestamp(results.stat().st_mtime, UTC) if results is not None else None
    return build_handbook(ruleset, features, run, run_time)
