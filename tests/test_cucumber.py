"""Reading the latest test run: each scenario's status in the handbook comes from here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from handbook_samples import FEATURE, results_json

from engine.errors import InputError
from policy_handbook.cucumber import CucumberReport, LatestRun, read_results
from policy_handbook.gherkin import Feature, parse_feature


@pytest.fixture(scope="module")
def feature() -> Feature:
    return parse_feature(FEATURE, "features/sample.feature")


@pytest.fixture
def run(tmp_path: Path) -> LatestRun:
    path = tmp_path / "cucumber.json"
    path.write_text(results_json(), encoding="utf-8")
    return read_results(path)


def status(run: LatestRun, feature: Feature, name: str) -> str:
    scenario = next(s for s in feature.scenarios if s.name == name)
    return run.status_of(feature, scenario).status


def test_a_scenario_whose_steps_all_passed_passed(run: LatestRun, feature: Feature) -> None:
    assert status(run, feature, "A 14-year-old found with an unrelated adult") == "passed"


def test_an_outline_fails_when_one_example_fails(run: LatestRun, feature: Feature) -> None:
    outline = feature.scenarios[1]
    result = run.status_of(feature, outline)
    assert (result.status, result.passed, result.failed, result.expected) == ("failed", 1, 1, 2)
    assert result.detail == "1 of 2 examples failed"


def test_a_scenario_missing_from_the_results_is_not_run(run: LatestRun, feature: Feature) -> None:
    assert status(run, feature, "A report never run") == "not run"


def test_without_results_every_scenario_is_not_run(feature: Feature) -> None:
    assert {LatestRun().status_of(feature, s).status for s in feature.scenarios} == {"not run"}


def test_results_of_another_feature_with_the_same_scenario_name_do_not_count(
    run: LatestRun, feature: Feature
) -> None:
    other = parse_feature("Feature: Another\n  Scenario: A report never run\n    Given x\n")
    renamed = parse_feature(FEATURE.replace("Feature: Child Abduction", "Feature: Renamed"))
    assert run.status_of(other, other.scenarios[0]).status == "not run"
    assert run.status_of(renamed, renamed.scenarios[0]).status == "not run"


def _run(data: list[dict[str, object]]) -> LatestRun:
    return LatestRun(tuple(CucumberReport.model_validate({"features": data}).features))


@pytest.mark.parametrize(
    ("statuses", "expected", "detail"),
    [
        (("passed", "passed"), "passed", "2 of 2 examples passed"),
        (("passed",), "partly run", "1 of 2 examples passed"),
        (("skipped", "skipped"), "skipped", "0 of 2 examples passed"),
        (("passed", "failed"), "failed", "1 of 2 examples failed"),
    ],
)
def test_outline_runs_are_matched_by_their_template_and_aggregated(
    feature: Feature, statuses: tuple[str, ...], expected: str, detail: str
) -> None:
    elements = [
        {"name": f"No CAWN at {13 + i} against a parent", "steps": [{"result": {"status": s}}]}
        for i, s in enumerate(statuses)
    ]
    run = _run([{"name": "Child Abduction Warning Notices", "elements": elements}])
    result = run.status_of(feature, feature.scenarios[1])
    assert (result.status, result.detail) == (expected, detail)


def test_missing_results_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_results(tmp_path / "nope.json")
    assert caught.value.first.file == str(tmp_path / "nope.json")


def test_a_file_that_is_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n{"name": ]', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_results(path)
    assert caught.value.first.line == 2


def test_json_that_is_not_a_cucumber_report_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"tests": []}), encoding="utf-8")
    with pytest.raises(InputError, match="not a cucumber JSON report"):
        read_results(path)


STEPS = '''
from pytest_bdd import given, parsers, scenarios, then

scenarios("sample.feature")


@given(parsers.parse("a child aged {age:d}"), target_fixture="age")
def age(age: int) -> int:
    return age


@then("the child is under 16")
def under_16(age: int) -> None:
    assert age < 16
'''

SAMPLE = """\
Feature: Real run
  Scenario: Passing
    Given a child aged 14
    Then the child is under 16

  Scenario Outline: Child aged <age>
    Given a child aged <age>
    Then the child is under 16

    Examples:
      | age |
      | 12  |
      | 17  |
"""


def test_reads_what_pytest_bdd_really_writes(tmp_path: Path) -> None:
    """Run pytest-bdd on a two-scenario feature and read its cucumber JSON back."""
    (tmp_path / "sample.feature").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(STEPS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    report = tmp_path / "cucumber.json"
    quiet = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only pytest-bdd: faster
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "pytest_bdd.plugin", "-p", "no:cacheprovider",
         f"--cucumberjson={report}"],
        cwd=tmp_path,
        env=quiet,
        capture_output=True,
        timeout=120,
        check=False,
    )
    run = read_results(report)
    feature = parse_feature(SAMPLE, "sample.feature")
    passing, outline = feature.scenarios
    assert run.status_of(feature, passing).status == "passed"
    result = run.status_of(feature, outline)
    assert (result.status, result.passed, result.failed) == ("failed", 1, 1)
