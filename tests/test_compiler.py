"""Compiled durable-rules definitions keep to the safe shapes of durable-rules-notes.md."""

from __future__ import annotations

import json
from typing import Any

from engine.compiler import VARIANT_SEPARATOR, compile_rules
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


def test_each_rule_compiles_once_plus_one_variant_per_optional_attribute(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    mains = [n for n in compiled.definition if VARIANT_SEPARATOR not in n]
    assert sorted(mains) == sorted(r.id for r in ruleset.rules)
    variant = compiled.rules["cawn-care-order-route?child.legal_status"]
    assert variant.relaxed == ("child", "legal_status")
    assert "$nex" in json.dumps(compiled.definition[variant.name])


def test_absence_and_negated_list_membership_are_asserted_first(ruleset: Ruleset) -> None:
    compiled = compile_rules(ruleset.rules, ruleset.parameters)
    assert {"action", "person.connected_to"} <= compiled.negated_types
