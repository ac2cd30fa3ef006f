"""Places: legal thresholds the scenarios cannot reach (their background assesses cases in 2020).

A closure notice for child sex offences (SOA 2003 Part 2A) needs activities related to child sex
offences in the 3 months before the notice: an act before 1 May 2004 falls under the Sexual
Offences Act 1956 and is no such offence, even when it is recent at the assessment date.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine import Engine, case_from_data
from tests.conftest import case_data


def closure_case(kind: str, act: str) -> dict[str, Any]:
    return case_data(
        as_of="2004-06-30",
        people=[
            {"id": "girl", "role": "child", "victim": True, "date_of_birth": "1990-03-01"},
            {"id": "man", "role": "suspect", "age": 40},
        ],
        locations=[{"id": "premises", "kind": kind, "linked_people": ["man"], "home_of": []}],
        events=[
            {"id": "offence", "type": "sexual_offence", "victim": "girl", "suspect": "man", "date": act,
             "at": "premises"}
        ],
    )


@pytest.mark.parametrize("kind", ["takeaway", "residential", "hotel"])
@pytest.mark.parametrize(("act", "closure"), [("2004-04-30", False), ("2004-05-01", True)])
def test_no_closure_for_child_sex_offences_on_an_act_before_the_2003_act(
    engine: Engine, kind: str, act: str, closure: bool
) -> None:
    answer = engine.evaluate(case_from_data(closure_case(kind, act)))
    found = {(f.code, f.target) for f in answer.findings if f.kind == "recommend"}
    assert (("closure_order_sexual", "premises") in found) is closure
    if kind == "hotel":  # nor a hotel notice: child sexual exploitation is defined by 2003 Act offences
        assert (("hotel_notice", "premises") in found) is closure


def test_a_closure_recommendation_names_its_statutory_test(engine: Engine) -> None:
    answer = engine.evaluate(case_from_data(closure_case("residential", "2004-06-01")))
    closure = next(f for f in answer.findings if f.code == "closure_order_sexual")
    assert closure.rule == "closure-order-offence-address"
    assert any("s.136D(8)" in basis for basis in closure.legal_basis)
    assert closure.confidence and "calendar months" in closure.confidence
    assert "within the last 3 months" in closure.because
    assert "linked to man, a suspect" in closure.because
