"""The matcher's guards against two durable-rules crashes a large ruleset runs into.

- Error 303 (ERR_MAX_STACK_SIZE): the C code walks the alpha network with a 64-entry stack and
  never shares join tests between rules, so many patterns on one fact type overflow it.
  The matcher splits the compiled rules into shards.
- A session that never started an action is deleted with uninitialised action context
  (free() of garbage). The matcher asserts a sentinel fact that always starts one.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from engine import Engine, case_from_data, ruleset_from_texts
from engine.matcher import MAX_PATTERNS_PER_TYPE, SENTINEL, shard
from tests.conftest import ROOT, case_data, ruleset_texts

JOIN_RULE = """
  - id: rule-{n}
    title: A child found with an adult (copy {n})
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
        where:
          - episode.child_age < {limit}
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    because: "{{adult}} was with {{episode.child}}"
    sources: ["¶10"]
"""


def many_rules(count: int) -> dict[str, str]:
    body = "rules:\n" + "".join(JOIN_RULE.format(n=n, limit=16 + n % 2) for n in range(count))
    return ruleset_texts(body)


def test_no_shard_holds_more_patterns_of_one_fact_type_than_the_limit() -> None:
    rule = {"all": [{"a": {"$and": [{"t": "person"}, {"ref": {"b": "x"}}]}}, {"b": {"t": "person"}}]}
    definition = {f"r{n}": rule for n in range(100)}
    shards = shard(definition)
    assert len(shards) == 100 * 2 // MAX_PATTERNS_PER_TYPE
    assert sum(len(part) - 1 for part in shards) == 100  # every rule kept once, plus a sentinel each
    assert all(SENTINEL in part for part in shards)


def test_a_ruleset_with_many_joins_on_one_fact_type_still_evaluates() -> None:
    engine = Engine(ruleset_from_texts(many_rules(80)))
    try:
        people: list[dict[str, Any]] = [
            {"id": "girl", "role": "child", "date_of_birth": "2007-01-01"},
            {"id": "man", "role": "suspect", "age": 30},
        ]
        events = [
            {
                "id": "e1",
                "type": "missing_episode",
                "child": "girl",
                "date": "2020-06-30",
                "found_with": ["man"],
            }
        ]
        answer = engine.evaluate(case_from_data(case_data(people=people, events=events)))
    finally:
        engine.close()
    assert engine.matcher.shards > 1
    assert [(f.code, f.target) for f in answer.findings] == [("cawn", "man")]


CRASH_SCRIPT = """
from engine import Engine, case_from_data, ruleset_from_texts
from tests.conftest import case_data, ruleset_texts
rules = '''
rules:
  - id: blocked
    title: A child found with an adult
    kind: recommend
    code: cawn
    severity: high
    target: adult
    when:
      - fact: missing_episode
        as: episode
      - fact: person
        as: adult
        where:
          - adult.id in episode.found_with
    unless:
      - fact: action
        as: served
        where:
          - served.target == adult.id
    because: "{adult}"
    sources: ["x"]
'''
engine = Engine(ruleset_from_texts(ruleset_texts(rules)))
people = [{"id": "girl", "role": "child", "age": 13}, {"id": "man", "role": "suspect", "age": 30}]
events = [{"id": f"e{n}", "type": "missing_episode", "child": "girl", "date": "2020-06-30",
           "found_with": ["man"], "asked_where": True, "asked_with_whom": True} for n in range(3)]
actions = [{"id": "a1", "tactic": "cawn", "target": "man", "status": "issued"}]
for _ in range(20):
    answer = engine.evaluate(case_from_data(case_data(people=people, events=events, actions=actions)))
    assert answer.findings == []
print("ok")
"""


def test_a_case_whose_only_match_is_blocked_by_unless_does_not_crash_the_process() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
