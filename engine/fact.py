"""Facts: a case flattened into the records the rules match, plus the schema rules are checked against.

Each person, location, conviction, event and action becomes one fact. Every list attribute
(`found_with`, `flags`, …) also becomes one *link* fact per element, typed `<type>.<attr>`,
so rules can join through lists. Dates become day numbers so they compare as integers.
Values the rules need but the case does not state directly are *derived* here, once:
ages on each event's date, days before `as_of`, days since a review, interview delay.

The schema (`FACT_SCHEMA`) is introspected from the pydantic case models, so the case
model stays the single source of truth for what a rule may test.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from pydantic import BaseModel

from engine import case as case_model
from engine.age import age_at, age_bounds, months_completed, months_on

KEY = "ref"  # the attribute that carries a fact's case id; never `id` (durable-rules pitfall 2)
# How derived values are stored beside an attribute; read them through `Attr` and `negated_type`
# only, never by these names elsewhere.
LOW, HIGH = "__min", "__max"  # bounds of a ranged attribute, stored beside it as `<attr>__min` …
SIZE = "__n"  # the size of a list attribute, stored beside it: `found_with__n`
NEGATED = "$neg"  # suffix of the fact-type copies that `$not` patterns test (pitfall 3)
UNRECORDED = "unknown"  # an enumerated value that means "not recorded": unknown is not false
CASE_REF = "the case"  # the case header's fact: a ref no id can take (ids have no spaces)
# Events that happen in a force's area, and the derived test "outside the child's home force"
HOME_FORCE_TESTS: dict[str, tuple[str, str]] = {
    "sexual_offence": ("location_force", "outside_victim_home_force"),
    "movement": ("to_force", "outside_child_home_force"),
}


@dataclass(frozen=True)
class Attr:
    """What a rule may know about one attribute of a fact type, and where a fact keeps it.

    Kind and values say how the attribute is compared and shown; `optional` and `unrecorded`
    say what "not recorded" means for it (absent from the fact, or a value the case format
    allows that says no more than absence). `key`, `bounds`, `size_key` and `link_type` say
    where a fact record keeps it: the one place that knows how facts are laid out.
    """

    kind: str  # str | int | bool | date | ref
    values: tuple[str, ...] = ()  # allowed values for an enumerated str
    ref_to: str | None = None  # "person" / "location" for references
    many: bool = False  # a list: matched through link facts
    optional: bool = True  # may be missing ("not recorded")
    derived: str | None = None  # how the engine derives it, for documentation
    ranged: bool = False  # may be known only as bounds (ages on past dates): see `bounds`
    unrecorded: str | None = None  # a value the case format allows that means "not recorded"
    name: str = ""  # the attribute's name in rules; set by the schema (`FACT_SCHEMA`)
    fact: str = ""  # the fact type it belongs to; set by the schema

    def describe(self) -> str:
        kind = f"list of {self.kind}" if self.many else self.kind
        if self.values:
            kind += " (" + " | ".join(self.values) + ")"
        if self.ref_to:
            kind += f" → {self.ref_to} id"
        return kind

    @property
    def key(self) -> str:
        """Its key in a fact record: a fact's own id is its case id, under `ref` (never `id`)."""
        return KEY if self.name == "id" else self.name

    @property
    def bounds(self) -> tuple[str, str]:
        """The keys of its lowest and highest possible value, for an attribute known as bounds."""
        return self.name + LOW, self.name + HIGH

    @property
    def size_key(self) -> str:
        """The key of a list's size in its fact record (a list is present when it is not empty)."""
        return self.name + SIZE

    @property
    def link_type(self) -> str:
        """The fact type of a list's link facts, one per element: `person.flags`."""
        return link_type(self.fact, self.name)


