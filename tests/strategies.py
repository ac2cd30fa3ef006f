"""Hypothesis strategies: valid, referentially intact, entirely fictional cases.

`case_data()` draws the plain data an officer's system would send (a dict ready for
`engine.case_from_data`); `cases()` validates it into a `Case`. Every reference (event
fields, `connected_to`, `linked_people`, action targets) names a person or location that
exists in the same case, ids are unique, and `age` / `date_of_birth` never contradict each
other, so every drawn case must load. Values cluster around the thresholds the rules test
(ages 12–18, dates either side of 2004-05-01, 14- and 28-day delays, repeated allegations
with the same label) so that rules actually fire.

Sizes run from a single person to about 60 facts (people + locations + events + actions).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from hypothesis import strategies as st

from engine import case as case_model
from engine import case_from_data
from engine.age import age_on
from engine.case import Case
from engine.fact import FACT_SCHEMA

# Every enumerated value comes from the case model, the single source of truth.
ROLES = get_args(case_model.Role)
SEXES = get_args(case_model.Sex)
LEGAL_STATUSES = get_args(case_model.LegalStatus)
FLAGS = get_args(case_model.Flag)
OTHER_OFFENCES = get_args(case_model.OtherOffence)
LOCATION_KINDS = get_args(case_model.LocationKind)
INVESTIGATIONS = get_args(case_model.Investigation)
ACTION_STATUSES = get_args(case_model.ActionStatus)
EVENT_TYPES = tuple(case_model.EVENT_MODELS)
FORCES = ("durham", "cleveland", "northumbria")
OFFENCES = (
    "rape_of_child_under_13",
    "assault_of_child_under_13_by_penetration",
    "causing_or_inciting_child_under_13_to_engage_in_sexual_activity",
    "sexual_assault_of_child_under_13",
    "sexual_activity_with_child",
    "sexual_intercourse_with_female_aged_13",
    "sexual_assault",
    "causing_child_to_watch_sexual_act",
)
SIMILAR_LABELS = ("hotel-parties", "car-pickups", "online-grooming")
REPORT_KINDS = ("stalking", "harassment", "concern")

DEFAULT_TACTICS = (
    "cawn",
    "s2_abduction_prosecution",
    "s49_prosecution",
    "sro",
    "shpo",
    "stro",
    "stpo",
    "arrest_other_offences",
    "cse_warning_letter",
    "pdp_referral",
    "cse_flag",
    "investigate_suspect",
    "indirect_disruption",
    "hotel_notice",
    "closure_order_sexual",
    "closure_order_asb",
    "housing_action",
    "licensing_review",
    "location_patrols",
    "police_protection",
    "recovery_order",
    "nrm_referral",
    "passport_marker",
    "clares_law",
    "return_interview",
    "trigger_plan",
    "cse_assessment",
)

# Ages near the legal thresholds are drawn far more often than others.
AGES = st.one_of(st.sampled_from((11, 12, 13, 14, 15, 16, 17, 18)), st.integers(0, 70))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _iso(day: date) -> str:
    return day.isoformat()


@st.composite
def _as_of(draw: st.DrawFn) -> date:
    # Mostly recent assessments; some early enough that events predate the SOA 2003.
    return draw(
        st.one_of(
            st.dates(date(2015, 1, 1), date(2025, 12, 31)),
            st.dates(date(2004, 1, 1), date(2008, 12, 31)),
        )
    )


@st.composite
def _day_before(draw: st.DrawFn, as_of: date, span: int = 1500) -> date:
    """A date on or before as_of; short gaps (around 14 and 28 days) are common."""
    back = draw(
        st.one_of(
            st.integers(0, span),
            st.sampled_from((0, 1, 13, 14, 15, 27, 28, 29, 89, 90, 91, 364, 365, 366)),
        )
    )
    return as_of - timedelta(days=back)


@st.composite
def _person(draw: st.DrawFn, pid: str, role: str, as_of: date) -> dict[str, Any]:
    person: dict[str, Any] = {"id": pid, "role": role}
    age = draw(AGES)
    if role == "child" and age > 25 and draw(st.booleans()):
        age = draw(st.integers(10, 18))
    how = draw(st.sampled_from(("dob", "dob", "age", "both", "unknown")))
    if how in ("dob", "both"):
        born = as_of - timedelta(days=365 * age + draw(st.integers(0, 364)))
        born = min(born, as_of)
        person["date_of_birth"] = _iso(born)
        if how == "both":
            person["age"] = age_on(born, as_of)
    elif how == "age":
        person["age"] = age
    victim = draw(
        st.sampled_from((None, True, False))
        if role == "child"
        else st.sampled_from((None, None, False, True))
    )
    if victim is not None:
        person["victim"] = victim
    for name, values in (("sex", SEXES), ("legal_status", LEGAL_STATUSES), ("lives_in_force", FORCES)):
        value = draw(_maybe(st.sampled_from(values)))
        if value is not None:
            person[name] = value
    if role != "child":
        person["flags"] = draw(st.lists(st.sampled_from(FLAGS), max_size=3))
        person["other_offences"] = draw(st.lists(st.sampled_from(OTHER_OFFENCES), max_size=2, unique=True))
        person["convictions"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"offence": st.sampled_from(OFFENCES)},
                    optional={
                        "schedule": st.sampled_from((1, 3, 3, 5, 5)),
                        "date": _day_before(as_of, 6000).map(_iso),
                        "sentenced": st.booleans(),
                    },
                ),
                max_size=2,
            )
        )
        if draw(st.booleans()):
            person["last_reviewed"] = _iso(draw(_day_before(as_of, 900)))
    if draw(st.integers(0, 9)) == 0:
        person["note"] = "fictional note"
    return person


@st.composite
def _subset(draw: st.DrawFn, ids: list[str], max_size: int = 3) -> list[str]:
    if not ids:
        return []
    return draw(st.lists(st.sampled_from(ids), max_size=max_size, unique=True))


CHILD_FIELDS = ("child", "victim")  # person references that usually name a child
LABELS: dict[str, tuple[str, ...]] = {
    "recorded_as": OFFENCES,
    "similar_to": SIMILAR_LABELS,
    "kind": REPORT_KINDS,
}


def _event_types() -> tuple[str, ...]:
    return tuple(case_model.EVENT_MODELS)


@st.composite
def _event(
    draw: st.DrawFn,
    eid: str,
    kind: str,
    as_of: date,
    children: list[str],
    adults: list[str],
    people: list[str],
    locations: list[str],
) -> dict[str, Any]:
    """One event of type `kind`, every field drawn from the case model's own schema.

    Driven by FACT_SCHEMA, so event types and fields added to the case model are generated
    without changing this module.
    """
    event: dict[str, Any] = {"id": eid, "type": kind, "date": _iso(draw(_day_before(as_of)))}
    for name, attr in FACT_SCHEMA[kind].items():
        if name in ("id", "date") or attr.derived:
            continue
        value: Any
        if attr.ref_to == "location":
            if not locations:
                continue
            value = draw(st.sampled_from(locations))
        elif attr.ref_to == "person":
            pool = (children or people) if name in CHILD_FIELDS else (adults or people)
            if attr.many:
                value = draw(_subset(pool))
                if pool and not value and draw(st.booleans()):
                    value = [pool[0]]  # the case's main adult, so that patterns repeat
            elif draw(st.integers(0, 5)) == 0:
                value = draw(st.sampled_from(people))
            elif draw(st.booleans()):
                value = pool[0]  # the case's main child or adult
            else:
                value = draw(st.sampled_from(pool))
        elif attr.kind == "bool":
            value = draw(st.booleans())
        elif attr.kind == "int":
            value = draw(st.integers(0, 4))
        elif attr.kind == "date":
            value = _iso(draw(_day_before(as_of)))
        elif attr.values:
            value = draw(st.sampled_from(attr.values))
        elif name.endswith("force"):
            value = draw(st.sampled_from(FORCES))
        else:
            value = draw(st.sampled_from(LABELS.get(name, ("label-a", "label-b"))))
        if attr.optional and draw(st.integers(0, 3)) == 0:
            # An unrecorded optional fact: sometimes omitted, sometimes an explicit null.
            if draw(st.booleans()):
                continue
            value = None
        event[name] = value
    if event.get("penetrative") is False:
        event.pop("penetration", None)  # how a penetrative act was committed needs one (case.py)
    if draw(st.integers(0, 9)) == 0:
        event["note"] = "fictional note"
    return event


@st.composite
def case_data(
    draw: st.DrawFn,
    tactics: tuple[str, ...] = DEFAULT_TACTICS,
    max_people: int = 12,
    max_locations: int = 5,
    max_events: int = 25,
    max_actions: int = 12,
    case_id: str | None = None,
) -> dict[str, Any]:
    """The data of one valid fictional case (at most about 60 facts)."""
    as_of = draw(_as_of())
    n_people = draw(st.one_of(st.integers(1, 4), st.integers(1, max_people)))
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=n_people, max_size=n_people))
    people: list[dict[str, Any]] = []
    for index, role in enumerate(roles, start=1):
        prefix = "child" if role == "child" else "adult" if role in ("suspect", "associate") else "carer"
        people.append(draw(_person(f"{prefix}-{index}", role, as_of)))
    ids = [p["id"] for p in people]
    children = [p["id"] for p in people if p["role"] == "child"]
    adults = [p["id"] for p in people if p["role"] in ("suspect", "associate")]
    for person in people:
        if draw(st.integers(0, 3)) == 0:
            others = [i for i in ids if i != person["id"]]
            person["connected_to"] = draw(_subset(others, 2))
    locations: list[dict[str, Any]] = []
    for index in range(1, draw(st.integers(0, max_locations)) + 1):
        location: dict[str, Any] = {"id": f"loc-{index}", "kind": draw(st.sampled_from(LOCATION_KINDS))}
        force = draw(_maybe(st.sampled_from(FORCES)))
        if force is not None:
            location["force"] = force
        location["linked_people"] = draw(_subset(adults or ids, 2))
        # the optional place extensions (whose home, nuisance or disorder, likely use): mostly
        # recorded, so that the rules on places fire; sometimes not, so that they ask
        home = draw(_maybe(st.one_of(st.just([]), _subset(children or ids, 1))))
        if home is not None:
            location["home_of"] = home
        for name in ("nuisance_or_disorder", "child_sex_offence_use_likely"):
            value = draw(_maybe(st.booleans()))
            if value is not None:
                location[name] = value
        locations.append(location)
    location_ids = [loc["id"] for loc in locations]
    n_events = draw(st.one_of(st.integers(0, 6), st.integers(4, max_events)))
    focus = draw(st.lists(st.sampled_from(_event_types()), min_size=1, max_size=3))
    kinds = [
        draw(st.sampled_from(focus) if draw(st.booleans()) else st.sampled_from(_event_types()))
        for _ in range(n_events)
    ]
    events = [
        draw(_event(f"ev-{index}", kind, as_of, children, adults, ids, location_ids))
        for index, kind in enumerate(kinds, start=1)
    ]
    actions: list[dict[str, Any]] = []
    targets = ids + location_ids
    for index in range(1, draw(st.one_of(st.integers(0, 3), st.integers(0, max_actions))) + 1):
        action: dict[str, Any] = {
            "id": f"act-{index}",
            "tactic": draw(st.sampled_from(tactics)),
            "target": draw(st.sampled_from(targets)),
            "status": draw(st.sampled_from(ACTION_STATUSES)),
        }
        when = draw(_maybe(_day_before(as_of, 400)))
        if when is not None:
            action["date"] = _iso(when)
        for name, strategy in (("recorded", st.booleans()), ("force", st.sampled_from(FORCES))):
            value = draw(_maybe(strategy))
            if value is not None:
                action[name] = value
        actions.append(action)
    header: dict[str, Any] = {
        "id": case_id or draw(st.sampled_from(("CASE-2019-0042", "case-478212", "case-1221200", "FX-1"))),
        "as_of": _iso(as_of),
    }
    if draw(st.booleans()):
        header["force"] = draw(st.sampled_from(FORCES))
    return {"case": header, "people": people, "locations": locations, "events": events, "actions": actions}


def cases(tactics: tuple[str, ...] = DEFAULT_TACTICS) -> st.SearchStrategy[Case]:
    """Valid cases; drawing one that does not load is a bug in this module."""
    return case_data(tactics).map(case_from_data)


def shuffled(data: dict[str, Any], order: Any) -> dict[str, Any]:
    """The same case with people, locations, events and actions listed in another order.

    `order` is a `random.Random` (e.g. from `st.randoms()`).
    """
    copy = {key: (list(value) if isinstance(value, list) else value) for key, value in data.items()}
    for section in ("people", "locations", "events", "actions"):
        order.shuffle(copy[section])
    return copy
