"""The case an officer's system sends: people, locations, events and actions.

The models follow the case-format contract exactly (names and enum values are fixed);
fields added here are optional extensions. Types are strict: `age: "12"` is an error,
not a 12. Unknown is not false: every optional fact defaults to None ("not recorded").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from engine.errors import CaseError, Problem, ProblemList, did_you_mean
from engine.source import Marks, PathKey, format_path, parse_text, read_text
from engine.validation import problems_from

MAX_FACTS = 5_000
MAX_CASE_BYTES = 5 * 1024 * 1024


_DAY_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Dates come as YAML dates or ISO strings ("2019-10-02"); never as numbers. Errors are
    pydantic's own kind, so their message is ours alone (no "Value error," before it)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            if _DAY_SHAPE.match(value):  # 2026-02-30, 2026-13-01: the right shape, no such day
                # the value is shown with it, by the caller
                raise PydanticCustomError("no_such_day", "no such day") from None
            raise PydanticCustomError(
                "date_form", "'{day}' is not a date in the form YYYY-MM-DD", {"day": value}
            ) from None
    if isinstance(value, date) and type(value) is date:
        return value
    raise PydanticCustomError("date_form", "expected a date in the form YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_date)]
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")]
# a police force's name, as the decision record can keep it (100 characters, no NUL)
Force = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=False)


Role = Literal["child", "suspect", "associate", "parent_carer"]


Sex = Literal["female", "male", "other", "unknown"]


LegalStatus = Literal[
    "none",
    "s20_accommodated",
    "care_order",
    "interim_care_order",
    "emergency_protection_order",
    "police_protection",
    "unknown",
]


Flag = Literal["cse_flag", "pdp", "mappa"]


OtherOffence = Literal["drugs", "theft", "robbery", "violence", "driving", "other"]


LocationKind = Literal[
    "residential",
    "hotel",
    "takeaway",
    "licensed_premises",
    "park",
    "supported_accommodation",
    "vehicle",
    "online",
    "other",
]


Investigation = Literal[
    "none",
    "open",
    "closed_nfa",
    "closed_evidential_difficulties",
    "charged",
    "convicted",
    "referred_to_cps",
]


ActionStatus = Literal["proposed", "issued", "applied", "granted", "refused", "breached", "withdrawn"]


# Extension: how a penetrative sexual offence was committed, which decides the offence against a
# child under 13 (SOA 2003): penile penetration of the child by the suspect is rape of a child
# under 13 (s.5); penetration of the child by the suspect with another part of the body or with
# anything else is assault of a child under 13 by penetration (s.6); the suspect causing or
# inciting the child to engage in penetrative activity (with the suspect, a third person or
# the child's own body) is s.8. All three carry life imprisonment.
Penetration = Literal["penile_by_suspect", "other_by_suspect", "caused_or_incited_by_suspect"]


# Extension: why an investigation or allegation was closed (¶16 "no rationale", ¶23 denial).
ClosureReason = Literal["denial", "no_rationale", "evidential_difficulties", "victim_withdrew", "other"]


class CaseHeader(Strict):
    id: Id
    force: Force | None = None
    as_of: Day = Field(description="Date of the assessment: 'now' for every duration rule.")


class Conviction(Strict):
    offence: str = Field(min_length=1)
    schedule: int | None = Field(default=None, ge=1, le=5, description="SOA 2003 schedule (3 or 5)")
    date: Day | None = None
    sentenced: bool | None = Field(
        default=None,
        description="Extension: whether the offender has been sentenced for this conviction "
        "(an SHPO on conviction is made at sentence)",
    )


class Person(Strict):
    id: Id
    role: Role
    victim: bool | None = None
    date_of_birth: Day | None = None
    age: int | None = Field(default=None, ge=0, le=120, description="Age at as_of, if no date of birth")
    sex: Sex | None = None
    legal_status: LegalStatus | None = None
    lives_in_force: Force | None = None
    connected_to: list[Id] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    convictions: list[Conviction] = Field(default_factory=list)
    last_reviewed: Day | None = None
    other_offences: list[OtherOffence] = Field(default_factory=list)
    note: str | None = None


class Location(Strict):
    id: Id
    kind: LocationKind
    force: Force | None = None
    linked_people: list[Id] = Field(default_factory=list)
    note: str | None = None
    # Extensions (optional):
    home_of: list[Id] | None = Field(
        default=None,
        description="Extension: the children in the case whose home or placement this is; [] when it is "
        "no child's home or placement; omitted when not known (¶25: never a tactic against a child's home)",
    )
    nuisance_or_disorder: bool | None = Field(
        default=None,
        description="Extension: the use of the premises has resulted, or is likely soon to result, in "
        "nuisance to the public, or disorder near them (ASBCPA 2014 s.76(1))",
    )
    child_sex_offence_use_likely: bool | None = Field(
        default=None,
        description="Extension: the premises are likely to be used for activities related to child sex "
        "offences (SOA 2003 s.136BA), as assessed now",
    )


class EventBase(Strict):
    id: Id
    date: Day
    note: str | None = None


class MissingEpisode(EventBase):
    type: Literal["missing_episode"]
    child: Id
    found_with: list[Id] = Field(default_factory=list)
    found_at: Id | None = None
    asked_where: bool | None = None
    asked_with_whom: bool | None = None


class SexualOffence(EventBase):
    type: Literal["sexual_offence"]
    victim: Id
    suspect: Id | None = None
    penetrative: bool | None = None
    online: bool | None = None
    recorded_as: str | None = None
    penetration: Penetration | None = Field(
        default=None,
        description="Extension: how the act was committed, where it was penetrative: "
        "penile_by_suspect (the suspect penetrated the child with his penis; SOA 2003 s.5 for a "
        "child under 13), other_by_suspect (the suspect penetrated the child with another part of "
        "the body or anything else; s.6), caused_or_incited_by_suspect (the suspect caused or "
        "incited the child to engage in penetrative activity; s.8). Implies penetrative: true",
    )
    investigation: Investigation | None = None
    suspect_interviewed_on: Day | None = None
    reported_on: Day | None = Field(
        default=None, description="Extension: date the offence was reported or disclosed to police"
    )
    location_force: Force | None = None
    # Extensions (optional):
    at: Id | None = Field(default=None, description="Extension: location id where the act happened")
    closure_reason: ClosureReason | None = Field(
        default=None, description="Extension: why the investigation was closed, if it was"
    )
    information_shared: bool | None = Field(
        default=None,
        description="Extension: whether the force holding the case shared information with the "
        "force where the act happened (location_force)",
    )


class Sighting(EventBase):
    type: Literal["sighting"]
    child: Id
    with_people: list[Id] = Field(default_factory=list)
    unidentified_adults: int | None = Field(default=None, ge=0)
    vehicle: bool | None = None
    at: Id | None = None
    police_enquiry: bool | None = None
    in_bed: bool | None = Field(default=None, description="Extension: the child was found in bed with adults")


class Disclosure(EventBase):
    type: Literal["disclosure"]
    child: Id
    names: list[Id] = Field(default_factory=list)


class Allegation(EventBase):
    type: Literal["allegation"]
    suspect: Id
    by: Id | None = None
    similar_to: str | None = None
    outcome: Investigation | None = None
    suspect_spoken_to: bool | None = Field(
        default=None, description="Extension: whether the suspect was formally spoken to"
    )
    closure_reason: ClosureReason | None = Field(default=None, description="Extension: why it was closed")


class Party(EventBase):
    type: Literal["party"]
    child: Id
    at: Id | None = None
    adults_present: bool | None = None
    alcohol: bool | None = None
    drugs: bool | None = None


class OnlineContact(EventBase):
    type: Literal["online_contact"]
    child: Id
    with_people: list[Id] = Field(default_factory=list)
    sexual: bool | None = None


class Inducement(EventBase):
    type: Literal["inducement"]
    child: Id
    by: Id


class Movement(EventBase):
    type: Literal["movement"]
    child: Id
    by: list[Id] = Field(default_factory=list)
    from_force: Force | None = None
    to_force: Force | None = None


class Relationship(EventBase):
    type: Literal["relationship"]
    child: Id
    with_: Id = Field(alias="with")


class RemovalRisk(EventBase):
    type: Literal["removal_risk"]
    child: Id


class Report(EventBase):
    type: Literal["report"]
    child: Id
    kind: str | None = None
    police_action: bool | None = None


class Assessment(EventBase):
    """Extension: a CSE risk assessment, strategy meeting or decision about the concerns (¶13, ¶28)."""

    type: Literal["assessment"]
    child: Id
    conclusion: Literal["cse", "not_cse", "undecided"] | None = None
    child_spoken_to: bool | None = None
    family_spoken_to: bool | None = None
    investigated_by: Literal["police", "childrens_social_care", "none"] | None = Field(
        default=None, description="Who was left to investigate the concerns"
    )
    concern_about: Id | None = Field(default=None, description="A person the concerns are about")


class ChildSpokenTo(EventBase):
    """Extension: officers spoke to the child about the concerns (¶27: not for five weeks)."""

    type: Literal["child_spoken_to"]
    child: Id


class Enabling(EventBase):
    """Extension: a third party enables suspects, e.g. by hiring vehicles to them (¶29)."""

    type: Literal["enabling"]
    by: Id
    suspects: list[Id] = Field(default_factory=list)
    means: Literal["vehicle_hire", "accommodation", "transport", "other"] | None = None


class HarmRisk(EventBase):
    """Extension: a risk of significant harm to the child; `immediate` when it cannot wait (¶14)."""

    type: Literal["harm_risk"]
    child: Id
    immediate: bool | None = None


Event = Annotated[
    MissingEpisode
    | SexualOffence
    | Sighting
    | Disclosure
    | Allegation
    | Party
    | OnlineContact
    | Inducement
    | Movement
    | Relationship
    | RemovalRisk
    | Report
    | Assessment
    | ChildSpokenTo
    | Enabling
    | HarmRisk,
    Field(discriminator="type"),
]

EVENT_MODELS: dict[str, type[EventBase]] = {
    model.model_fields["type"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        MissingEpisode,
        SexualOffence,
        Sighting,
        Disclosure,
        Allegation,
        Party,
        OnlineContact,
        Inducement,
        Movement,
        Relationship,
        RemovalRisk,
        Report,
        Assessment,
        ChildSpokenTo,
        Enabling,
        HarmRisk,
    )
}


class Action(Strict):
    id: Id
    tactic: str = Field(min_length=1, description="A tactic id from the ruleset's catalogue")
    target: Id = Field(description="A person id or a location id")
    status: ActionStatus
    date: Day | None = None
    recorded: bool | None = None
    force: Force | None = None


class Case(Strict):
    """A case file: the facts an officer's system sends for one child or investigation."""

    case: CaseHeader
    people: list[Person] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)

    def fact_count(self) -> int:
        return len(self.people) + len(self.locations) + len(self.events) + len(self.actions)