def _attr_from(annotation: Any, ref_to: str | None, required: bool) -> Attr:
    many = False
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        annotation = next(a for a in args if a is not type(None))
        return _attr_from(annotation, ref_to, required=False)
    if origin is typing.Annotated:
        return _attr_from(args[0], ref_to, required)
    if origin is list:
        many = True
        annotation = args[0]
        inner = _attr_from(annotation, ref_to, required)
        return Attr(inner.kind, inner.values, ref_to, many=True, optional=False)
    if origin is typing.Literal:
        values = tuple(str(a) for a in args)
        if UNRECORDED in values:  # `legal_status: unknown` says no more than a missing legal_status
            values = tuple(v for v in values if v != UNRECORDED)
            return Attr("str", values, optional=True, unrecorded=UNRECORDED)
        return Attr("str", values, optional=not required)
    if annotation is bool:
        return Attr("bool", optional=not required)
    if annotation is int:
        return Attr("int", optional=not required)
    if annotation is date:
        return Attr("date", optional=not required)
    if annotation is str:
        return Attr("ref" if ref_to else "str", ref_to=ref_to, optional=not required, many=many)
    raise TypeError(f"no fact attribute kind for {annotation!r}")


def _schema_of(model: type[BaseModel], fact_type: str, skip: set[str]) -> dict[str, Attr]:
    refs = case_model.REFERENCES.get(fact_type, {})
    schema: dict[str, Attr] = {"id": Attr("ref", ref_to=fact_type, optional=False)}
    for name, info in model.model_fields.items():
        public = info.alias or name
        if public in skip or public == "id":
            continue
        schema[public] = _attr_from(info.annotation, refs.get(public), info.is_required())
    return schema


def _derived(kind: str, how: str, **extra: Any) -> Attr:
    return Attr(kind, derived=how, **extra)


def _build_schema() -> dict[str, dict[str, Attr]]:
    schema: dict[str, dict[str, Attr]] = {}
    schema["person"] = _schema_of(case_model.Person, "person", {"note", "convictions"})
    schema["person"]["age"] = _derived("int", "age on as_of, from date_of_birth or the recorded age")
    schema["person"]["child_victim"] = _derived(
        "bool",
        "role child and not recorded as a non-victim, or recorded as a victim and under 18, or "
        "named as the victim of a sexual offence in the case and under 18 (or of unknown age)",
        optional=False,
    )
    schema["person"]["days_since_review"] = _derived("int", "days from last_reviewed to as_of")
    schema["location"] = _schema_of(case_model.Location, "location", {"note", "home_of"})
    schema["location"]["child_home"] = _derived(
        "bool", "some child listed in home_of (role child, recorded as a victim or named as the victim "
        "of a sexual offence, or under 18); "
        "not recorded while home_of is not"
    )
    schema["case"] = _schema_of(case_model.CaseHeader, "case", {"as_of"})  # the force holding the case
    conviction = _schema_of(case_model.Conviction, "conviction", set())
    conviction["id"] = Attr("ref", ref_to="conviction", optional=False)
    conviction["person"] = Attr("ref", ref_to="person", optional=False)
    schema["conviction"] = conviction
    schema["action"] = _schema_of(case_model.Action, "action", set())
    schema["action"]["target"] = Attr("ref", ref_to="person or location", optional=False)
    schema["action"]["days_before_as_of"] = _derived("int", "days from the action's date to as_of")
    schema["action"]["months_completed"] = _derived(
        "int", "whole calendar months after the action's date that are over by as_of (6 once as_of "
        "is after the same date 6 months later): how long a notice has run"
    )
    for event_type, model in case_model.EVENT_MODELS.items():
        attrs = _schema_of(model, event_type, {"note", "type"})
        attrs["days_before_as_of"] = _derived("int", "days from the event's date to as_of", optional=False)
        attrs["months_before_as_of"] = _derived(
            "int", "whole calendar months from the event's date to as_of", optional=False
        )
        for name, attr in list(attrs.items()):
            if attr.ref_to == "person" and not attr.many:
                attrs[f"{name}_age"] = _derived("int", f"age of the {name} on the event's date", ranged=True)
        if event_type in HOME_FORCE_TESTS:
            place, name = HOME_FORCE_TESTS[event_type]
            attrs[name] = _derived(
                "bool",
                f"{place} is recorded and differs from the force area where the child lives "
                "(lives_in_force); not recorded while either is not",
            )
        if event_type == "sexual_offence":
            attrs["reported_or_disclosed_on"] = _derived(
                "date",
                "when the offence came to light: reported_on if recorded, otherwise the date of "
                "the earliest disclosure in which the victim named the suspect, on or after the "
                "act's date; missing (reported_on is asked for) when neither is recorded",
            )
            attrs["days_since_reported"] = _derived("int", "days from reported_or_disclosed_on to as_of")
            attrs["interview_delay_days"] = _derived(
                "int",
                "days from reported_or_disclosed_on to suspect_interviewed_on "
                "(or as_of, while the suspect is not interviewed); only with a suspect",
            )
        schema[event_type] = attrs
    return {
        fact: {name: replace(attr, name=name, fact=fact) for name, attr in attrs.items()}
        for fact, attrs in schema.items()
    }


