"""Evaluating a condition in Python against bound facts.

Used for `count:` patterns (counting is done after matching, in Python) and nowhere on the
durable-rules path. Semantics match durable-rules: a missing attribute fails every test
except `is missing`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from typing import Any

from engine.condition import (
    FLIP,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ListOf,
    Literal,
    Member,
    Offset,
    Operand,
    Param,
    Presence,
    Ref,
    Undecided,
)
from engine.fact import FACT_SCHEMA, HIGH, KEY, LOW, FactSet
from engine.rule import Parameter

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MISSING = object()


def _scalar(operand: Literal | Param, parameters: dict[str, Parameter]) -> Any:
    value = parameters[operand.name].value if isinstance(operand, Param) else operand.value
    return value.toordinal() if isinstance(value, date) else value


def _value(
    operand: Operand,
    env: dict[str, dict[str, Any]],
    facts: FactSet,
    parameters: dict[str, Parameter],
) -> Any:
    if isinstance(operand, Ref):
        record = env[operand.alias]
        attr = KEY if operand.attr == "id" else operand.attr
        if (record[KEY], operand.attr) in facts.lists:
            return facts.lists[(record[KEY], operand.attr)]
        return record.get(attr, _MISSING)
    if isinstance(operand, Offset):
        base = _value(operand.ref, env, facts, parameters)
        if base is _MISSING:
            return _MISSING
        return base + operand.sign * _scalar(operand.amount, parameters)
    if isinstance(operand, ListOf):
        return [_scalar(item, parameters) for item in operand.items]
    return _scalar(operand, parameters)


def _ranged_side(condition: Compare, env: dict[str, dict[str, Any]]) -> Ref | None:
    """The side of an attribute-vs-value comparison whose attribute is known as bounds."""
    for side, other in ((condition.left, condition.right), (condition.right, condition.left)):
        if isinstance(side, Ref) and isinstance(other, Literal | Param):
            attr = FACT_SCHEMA[env[side.alias]["t"]].get(side.attr)
            if attr is not None and attr.ranged:
                return side
    return None


def _definitely(
    condition: Compare,
    ref: Ref,
    env: dict[str, dict[str, Any]],
    facts: FactSet,
    parameters: dict[str, Parameter],
) -> bool:
    """True only when the comparison holds for every value within the bounds."""
    record = env[ref.alias]
    lo, hi = record.get(ref.attr + LOW), record.get(ref.attr + HIGH)
    if lo is None or hi is None:
        return False
    op = condition.op if condition.left == ref else FLIP[condition.op]
    other = condition.right if condition.left == ref else condition.left
    value = _value(other, env, facts, parameters)
    compare = _COMPARE[op]
    return all(compare(age, value) for age in range(lo, hi + 1))


def holds(
    condition: Condition,
    env: dict[str, dict[str, Any]],
    facts: FactSet,
    parameters: dict[str, Parameter],
) -> bool:
    if isinstance(condition, AnyOf):
        return any(holds(p, env, facts, parameters) for p in condition.parts)
    if isinstance(condition, AllOf):
        return all(holds(p, env, facts, parameters) for p in condition.parts)
    if isinstance(condition, Presence):
        value = _value(condition.ref, env, facts, parameters)
        present = value is not _MISSING and value != []
        return present == condition.present
    if isinstance(condition, Member):
        item = _value(condition.item, env, facts, parameters)
        collection = _value(condition.collection, env, facts, parameters)
        if item is _MISSING or collection is _MISSING:
            return False
        return (item in collection) != condition.negated
    if isinstance(condition, Undecided):
        raise ValueError("relaxed variants are compiled, never evaluated in Python")
    ranged = _ranged_side(condition, env)
    if ranged is not None:
        return _definitely(condition, ranged, env, facts, parameters)
    left = _value(condition.left, env, facts, parameters)
    right = _value(condition.right, env, facts, parameters)
    if left is _MISSING or right is _MISSING:
        return False
    return _COMPARE[condition.op](left, right)
