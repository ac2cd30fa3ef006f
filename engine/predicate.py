"""Conditions as Python functions, for what is decided after matching: `count:` patterns and
tests of optional attributes (engine.deferred).

Each condition is compiled once, when the engine loads a ruleset, into a function of the
bound facts; nothing is looked up by name per evaluation. Semantics match durable-rules: a
missing attribute fails every test except `is missing`, and an attribute known only as
bounds (an age on a past date) passes a comparison only when every value within the bounds
does; `Undecided` holds when the bounds straddle the comparison or are not known at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, assert_never

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
    Undecided,
)
from engine.fact import FACT_SCHEMA, KEY, Attr, FactSet
from engine.operators import FLIP, OPERATORS, PYTHON
from engine.rule import Parameter

Env = dict[str, dict[str, Any]]
Predicate = Callable[[Env, FactSet], bool]
Getter = Callable[[Env, FactSet], Any]

MISSING: Any = object()


class PredicateCompiler:
    """Compiles conditions whose aliases have the given fact types."""

    def __init__(self, types: Mapping[str, str], parameters: dict[str, Parameter]) -> None:
        self.types = types
        self.parameters = parameters

    def scalar(self, operand: Literal | Param) -> Any:
        value = self.parameters[operand.name].value if isinstance(operand, Param) else operand.value
        return value.toordinal() if isinstance(value, date) else value

    def attr(self, ref: Ref) -> Attr:
        """The descriptor of the attribute `ref` names: how its fact stores it."""
        return FACT_SCHEMA[self.types[ref.alias]][ref.attr]

    def getter(self, operand: Operand) -> Getter:
        match operand:
            case Ref(alias=alias, attr=attr):
                if self.attr(operand).many:
                    return lambda env, facts: facts.lists.get((env[alias][KEY], attr), [])
                key = self.attr(operand).key
                return lambda env, facts: env[alias].get(key, MISSING)
            case Offset(ref=ref, sign=sign, amount=amount):
                base = self.getter(ref)
                shift = sign * self.scalar(amount)
                return lambda env, facts: MISSING if (v := base(env, facts)) is MISSING else v + shift
            case ListOf(items=items):
                values = [self.scalar(item) for item in items]
                return lambda env, facts: values
            case Literal() | Param():
                value = self.scalar(operand)
                return lambda env, facts: value
            case _:
                assert_never(operand)

    def compile(self, condition: Condition) -> Predicate:
        match condition:
            case AnyOf() | AllOf():
                parts = [self.compile(p) for p in condition.parts]
                combine = any if isinstance(condition, AnyOf) else all
                return lambda env, facts: combine(p(env, facts) for p in parts)
            case Presence():
                get, present = self.getter(condition.ref), condition.present
                return lambda env, facts: ((v := get(env, facts)) is not MISSING and v != []) == present
            case Member():
                item, collection = self.getter(condition.item), self.getter(condition.collection)
                negated = condition.negated

                def member(env: Env, facts: FactSet) -> bool:
                    value, values = item(env, facts), collection(env, facts)
                    return value is not MISSING and (value in values) != negated

                return member
            case Undecided(compare=compare):
                return self.undecided(compare)
            case Compare():
                return self.compare(condition)
            case _:
                assert_never(condition)

    def compare(self, condition: Compare) -> Predicate:
        test = PYTHON[condition.op]
        ranged = self.ranged_side(condition)
        if ranged is not None:
            ref, other = ranged
            op = condition.op if condition.left == ref else FLIP[condition.op]
            bound_test, value = PYTHON[op], self.scalar(other)
            lo_key, hi_key = self.attr(ref).bounds
            alias = ref.alias

            def definitely(env: Env, facts: FactSet) -> bool:
                lo, hi = env[alias].get(lo_key), env[alias].get(hi_key)
                if lo is None or hi is None:
                    return False
                return all(bound_test(v, value) for v in range(lo, hi + 1))

            return definitely
        left, right = self.getter(condition.left), self.getter(condition.right)

        def compare(env: Env, facts: FactSet) -> bool:
            a, b = left(env, facts), right(env, facts)
            return a is not MISSING and b is not MISSING and test(a, b)

        return compare

    def undecided(self, condition: Compare) -> Predicate:
        """Bounds that leave `attr op value` open, or no bounds at all (engine.deferred)."""
        ranged = self.ranged_side(condition)
        if ranged is None:
            raise ValueError(f"'{condition.text}' is not a comparison of an age known as bounds")
        ref, other = ranged
        op = condition.op if condition.left == ref else FLIP[condition.op]
        value, alias, exact = self.scalar(other), ref.alias, self.attr(ref).key
        lo_key, hi_key = self.attr(ref).bounds
        keys = {"lo": lo_key, "hi": hi_key}
        (first, first_test), (second, second_test) = (
            (keys[bound], PYTHON[test]) for bound, test in OPERATORS[op].open_when
        )
        needs_inexact = OPERATORS[op].open_unless_exact

        def undecided(env: Env, facts: FactSet) -> bool:
            record = env[alias]
            if record.get(lo_key) is None:
                return True
            return (
                first_test(record[first], value)
                and second_test(record[second], value)
                and not (needs_inexact and exact in record)
            )

        return undecided

    def ranged_side(self, condition: Compare) -> tuple[Ref, Literal | Param] | None:
        """The attribute-vs-value comparison on an attribute known as bounds, if this is one."""
        for side, other in ((condition.left, condition.right), (condition.right, condition.left)):
            if (
                isinstance(side, Ref)
                and isinstance(other, Literal | Param)
                and self.attr(side).ranged
            ):
                return side, other
        return None