FACT_SCHEMA: dict[str, dict[str, Attr]] = _build_schema()


def link_type(fact_type: str, attr: str) -> str:
    """The fact type of the link facts of a list attribute: one per element."""
    return f"{fact_type}.{attr}"


def negated_type(fact_type: str) -> str:
    """The fact type of the copies of a type's facts that `$not` patterns test (pitfall 3)."""
    return fact_type + NEGATED


@dataclass
class FactSet:
    """One case's facts, ready to assert, with what is needed to explain a match."""

    records: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready, `id` = sequence number
    by_seq: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_type: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    missing_source: dict[tuple[str, str], str] = field(default_factory=dict)  # (ref, attr) → fact to record
    lists: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (ref, attr) → the list
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # count number, outer refs → count
    indexes: dict[int, Any] = field(default_factory=dict)  # count number → its candidates by value
    as_of: date = date.min
    types: frozenset[str] | None = None  # the fact types some rule reads (None: every type)

    def add(self, record: dict[str, Any]) -> None:
        seq = str(len(self.records) + 1)
        record["id"] = seq
        self.records.append(record)
        self.by_seq[seq] = record
        self.by_type.setdefault(record["t"], []).append(record)


class _Field(NamedTuple):
    """Where a fact attribute is read from its case model, worked out once per fact type."""

    name: str  # the public name rules use (`with`, not `with_`)
    attr: str  # the pydantic field
    many: bool  # a list: its size in the fact, and a link fact per element
    dated: bool  # dates (or a list of dates), stored as day numbers
    link: str  # the link fact type, for a list
    size: str  # the key of a list's size
    unrecorded: str | None  # the value that means "not recorded", left out of the fact


def _fields(fact_type: str, model: type[BaseModel]) -> tuple[_Field, ...]:
    public = {info.alias or name: name for name, info in model.model_fields.items()}
    return tuple(
        _Field(name, public[name], a.many, a.kind == "date", a.link_type, a.size_key, a.unrecorded)
        for name, a in FACT_SCHEMA[fact_type].items()
        if name != "id" and not a.derived and name in public
    )


_FIELDS: dict[str, tuple[_Field, ...]] = {
    "case": _fields("case", case_model.CaseHeader),
    "person": _fields("person", case_model.Person),
    "location": _fields("location", case_model.Location),
    "conviction": _fields("conviction", case_model.Conviction),
    "action": _fields("action", case_model.Action),
    **{t: _fields(t, model) for t, model in case_model.EVENT_MODELS.items()},
}


