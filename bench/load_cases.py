"""Typical fictional cases for the load benchmark: about 40 facts each, every reference intact.

`typical_case(seed, tactics)` is deterministic for a seed. Children are 12-17, adults 18-45;
events cluster on what the rules read (missing episodes found with adults, offences with
recording and investigation outcomes, sightings, allegations, disclosures). No real person,
place or event is described.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

AS_OF = date(2020, 6, 30)
FORCES = ("durham", "cleveland", "northumbria")
RECORDED_AS = ("sexual_activity_with_child", "sexual_assault", "rape_of_child_under_13")
OUTCOMES = ("none", "open", "closed_nfa", "closed_evidential_difficulties", "charged")
DEFAULT_TACTICS = ("cawn", "sro", "pdp_referral", "investigate_suspect", "hotel_notice")


def _day(rng: random.Random, within: int = 900) -> str:
    return (AS_OF - timedelta(days=rng.randint(1, within))).isoformat()


def typical_case(seed: int, tactics: tuple[str, ...] = DEFAULT_TACTICS, prefix: str = "") -> dict[str, Any]:
    """One case of ~40 facts: 3 children, 6 adults, 3 locations, 22 events, 5 actions."""
    rng = random.Random(seed)
    p = prefix
    children = [f"{p}child-{i}" for i in range(3)]
    adults = [f"{p}adult-{i}" for i in range(6)]
    places = [f"{p}loc-{i}" for i in range(3)]
    people: list[dict[str, Any]] = [
        {
            "id": cid,
            "role": "child",
            "victim": True,
            "age": rng.randint(12, 17),
            "sex": rng.choice(("female", "male")),
            "legal_status": rng.choice(("none", "care_order", "s20_accommodated")),
            "lives_in_force": rng.choice(FORCES),
        }
        for cid in children
    ]
    people += [
        {
            "id": aid,
            "role": rng.choice(("suspect", "suspect", "associate")),
            "age": rng.randint(18, 45),
            "sex": "male",
            "flags": rng.sample(["cse_flag", "pdp"], rng.randint(0, 1)),
            "other_offences": rng.sample(["drugs", "driving", "theft"], rng.randint(0, 2)),
        }
        for aid in adults
    ]
    locations = [
        {
            "id": lid,
            "kind": rng.choice(("hotel", "takeaway", "residential", "park")),
            "force": rng.choice(FORCES),
            "linked_people": rng.sample(adults, 1),
        }
        for lid in places
    ]
    events: list[dict[str, Any]] = []
    for i in range(22):
        eid, child, adult = f"{p}ev-{i}", rng.choice(children), rng.choice(adults)
        kind = i % 6
        if kind == 0:
            events.append({"id": eid, "type": "missing_episode", "child": child, "date": _day(rng),
                           "found_with": [adult], "found_at": rng.choice(places),
                           "asked_where": rng.choice((True, False, None)),
                           "asked_with_whom": rng.choice((True, False, None))})
        elif kind == 1:
            events.append({"id": eid, "type": "sexual_offence", "victim": child, "suspect": adult,
                           "date": _day(rng), "penetrative": rng.choice((True, False)),
                           "recorded_as": rng.choice(RECORDED_AS),
                           "investigation": rng.choice(OUTCOMES)})
        elif kind == 2:
            events.append({"id": eid, "type": "sighting", "child": child, "date": _day(rng),
                           "with_people": [adult], "unidentified_adults": rng.randint(0, 3),
                           "vehicle": rng.choice((True, False)), "at": rng.choice(places),
                           "police_enquiry": rng.choice((True, False))})
        elif kind == 3:
            events.append({"id": eid, "type": "allegation", "suspect": adult, "by": child,
                           "date": _day(rng), "similar_to": "grooming-pattern-a",
                           "outcome": rng.choice(OUTCOMES)})
        elif kind == 4:
            events.append({"id": eid, "type": "disclosure", "child": child, "date": _day(rng),
                           "names": [adult]})
        else:
            events.append({"id": eid, "type": "inducement", "child": child, "by": adult,
                           "date": _day(rng)})
    actions = [
        {"id": f"{p}act-{i}", "tactic": rng.choice(tactics), "target": rng.choice(adults),
         "status": rng.choice(("proposed", "issued")), "date": _day(rng, 200),
         "recorded": rng.choice((True, False))}
        for i in range(5)
    ]
    return {
        "case": {"id": f"{p}BENCH-{seed}", "force": "durham", "as_of": AS_OF.isoformat()},
        "people": people,
        "locations": locations,
        "events": events,
        "actions": actions,
    }
