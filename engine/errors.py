"""One hierarchy for every error a user can cause, each with structured fields.

A policy lead or an officer's system reads `str(error)`; programs read the fields.
Messages name the file, line, column, field path and rule where they are known, and
offer a "did you mean" where a close name exists.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest name among `choices`, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    path: str = ""  # dotted field path, e.g. "people[1].age" or "rules[3].when"
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    rule_id: str | None = None
    suggestion: str | None = None

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.path and self.path not in text:
            text = f"{self.path}: {text}"
        if self.rule_id and self.rule_id not in text:
            text = f"rule {self.rule_id}: {text}"
        if self.suggestion and "did you mean" not in text:
            text = f"{text}: did you mean '{self.suggestion}'?"
        return f"{self.location()}: {text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule_id": self.rule_id,
            "suggestion": self.suggestion,
        }


class DisruptionError(Exception):
    """Base of every error the engine raises on purpose."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class InputError(DisruptionError):
    """Input that cannot be read at all (missing file, malformed YAML or JSON)."""


class CaseError(DisruptionError):
    """A case file that breaks the case-format contract (engine/case.py)."""


class RulesetError(DisruptionError):
    """A ruleset that cannot be loaded; the last good ruleset keeps serving."""


class EvaluationError(DisruptionError):
    """Evaluation of a valid case against a valid ruleset failed (bounds, engine faults)."""


@dataclass
class ProblemList:
    """Collects problems so a loader reports all of them at once, not only the first."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self, error_type: type[DisruptionError]) -> None:
        if self.problems:
            raise error_type(self.problems)
