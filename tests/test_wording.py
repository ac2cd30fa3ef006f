"""A finding's `because` is filled from the facts that met the rule."""

from __future__ import annotations

from engine import Engine, case_from_data, ruleset_from_texts
from engine.finding import Answer
from tests.conftest import case_data, ruleset_texts

RULE = """
rules:
  - id: words
    title: Every kind of value in a because
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_age < 18
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    because: >-
      {episode.child} aged {episode.child_age} on {episode.date}, with {episode.found_with};
      {adult} is {adult.role}, flags {adult.flags}, victim {adult.victim}, in {adult.lives_in_force}
      ({$limit} is the limit)
    sources: ["¶10"]
"""


def because(**man: object) -> str:
    engine = Engine(ruleset_from_texts(ruleset_texts(RULE)))
    try:
        people = [
            {"id": "girl", "role": "child", "victim": True, "age": 15},
            {"id": "man", "role": "suspect", "age": 30, **man},
            {"id": "friend", "role": "associate", "age": 30},
        ]
        episode = {
            "id": "ep",
            "type": "missing_episode",
            "child": "girl",
            "date": "2020-01-15",
            "found_with": ["man", "friend"],
        }
        answer: Answer = engine.evaluate(case_from_data(case_data(people=people, events=[episode])))
        return next(f.because for f in answer.findings if f.target == "man")
    finally:
        engine.close()


def test_values_read_as_an_officer_would_write_them() -> None:
    assert because(victim=False, flags=["cse_flag", "pdp"], lives_in_force="durham") == (
        "girl aged 14 or 15 on 2020-01-15, with man, friend; man is suspect, flags cse_flag, pdp, "
        "victim no, in durham (16 is the limit)"
    )


def test_missing_values_and_empty_lists_say_so() -> None:
    assert because() == (
        "girl aged 14 or 15 on 2020-01-15, with man, friend; man is suspect, flags nobody recorded, "
        "victim not recorded, in not recorded (16 is the limit)"
    )
