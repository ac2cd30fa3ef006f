"""Filling a rule's `because` template from the facts that met it.

Each template is compiled once, when the engine loads a ruleset, into literal text and small
functions of the matched facts, so wording a finding looks nothing up by name. How values read:
ids as they are; dates as ISO dates; yes/no for booleans; lists joined with commas (an empty
list reads "nobody recorded"); a missing value reads "not recorded"; an age known only as bounds
reads "15 or 16".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from engine.fact import FACT_SCHEMA, KEY, FactSet
from engine.rule import Parameter
from engine.typecheck import CheckedRule, Segment

Env = dict[str, dict[str, Any]]
Piece = str | Callable[[Env, FactSet], str]


class Wording:
    """One rule's `because`, compiled: its text with a `{}` for each value, and how to read each."""

    def __init__(self, rule: CheckedRule, parameters: dict[str, Parameter]) -> None:
        counted = {c.alias for c in rule.count}
        pieces = [_piece(segment, rule.alias_types, counted, parameters) for segment in rule.because]
        self.text = "".join(_escape(p) if isinstance(p, str) else "{}" for p in pieces)
        self.values = tuple(p for p in pieces if not isinstance(p, str))

    def __call__(self, env: Env, facts: FactSet) -> str:
        return self.text.format(*[value(env, facts) for value in self.values])


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _piece(
    segment: Segment, types: Mapping[str, str], counted: set[str], parameters: dict[str, Parameter]
) -> Piece:
    if segment.param is not None:
        return show(parameters[segment.param].value, None)
    if segment.alias is None:
        return segment.text
    alias, attr = segment.alias, segment.attr
    if attr is None or attr == "id":
        return lambda env, facts: str(env[alias][KEY])
    if alias in counted and attr in ("count", "group"):
        return lambda env, facts: str(env[alias][attr])
    schema = FACT_SCHEMA[types[alias]][attr]
    if schema.many:

        def listed(env: Env, facts: FactSet) -> str:
            items = facts.lists.get((env[alias][KEY], attr), [])
            return ", ".join(str(i) for i in items) if items else "nobody recorded"

        return listed
    kind, (low, high) = schema.kind, schema.bounds
    if schema.ranged:

        def ranged(env: Env, facts: FactSet) -> str:
            record = env[alias]
            value = record.get(attr)
            if value is None and record.get(low) is not None:
                return f"{record[low]} or {record[high]}"
            return show(value, kind)

        return ranged
    return lambda env, facts: show(env[alias].get(attr), kind)


def show(value: Any, kind: str | None) -> str:
    if value is None:
        return "not recorded"
    if kind == "date" and isinstance(value, int):
        return date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