# Which fields of which shapes name other facts, and what they must name.
PERSON, LOCATION = "person", "location"
REFERENCES: dict[str, dict[str, str]] = {
    "person": {"connected_to": PERSON},
    "location": {"linked_people": PERSON, "home_of": PERSON},
    "missing_episode": {"child": PERSON, "found_with": PERSON, "found_at": LOCATION},
    "sexual_offence": {"victim": PERSON, "suspect": PERSON, "at": LOCATION},
    "sighting": {"child": PERSON, "with_people": PERSON, "at": LOCATION},
    "disclosure": {"child": PERSON, "names": PERSON},
    "allegation": {"suspect": PERSON, "by": PERSON},
    "party": {"child": PERSON, "at": LOCATION},
    "online_contact": {"child": PERSON, "with_people": PERSON},
    "inducement": {"child": PERSON, "by": PERSON},
    "movement": {"child": PERSON, "by": PERSON},
    "relationship": {"child": PERSON, "with": PERSON},
    "removal_risk": {"child": PERSON},
    "report": {"child": PERSON},
    "assessment": {"child": PERSON, "concern_about": PERSON},
    "child_spoken_to": {"child": PERSON},
    "enabling": {"by": PERSON, "suspects": PERSON},
    "harm_risk": {"child": PERSON},
}