def _add_fact(facts: FactSet, fact_type: str, ref: str, item: BaseModel) -> dict[str, Any]:
    """One fact from one item of the case, plus a link fact per element of each list that
    some rule joins through."""
    record: dict[str, Any] = {"t": fact_type, KEY: ref}
    values = item.__dict__  # the model's field values, as validated
    wanted = facts.types
    for name, attr, many, dated, link, size, unrecorded in _FIELDS[fact_type]:
        value = values[attr]
        if not many:
            if value is not None and value != unrecorded:
                record[name] = value.toordinal() if dated else value
            continue
        items = [v.toordinal() for v in value] if dated else list(value)
        facts.lists[(ref, name)] = items
        record[size] = len(items)
        if wanted is None or link in wanted:
            for v in items:
                facts.add({"t": link, "from": ref, "value": v})
    facts.add(record)
    return record


_AGED: dict[str, tuple[tuple[str, Attr], ...]] = {  # an event's people, and their ages on its date
    t: tuple(
        (n, FACT_SCHEMA[t][f"{n}_age"])
        for n, a in FACT_SCHEMA[t].items()
        if a.ref_to == "person" and not a.many and not a.derived
    )
    for t in case_model.EVENT_MODELS
}


def build_facts(case: case_model.Case, types: frozenset[str] | None = None) -> FactSet:
    """The case's facts. With `types`, only facts of those types (and link facts of those
    link types) are built: what a ruleset never reads costs nothing. People are always built,
    since the victim guard reads them whatever the rules."""
    as_of = case.case.as_of
    facts = FactSet(as_of=as_of, types=types)
    people = {p.id: p for p in case.people}
    _add_fact(facts, "case", CASE_REF, case.case)
    facts.missing_source[(CASE_REF, "force")] = "case.force"

    def person_age(person_id: str, on: date) -> int | None:
        p = people[person_id]
        return age_at(on, as_of, p.date_of_birth, p.age)

    def person_age_bounds(person_id: str, on: date) -> tuple[int, int] | None:
        p = people[person_id]
        return age_bounds(on, as_of, p.date_of_birth, p.age)

    # people the case names as the victim of a sexual offence: victims, whatever `victim` says
    offended = {e.victim for e in case.events if isinstance(e, case_model.SexualOffence)}
    for person in case.people:
        record = _add_fact(facts, "person", person.id, person)
        age = person_age(person.id, as_of)
        if age is not None:
            record["age"] = age
        else:
            facts.missing_source[(person.id, "age")] = f"{person.id}.date_of_birth"
        record["child_victim"] = is_child_victim(person, age, person.id in offended)
        if person.last_reviewed is not None:
            record["days_since_review"] = (as_of - person.last_reviewed).days
        else:
            facts.missing_source[(person.id, "days_since_review")] = f"{person.id}.last_reviewed"
        if types is not None and "conviction" not in types:
            continue
        for index, conviction in enumerate(person.convictions):
            record = _add_fact(facts, "conviction", f"{person.id}.convictions[{index}]", conviction)
            record["person"] = person.id
    for location in case.locations if types is None or "location" in types else ():
        record = _add_fact(facts, "location", location.id, location)
        if location.home_of is not None:
            record["child_home"] = any(
                is_child(people[p], person_age(p, as_of), p in offended) for p in location.home_of
            )
        else:
            facts.missing_source[(location.id, "child_home")] = f"{location.id}.home_of"
    disclosures: dict[str, list[case_model.Disclosure]] = {}
    for event in case.events:
        if isinstance(event, case_model.Disclosure):
            disclosures.setdefault(event.child, []).append(event)
    for event in case.events:
        if types is not None and event.type not in types:
            continue
        record = _add_fact(facts, event.type, event.id, event)
        record["days_before_as_of"] = (as_of - event.date).days
        record["months_before_as_of"] = months_on(event.date, as_of)
        for name, aged in _AGED[event.type]:
            who = record.get(name)
            if not who:
                continue
            bounds = person_age_bounds(who, event.date)
            if bounds is not None:
                low, high = aged.bounds
                record[low], record[high] = bounds
                if bounds[0] == bounds[1]:
                    record[aged.key] = bounds[0]
            if bounds is None or bounds[0] != bounds[1]:
                facts.missing_source[(event.id, aged.name)] = f"{who}.date_of_birth"
        if isinstance(event, case_model.SexualOffence):
            _add_report_dates(facts, record, event, disclosures.get(event.victim, []))
        if event.type in HOME_FORCE_TESTS:
            _add_outside_home_force(facts, record, event, people)
    for action in case.actions if types is None or "action" in types else ():
        record = _add_fact(facts, "action", action.id, action)
        if action.date is not None:
            record["days_before_as_of"] = (as_of - action.date).days
            record["months_completed"] = months_completed(action.date, as_of)
    return facts


