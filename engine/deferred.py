"""Tests on optional attributes, decided in Python after matching: true, false or unknown.

"Unknown is not false": when a rule tests an optional attribute against a value (a child's
legal status, an age on a past date known only as bounds) and the case does not record it,
the rule is undecided and the answer names the fact to record.

durable-rules matches a loose form of the rule, in which each such test is "holds, or is left
open" (`split`); every match is then decided here, once per combination of facts:
- every deferred test holds: the rule fires;
- for one attribute, its tests are left open by the facts ("is missing", or for bounds
  "undecided") while every other deferred test holds: the attribute is an unknown;
- otherwise nothing.
This is exactly "the same rule with the tests on one optional attribute replaced by 'is
missing'", without compiling one durable-rules variant per attribute (which doubled the
patterns durable-rules walks for every fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ListOf,
    Member,
    Presence,
    Undecided,
    map_parts,
    refs_in,
)
from engine.fact import FACT_SCHEMA, FactSet
from engine.predicate import Env, Predicate, PredicateCompiler
from engine.rule import Parameter
from engine.typecheck import Binding, CheckedRule

Target = tuple[str, str]  # (alias, attribute)


def relaxable(rule: CheckedRule) -> list[Target]:
    """Optional attributes a rule tests against values: each may leave the rule undecided."""
    found: list[Target] = []
    presence: set[Target] = set()
    types = rule.alias_types

    def visit(condition: Condition) -> None:
        match condition:
            case AnyOf(parts=parts) | AllOf(parts=parts):
                for part in parts:
                    visit(part)
                return
            case Presence(ref=ref):
                presence.add((ref.alias, ref.attr))
                return
            case Member(collection=ListOf()) | Compare() | Undecided():
                pass
            case Member():  # membership in a list attribute: a join, never deferred
                return
            case _:
                assert_never(condition)
        refs = refs_in(condition)
        if len(refs) != 1:
            return
        ref = refs[0]
        attr = FACT_SCHEMA[types[ref.alias]][ref.attr]
        if attr.optional and not attr.many and (ref.alias, ref.attr) not in found:
            found.append((ref.alias, ref.attr))

    for binding in rule.when:
        for condition in binding.where:
            visit(condition)
    return [pair for pair in found if pair not in presence]


def relax(condition: Condition, target: Target, fact: str) -> Condition:
    """The condition with its tests of `target` replaced by "the facts do not decide this"
    (for an attribute known as bounds: "holds, or the bounds leave it open")."""
    match condition:
        case AnyOf() | AllOf():
            return map_parts(condition, lambda part: relax(part, target, fact))
        case Presence():
            return condition
        case Compare() | Member() | Undecided():
            refs = refs_in(condition)
            if len(refs) != 1 or (refs[0].alias, refs[0].attr) != target:
                return condition
            if isinstance(condition, Compare) and FACT_SCHEMA[fact][target[1]].ranged:
                # "holds, or the bounds leave it open": of two tests on one age (>= 16, < 18), one
                # may hold already while the other is open, and the age still decides the rule
                return AnyOf((condition, Undecided(condition, f"{condition.text} is undecided")),
                             f"{condition.text} (or undecided)")
            return Presence(refs[0], False, f"{refs[0]} is missing")
        case _:
            assert_never(condition)


def split(rule: CheckedRule) -> tuple[tuple[Binding, ...], tuple[Condition, ...], list[Target]]:
    """The loose `when:` for durable-rules, the deferred conditions, and their targets.

    In the loose `when:`, each deferred condition becomes "it holds, or one of its optional
    attributes leaves it open": durable-rules still filters out what is definitely false.
    """
    targets = relaxable(rule)
    types = rule.alias_types
    deferred: list[Condition] = []
    loose: list[Binding] = []
    for binding in rule.when:
        kept: list[Condition] = []
        for condition in binding.where:
            variants = [relax(condition, t, types[t[0]]) for t in targets]
            variants = [v for v in variants if v != condition]
            if variants:
                deferred.append(condition)
                kept.append(AnyOf((condition, *variants), f"{condition.text} (or not decided)"))
            else:
                kept.append(condition)
        loose.append(Binding(binding.alias, binding.fact, tuple(kept)))
    return tuple(loose), tuple(deferred), targets


@dataclass(frozen=True)
class Deferred:
    """A rule's deferred tests, compiled: as written, and relaxed for each target."""

    tests: tuple[Predicate, ...]
    relaxed: tuple[tuple[Target, tuple[Predicate, ...]], ...]

    @classmethod
    def of(cls, rule: CheckedRule, conditions: tuple[Condition, ...], targets: list[Target],
           parameters: dict[str, Parameter]) -> Deferred:  # fmt: skip
        types = rule.alias_types
        compiler = PredicateCompiler(types, parameters)
        return cls(
            tests=tuple(compiler.compile(c) for c in conditions),
            relaxed=tuple(
                (t, tuple(compiler.compile(relax(c, t, types[t[0]])) for c in conditions)) for t in targets
            ),
        )

    def holds(self, env: Env, facts: FactSet) -> bool:
        return all(test(env, facts) for test in self.tests)

    def open_targets(self, env: Env, facts: FactSet) -> list[Target]:
        """The attributes whose recording would decide this combination. Ask only when it
        does not hold: of one that holds, every attribute it tests reads as open."""
        return [target for target, tests in self.relaxed if all(test(env, facts) for test in tests)]
