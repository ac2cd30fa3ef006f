"""Compiling checked rules into a durable-rules ruleset definition.

Each rule becomes one durable-rules rule whose patterns are the rule's `when:` aliases, in
order, plus a link pattern for every join through a list and a `$not` pattern for every
`unless:`. Each condition is placed on the pattern of the latest alias it mentions, so a
pattern only ever refers back to earlier ones.

What keeps durable-rules 2.0.28 honest (each has a regression test):
- every pattern tests the fact type `t` positively (pitfall 1); joins use `ref`, never `id`
  (pitfall 2);
- `$not` patterns test copies of their facts typed `<type>$neg`, which the matcher asserts
  first (pitfall 3);
- within a pattern, joins come before any `$or` group: durable-rules silently drops a join
  test that follows an `$or` (found by the differential test);
- a join never reads an attribute the other fact may lack: the other pattern requires it
  (`$ex`), or, inside `unless:`, the rule is split on whether it is recorded (durable-rules
  fails with error 311 and then crashes on such reads).

For "unknown is not false", a rule's tests of optional attributes against values are
*deferred* (`engine.deferred`): durable-rules keeps only the combinations where each such test
holds or is left open by the facts (missing, or bounds that straddle it), and the engine
decides each of those after matching: the rule fires, or the attribute is an unknown.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, assert_never

from engine import deferred
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
    refs_in,
)
from engine.fact import FACT_SCHEMA, KEY, Attr, negated_type
from engine.operators import DURABLE, FLIP, OPERATORS
from engine.rule import Parameter
from engine.typecheck import Binding, CheckedRule


@dataclass(frozen=True)
class CompiledRule:
    """What the evaluator needs to turn a durable-rules match back into a finding."""

    rule: CheckedRule
    deferred: deferred.Deferred | None  # tests on optional attributes, decided after matching
    aliases: tuple[str, ...]  # the rule's `when:` aliases: a combination of their facts is one firing
    rule_id: str
    target: str  # the alias the finding is about


@dataclass
class CompiledRuleset:
    definition: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, CompiledRule] = field(default_factory=dict)
    negated_types: set[str] = field(default_factory=set)  # asserted first (pitfall 3)


class _RuleCompiler:
    def __init__(self, parameters: dict[str, Parameter], when: tuple[Binding, ...]) -> None:
        self.parameters = parameters
        self.when = when
        self.order = {b.alias: i for i, b in enumerate(when)}
        self.types = {b.alias: b.fact for b in when}
        self.tests: dict[str, list[Any]] = {b.alias: [{"t": b.fact}] for b in when}
        self.before: dict[str, list[tuple[str, list[Any]]]] = {b.alias: [] for b in when}
        self.after: dict[str, list[tuple[str, list[Any]]]] = {b.alias: [] for b in when}
        self.negated: set[str] = set()
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"_{prefix}{self.counter}"

    # -- operands -----------------------------------------------------------------------
    def scalar(self, operand: Literal | Param) -> Any:
        value = self.parameters[operand.name].value if isinstance(operand, Param) else operand.value
        return value.toordinal() if isinstance(value, date) else value

    def attr(self, ref: Ref) -> Attr:
        """The descriptor of the attribute `ref` names: how its fact stores it."""
        return FACT_SCHEMA[self.types[ref.alias]][ref.attr]

    def operand(self, operand: Operand) -> Any:
        match operand:
            case Ref(alias=alias):
                return {alias: self.attr(operand).key}
            case Offset(ref=ref, sign=sign, amount=amount):
                return {"$add" if sign > 0 else "$sub": {"$l": self.operand(ref), "$r": self.scalar(amount)}}
            case Literal() | Param():
                return self.scalar(operand)
            case ListOf():
                raise ValueError(f"cannot compile operand {operand!r}")
            case _:
                assert_never(operand)

    def latest(self, refs: list[Ref], scope: dict[str, int]) -> str:
        return max((r.alias for r in refs), key=lambda a: scope[a])

    # -- conditions ---------------------------------------------------------------------
    def expression(self, condition: Condition, current: str) -> Any:
        """A durable-rules test on the `current` pattern's fact."""
        match condition:
            case AnyOf(parts=parts):
                return {"$or": [self.expression(p, current) for p in parts]}
            case AllOf(parts=parts):
                return {"$and": [self.expression(p, current) for p in parts]}
            case Presence(ref=ref, present=present):
                attr = self.attr(ref)
                if attr.many:  # a list: its size
                    return {"$gt": {attr.size_key: 0}} if present else {attr.size_key: 0}
                return {"$ex" if present else "$nex": {attr.key: 1}}
            case Undecided(compare=compare):
                return self.undecided(compare, current)
            case Member(item=Ref() as item, collection=ListOf(items=items), negated=negated):
                key = self.attr(item).key
                values = [self.scalar(v) for v in items]
                if negated:
                    tests: list[Any] = [{"$neq": {key: v}} for v in values]
                    return tests[0] if len(tests) == 1 else {"$and": tests}
                tests = [{key: v} for v in values]
                return tests[0] if len(tests) == 1 else {"$or": tests}
            case Member():
                raise AssertionError(f"'{condition.text}' is a join, placed as link patterns")
            case Compare():
                return self.compare(condition, current)
            case _:
                assert_never(condition)

    def compare(self, condition: Compare, current: str) -> Any:
        """A comparison, as a test on the `current` pattern's fact."""
        left, op, right = condition.left, condition.op, condition.right
        if not _on(left, current):
            left, right, op = right, left, FLIP[op]
        match left:
            case Offset(ref=ref, sign=sign, amount=amount):  # a + n op b  ==  a op b - n
                value, left = _shift(right, -sign, amount, self), ref
            case Ref():
                value = self.operand(right)
            case Literal() | Param() | ListOf():
                raise AssertionError(f"'{condition.text}' compares no attribute of {current}")
            case _:
                assert_never(left)
        schema = self.attr(left)
        if schema.ranged and isinstance(right, Literal | Param):
            return _definitely(schema, op, value)
        if op == "==":
            return {schema.key: value}
        return {DURABLE[op]: {schema.key: value}}

    def undecided(self, compare: Compare, current: str) -> Any:
        """The bounds leave `attr op value` open, or nothing at all is known of them."""
        left, op, right = compare.left, compare.op, compare.right
        if not _on(left, current):
            left, right, op = right, left, FLIP[op]
        assert isinstance(left, Ref) and isinstance(right, Literal | Param)
        attr, operator = self.attr(left), OPERATORS[op]
        (lo, hi), v = attr.bounds, self.scalar(right)
        keys = {"lo": lo, "hi": hi}
        open_: list[Any] = [{DURABLE[test]: {keys[bound]: v}} for bound, test in operator.open_when]
        if operator.open_unless_exact:
            open_.append({"$nex": {attr.key: 1}})
        return {"$or": [{"$nex": {lo: 1}}, {"$and": open_}]}

    def place(self, condition: Condition, scope: dict[str, int]) -> None:
        """Attach a `when:` condition to the right pattern, adding link patterns as needed."""
        match condition:
            case Member(item=item, collection=Ref() as collection, negated=negated):
                self.link(item, collection, negated)
                return
            case Compare() | Member() | Presence() | AnyOf() | AllOf() | Undecided():
                pass
            case _:
                assert_never(condition)
        refs = refs_in(condition)
        current = self.latest(refs, scope)
        self.tests[current].append(self.expression(condition, current))
        if isinstance(condition, Compare):
            # durable-rules fails (error 311, then a crash) when a join reads an attribute the
            # other fact lacks; a missing attribute fails the test anyway, so require it.
            for ref in refs:
                if ref.alias != current:
                    self.require(ref)

    def require(self, ref: Ref) -> None:
        """The fact bound to `ref.alias` must have `ref.attr` (when it is optional)."""
        attr = self.attr(ref)
        test = {"$ex": {attr.key: 1}}
        if attr.optional and test not in self.tests[ref.alias]:
            self.tests[ref.alias].append(test)

    def link(self, item: Operand | None, collection: Ref, negated: bool) -> None:
        owner = collection.alias
        tests: list[Any] = [
            {"t": self.attr(collection).link_type},
            {"from": {owner: KEY}},
        ]
        if negated:
            self.negated.add(tests[0]["t"])
            tests[0] = {"t": negated_type(tests[0]["t"])}
        anchor = owner
        match item:
            case Ref(alias=alias, attr=attr):
                self.require(item)  # a value not recorded is not "absent from the list"
                if attr == "id" and not negated and self.order[alias] > self.order[owner]:
                    # join order: owner → link → item, so the item is looked up, not scanned
                    link = self.fresh("l")
                    self.before[alias].append((link, [*tests]))
                    self.tests[alias].append({KEY: {link: "value"}})
                    return
                tests.append({"value": {alias: self.attr(item).key}})
                if self.order[alias] > self.order[owner]:
                    anchor = alias
            case Literal() | Param():
                tests.append({"value": self.scalar(item)})
            case None:
                pass
            case ListOf() | Offset():
                raise ValueError(f"cannot look up {item!r} in a list")
            case _:
                assert_never(item)
        alias = self.fresh("n") + "$not" if negated else self.fresh("l")
        self.after[anchor].append((alias, tests))

    def compile(self, unless: tuple[Binding, ...]) -> list[Any]:
        scope = dict(self.order)
        for binding in self.when:
            for condition in binding.where:
                self.place(condition, scope)
        patterns: list[Any] = []
        for binding in self.when:
            for alias, tests in self.before[binding.alias]:
                patterns.append({alias: _and(tests)})
            patterns.append({binding.alias: _and(self.tests[binding.alias])})
            for alias, tests in self.after[binding.alias]:
                patterns.append({alias: _and(tests)})
        for binding in unless:
            self.negated.add(binding.fact)
            self.types[binding.alias] = binding.fact
            tests = [{"t": negated_type(binding.fact)}]
            tests += [self.expression(condition, binding.alias) for condition in binding.where]
            patterns.append({self.fresh("u") + "$not": _and(tests)})
        return patterns


