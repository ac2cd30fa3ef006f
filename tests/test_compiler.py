"""Compiled durable-rules definitions keep to durable-rules' safe shapes (README)."""

from __future__ import annotations

import json
from typing import Any

from engine import Engine, case_from_data
from engine.compiler import compile_rules
from engine.fact import FACT_SCHEMA
from engine.ruleset import Ruleset


def patterns(definition: dict[str, Any]) -> list[tuple[str, Any]]:
    return [next(iter(p.items())) for rule in definition.values() for p in rule["all"]]


def conjuncts(expression: Any) -> list[Any]:
    return expression["$and"] if isinstance(expression, dict) and "$and" in expression else [expression]


def test_every_pattern_tests_the_fact_type_positively(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    for _alias, expression in patterns(compiled.definition):
        first = conjuncts(expression)[0]
        assert set(first) == {"t"} and isinstance(first["t"], str)


def test_no_compiled_rule_joins_or_tests_on_id(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    text = json.dumps(compiled.definition)
    assert '"id"' not in text
    assert '"sid"' not in text


def test_each_rule_compiles_once_with_its_tests_of_optional_attributes_deferred(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    assert {n.split("#")[0] for n in compiled.definition} == {r.id for r in ruleset.rules}
    rule = compiled.rules["cawn-care-order-route"]
    assert rule.deferred is not None
    relaxed = [target for target, _tests in rule.deferred.relaxed]
    assert relaxed == [("child", "age"), ("child", "legal_status")]
    # durable-rules keeps only the combinations where each such test holds or is left open
    durable = json.dumps(compiled.definition["cawn-care-order-route"])
    assert '{"$nex": {"legal_status": 1}}' in durable
    assert '{"$nex": {"age": 1}}' in durable
    # an age on a past date, known perhaps only as bounds, is deferred through its lower bound
    missed = compiled.rules["cawn-not-considered"]
    assert missed.deferred is not None
    assert [target for target, _tests in missed.deferred.relaxed] == [("episode", "child_age")]
    low, _high = FACT_SCHEMA["missing_episode"]["child_age"].bounds
    assert json.dumps({"$nex": {low: 1}}) in json.dumps(compiled.definition["cawn-not-considered"])


def test_absence_and_negated_list_membership_are_asserted_first(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    assert {"action", "person.connected_to"} <= compiled.negated_types


def test_joins_come_before_any_or_group_in_every_pattern(ruleset: Ruleset) -> None:
    """durable-rules drops a join test that follows an `$or` in the same pattern."""
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    for alias, expression in patterns(compiled.definition):
        seen_or = False
        for test in conjuncts(expression):
            text = json.dumps(test)
            joins = any(
                isinstance(v, dict) and set(v) & {a for a, _ in patterns(compiled.definition)}
                for v in test.values()
            )
            if seen_or:
                assert not joins, (alias, expression)
            seen_or = seen_or or "$or" in text


def test_an_unrelated_action_does_not_block_a_rule_through_its_unless(engine: Engine) -> None:
    """A `$not` with an `$or` before its join used to block on any action at all."""
    case = {
        "case": {"id": "X", "as_of": "2015-01-01"},
        # the ASB closure rule needs a suspect linked to the address, nuisance or disorder, and
        # the address recorded as no child's home (issue 10)
        "people": [{"id": "child-1", "role": "child", "age": 12}, {"id": "man-1", "role": "suspect"}],
        "locations": [
            {"id": "loc-1", "kind": "residential", "linked_people": ["man-1"], "home_of": [],
             "nuisance_or_disorder": True}
        ],
        "events": [
            {
                "id": f"ev-{i}",
                "type": "missing_episode",
                "child": "child-1",
                "date": f"2014-12-0{i}",
                "found_at": "loc-1",
            }
            for i in (1, 2)
        ],
        "actions": [
            {"id": "act-1", "tactic": "closure_order_sexual", "target": "child-1", "status": "proposed"}
        ],
    }
    closures = [
        f.target for f in engine.evaluate(case_from_data(case)).findings if f.code == "closure_order_asb"
    ]
    assert closures == ["loc-1"]
    case["actions"][0]["target"] = "loc-1"  # type: ignore[index]
    closures = [
        f.target for f in engine.evaluate(case_from_data(case)).findings if f.code == "closure_order_asb"
    ]
    assert closures == []
