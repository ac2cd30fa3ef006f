"""Seeded, fictional cases for benchmarks: small (~10 facts), typical (~40) and large (~400).

A "fact" here is one item of the case: a person, location, event or action. Every case
is valid and referentially intact (it loads with `engine.case_from_data`), and the same
seed always gives the same cases, so runs compare like with like.

    from bench.cases import make_case, make_cases
    data = make_case("typical", seed=7)          # a dict, as an officer's system sends it
    cases = make_cases("large", 50, seed=1)      # validated engine.Case objects
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from engine import Case, case_from_data

SIZES = {"small": 10, "typical": 40, "large": 400}
# Share of a case's facts in each section (the rest are events).
SHARES = {"children": 0.12, "adults": 0.16, "carers": 0.02, "locations": 0.08, "actions": 0.10}

TACTICS = (
    "cawn", "sro", "shpo", "cse_warning_letter", "pdp_referral", "cse_flag", "investigate_suspect",
    "hotel_notice", "closure_order_sexual", "housing_action", "licensing_review", "location_patrols",
    "police_protection", "recovery_order", "nrm_referral", "return_interview", "cse_assessment",
)  # fmt: skip
PLACE_TACTICS = (
    "hotel_notice",
    "closure_order_sexual",
    "housing_action",
    "licensing_review",
    "location_patrols",
)
LEGAL = ("none", "s20_accommodated", "care_order", "interim_care_order", None)
STATUSES = ("proposed", "issued", "applied", "granted", "refused", "breached", "withdrawn")
INVESTIGATIONS = ("none", "open", "closed_nfa", "closed_evidential_difficulties", "charged")
KINDS = ("residential", "hotel", "takeaway", "licensed_premises", "park", "vehicle", "other")
FORCES = ("durham", "cleveland", "northumbria")
LABELS = ("hotel-parties", "car-pickups", "online-grooming")


def _day(rnd: random.Random, as_of: date, span: int) -> str:
    return (as_of - timedelta(days=rnd.randint(0, span))).isoformat()


def _maybe(rnd: random.Random, value: Any, p: float = 0.7) -> Any:
    return value if rnd.random() < p else None


def make_case(size: str | int = "typical", seed: int = 0, case_id: str | None = None) -> dict[str, Any]:
    """One case's data with about `size` facts (a name from SIZES or a number)."""
    total = SIZES[size] if isinstance(size, str) else int(size)
    rnd = random.Random(f"{total}:{seed}")
    as_of = date(2020, 6, 30) - timedelta(days=rnd.randint(0, 2000))
    count = {k: max(1, round(total * share)) for k, share in SHARES.items()}
    n_events = max(1, total - sum(count.values()))
    people: list[dict[str, Any]] = []
    for i in range(count["children"]):
        age = rnd.choice((12, 13, 14, 15, 16, 17))
        child: dict[str, Any] = {"id": f"child-{i + 1}", "role": "child", "victim": rnd.random() < 0.9}
        if rnd.random() < 0.7:
            child["date_of_birth"] = (as_of - timedelta(days=365 * age + rnd.randint(0, 364))).isoformat()
        else:
            child["age"] = age
        if (status := rnd.choice(LEGAL)) is not None:
            child["legal_status"] = status
        child["sex"] = rnd.choice(("female", "male"))
        people.append(child)
    children = [p["id"] for p in people]
    for i in range(count["adults"]):
        adult: dict[str, Any] = {
            "id": f"adult-{i + 1}",
            "role": rnd.choice(("suspect", "suspect", "associate")),
            "age": rnd.randint(17, 60),
            "flags": rnd.sample(("cse_flag", "pdp", "mappa"), rnd.randint(0, 2)),
            "other_offences": rnd.sample(("drugs", "theft", "violence"), rnd.randint(0, 2)),
        }
        if rnd.random() < 0.2:
            adult["convictions"] = [
                {
                    "offence": "sexual_activity_with_child",
                    "schedule": rnd.choice((3, 5)),
                    "date": _day(rnd, as_of, 4000),
                }
            ]
        if rnd.random() < 0.5:
            adult["last_reviewed"] = _day(rnd, as_of, 700)
        people.append(adult)
    adults = [p["id"] for p in people if p["role"] != "child"]
    for i in range(count["carers"]):
        people.append(
            {"id": f"carer-{i + 1}", "role": "parent_carer", "connected_to": [rnd.choice(children)]}
        )
    locations = [
        {
            "id": f"loc-{i + 1}",
            "kind": rnd.choice(KINDS),
            "force": rnd.choice(FORCES),
            "linked_people": rnd.sample(adults, min(len(adults), rnd.randint(0, 2))),
        }
        for i in range(count["locations"])
    ]
    places = [loc["id"] for loc in locations]
    events: list[dict[str, Any]] = []
    for i in range(n_events):
        eid, when, child = f"ev-{i + 1}", _day(rnd, as_of, 720), rnd.choice(children)
        adult = rnd.choice(adults)
        kind = rnd.choices(
            ("missing_episode", "sexual_offence", "sighting", "allegation", "party", "inducement",
             "online_contact", "disclosure", "report", "movement", "relationship"),
            weights=(30, 10, 15, 10, 8, 5, 6, 5, 4, 4, 3),
        )[0]  # fmt: skip
        event: dict[str, Any] = {"id": eid, "type": kind, "date": when}
        if kind == "missing_episode":
            event |= {"child": child, "found_with": rnd.sample(adults, min(len(adults), rnd.randint(0, 2)))}
            event |= {
                "asked_where": _maybe(rnd, rnd.random() < 0.5),
                "asked_with_whom": _maybe(rnd, rnd.random() < 0.5),
            }
            if places and rnd.random() < 0.5:
                event["found_at"] = rnd.choice(places)
        elif kind == "sexual_offence":
            event |= {
                "victim": child,
                "suspect": _maybe(rnd, adult),
                "penetrative": _maybe(rnd, rnd.random() < 0.5),
            }
            event |= {
                "investigation": _maybe(rnd, rnd.choice(INVESTIGATIONS)),
                "recorded_as": _maybe(rnd, "sexual_assault"),
            }
        elif kind == "sighting":
            event |= {"child": child, "with_people": [adult], "vehicle": rnd.random() < 0.4}
            event |= {
                "police_enquiry": _maybe(rnd, rnd.random() < 0.5),
                "unidentified_adults": rnd.randint(0, 3),
            }
            if places:
                event["at"] = rnd.choice(places)
        elif kind == "allegation":
            event |= {
                "suspect": adult,
                "similar_to": rnd.choice(LABELS),
                "outcome": _maybe(rnd, rnd.choice(INVESTIGATIONS)),
            }
        elif kind == "party":
            event |= {
                "child": child,
                "adults_present": True,
                "alcohol": rnd.random() < 0.6,
                "drugs": rnd.random() < 0.3,
            }
            if places:
                event["at"] = rnd.choice(places)
        elif kind == "inducement":
            event |= {"child": child, "by": adult}
        elif kind == "online_contact":
            event |= {"child": child, "with_people": [adult], "sexual": rnd.random() < 0.5}
        elif kind == "disclosure":
            event |= {"child": child, "names": [adult]}
        elif kind == "report":
            event |= {"child": child, "kind": "stalking", "police_action": _maybe(rnd, False)}
        elif kind == "movement":
            event |= {"child": child, "by": [adult], "from_force": "durham", "to_force": rnd.choice(FORCES)}
        else:
            event |= {"child": child, "with": adult}
        events.append({k: v for k, v in event.items() if v is not None})
    actions = []
    for i in range(count["actions"]):
        tactic = rnd.choice(TACTICS)
        at_place = tactic in PLACE_TACTICS and places
        target = rnd.choice(places) if at_place else rnd.choice(adults)
        actions.append(
            {
                "id": f"act-{i + 1}",
                "tactic": tactic,
                "target": target,
                "status": rnd.choice(STATUSES),
                "date": _day(rnd, as_of, 400),
                "recorded": rnd.random() < 0.6,
                "force": rnd.choice(FORCES),
            }
        )
    return {
        "case": {"id": case_id or f"BENCH-{total}-{seed}", "force": "durham", "as_of": as_of.isoformat()},
        "people": people,
        "locations": locations,
        "events": events,
        "actions": actions,
    }


def make_cases(size: str | int, n: int, seed: int = 0) -> list[Case]:
    """`n` validated cases of one size, seeds seed … seed+n-1."""
    return [case_from_data(make_case(size, seed + i)) for i in range(n)]
