"""The latest test run's outcome per scenario, read from pytest-bdd's cucumber JSON.

`pytest --cucumberjson=.reports/cucumber.json` writes one entry per test run: a scenario
outline appears once per example row. `LatestRun.status_of` matches a scenario of a feature
file by feature name and scenario name (an outline's rendered names by its template), and
aggregates: any failed run → failed; every expected run passed → passed; some runs missing
→ partly run; none → not run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.errors import InputError, Problem
from policy_handbook.gherkin import Feature, Scenario

DEFAULT_RESULTS = Path(".reports/cucumber.json")
MAX_RESULTS_BYTES = 64 * 1024 * 1024

Status = Literal["passed", "failed", "skipped", "partly run", "not run"]
STATUS_LABELS: dict[str, str] = {
    "passed": "Passed",
    "failed": "Failed",
    "skipped": "Skipped",
    "partly run": "Partly run",
    "not run": "Not run",
}


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StepResult(_Shape):
    status: str = "undefined"
    error_message: str | None = None


class ResultStep(_Shape):
    keyword: str = ""
    name: str = ""
    result: StepResult = Field(default_factory=StepResult)


class ResultScenario(_Shape):
    name: str
    line: int | None = None
    steps: list[ResultStep] = Field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = [s.result.status for s in self.steps]
        if "failed" in statuses:
            return "failed"
        if statuses and all(s == "passed" for s in statuses):
            return "passed"
        return "skipped"


class ResultFeature(_Shape):
    name: str = ""
    uri: str = ""
    elements: list[ResultScenario] = Field(default_factory=list)


class CucumberReport(_Shape):
    """The file pytest-bdd writes: a JSON list of features."""

    features: list[ResultFeature]


@dataclass(frozen=True)
class ScenarioStatus:
    status: Status
    passed: int  # runs that passed
    failed: int
    runs: int  # runs found in the results
    expected: int  # runs the scenario makes (example rows, or 1)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def detail(self) -> str:
        """'3 of 3 examples passed', '1 of 2 examples failed', '' for a plain scenario."""
        if self.expected <= 1 and self.runs <= 1:
            return ""
        if self.failed:
            return f"{self.failed} of {self.expected} examples failed"
        return f"{self.passed} of {self.expected} examples passed"


def _template(name: str) -> re.Pattern[str]:
    """An outline's name with <placeholders> as wildcards, to match its rendered names."""
    parts = re.split(r"<[^<>]+>", name)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.DOTALL)


@dataclass(frozen=True)
class LatestRun:
    """Results of one test run (empty when there is none)."""

    features: tuple[ResultFeature, ...] = ()
    source: str | None = None  # the file it was read from

    def status_of(self, feature: Feature, scenario: Scenario) -> ScenarioStatus:
        results = self._results(feature, scenario)
        passed = sum(1 for r in results if r.status == "passed")
        failed = sum(1 for r in results if r.status == "failed")
        expected = scenario.runs
        status: Status
        if failed:
            status = "failed"
        elif not results:
            status = "not run"
        elif passed >= expected:
            status = "passed"
        elif passed == 0:
            status = "skipped"
        else:
            status = "partly run"
        return ScenarioStatus(status, passed, failed, len(results), expected)

    def _results(self, feature: Feature, scenario: Scenario) -> list[ResultScenario]:
        pattern = _template(scenario.name) if scenario.is_outline else None
        found: list[ResultScenario] = []
        for result_feature in self.features:
            if result_feature.name != feature.name:
                continue
            for element in result_feature.elements:
                if element.name == scenario.name or (pattern and pattern.fullmatch(element.name)):
                    found.append(element)
        return found


def read_results(path: Path) -> LatestRun:
    """Read a cucumber JSON file; InputError naming the file if it cannot be read."""
    try:
        if path.stat().st_size > MAX_RESULTS_BYTES:
            raise InputError(Problem("the test results file is too large", file=str(path)))
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(Problem("no test results file here", file=str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"cannot read the test results: {exc}", file=str(path))) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"not JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno)
        ) from None
    try:
        report = CucumberReport.model_validate({"features": data})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:])
        raise InputError(
            Problem(
                f"not a cucumber JSON report (pytest --cucumberjson=…): {first['msg']}",
                path=where,
                file=str(path),
            )
        ) from None
    return LatestRun(tuple(report.features), str(path))
