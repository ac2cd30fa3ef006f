"""The example case files (one per inquiry case study) evaluate, and the engine finds what a reader
of the inquiry would expect: the key findings of each, and what it must not say."""

from __future__ import annotations

import pytest

from engine import Answer, Engine, load_case
from tests.conftest import EXAMPLES_DIR

Key = tuple[str, str, str]  # kind, code, target

EXPECTED: dict[str, tuple[list[Key], list[Key]]] = {
    # file: (findings that must be there, findings that must not)
    "cs-a29.yaml": (
        [("gap", "record_tactic", "cawn-1"), ("gap", "record_tactic", "cawn-2")],
        [("recommend", "cawn", "man-1"), ("recommend", "cawn", "man-2")],
    ),
    "cs-a114.yaml": (
        [
            ("warn", "misclassified_offence", "offence-1"),
            ("gap", "investigate_suspect", "offence-1"),
            ("recommend", "investigate_suspect", "male-17"),
            ("warn", "cawn_breached", "man-later"),
        ],
        # an SRO needs an act of a sexual nature by man-later; the case records none (s.122A(2))
        [("recommend", "s2_abduction_prosecution", "man-later"), ("recommend", "sro", "man-later")],
    ),
    "cs-a50.yaml": (
        [
            ("gap", "investigate_suspect", "seen-cars-1"),
            ("gap", "investigate_suspect", "seen-house-1"),
            ("gap", "investigate_suspect", "strategy-1"),
            ("recommend", "investigate_suspect", "neighbour"),
        ],
        [("recommend", "cawn", "father")],
    ),
    "cs-a56.yaml": (
        [
            ("recommend", "nrm_referral", "child-a56"),
            ("recommend", "stro", "runner"),
            ("gap", "share_information_cross_force", "moved-1"),
        ],
        [
            ("recommend", "clares_law", "child-a56"),
            ("recommend", "cawn", "occupier"),
            ("recommend", "housing_action", "flat-1"),
        ],
    ),
    "cs-a1.yaml": (
        [
            ("gap", "cawn_delay", "older-man"),
            ("warn", "cawn_breached", "older-man"),
            ("recommend", "recovery_order", "child-a1"),
            ("recommend", "s2_abduction_prosecution", "older-man"),
            ("recommend", "s49_prosecution", "older-man"),
            ("recommend", "trigger_plan", "child-a1"),
        ],
        # no act of a sexual nature by older-man is recorded: the breach is evidence towards an
        # SRO, not grounds for one (s.122A(2))
        [("recommend", "cawn", "mother-a2"), ("recommend", "sro", "older-man")],
    ),
    "cs-a300.yaml": (
        [("gap", "report_not_actioned", "stalking-1")],
        [("gap", "interview_delay", "offence-1"), ("gap", "child_not_spoken_to", "offence-1")],
    ),
    "cs-a212.yaml": (
        [
            ("warn", "cawn_only_cross_force", "abuser-1"),
            ("warn", "cawn_only_cross_force", "abuser-2"),
            ("warn", "cawn_instead_of_investigation", "abuser-1"),
            ("recommend", "investigate_suspect", "abuser-1"),
        ],
        [("gap", "share_information_cross_force", "offence-1")],
    ),
    "cs-a71.yaml": (
        [
            ("gap", "share_information_cross_force", "offence-1"),
            ("gap", "share_information_cross_force", "moved-1"),
            ("recommend", "nrm_referral", "child-a71"),
        ],
        [],
    ),
    "cs-a26.yaml": (
        [
            ("gap", "investigate_suspect", "park-sighting"),
            ("recommend", "location_patrols", "park-1"),
            ("recommend", "cawn", "holiday-man"),
            ("gap", "cawn_not_considered", "missing-holiday-park"),
            ("gap", "investigate_suspect", "in-bed"),
            ("recommend", "investigate_suspect", "bed-man"),
            ("recommend", "investigate_suspect", "hiding-man"),
            ("gap", "interview_delay", "offence-named-17"),
            ("gap", "investigate_suspect", "offence-named-17"),
        ],
        [],
    ),
    "cs-a81.yaml": (
        [("warn", "victim_targeted", "child-a81")],
        [("warn", "cawn_instead_of_investigation", "man-1"), ("recommend", "cawn", "child-a81")],
    ),
    "cs-a21.yaml": (
        [
            ("gap", "child_not_spoken_to", "offence-1"),
            ("gap", "indicators_discounted", "meeting-1"),
            ("recommend", "cse_assessment", "child-a21"),
        ],
        [],
    ),
    "cs-a90.yaml": (
        [
            ("gap", "not_cse_without_child", "decision-1"),
            ("recommend", "cse_assessment", "child-a90"),
            ("recommend", "trigger_plan", "child-a90"),
        ],
        # Parties with adults at a hotel, with no alcohol, drugs, adult of concern or offence
        # recorded, do not ground an inspector's reasonable belief that the hotel is used for
        # child sexual exploitation (ASBCPA 2014 s.116): the engine asks whether there was
        # alcohol or drugs instead of recommending a hotel notice (issue 10).
        [("recommend", "hotel_notice", "hotel-1")],
    ),
    "cs-a59.yaml": (
        [
            ("recommend", "s49_prosecution", "main-perpetrator"),
            ("recommend", "recovery_order", "child-a59"),
            ("warn", "cawn_breached", "main-perpetrator"),
            ("recommend", "sro", "app-contact"),
            ("recommend", "investigate_suspect", "app-contact"),
            ("recommend", "location_patrols", "supported-1"),
        ],
        [],
    ),
    "para16-perpetrator.yaml": (
        [
            ("recommend", "cse_flag", "employer"),
            ("recommend", "pdp_referral", "employer"),
            ("recommend", "sro", "employer"),
            ("gap", "closed_without_enquiry", "employer"),
            ("gap", "annual_perpetrator_review", "employer"),
        ],
        [("recommend", "shpo", "employer")],
    ),
    "para17-hotels.yaml": (
        [("recommend", "hotel_notice", "hotel-found"), ("recommend", "hotel_notice", "hotel-seen")],
        [("recommend", "hotel_notice", "hotel-notified")],
    ),
    "para20-missing-audit.yaml": (
        [
            ("gap", "cawn_not_considered", "missing-1"),
            ("gap", "cawn_not_considered", "missing-2"),
            ("gap", "cawn_not_considered", "missing-3"),
            ("gap", "return_interview", "missing-1"),
            ("gap", "cawn_delay", "adult-x"),
            ("recommend", "cawn", "adult-x"),
            ("recommend", "cawn", "adult-z"),
            ("recommend", "cse_warning_letter", "adult-y"),
            ("recommend", "investigate_suspect", "adult-y"),
        ],
        [("recommend", "cawn", "adult-y")],
    ),
}


