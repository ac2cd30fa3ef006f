"""`disrupt docs`: the policy handbook built from the real ruleset and features, complete and offline."""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from handbook_samples import FEATURE, results_json, ruleset_texts

from disrupt.cli import build_parser, main
from engine.condition import AllOf, AnyOf, Compare, Condition, ListOf, Literal, Member, Ref, Undecided
from engine.guard import CODE as GUARD_CODE
from engine.guard import GUARD_RULE
from engine.ruleset import Ruleset, load_ruleset
from policy_handbook.gherkin import load_features
from policy_handbook.handbook import Handbook, build_handbook
from policy_handbook.page import write_handbook

ROOT = Path(__file__).resolve().parent.parent
RULESET_DIR = ROOT / "rulesets" / "disruption"
FEATURES_DIR = ROOT / "features"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Handbook, str, Path]:
    """The handbook of the shipped ruleset and features (no test results: all 'not run')."""
    out = tmp_path_factory.mktemp("handbook")
    handbook = build_handbook(load_ruleset(RULESET_DIR), load_features(FEATURES_DIR))
    page = write_handbook(handbook, out)
    return handbook, page.read_text(encoding="utf-8"), page


@pytest.fixture
def sample_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder with the sample ruleset, feature and results where `disrupt docs` looks."""
    for name, text in ruleset_texts().items():
        path = tmp_path / "rulesets" / "disruption" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "sample.feature").write_text(FEATURE, encoding="utf-8")
    (tmp_path / ".reports").mkdir()
    (tmp_path / ".reports" / "cucumber.json").write_text(results_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISRUPT_RULESET", raising=False)
    yield tmp_path


# -- the command -------------------------------------------------------------------------
def test_docs_is_a_disrupt_command() -> None:
    args = build_parser().parse_args(["docs", "out", "--results", "r.json", "--features", "f"])
    assert (args.out_dir, args.results, args.features) == ("out", "r.json", "f")


def test_docs_uses_the_default_folders_and_results_and_says_where_it_wrote(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["docs", "handbook"]) == 0
    out = capsys.readouterr().out
    page = sample_project / "handbook" / "index.html"
    assert f"wrote the policy handbook to {Path('handbook') / 'index.html'}" in out
    assert "results from .reports/cucumber.json" in out
    assert "names unknown rule(s) a-removed-rule" in out
    html = page.read_text(encoding="utf-8")
    assert "sample, version 1.0.0" in html
    assert "✓ Passed" in html and "✗ Failed" in html


def test_docs_without_results_marks_scenarios_not_run(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_project / ".reports" / "cucumber.json").unlink()
    assert main(["docs", "out"]) == 0
    assert "(no test results found)" in capsys.readouterr().out
    assert "No test results found" in (sample_project / "out" / "index.html").read_text(encoding="utf-8")


def test_a_missing_results_file_is_one_line_naming_it(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["docs", "out", "--results", "nowhere.json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("disrupt: nowhere.json") and "\n" not in err
    assert not (sample_project / "out").exists()


def test_a_broken_feature_file_names_its_line(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_project / "features" / "broken.feature").write_text("Feature: b\n  Given x\n", encoding="utf-8")
    assert main(["docs", "out"]) == 2
    assert "features/broken.feature:2" in capsys.readouterr().err


def test_an_invalid_ruleset_is_refused(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = sample_project / "rulesets" / "disruption" / "rules" / "sample.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("code: cawn", "code: cwan"), encoding="utf-8")
    assert main(["docs", "out"]) == 2
    assert "did you mean 'cawn'" in capsys.readouterr().err


# -- the real ruleset: every rule, scenario, setting and code is in the handbook -----------
def test_every_rule_of_the_ruleset_has_its_section(real: tuple[Handbook, str, Path]) -> None:
    handbook, html, _ = real
    for rule in handbook.ruleset.rules:
        assert f'id="rule-{rule.id}"' in html, rule.id
        assert escape(rule.rule.title) in html, rule.id
    assert f'id="rule-{GUARD_RULE}"' in html
    for theme in handbook.themes():
        assert f">{escape(theme)}</h2>" in html


def test_every_scenario_of_the_features_appears(real: tuple[Handbook, str, Path]) -> None:
    _, html, _ = real
    features = load_features(FEATURES_DIR)
    if not features:
        pytest.skip("no feature files in features/ yet")
    for feature in features:
        for scenario in feature.scenarios:
            assert escape(scenario.name) in html, f"{feature.file}:{scenario.line} {scenario.name}"


def test_every_rule_tag_in_the_features_names_a_rule(real: tuple[Handbook, str, Path]) -> None:
    handbook, _, _ = real
    unknown = [
        f"{d.feature.file}:{d.scenario.line} @rule:{i}"
        for d, ids in handbook.unknown_rule_tags()
        for i in ids
    ]
    assert not unknown, "scenarios tagged with rules the ruleset does not have: " + ", ".join(unknown)


def test_every_parameter_is_documented(real: tuple[Handbook, str, Path]) -> None:
    handbook, html, _ = real
    for name, parameter in handbook.ruleset.parameters.items():
        assert parameter.description.strip(), f"parameter {name} has no description"
        assert f'id="param-{name}"' in html


def _tactic_literals(condition: Condition) -> list[str]:
    """Tactic ids a condition names, e.g. `served.tactic in [cawn, sro]`."""
    if isinstance(condition, AnyOf | AllOf):
        return [t for part in condition.parts for t in _tactic_literals(part)]
    if isinstance(condition, Undecided):
        return _tactic_literals(condition.compare)
    if isinstance(condition, Compare):
        sides = (condition.left, condition.right)
        if any(isinstance(s, Ref) and s.attr == "tactic" for s in sides):
            return [str(s.value) for s in sides if isinstance(s, Literal)]
    if (
        isinstance(condition, Member)
        and isinstance(condition.item, Ref)
        and condition.item.attr == "tactic"
        and isinstance(condition.collection, ListOf)
    ):
        return [str(i.value) for i in condition.collection.items if isinstance(i, Literal)]
    return []


def test_every_code_and_tactic_the_rules_use_is_in_the_catalogue(ruleset: Ruleset) -> None:
    catalogue = set(ruleset.tactics) | set(ruleset.codes)
    assert GUARD_CODE in ruleset.codes
    for rule in ruleset.rules:
        assert rule.rule.code in catalogue, f"{rule.id}: code {rule.rule.code} is not in the catalogue"
        for binding in (*rule.when, *rule.unless, *rule.count):
            for condition in binding.where:
                for tactic in _tactic_literals(condition):
                    assert tactic in ruleset.tactics, f"{rule.id}: tactic {tactic} is not in the catalogue"


def test_every_paragraph_cited_is_summarised(ruleset: Ruleset) -> None:
    cited = {s for r in ruleset.rules for s in r.rule.sources}
    cited |= {s for t in ruleset.tactics.values() for s in t.sources}
    cited |= {s for c in ruleset.codes.values() for s in c.sources}
    cited |= {s for p in ruleset.parameters.values() for s in p.sources}
    missing = sorted(s for s in cited if s.startswith("¶") and s not in ruleset.paragraphs)
    assert not missing, f"cited but not in paragraphs: {missing}"


def test_every_tactic_code_and_paragraph_has_a_row(real: tuple[Handbook, str, Path]) -> None:
    handbook, html, _ = real
    for tactic in handbook.ruleset.tactics:
        assert f'id="tactic-{tactic}"' in html
    for code in handbook.ruleset.codes:
        assert f'id="code-{code}"' in html
    for paragraph in handbook.ruleset.paragraphs:
        assert f'id="para-{paragraph.lstrip("¶")}"' in html


def test_every_rule_says_where_to_edit_it(real: tuple[Handbook, str, Path]) -> None:
    handbook, _, _ = real
    for rule in handbook.ruleset.rules:
        location = handbook.location(rule.id)
        assert location is not None, rule.id
        assert f"id: {rule.id}" in handbook.ruleset.files[location.file].splitlines()[location.line - 1]


# -- what a reader sees -------------------------------------------------------------------
def _chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_headless_chromium_renders_the_handbook(real: tuple[Handbook, str, Path], tmp_path: Path) -> None:
    """Open the page in Chromium without network access and take a screenshot a person can look at."""
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (CI installs it with `apt-get install -y chromium`)")
    _, _, page = real
    screenshot = tmp_path / "handbook.png"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={screenshot}",
        "--window-size=1280,2000",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert screenshot.is_file(), done.stderr.decode(errors="replace")[-2000:]
    assert _png_size(screenshot) == (1280, 2000)
    # a blank or unstyled page compresses to a few kilobytes; the handbook's first screen does not
    assert screenshot.stat().st_size > 60_000
    print(f"handbook screenshot: {screenshot}")
