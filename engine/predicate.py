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
)
from engine.fact import KEY, FactSet
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
    assert isinstance(condition, Compare)
    left = _value(condition.left, env, facts, parameters)
    right = _value(condition.right, env, facts, parameters)
    if left is _MISSING or right is _MISSING:
        return False
    return _COMPARE[condition.op](left, right)
