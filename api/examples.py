"""A fictional case for the OpenAPI spec's examples (no real person, place or event)."""

from __future__ import annotations

from typing import Any

CASE_EXAMPLE: dict[str, Any] = {
    "case": {"id": "CASE-2019-0042", "force": "durham", "as_of": "2020-06-30"},
    "people": [
        {
            "id": "child-a",
            "role": "child",
            "victim": True,
            "date_of_birth": "2006-03-14",
            "sex": "female",
            "legal_status": "care_order",
        },
        {"id": "adult-1", "role": "suspect", "age": 19, "flags": ["cse_flag"]},
    ],
    "locations": [{"id": "loc-1", "kind": "hotel", "force": "durham", "linked_people": ["adult-1"]}],
    "events": [
        {
            "id": "ev-1",
            "type": "missing_episode",
            "child": "child-a",
            "date": "2019-10-02",
            "found_with": ["adult-1"],
            "found_at": "loc-1",
            "asked_where": False,
            "asked_with_whom": False,
        },
        {
            "id": "ev-2",
            "type": "sexual_offence",
            "victim": "child-a",
            "suspect": "adult-1",
            "date": "2019-09-20",
            "penetrative": True,
            "recorded_as": "sexual_activity_with_child",
            "investigation": "closed_evidential_difficulties",
        },
    ],
    "actions": [
        {"id": "act-1", "tactic": "cawn", "target": "adult-1", "status": "proposed"},
    ],
}