def _check_references(case: Case, marks: Marks) -> list[Problem]:
    problems: list[Problem] = []
    kinds: dict[str, str] = {}
    seen_at: dict[str, PathKey] = {}
    groups: list[tuple[str, list[Any]]] = [
        ("people", case.people),
        ("locations", case.locations),
        ("events", case.events),
        ("actions", case.actions),
    ]
    for section, items in groups:
        for index, item in enumerate(items):
            path: PathKey = (section, index, "id")
            if item.id in kinds:
                first = format_path(seen_at[item.id])
                problems.append(marks.problem(f"duplicate id '{item.id}' (first used at {first})", path))
                continue
            kinds[item.id] = section[:-1] if section != "people" else PERSON
            seen_at[item.id] = path
    names = {"person": "a person", "location": "a location"}

    def check(value: Any, want: str, path: PathKey) -> None:
        values = value if isinstance(value, list) else [value]
        for i, ref in enumerate(values):
            if ref is None:
                continue
            here = (*path, i) if isinstance(value, list) else path
            if ref not in kinds:
                candidates = [k for k, v in kinds.items() if v == want]
                problems.append(
                    marks.problem(
                        f"'{ref}' names no {want} in this case",
                        here,
                        suggestion=did_you_mean(ref, candidates),
                    )
                )
            elif kinds[ref] != want:
                problems.append(marks.problem(f"'{ref}' is a {kinds[ref]}, not {names[want]}", here))

    for index, person in enumerate(case.people):
        check(person.connected_to, PERSON, ("people", index, "connected_to"))
    for index, location in enumerate(case.locations):
        check(location.linked_people, PERSON, ("locations", index, "linked_people"))
        check(location.home_of or [], PERSON, ("locations", index, "home_of"))
    for index, event in enumerate(case.events):
        data = event.model_dump(by_alias=True)
        for field_name, want in REFERENCES[event.type].items():
            check(data.get(field_name), want, ("events", index, field_name))
    for index, action in enumerate(case.actions):
        target = action.target
        path = ("actions", index, "target")
        if target not in kinds:
            problems.append(
                marks.problem(
                    f"'{target}' names no person or location in this case",
                    path,
                    suggestion=did_you_mean(target, kinds),
                )
            )
        elif kinds[target] not in (PERSON, LOCATION):
            problems.append(
                marks.problem(
                    f"'{target}' is a {kinds[target]}; a tactic targets a person or a location",
                    path,
                )
            )
    return problems


