"""Request and response shapes of the API that are not the engine's own (Case, Answer, Rule)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import Problem
from engine.finding import Answer, RulesetRef
from engine.rule import Kind, Parameter, Rule, Severity, Tactic
from engine.ruleset import Ruleset

RulesetPath = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.yaml$", max_length=200)
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def ref(ruleset: Ruleset) -> RulesetRef:
    return RulesetRef(name=ruleset.name, version=ruleset.version, sha256=ruleset.sha256)


class RuleSummary(Model):
    id: str
    title: str
    kind: Kind
    code: str
    severity: Severity
    theme: str | None
    legal_basis: list[str]
    sources: list[str]


class RulesetInfo(Model):
    ruleset: RulesetRef
    source: str = Field(description="The policy document the rules cite by paragraph")
    rules: list[RuleSummary]


class RuleDetail(Model):
    ruleset: RulesetRef
    rule: Rule


class TacticInfo(Tactic):
    id: str


class TacticList(Model):
    ruleset: RulesetRef
    tactics: list[TacticInfo]


class RulesetProblem(Model):
    """One problem in a ruleset file, located by file, line and column."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    rule_id: str | None = None
    suggestion: str | None = None

    @classmethod
    def of(cls, problem: Problem) -> RulesetProblem:
        return cls(
            message=problem.message,
            file=problem.file,
            line=problem.line,
            column=problem.column,
            path=problem.path,
            rule_id=problem.rule_id,
            suggestion=problem.suggestion,
        )


class RulesetSummary(Model):
    ruleset: RulesetRef
    rules: int
    tactics: int
    parameters: int


class ValidateRequest(Model):
    """Ruleset files to check, as YAML text by path within the ruleset folder."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "files": {
                        "rules/example.yaml": "rules:\n  - id: example-rule\n    title: An example\n"
                    },
                    "overlay": True,
                }
            ]
        },
    )

    files: dict[RulesetPath, Annotated[str, Field(max_length=2 * 1024 * 1024)]] = Field(
        min_length=1, max_length=200
    )
    overlay: bool = Field(
        default=True,
        description="true: the files replace or add to the serving ruleset's files (send only "
        "what you edited); false: the files are a whole ruleset",
    )


class ValidationResult(Model):
    ok: bool
    summary: RulesetSummary | None = None
    errors: list[RulesetProblem] = Field(default_factory=list)


class ReloadResult(Model):
    ok: Literal[True] = True
    changed: bool = Field(description="false when the files on disk are what was already served")
    previous: RulesetRef
    ruleset: RulesetRef
    summary: RulesetSummary
    removed: list[str] = Field(default_factory=list,
                               description="Ids of the rules the reload removed (it was confirmed)")


class Health(Model):
    status: Literal["ok", "ready"]
    ruleset: RulesetRef | None = None


class EvaluationAnswer(Answer):
    """The engine's answer as the service sends it: the `Answer`, and where it is recorded."""

    evaluation_id: int | None = Field(
        default=None, description="The evaluation's id in the decision record; null when not recorded"
    )
    dry_run: bool = Field(default=False, description="true: evaluated without being recorded")


class ParameterInfo(Parameter):
    name: str


class ParameterList(Model):
    ruleset: RulesetRef
    parameters: list[ParameterInfo]