def _on(operand: Operand, alias: str) -> bool:
    """Whether the operand reads an attribute of the fact bound to `alias`."""
    match operand:
        case Ref(alias=owner) | Offset(ref=Ref(alias=owner)):
            return owner == alias
        case Literal() | Param() | ListOf():
            return False
        case _:
            assert_never(operand)


def _shift(operand: Operand, sign: int, amount: Literal | Param, compiler: _RuleCompiler) -> Any:
    n = compiler.scalar(amount) * sign
    match operand:
        case Ref():
            return compiler.operand(Offset(operand, 1 if n >= 0 else -1, Literal(abs(n))))
        case Literal() | Param():
            return compiler.scalar(operand) + n
        case Offset() | ListOf():
            raise ValueError("an offset may stand on one side of a comparison only")
        case _:
            assert_never(operand)


def _definitely(attr: Attr, op: str, value: Any) -> Any:
    """`attr op value` for an attribute known as bounds: true only if true for both."""
    lo, hi = attr.bounds
    if op == "==":
        return {"$and": [{lo: value}, {hi: value}]}
    if op == "!=":
        return {"$or": [{"$lt": {hi: value}}, {"$gt": {lo: value}}]}
    return {DURABLE[op]: {hi if op in ("<", "<=") else lo: value}}