def _check_ages(case: Case, marks: Marks) -> list[Problem]:
    from engine.age import age_on

    problems = []
    for index, person in enumerate(case.people):
        if person.date_of_birth is not None and person.age is not None:
            actual = age_on(person.date_of_birth, case.case.as_of)
            if actual != person.age:
                problems.append(
                    marks.problem(
                        f"age {person.age} does not match date_of_birth "
                        f"{person.date_of_birth} ({actual} on {case.case.as_of}); give one or fix both",
                        ("people", index, "age"),
                    )
                )
        if person.date_of_birth is not None and person.date_of_birth > case.case.as_of:
            problems.append(
                marks.problem(
                    "date_of_birth is after the case's as_of date",
                    ("people", index, "date_of_birth"),
                )
            )
    return problems


def _check_offences(case: Case, marks: Marks) -> list[Problem]:
    """How a penetrative act was committed cannot be recorded for an act recorded as not penetrative."""
    return [
        marks.problem(
            f"penetration '{event.penetration}' is recorded, but penetrative is false; "
            "fix one or leave penetration out",
            ("events", index, "penetration"),
        )
        for index, event in enumerate(case.events)
        if isinstance(event, SexualOffence) and event.penetration is not None and event.penetrative is False
    ]


def check_tactics(case: Case, tactics: Collection[str], marks: Marks | None = None) -> list[Problem]:
    """Every action names a tactic of the ruleset's catalogue."""
    marks = marks or Marks()
    return [
        marks.problem(
            f"unknown tactic '{action.tactic}'",
            ("actions", index, "tactic"),
            suggestion=did_you_mean(action.tactic, tactics),
        )
        for index, action in enumerate(case.actions)
        if action.tactic not in tactics
    ]


def case_from_data(data: Any, marks: Marks | None = None, tactics: Collection[str] | None = None) -> Case:
    """Validate already-parsed data (from YAML, JSON or an API body) into a Case.

    With `tactics` (the ruleset's catalogue), action tactic ids are checked here too, so
    the error can point at the line of the file.
    """
    marks = marks or Marks()
    if not isinstance(data, dict):
        raise CaseError(marks.problem("a case must be a mapping with 'case', 'people', 'events' …", ()))
    sizes = sum(
        len(data.get(k) or [])
        for k in ("people", "locations", "events", "actions")
        if isinstance(data.get(k), list)
    )
    if sizes > MAX_FACTS:
        raise CaseError(
            marks.problem(f"the case has {sizes} facts; the limit is {MAX_FACTS} (split the case)", ())
        )
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(problems_from(exc, marks, model=Case, tagged=EVENT_MODELS)) from None
    collected = ProblemList()
    found = _check_references(case, marks) + _check_ages(case, marks) + _check_offences(case, marks)
    if tactics is not None:
        found += check_tactics(case, tactics, marks)
    for problem in found:
        collected.add(problem)
    collected.raise_if_any(CaseError)
    return case


def case_from_text(text: str, file: str | None = None, tactics: Collection[str] | None = None) -> Case:
    data, marks = parse_text(text, file)
    return case_from_data(data, marks, tactics)


def load_case(path: Path, tactics: Collection[str] | None = None) -> Case:
    return case_from_text(read_text(path, MAX_CASE_BYTES), str(path), tactics)
