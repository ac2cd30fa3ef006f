"""The impact report's shape: one pydantic model, the single source of its JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.finding import RulesetRef
from engine.rule import Kind, Severity

Change = Literal["added", "removed", "changed"]
KINDS: tuple[Kind, ...] = ("recommend", "warn", "gap")


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SideInfo(Shape):
    """One of the two rulesets compared."""

    ruleset: RulesetRef
    rules: int
    parameters: int


class ParameterChange(Shape):
    name: str
    change: Literal["added", "removed", "changed"]
    before: Any = Field(default=None, description="The current value (null when added)")
    after: Any = Field(default=None, description="The proposed value (null when removed)")


class Example(Shape):
    """One case where a rule's finding was added, removed or changed."""

    case_id: str
    force: str | None
    target: str
    severity: Severity
    because: str
    before: FindingSide | None = Field(default=None, description="changed only: the current finding")
    fields: list[str] = Field(default_factory=list, description="changed only: what changed")


class FindingSide(Shape):
    target: str
    severity: Severity
    because: str


class RuleImpact(Shape):
    rule: str
    kind: Kind
    code: str
    in_current: bool = Field(description="The rule exists in the current ruleset")
    in_proposed: bool = Field(description="The rule exists in the proposed ruleset")
    current_findings: int = Field(description="Findings of this rule under the current ruleset")
    proposed_findings: int
    added: int
    removed: int
    changed: int
    added_examples: list[Example]
    removed_examples: list[Example]
    changed_examples: list[Example]


class KindCounts(Shape):
    """Findings of one kind under each ruleset, and the difference."""

    kind: Kind
    current: int
    proposed: int
    difference: int


class TacticImpact(Shape):
    code: str = Field(description="The tactic id, or the warning or gap code")
    counts: list[KindCounts]


class ForceImpact(Shape):
    force: str | None
    cases: int
    counts: list[KindCounts]


class DeclinedRule(Shape):
    rule: str
    answered: int
    declined: int
    declined_share: float | None
    decline_reasons: list[str]


class Unevaluable(Shape):
    """A case one of the rulesets refused (e.g. an action's tactic the catalogue lost)."""

    case_id: str
    side: Literal["current", "proposed"]
    problem: str


class Scope(Shape):
    against: Literal["record", "files"]
    force: str | None = None
    since: date | None = None
    files: int | None = None
    within: list[str] | None = Field(
        default=None, description="Only cases of these forces, the caller's key's scope (null: every force)"
    )


class ImpactReport(Shape):
    """What the proposed ruleset changes across the corpus, compared with the current one."""

    generated_at: datetime
    scope: Scope
    current: SideInfo
    proposed: SideInfo
    parameters: list[ParameterChange] = Field(description="Every parameter whose value differs")
    cases: int = Field(description="Cases evaluated under both rulesets")
    cases_changed: int = Field(description="Cases whose findings differ")
    unchanged: bool = Field(description="No case's findings differ")
    rules: list[RuleImpact] = Field(description="Rules with any added, removed or changed finding")
    tactics: list[TacticImpact] = Field(description="Per tactic or code with a difference")
    forces: list[ForceImpact]
    dead_rules: list[str] = Field(description="Rules that produced no finding on any case under either")
    declined: list[DeclinedRule] = Field(description="Rules officers declined most (from responses)")
    unevaluable_cases: int = Field(description="Cases either ruleset refused; not compared")
    unevaluable: list[Unevaluable] = Field(description="The first of them, by case id")
    examples_per_rule: int


Example.model_rebuild()