def _and(tests: list[Any]) -> Any:
    """One pattern's tests: the type first, then joins and plain tests, `$or` groups last.

    durable-rules drops a pattern's join tests that come after an `$or` (found here: the
    pattern then matches facts the join should refuse, and a `$not` blocks on any fact of
    its type), so the order is not cosmetic.
    """
    ordered = sorted(tests, key=lambda test: 0 if "t" in test else (2 if "$or" in json.dumps(test) else 1))
    return ordered[0] if len(ordered) == 1 else {"$and": ordered}


def _splits(
    when: tuple[Binding, ...], unless: tuple[Binding, ...]
) -> list[tuple[tuple[Binding, ...], tuple[Binding, ...]]]:
    """Split a rule on the optional attributes its `unless:` compares against with <, >, !=.

    durable-rules cannot evaluate such a comparison when the attribute is missing. So each
    such attribute is either required present (and the `unless:` applies as written) or
    required missing (and the `unless:` patterns that need it are dropped: they cannot hold).
    """
    types = {b.alias: b.fact for b in when}
    needed: list[Ref] = []
    for binding in unless:
        for condition in binding.where:
            if isinstance(condition, Compare) and condition.op != "==":
                for ref in refs_in(condition):
                    attr = FACT_SCHEMA[types[ref.alias]][ref.attr] if ref.alias in types else None
                    if attr is not None and attr.optional and ref not in needed:
                        needed.append(ref)
    splits = []
    for present in itertools.product((True, False), repeat=len(needed)):
        missing = {ref for ref, here in zip(needed, present, strict=True) if not here}
        extra: dict[str, list[Condition]] = {ref.alias: [] for ref in needed}
        for ref, here in zip(needed, present, strict=True):
            extra[ref.alias].append(Presence(ref, here, f"{ref} is {'present' if here else 'missing'}"))
        new_when = tuple(Binding(b.alias, b.fact, b.where + tuple(extra.get(b.alias, ()))) for b in when)
        kept = tuple(b for b in unless if not any(r in missing for c in b.where for r in refs_in(c)))
        splits.append((new_when, kept))
    return splits


def compile_rules(rules: list[CheckedRule], parameters: dict[str, Parameter]) -> CompiledRuleset:
    compiled = CompiledRuleset()
    for rule in rules:
        loose, conditions, targets = deferred.split(rule)
        check = deferred.Deferred.of(rule, conditions, targets, parameters) if conditions else None
        parts = _splits(loose, rule.unless)
        for index, (split_when, split_unless) in enumerate(parts):
            name = rule.id if len(parts) == 1 else f"{rule.id}#{index}"
            compiler = _RuleCompiler(parameters, split_when)
            compiled.definition[name] = {"all": compiler.compile(split_unless)}
            compiled.negated_types |= compiler.negated
            compiled.rules[name] = CompiledRule(rule, check, rule.aliases, rule.id, rule.rule.target)
    return compiled
