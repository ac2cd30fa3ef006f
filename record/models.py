"""The shapes the decision record takes in and gives out (API bodies, CLI JSON)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.case import ActionStatus, Day, Id
from engine.finding import Finding, RulesetRef
from engine.rule import Kind, Severity

Decision = Literal["accepted", "declined", "deferred"]
# Text an officer types: any characters but NUL, which PostgreSQL cannot store.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
MAX_ID = 2**63 - 1  # the largest key the store holds


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseIn(Shape):
    """An officer's response to one finding of an evaluation of the case."""

    rule: Text = Field(min_length=1, max_length=200, description="The finding's rule, as in the answer")
    target: Id = Field(description="The finding's target, as in the answer")
    evaluation_id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="The evaluation answered; default: the latest with this finding",
    )
    decision: Decision
    reason: Text | None = Field(
        default=None, max_length=2000, description="Why; required when the recommendation is declined"
    )
    actioned_on: Day | None = Field(default=None, description="When it was done; required when accepted")
    action_target: Id | None = Field(
        default=None, description="Whom or where the action was aimed at; default: the finding's target"
    )
    action_status: ActionStatus = Field(
        default="issued", description="Status of the tactic used, when an accepted finding is a tactic"
    )
    action_id: Id | None = Field(
        default=None,
        description="The id the action has (or will have) in the case's `actions`, so that later "
        "evaluations of the case update this tactic instead of counting it twice",
    )

    @model_validator(mode="after")
    def _complete(self) -> ResponseIn:
        if self.decision == "accepted" and self.actioned_on is None:
            raise ValueError("an accepted finding needs 'actioned_on', the date it was actioned")
        if self.decision == "declined" and not (self.reason and self.reason.strip()):
            raise ValueError("a declined finding needs a 'reason'")
        return self


class RecordedResponse(Shape):
    id: int
    case_id: str
    force: str | None
    evaluation_id: int
    rule: str
    kind: Kind
    code: str
    target: str
    decision: Decision
    reason: str | None
    actioned_on: date | None
    action_target: str | None
    action_status: ActionStatus | None
    action_id: str | None
    by: str
    at: datetime
    tactic_recorded: bool = Field(description="Whether the response recorded a tactic used")


class FindingRef(Shape):
    kind: Kind
    code: str
    rule: str
    target: str
    severity: Severity


class EvaluationRecord(Shape):
    id: int
    asked_at: datetime
    asked_by: str
    as_of: date
    ruleset: RulesetRef
    findings: list[FindingRef]


class TacticUsed(Shape):
    action_id: str
    tactic: str
    target: str
    date: date | None
    force: str | None
    status: ActionStatus
    recorded: bool | None
    source: Literal["case", "response"]


class CaseHistory(Shape):
    case_id: str
    force: str | None = Field(description="The force whose case it is")
    evaluations: list[EvaluationRecord] = Field(description="Oldest first")
    responses: list[RecordedResponse] = Field(description="Oldest first")
    tactics: list[TacticUsed] = Field(description="Tactics used in the case, as last recorded")


class FindingChange(Shape):
    before: Finding
    after: Finding


class Replay(Shape):
    """A past answer re-run with the ruleset that produced it and with the current one."""

    case_id: str
    evaluation_id: int
    asked_at: datetime
    original: RulesetRef
    current: RulesetRef
    reproduced: bool | None = Field(
        description="The original ruleset gives exactly the recorded findings again "
        "(null when its texts were never stored)"
    )
    added: list[Finding] = Field(description="Found now, not in the original answer")
    removed: list[Finding] = Field(description="In the original answer, not found now")
    changed: list[FindingChange] = Field(description="Same finding, different severity or reasons")
    unchanged: list[Finding]


class Purged(Shape):
    before: datetime
    evaluations: int
    findings: int
    responses: int
    tactics: int
    episodes: int
    suspects: int
    accesses: int = Field(default=0, description="Access records older than the retention period")