def evaluate(engine: Engine, name: str) -> Answer:
    return engine.evaluate(load_case(EXAMPLES_DIR / name))


def keys(answer: Answer) -> set[Key]:
    return {(f.kind, f.code, f.target) for f in answer.findings}


def test_every_example_file_has_expectations() -> None:
    assert sorted(p.name for p in EXAMPLES_DIR.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_engine_finds_what_the_inquiry_would_expect(engine: Engine, name: str) -> None:
    found = keys(evaluate(engine, name))
    present, absent = EXPECTED[name]
    assert [k for k in present if k not in found] == []
    assert [k for k in absent if k in found] == []


def test_cs_a114_names_the_offence_it_should_have_been(engine: Engine) -> None:
    answer = evaluate(engine, "cs-a114.yaml")
    warning = next(f for f in answer.findings if f.code == "misclassified_offence")
    assert "was 12 on 2017-09-15" in warning.because
    assert "rape of a child under 13" in warning.because
    assert warning.legal_basis == ["Sexual Offences Act 2003 s.5"]


def test_cs_a59_recommends_s49_for_inducing_him_to_run_from_care(engine: Engine) -> None:
    answer = evaluate(engine, "cs-a59.yaml")
    s49 = next(f for f in answer.findings if f.code == "s49_prosecution")
    assert s49.rule == "s49-inducement"
    assert s49.sources[-1].endswith("¶33")


def test_para16_lists_the_least_intrusive_recommendation_first(engine: Engine) -> None:
    answer = evaluate(engine, "para16-perpetrator.yaml")
    order = [f.code for f in answer.findings if f.kind == "recommend" and f.target == "employer"]
    assert order == ["cse_flag", "pdp_referral", "sro"]


def test_cs_a90_asks_for_the_boys_legal_status(engine: Engine) -> None:
    answer = evaluate(engine, "cs-a90.yaml")
    assert [u.fact for u in answer.unknowns if u.fact.startswith("child-a90.")] == ["child-a90.legal_status"]


def test_no_example_recommends_a_tactic_against_a_child_victim(engine: Engine) -> None:
    for name in EXPECTED:
        answer = evaluate(engine, name)
        case = load_case(EXAMPLES_DIR / name)
        victims = {p.id for p in case.people if p.role == "child"}
        aimed = {"cawn", "sro", "shpo", "s2_abduction_prosecution", "s49_prosecution", "investigate_suspect"}
        assert not [
            f for f in answer.findings if f.kind == "recommend" and f.target in victims and f.code in aimed
        ]
