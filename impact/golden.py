"""Golden answers for the example cases: each `examples/NAME.yaml` has the findings it is
expected to give checked in as `examples/expected/NAME.yaml`.

`check` evaluates every example and compares its findings with the expected ones, the way an
impact analysis compares two rulesets (the checked-in findings are the "current" side), so a
difference reads as an impact diff. `update` rewrites the expected files after a reviewed
change (`disrupt impact --update-golden`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from engine.case import load_case
from engine.errors import InputError
from engine.evaluate import Engine
from engine.finding import Finding
from engine.rule import Kind, Severity
from engine.source import parse_yaml
from impact.compare import Tally, View
from impact.models import Scope
from impact.render import rule_lines
from impact.run import build_report

EXPECTED_DIR = "expected"
ALL_EXAMPLES = 10_000  # a golden diff shows every changed finding, not a sample


class ExpectedFinding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    kind: Kind
    code: str
    target: str
    severity: Severity
    because: str
    facts: list[str]

    def view(self) -> View:
        return View(
            self.rule, self.kind, self.code, self.target, self.severity, self.because, tuple(self.facts)
        )

    @classmethod
    def of(cls, f: Finding) -> ExpectedFinding:
        return cls(
            rule=f.rule,
            kind=f.kind,
            code=f.code,
            target=f.target,
            severity=f.severity,
            because=f.because,
            facts=list(f.facts),
        )


class Expected(BaseModel):
    """The findings an example case is expected to give, in the engine's order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str
    findings: list[ExpectedFinding]


def cases_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def expected_path(case_path: Path) -> Path:
    return case_path.parent / EXPECTED_DIR / case_path.name


def read_expected(path: Path) -> Expected | None:
    if not path.exists():
        return None
    try:
        data, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return Expected.model_validate(data)


def dump(expected: Expected) -> str:
    header = (
        "# The findings this example is expected to give: checked by tests/test_golden.py.\n"
        "# Regenerate after a reviewed rule change: disrupt impact --update-golden\n"
    )
    body = yaml.safe_dump(expected.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100)
    return header + body


@dataclass(frozen=True)
class Golden:
    case: Path
    expected: Expected | None
    found: Expected

    @property
    def same(self) -> bool:
        return self.expected == self.found


def evaluate_examples(engine: Engine, folder: Path) -> Iterator[Golden]:
    for path in cases_in(folder):
        answer = engine.evaluate(load_case(path, engine.ruleset.tactics))
        found = Expected(case_id=answer.case_id, findings=[ExpectedFinding.of(f) for f in answer.findings])
        yield Golden(path, read_expected(expected_path(path)), found)


def impact_text(engine: Engine, goldens: list[Golden]) -> str:
    """The difference between the checked-in findings and the engine's, as an impact diff."""
    tally = Tally(ALL_EXAMPLES)
    missing = []
    for g in goldens:
        if g.expected is None:
            missing.append(str(expected_path(g.case)))
            continue
        tally.add(
            g.found.case_id,
            None,
            [f.view() for f in g.expected.findings],
            [f.view() for f in g.found.findings],
        )
    report = build_report(tally, engine.ruleset, engine.ruleset, Scope(against="files", files=len(goldens)))
    lines = [f"no expected findings checked in: {m}" for m in missing]
    if not report.unchanged:
        lines.append(
            f"{report.cases_changed} of {report.cases} example(s) give other findings than checked in:"
        )
        for rule in report.rules:
            lines += rule_lines(rule)
    if report.unchanged:
        lines += [
            f"  {g.case.name}: the same findings, but their order or facts differ"
            for g in goldens
            if g.expected is not None and not g.same
        ]
    return "\n".join(lines)


def check(engine: Engine, folder: Path) -> tuple[bool, str]:
    """(every example gives its checked-in findings, the impact diff where not)."""
    goldens = list(evaluate_examples(engine, folder))
    if all(g.same for g in goldens):
        return True, ""
    return False, impact_text(engine, goldens)


def update(engine: Engine, folder: Path) -> tuple[list[Path], str]:
    """Rewrite the expected findings; returns the files rewritten and the impact diff."""
    goldens = list(evaluate_examples(engine, folder))
    text = "" if all(g.same for g in goldens) else impact_text(engine, goldens)
    written = []
    for g in goldens:
        if g.same:
            continue
        path = expected_path(g.case)
        path.parent.mkdir(exist_ok=True)
        path.write_text(dump(g.found), encoding="utf-8")
        written.append(path)
    return written, text
