"""What one evaluation writes: rows taken from the case as sent and the engine's answer."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from record_support import answer, build_ruleset, make_case

from engine.case import case_from_text
from engine.evaluate import Engine
from record.extract import Entry, as_sent, entry
from record.policy import policy_of

WHEN = datetime(2020, 7, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_ruleset())


def rows_of(engine: Engine, data: dict[str, Any]) -> Entry:
    case, text = as_sent(data)
    return entry(case, text, answer(engine, data), "officer-7", WHEN, policy_of(engine.ruleset))


def test_the_case_is_kept_exactly_as_sent() -> None:
    data = make_case()
    case, text = as_sent(data)
    assert json.loads(text) == data
    assert case.case.id == "CASE-R1"


def test_a_yaml_case_keeps_its_dates_as_iso_text() -> None:
    case = case_from_text("case: {id: Y-1, as_of: 2020-06-30}\n", "y.yaml")
    _, text = as_sent(case)
    assert json.loads(text) == {"case": {"id": "Y-1", "as_of": "2020-06-30"}}


def test_an_evaluation_records_who_asked_when_and_with_which_ruleset(engine: Engine) -> None:
    rows = rows_of(engine, make_case())
    assert rows.evaluation["asked_by"] == "officer-7"
    assert rows.evaluation["asked_at"] == WHEN
    assert rows.evaluation["ruleset_sha256"] == engine.ref.sha256
    assert rows.evaluation["force"] == "durham"
    assert [(f["rule"], f["target"]) for f in rows.findings] == [
        ("cawn-found-with-adult", "adult-1"),
        ("annual-review", "adult-1"),
        ("return-interview", "ev-1"),
    ]


def test_each_action_is_a_tactic_used_with_the_case_force_when_it_names_none(engine: Engine) -> None:
    data = make_case(
        actions=[
            {
                "id": "a1",
                "tactic": "cse_flag",
                "target": "adult-2",
                "status": "issued",
                "date": "2019-10-05",
                "recorded": False,
            },
            {"id": "a2", "tactic": "sro", "target": "adult-1", "status": "applied", "force": "cleveland"},
        ]
    )
    tactics = {t["action_id"]: t for t in rows_of(engine, data).tactics}
    assert (tactics["a1"]["tactic"], tactics["a1"]["target"], tactics["a1"]["date"]) == (
        "cse_flag",
        "adult-2",
        date(2019, 10, 5),
    )
    assert (tactics["a1"]["force"], tactics["a1"]["recorded"]) == ("durham", False)
    a2 = tactics["a2"]
    assert (a2["force"], a2["date"], a2["status"]) == ("cleveland", None, "applied")


def test_an_episode_counts_as_found_with_an_adult_only_for_suspects_and_associates(engine: Engine) -> None:
    data = make_case(
        episodes=[
            ("ev-1", "2019-10-02", ["adult-1"]),
            ("ev-2", "2019-11-02", []),
            ("ev-3", "2019-12-02", ["friend"]),
            ("ev-4", "2020-01-02", ["mum"]),
        ]
    )
    data["people"] += [
        {"id": "friend", "role": "child", "age": 14},
        {"id": "mum", "role": "parent_carer", "age": 40, "connected_to": ["child-a"]},
    ]
    found = {e["episode_id"]: e["found_with_adult"] for e in rows_of(engine, data).episodes}
    assert found == {"ev-1": True, "ev-2": False, "ev-3": False, "ev-4": False}


def test_a_cawn_is_considered_when_recommended_and_issued_when_served(engine: Engine) -> None:
    recommended = rows_of(engine, make_case()).episodes[0]
    assert (recommended["cawn_considered"], recommended["cawn_issued"]) == (True, False)
    served = make_case(actions=[{"id": "a1", "tactic": "cawn", "target": "adult-1", "status": "issued"}])
    row = rows_of(engine, served).episodes[0]
    assert (row["cawn_considered"], row["cawn_issued"], row["adults"]) == (True, True, "adult-1")
    elsewhere = make_case(actions=[{"id": "a1", "tactic": "cawn", "target": "adult-2", "status": "issued"}])
    row = rows_of(engine, elsewhere).episodes[0]
    assert row["cawn_issued"] is False, "a notice to someone else is not a notice to this adult"


def test_each_suspect_is_recorded_with_the_last_review(engine: Engine) -> None:
    suspects = rows_of(engine, make_case()).suspects
    assert [(s["person_id"], s["last_reviewed"]) for s in suspects] == [("adult-1", date(2018, 1, 10))]
    never = rows_of(engine, make_case(last_reviewed=None)).suspects
    assert [(s["person_id"], s["last_reviewed"]) for s in never] == [("adult-1", None)]
