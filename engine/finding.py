"""The engine's answer, as the case-format contract fixes it."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from engine.rule import Kind, Severity


class Answerable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=Answerable)
_FIELDS: dict[type[Answerable], frozenset[str]] = {}


def trusted(model: type[M], **values: Any) -> M:
    """An answer part built from values the engine has already typed: no validation.

    pydantic's `model_construct` does the same, but resolves aliases and defaults field by
    field; an answer to a large case has hundreds of findings. These models have neither, so
    every field must be given, and nothing else.
    """
    fields = _FIELDS.get(model) or _FIELDS.setdefault(model, frozenset(model.model_fields))
    if len(values) != len(fields) or not fields.issuperset(values):
        missing, extra = fields - values.keys(), values.keys() - fields
        raise TypeError(f"{model.__name__}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    made = model.__new__(model)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


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
