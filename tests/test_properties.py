"""Properties every answer must have, on generated fictional cases and the real ruleset.

- A child victim is never the target of a recommended person-aimed or restrictive tactic.
- The order in which people, locations, events and actions are listed changes nothing.
- The same case evaluated twice gives the same answer.
- Every finding names only ids that exist in the case.
- Every explanation is filled in: no `{…}` left over.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import real_ruleset
from strategies import case_data, shuffled

from engine import Answer, Case, Engine, case_from_data
from engine.age import age_on
from engine.guard import aimed_at_people

SETTINGS = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
UNFILLED = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    ruleset = real_ruleset()
    engine_ = Engine(ruleset)
    yield engine_
    engine_.close()


def child_victims(case: Case) -> set[str]:
    """Whom the guard protects, read from the case itself (¶25–26; engine.fact.is_child_victim)."""
    protected = set()
    offended = {e.victim for e in case.events if e.type == "sexual_offence"}
    for person in case.people:
        age = age_on(person.date_of_birth, case.case.as_of) if person.date_of_birth else person.age
        if (person.role == "child" and person.victim is not False) or (
            (person.victim is True or person.id in offended) and (age is None or age < 18)
        ):
            protected.add(person.id)
    return protected


def case_ids(case: Case) -> set[str]:
    ids = {
        item.id for section in (case.people, case.locations, case.events, case.actions) for item in section
    }
    ids |= {f"{p.id}.convictions[{i}]" for p in case.people for i in range(len(p.convictions))}
    return ids


def comparable(answer: Answer) -> dict[str, Any]:
    """The answer, with each finding's facts and the targets an unknown lists as sorted lists.

    Their order follows the case's listing order or durable-rules' match order: see
    test_counted_facts_are_listed_whatever_the_fact_order and
    test_unknowns_list_their_targets_whatever_the_fact_order for those bugs.
    """
    data = answer.model_dump()
    for finding in data["findings"]:
        finding["facts"] = sorted(finding["facts"])
    for unknown in data["unknowns"]:
        words, _, targets = unknown["decides"].rpartition(" (for ")
        unknown["decides"] = (words, sorted(targets.rstrip(")").split(", ")))
    return data


@SETTINGS
@given(data=case_data())
def test_no_person_aimed_or_restrictive_tactic_is_recommended_against_a_child_victim(
    engine: Engine, data: dict[str, Any]
) -> None:
    case = case_from_data(data)
    victims = child_victims(case)
    answer = engine.evaluate(case)
    for finding in answer.findings:
        if finding.kind == "recommend" and finding.target in victims:
            assert not aimed_at_people(engine.ruleset, finding.code), finding
    # A proposed or recorded person-aimed tactic against a child victim is always warned about.
    warned = {f.target for f in answer.findings if f.code == "victim_targeted"}
    for action in case.actions:
        if (
            action.target in victims
            and action.status != "withdrawn"
            and aimed_at_people(engine.ruleset, action.tactic)
        ):
            assert action.target in warned


@SETTINGS
@given(data=case_data(), order=st.randoms(use_true_random=False))
def test_the_order_of_people_events_and_actions_changes_nothing(
    engine: Engine, data: dict[str, Any], order: random.Random
) -> None:
    first = engine.evaluate(case_from_data(data))
    again = engine.evaluate(case_from_data(shuffled(data, order)))
    assert comparable(again) == comparable(first)


@SETTINGS
@given(data=case_data())
def test_the_same_case_twice_gives_the_same_answer(engine: Engine, data: dict[str, Any]) -> None:
    case = case_from_data(data)
    assert engine.evaluate(case) == engine.evaluate(case)


@SETTINGS
@given(data=case_data())
def test_findings_name_only_ids_of_the_case_and_explanations_are_filled(
    engine: Engine, data: dict[str, Any]
) -> None:
    case = case_from_data(data)
    ids = case_ids(case)
    answer = engine.evaluate(case)
    assert answer.case_id == case.case.id
    for finding in answer.findings:
        assert finding.target in ids, finding
        assert finding.facts and set(finding.facts) <= ids, finding
        assert not UNFILLED.search(finding.because), finding.because
        assert finding.because.strip()
    for unknown in answer.unknowns:
        assert unknown.needed_by and not UNFILLED.search(unknown.decides)


def test_unknowns_list_their_targets_whatever_the_fact_order(engine: Engine) -> None:
    """Regression: an unknown's `decides` listed its targets in durable-rules' match order.

    A child whose legal status is not recorded, induced away by two adults: the unknown
    "child-3.legal_status" names both adults. Fixed: Engine._unknowns sorts them.
    """
    events: list[dict[str, Any]] = [
        {"id": "ev-1", "type": "inducement", "child": "child-3", "by": "adult-1", "date": "2020-01-01"},
        {"id": "ev-2", "type": "inducement", "child": "child-3", "by": "adult-2", "date": "2020-01-01"},
    ]
    data: dict[str, Any] = {
        "case": {"id": "order-1", "as_of": "2020-06-30"},
        "people": [
            {"id": "adult-1", "role": "suspect", "age": 30},
            {"id": "adult-2", "role": "suspect", "age": 31},
            {"id": "child-3", "role": "child", "date_of_birth": "2006-03-14"},
        ],
        "events": events,
    }
    forward = engine.evaluate(case_from_data(data)).unknowns
    backward = engine.evaluate(case_from_data({**data, "events": events[::-1]})).unknowns
    assert any(u.fact == "child-3.legal_status" for u in forward), "legal_status should be unknown"
    assert forward == backward


def test_counted_facts_are_listed_whatever_the_fact_order(engine: Engine) -> None:
    """Regression: the facts a `count:` gathered were listed in the order the case lists them.

    Three missing episodes of one child, listed in two orders. Fixed: CountPlan.count sorts
    the members it keeps.
    """
    events: list[dict[str, Any]] = [
        {"id": f"ev-{i}", "type": "missing_episode", "child": "child-1", "date": f"2020-06-0{i}"}
        for i in (1, 2, 3)
    ]
    data: dict[str, Any] = {
        "case": {"id": "order-2", "as_of": "2020-06-30"},
        "people": [{"id": "child-1", "role": "child", "date_of_birth": "2006-03-14"}],
        "events": events,
    }
    forward = engine.evaluate(case_from_data(data))
    backward = engine.evaluate(case_from_data({**data, "events": events[::-1]}))
    assert any(len(f.facts) >= 3 for f in forward.findings), "a count rule should fire"
    assert [f.facts for f in forward.findings] == [f.facts for f in backward.findings]