def _add_outside_home_force(
    facts: FactSet, record: dict[str, Any], event: case_model.EventBase, people: dict[str, case_model.Person]
) -> None:
    """Whether the event's force area is not the child's: decided here, from both facts, so that a
    child whose home force is not recorded is asked about (unknown is not false), not passed over."""
    place, name = HOME_FORCE_TESTS[record["t"]]
    child = people[record["victim" if record["t"] == "sexual_offence" else "child"]]
    where = getattr(event, place)
    if where is None:
        facts.missing_source[(record[KEY], name)] = f"{record[KEY]}.{place}"
    elif child.lives_in_force is None:
        facts.missing_source[(record[KEY], name)] = f"{child.id}.lives_in_force"
    else:
        record[name] = where != child.lives_in_force


def reported_or_disclosed_on(
    offence: case_model.SexualOffence, disclosures: list[case_model.Disclosure]
) -> date | None:
    """When the offence came to light: `reported_on` if recorded; otherwise the earliest
    disclosure by the victim naming the suspect, on or after the act's date; else None."""
    if offence.reported_on is not None:
        return offence.reported_on
    if offence.suspect is None:
        return None
    dates = [d.date for d in disclosures if offence.suspect in d.names and d.date >= offence.date]
    return min(dates, default=None)


def _add_report_dates(
    facts: FactSet,
    record: dict[str, Any],
    offence: case_model.SexualOffence,
    disclosures: list[case_model.Disclosure],
) -> None:
    """The derived dates of an offence: when it came to light, and the delays that run from it."""
    start = reported_or_disclosed_on(offence, disclosures)
    if start is None:
        for name in ("reported_or_disclosed_on", "days_since_reported", "interview_delay_days"):
            facts.missing_source[(offence.id, name)] = f"{offence.id}.reported_on"
        return
    record["reported_or_disclosed_on"] = start.toordinal()
    record["days_since_reported"] = (facts.as_of - start).days
    if offence.suspect is not None:
        end = offence.suspect_interviewed_on or facts.as_of
        record["interview_delay_days"] = (end - start).days


def is_child_victim(person: case_model.Person, age: int | None, offended_against: bool = False) -> bool:
    """Whom the victim guard protects (¶25–26).

    A person with role `child` is protected unless recorded as not a victim; a person in
    another role who is recorded as a victim is protected while under 18 (or of unknown age).
    A child *perpetrator* (role suspect, not recorded as a victim) is not protected (¶25),
    unless the case itself names them as the victim of a sexual offence (`offended_against`):
    then they are protected while under 18 (or of unknown age), whatever `victim` says, since
    the case's own events contradict it and the guard errs on the side of the child.
    """
    if offended_against and (age is None or age < 18):
        return True
    if person.role == "child":
        return person.victim is not False
    return person.victim is True and (age is None or age < 18)


def is_child(person: case_model.Person, age: int | None, offended_against: bool = False) -> bool:
    """Whose home a tactic against premises must never be (¶25): a child, a victim (recorded as
    one, or named as the victim of a sexual offence), anyone under 18."""
    return (
        person.role == "child"
        or person.victim is True
        or offended_against
        or (age is not None and age < 18)
    )
