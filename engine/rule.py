"""The shapes of a ruleset file, as pydantic models (the JSON Schema for editors comes from here).

A ruleset is a folder of YAML files. Each file may hold any of the sections below; the
loader (`engine.ruleset`) merges them and refuses duplicates.

    ruleset:    name, version, source (the document cited), description
    parameters: named thresholds, e.g. interview_delay_days: {value: 28, unit: days, …}
    tactics:    the catalogue, one entry per stable tactic id
    codes:      warning and gap codes that are not tactics (misclassified_offence, …)
    paragraphs: the source paragraphs the ruleset implements, with what each found
    rules:      the rules
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Kind = Literal["recommend", "warn", "gap"]
Severity = Literal["critical", "high", "medium", "low"]
ConditionText = StrictStr | dict[str, Any]

SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class RulesetHeader(Shape):
    name: Name
    version: StrictStr
    source: StrictStr = Field(description="The policy document the rules cite by paragraph")
    description: StrictStr | None = None


class Parameter(Shape):
    value: StrictInt | StrictBool | StrictStr | date | list[StrictStr]
    unit: StrictStr | None = None
    description: StrictStr = Field(min_length=1)
    sources: list[StrictStr] = Field(default_factory=list)


class Code(Shape):
    kind: Literal["warn", "gap"]
    title: StrictStr
    legal_basis: list[StrictStr] = Field(default_factory=list)
    sources: list[StrictStr] = Field(default_factory=list)


class Paragraph(Shape):
    summary: StrictStr = Field(description="What the source found, in our own words")


class Pattern(Shape):
    fact: StrictStr = Field(description="A fact type: person, location, conviction, action, or an event type")
    as_: Name | None = Field(default=None, alias="as", description="The name rules use for it")
    where: list[ConditionText] = Field(default_factory=list)

    @property
    def alias(self) -> str:
        return self.as_ or self.fact


class Count(Pattern):
    at_least: StrictInt | StrictStr = Field(description="A number or a $parameter")
    group_by: StrictStr | None = Field(default=None, description="Count within groups sharing this attribute")


Mark = Literal["✔", "◐", "✘"]


class Limb(Shape):
    """One condition of a tactic's statutory test, in words, with how well it was verified."""

    says: StrictStr = Field(min_length=1, description="The condition in plain words")
    mark: Mark = Field(description="✔ statute or official guidance; ◐ secondary sources; ✘ unverified")
    source: StrictStr = Field(min_length=1, description="The statute or guidance it comes from")
    about: list[Name] = Field(default_factory=list, description="The aliases of the test this limb is about")


class Route(Shape):
    """One way of meeting the test, as conditions over the case (`target` is the tactic's target)."""

    when: list[Pattern] = Field(min_length=1)
    unless: list[Pattern] = Field(default_factory=list)
    count: list[Count] = Field(default_factory=list)


class LegalTest(Shape):
    """What the law needs before the tactic may be used against a target, and the same as conditions.

    Every recommendation of the tactic must meet one of the routes on the case's facts: the test
    suite checks that no rule recommends it where none holds (lawful by construction).
    """

    summary: StrictStr = Field(min_length=1)
    limbs: list[Limb] = Field(min_length=1)
    routes: list[Route] = Field(
        default_factory=list, description="Alternative ways the test is met (none: not expressible here)"
    )


class Tactic(Shape):
    name: StrictStr
    aimed_at: Literal["person", "location", "child"] = Field(
        description="person: someone posing a risk; location: a place; child: protective measure"
    )
    restrictive: StrictBool = Field(description="Restricts the target's liberty or conduct")
    intrusiveness: StrictInt = Field(ge=0, le=10, description="0 least intrusive; orders findings")
    legal_basis: list[StrictStr] = Field(min_length=1)
    confidence: StrictStr | None = Field(
        default=None,
        description="Where a legal condition is only ◐ or ✘ verified: what to confirm",
    )
    sources: list[StrictStr] = Field(default_factory=list)
    legal: LegalTest | None = Field(default=None, description="The statutory test, limb by limb")


class Rule(Shape):
    id: Slug
    title: StrictStr = Field(min_length=1)
    kind: Kind
    code: StrictStr = Field(description="The tactic id (recommend) or warning/gap code")
    severity: Severity
    target: StrictStr = Field(description="The alias of the fact the finding is about")
    when: list[Pattern] = Field(min_length=1)
    unless: list[Pattern] = Field(default_factory=list, description="Absence: none of these exists")
    count: list[Count] = Field(default_factory=list)
    because: StrictStr = Field(min_length=1, description="Explanation filled from {alias.attribute}")
    legal_basis: list[StrictStr] = Field(default_factory=list)
    sources: list[StrictStr] = Field(min_length=1, description="Source paragraphs, e.g. '¶12'")
    confidence: StrictStr | None = None
    theme: StrictStr | None = None


class RulesetFile(Shape):
    """One YAML file of a ruleset folder; every section is optional."""

    ruleset: RulesetHeader | None = None
    parameters: dict[Name, Parameter] = Field(default_factory=dict)
    tactics: dict[Name, Tactic] = Field(default_factory=dict)
    codes: dict[Name, Code] = Field(default_factory=dict)
    paragraphs: dict[StrictStr, Paragraph] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
