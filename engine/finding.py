"""The engine's answer, as in shared/design/case-format.md ("Output")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.rule import Kind, Severity


class Answerable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesetRef(Answerable):
    name: str
    version: str
    sha256: str = Field(description="sha256 of the exact ruleset content evaluated")


class Finding(Answerable):
    kind: Kind
    code: str = Field(description="Stable code; for recommend, the tactic id")
    severity: Severity
    target: str = Field(description="The person, location or event the finding is about")
    rule: str = Field(description="The rule that produced it")
    title: str
    because: str = Field(description="Why, in words filled from the case's facts")
    legal_basis: list[str]
    sources: list[str]
    facts: list[str] = Field(description="Ids of the facts that satisfied the rule")
    confidence: str | None = Field(
        default=None, description="What to confirm where the legal condition is not fully verified"
    )


class Unknown(Answerable):
    fact: str = Field(description="The fact to record, e.g. 'child-b.legal_status'")
    needed_by: list[str] = Field(description="Rules this fact would decide")
    decides: str = Field(default="", description="What recording it would decide, in words")


class Answer(Answerable):
    case_id: str
    ruleset: RulesetRef
    advisory: Literal[True] = True
    findings: list[Finding]
    unknowns: list[Unknown]
