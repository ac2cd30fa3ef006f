"""The policy handbook: the ruleset and the scenarios that document it, as one offline HTML page.

    disrupt docs OUT_DIR [--ruleset DIR] [--features DIR] [--results FILE]

reads the ruleset, the Gherkin features (their `@rule:<rule-id>` tags say which rules each
scenario documents) and the latest test run's cucumber JSON (default `.reports/cucumber.json`,
written by `pytest --cucumberjson=.reports/cucumber.json`), and writes OUT_DIR/index.html.
`engine.handbook_html` draws it; this module decides what goes in it.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from engine import default_ruleset_dir
from engine.cucumber import DEFAULT_RESULTS, LatestRun, ScenarioStatus, read_results
from engine.gherkin import Feature, Scenario, load_features
from engine.guard import GUARD_RULE
from engine.handbook_html import render_handbook, slug
from engine.ruleset import Ruleset, load_ruleset
from engine.typecheck import CheckedRule

DEFAULT_FEATURES = Path("features")
OTHER_THEME = "Other"


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


def write_handbook(handbook: Handbook, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(render_handbook(handbook), encoding="utf-8")
    return page


# -- the command -----------------------------------------------------------------------
def cmd_docs(args: argparse.Namespace) -> int:
    ruleset_dir = Path(args.ruleset) if args.ruleset else default_ruleset_dir()
    results = Path(args.results) if args.results else None
    handbook = load_handbook(ruleset_dir, Path(args.features), results)
    page = write_handbook(handbook, Path(args.out_dir))
    counts = handbook.status_counts()
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none found"
    print(f"wrote the policy handbook to {page}")
    print(
        f"  {handbook.ruleset.name} {handbook.ruleset.version}: {len(handbook.ruleset.rules)} rules; "
        f"scenarios: {statuses}"
        + (f" (results from {handbook.run.source})" if handbook.run.source else " (no test results found)")
    )
    for documented, unknown in handbook.unknown_rule_tags():
        print(
            f"  note: {documented.feature.file}:{documented.scenario.line} names unknown rule(s) "
            + ", ".join(unknown)
        )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "docs",
        help="write the policy handbook (offline HTML): rules, scenarios and the latest test results",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="folder to write index.html into (e.g. handbook/)")
    p.add_argument("--ruleset", metavar="DIR", help="ruleset folder (default: rulesets/disruption)")
    p.add_argument(
        "--features", metavar="DIR", default=str(DEFAULT_FEATURES), help="feature files (default: features/)"
    )
    p.add_argument(
        "--results",
        metavar="FILE",
        help=f"cucumber JSON of the latest test run (default: {DEFAULT_RESULTS} if it exists)",
    )
    p.set_defaults(handler=cmd_docs)
