"""The briefing: findings by person or place, tactics first (least intrusive first), folded
repeats, values in words, unknowns as questions with the answers the case format allows."""

from __future__ import annotations

from pathlib import Path

from engine import Engine
from engine.briefing import answered, brief, changes, in_words, text_of
from engine.case import case_from_data, load_case
from engine.ruleset import Ruleset

DEMO = Path(__file__).parent / "workspace" / "demo-case.yaml"


def _demo(engine: Engine, ruleset: Ruleset):  # type: ignore[no-untyped-def]
    case = load_case(DEMO, ruleset.tactics)
    return case.model_dump(mode="json"), engine.evaluate(case)


def test_findings_are_grouped_by_person_tactics_first_and_repeats_folded(
    engine: Engine, ruleset: Ruleset
) -> None:
    data, answer = _demo(engine, ruleset)
    briefing = brief(answer, ruleset, data)
    [critical] = briefing.critical
    assert critical.code == "victim_targeted" and critical.first.target == "child-y"
    adult = next(g for g in briefing.groups if g.subject == "adult-w")
    assert adult.description == "suspect, 24"
    kinds = [f.kind for f in adult.folds]
    assert kinds == sorted(kinds, key=["recommend", "warn", "gap"].index) and kinds[0] == "recommend"
    assert adult.folds[0].name == "Child Abduction Warning Notice"
    [folded] = [f for f in adult.folds if f.folded]
    assert folded.rule == "cawn-not-considered" and len(folded.items) == 3
    assert folded.summary == "on 3 missing episodes: 02 Oct 2019, 14 Oct 2019, 30 Oct 2019"
    # the victim's warning comes before the adult: the most severe group first
    assert briefing.groups[0].subject == "child-y"


def test_recommendations_in_a_group_are_least_intrusive_first(engine: Engine, ruleset: Ruleset) -> None:
    case = load_case(Path(__file__).parent.parent / "examples" / "para20-missing-audit.yaml", ruleset.tactics)
    for group in brief(engine.evaluate(case), ruleset, case.model_dump(mode="json")).groups:
        levels = [f.intrusiveness for f in group.of_kind("recommend")]
        assert levels == sorted(levels)


def test_an_unknown_is_a_question_with_the_allowed_answers(engine: Engine, ruleset: Ruleset) -> None:
    data, answer = _demo(engine, ruleset)
    [question] = brief(answer, ruleset, data).questions
    assert question.fact == "child-w.legal_status"
    assert question.text.startswith("Is child-w on a care order?")
    words = {o.value: o.words for o in question.options}
    assert words["care_order"] == "on a care order"
    assert words["s20_accommodated"] == "accommodated under section 20"
    assert "unknown" not in words


def test_answering_a_question_changes_the_case_and_the_answer(engine: Engine, ruleset: Ruleset) -> None:
    data, answer = _demo(engine, ruleset)
    amended = answered(data, "child-w.legal_status", "care_order", "choice")

    after = engine.evaluate(case_from_data(amended))
    assert not after.unknowns
    said = changes(answer, after, ruleset)
    assert said == "adds a gap: The child was found with an adult and no CAWN was considered (missing-4)"
    s20_case = answered(data, "child-w.legal_status", "s20_accommodated", "choice")
    s20 = engine.evaluate(case_from_data(s20_case))
    assert "adds a recommendation: CSE warning letter (adult-w)" in changes(answer, s20, ruleset)
    assert data["people"][0].get("legal_status") is None  # the original is left as it was


def test_values_read_in_words_in_the_text_output(engine: Engine, ruleset: Ruleset) -> None:
    assert in_words("their legal status is s20_accommodated") == (
        "their legal status is accommodated under section 20"
    )
    assert in_words("child-a1 is subject to care_order, has") == "child-a1 is on a care order, has"
    data, answer = _demo(engine, ruleset)
    text = text_of(answer, ruleset, data)
    assert "Child Abduction Warning Notice (cawn) → adult-w" in text
    assert "!! CRITICAL" in text and text.index("!! CRITICAL") < text.index("Tactics to consider")
    assert "on 3 missing episodes: 02 Oct 2019, 14 Oct 2019, 30 Oct 2019" in text
    assert "answers: not looked after; accommodated under section 20; on a care order" in text
