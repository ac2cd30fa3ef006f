"""Checking rules against the fact schema before anything reaches the matching engine.

Every alias, attribute, literal, parameter and tactic a rule names is checked here, with a
"did you mean" where a close name exists. Rule shapes known to crash or silently fail in
durable-rules (self-joins, comparisons within one fact, joins on `id`) are refused here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, assert_never

from engine.condition import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ConditionSyntaxError,
    ListOf,
    Literal,
    Member,
    Offset,
    Operand,
    Param,
    Presence,
    Ref,
    Undecided,
    leaves,
    parse_tree,
    refs_in,
)
from engine.errors import Problem, did_you_mean
from engine.fact import FACT_SCHEMA, Attr
from engine.rule import Count, Parameter, Pattern, Rule
from engine.source import Marks, PathKey


@dataclass(frozen=True)
class Binding:
    """A checked pattern: a fact type bound to an alias, with parsed conditions."""

    alias: str
    fact: str
    where: tuple[Condition, ...]


@dataclass(frozen=True)
class CountBinding(Binding):
    at_least: int
    group_by: str | None


@dataclass(frozen=True)
class Segment:
    """A piece of a `because` template: literal text, or a value to fill in."""

    text: str = ""
    alias: str | None = None
    attr: str | None = None
    param: str | None = None


@dataclass(frozen=True)
class CheckedRule:
    rule: Rule
    index: int
    when: tuple[Binding, ...]
    unless: tuple[Binding, ...]
    count: tuple[CountBinding, ...]
    because: tuple[Segment, ...]

    @property
    def id(self) -> str:
        return self.rule.id

    @functools.cached_property
    def aliases(self) -> tuple[str, ...]:
        """The `when:` aliases, in order: a combination of their facts is one firing."""
        return tuple(b.alias for b in self.when)

    @functools.cached_property
    def alias_types(self) -> Mapping[str, str]:
        """Each `when:` and `count:` alias's fact type; read-only, since every reader shares it."""
        types = {b.alias: b.fact for b in self.when}
        types.update({b.alias: b.fact for b in self.count})
        return MappingProxyType(types)


_TEMPLATE = re.compile(r"\{([^{}]*)\}")
KIND_WORDS = {
    "int": "a number",
    "str": "text",
    "ref": "an id",
    "bool": "true or false",
    "date": "a date",
    "list": "a list",
}


def value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list):
        return "list"
    return "str"


class RuleChecker:
    """Checks one rule; collects problems rather than stopping at the first."""

    def __init__(
        self,
        rule: Rule,
        index: int,
        marks: Marks,
        path: PathKey,
        parameters: dict[str, Parameter],
        tactic_ids: set[str],
    ) -> None:
        self.rule = rule
        self.index = index
        self.marks = marks
        self.path = path
        self.parameters = parameters
        self.tactic_ids = tactic_ids
        self.problems: list[Problem] = []
        self.scope: dict[str, str] = {}

    def problem(self, message: str, path: PathKey, suggestion: str | None = None) -> None:
        self.problems.append(
            self.marks.problem(message, (*self.path, *path), rule_id=self.rule.id, suggestion=suggestion)
        )

    # -- patterns -----------------------------------------------------------------------
    def declare(self, pattern: Pattern, path: PathKey) -> bool:
        if pattern.fact not in FACT_SCHEMA:
            self.problem(
                f"unknown fact type '{pattern.fact}'",
                (*path, "fact"),
                did_you_mean(pattern.fact, FACT_SCHEMA),
            )
            return False
        alias = pattern.alias
        if alias in self.scope:
            self.problem(f"'{alias}' is already used in this rule; give this one its own 'as:'", path)
            return False
        self.scope[alias] = pattern.fact
        return True

    def conditions(
        self, pattern: Pattern, path: PathKey, allow_links: bool = True, own_only: bool = False
    ) -> tuple[Condition, ...]:
        """Parse and check a pattern's conditions; `allow_links` is False inside unless:."""
        parsed: list[Condition] = []
        for k, node in enumerate(pattern.where):
            here = (*path, "where", k)
            try:
                condition = parse_tree(node)
            except ConditionSyntaxError as exc:
                self.problem(f"cannot read condition: {exc}", here)
                continue
            if self.check(condition, here, inside_any=not allow_links):
                if own_only and pattern.alias not in {r.alias for r in refs_in(condition)}:
                    self.problem(f"'{condition.text}' must test the {pattern.alias} it belongs to", here)
                    continue
                parsed.append(condition)
        return tuple(parsed)

    # -- conditions ---------------------------------------------------------------------
    def attr_of(self, ref: Ref, path: PathKey) -> Attr | None:
        if ref.alias not in self.scope:
            self.problem(
                f"'{ref.alias}' is not defined in this rule",
                path,
                did_you_mean(ref.alias, self.scope),
            )
            return None
        fact = self.scope[ref.alias]
        schema = FACT_SCHEMA[fact]
        if ref.attr not in schema:
            self.problem(
                f"a {fact} has no attribute '{ref.attr}'",
                path,
                did_you_mean(ref.attr, schema),
            )
            return None
        return schema[ref.attr]

    def param_kind(self, param: Param, path: PathKey) -> str | None:
        if param.name not in self.parameters:
            self.problem(
                f"unknown parameter '${param.name}'",
                path,
                did_you_mean(param.name, self.parameters),
            )
            return None
        return value_kind(self.parameters[param.name].value)

    def scalar_kind(self, operand: Literal | Param, path: PathKey) -> str | None:
        match operand:
            case Param():
                return self.param_kind(operand, path)
            case Literal(value=value):
                return value_kind(value)
            case _:
                assert_never(operand)

    def literal_fits(self, attr: Attr, ref: Ref, operand: Literal | Param, path: PathKey) -> None:
        kind = self.scalar_kind(operand, path)
        if kind is None:
            return
        want = "str" if attr.kind == "ref" else attr.kind
        if kind != want:
            self.problem(f"{ref} is {KIND_WORDS[attr.kind]}; '{operand}' is {KIND_WORDS[kind]}", path)
            return
        if isinstance(operand, Literal) and isinstance(operand.value, str):
            if attr.unrecorded is not None and operand.value == attr.unrecorded:
                self.problem(
                    f"'{operand.value}' means {ref} is not recorded: test '{ref} is missing' instead",
                    path,
                )
            elif attr.values and operand.value not in attr.values:
                self.problem(
                    f"'{operand.value}' is not a value of {ref} ({' | '.join(attr.values)})",
                    path,
                    did_you_mean(operand.value, attr.values),
                )
            if ref.attr == "tactic" and operand.value not in self.tactic_ids:
                self.problem(
                    f"unknown tactic '{operand.value}'",
                    path,
                    did_you_mean(operand.value, self.tactic_ids),
                )

    def check(self, condition: Condition, path: PathKey, inside_any: bool) -> bool:
        before = len(self.problems)
        match condition:
            case AnyOf() | AllOf():
                for part in condition.parts:
                    self.check(part, path, inside_any=True)
                if len(self.problems) == before:
                    self.check_group(condition, path)
                return len(self.problems) == before
            case Compare() | Member() | Presence() | Undecided():
                pass
            case _:
                assert_never(condition)
        refs = refs_in(condition)
        if not refs:
            self.problem(f"'{condition.text}' compares no fact attribute", path)
            return False
        attrs = [self.attr_of(ref, path) for ref in refs]
        if any(a is None for a in attrs):
            return False
        aliases = {r.alias for r in refs}
        if len(refs) == 2 and len(aliases) == 1 and not isinstance(condition, Presence):
            self.problem(
                f"'{condition.text}' compares two attributes of one fact; the engine cannot "
                "(use a derived attribute such as interview_delay_days)",
                path,
            )
            return False
        if len(aliases) == 2:
            a, b = sorted(aliases)
            if self.scope[a] == self.scope[b]:
                self.problem(
                    f"'{condition.text}' joins two {self.scope[a]} facts to each other; durable-rules "
                    "crashes on such self-joins (use count: for 'several of the same kind')",
                    path,
                )
                return False
        if any(r.attr == "id" for r in refs) and isinstance(condition, Compare) and condition.op != "==":
            self.problem(f"ids can only be compared with ==, != is not supported: '{condition.text}'", path)
            return False
        match condition:
            case Presence():
                return True
            case Compare():
                self.check_compare(condition, path)
            case Member():
                self.check_member(condition, path, inside_any)
            case Undecided():  # engine-made, never written in a rule
                pass
            case _:
                assert_never(condition)
        return len(self.problems) == before

    def operand_kind(self, operand: Operand, path: PathKey) -> tuple[str | None, Attr | None]:
        match operand:
            case Ref():
                attr = self.attr_of(operand, path)
                return (attr.kind if attr else None), attr
            case Offset(ref=ref, amount=amount):
                attr = self.attr_of(ref, path)
                if attr and attr.kind not in ("date", "int"):
                    words = KIND_WORDS[attr.kind]
                    self.problem(f"{ref} is {words}; only dates and numbers take + or -", path)
                if self.scalar_kind(amount, path) not in ("int", None):
                    self.problem(f"'{amount}' must be a whole number of days", path)
                return (attr.kind if attr else None), attr
            case Literal() | Param():
                return self.scalar_kind(operand, path), None
            case ListOf():
                return "list", None
            case _:
                assert_never(operand)

    def check_group(self, group: AnyOf | AllOf, path: PathKey) -> None:
        """An any:/all: group is tested on one fact: the latest it mentions (see the compiler)."""
        order = list(self.scope)
        latest = max((r.alias for r in refs_in(group)), key=order.index)
        for leaf in leaves(group):
            refs = refs_in(leaf)
            if latest not in {r.alias for r in refs}:
                self.problem(
                    f"'{leaf.text}' in '{group.text}': every line of an any:/all: group must test "
                    f"{latest}, the fact the group is checked on; write it as a condition of its own",
                    path,
                )
                return
            for ref in refs:
                if ref.alias != latest:
                    # durable-rules drops join tests inside an `$or`
                    self.problem(
                        f"'{leaf.text}' in '{group.text}': inside any:/all:, a line may test only "
                        f"{latest}; compare with {ref.alias} in a condition of its own",
                        path,
                    )
                    return

    def check_compare(self, condition: Compare, path: PathKey) -> None:
        if isinstance(condition.left, Offset) and isinstance(condition.right, Offset):
            self.problem(f"'{condition.text}': put the + or - on one side only", path)
            return
        left_kind, left_attr = self.operand_kind(condition.left, path)
        right_kind, right_attr = self.operand_kind(condition.right, path)
        for attr in (left_attr, right_attr):
            if attr is not None and attr.many:
                self.problem(
                    f"'{condition.text}': a list is tested with 'in' or 'not in', not {condition.op}",
                    path,
                )
                return
        if "list" in (left_kind, right_kind):
            self.problem(f"'{condition.text}': compare a list with 'in'", path)
            return
        if condition.op in ("<", "<=", ">", ">="):
            for kind in (left_kind, right_kind):
                if kind not in ("int", "date", None):
                    self.problem(
                        f"'{condition.text}': {condition.op} needs numbers or dates, not {KIND_WORDS[kind]}",
                        path,
                    )
                    return
        match condition.left, condition.right:
            case Ref() as ref, (Literal() | Param()) as value:
                assert left_attr is not None
                self.literal_fits(left_attr, ref, value, path)
            case (Literal() | Param()) as value, Ref() as ref:
                assert right_attr is not None
                self.literal_fits(right_attr, ref, value, path)
            case _ if left_kind and right_kind:  # two attributes, or an offset: their kinds must agree
                norm = {"ref": "str"}
                if norm.get(left_kind, left_kind) != norm.get(right_kind, right_kind):
                    self.problem(
                        f"'{condition.text}': cannot compare {KIND_WORDS[left_kind]} "
                        f"with {KIND_WORDS[right_kind]}",
                        path,
                    )

    def check_member(self, condition: Member, path: PathKey, inside_any: bool) -> None:
        collection = condition.collection
        item = condition.item
        match collection:
            case ListOf(items=values):
                self.check_choice(condition, values, path)
                return
            case Ref():
                pass
            case Literal() | Param() | Offset():
                self.problem(
                    f"'{condition.text}': 'in' needs a [list] or a list attribute on the right", path
                )
                return
            case _:
                assert_never(collection)
        target = self.attr_of(collection, path)
        if target is None:
            return
        if not target.many:
            self.problem(f"'{condition.text}': {collection} is not a list", path)
            return
        if inside_any:
            self.problem(
                f"'{condition.text}': membership in a list attribute cannot be inside any: "
                "or unless: (write the alternatives as separate rules)",
                path,
            )
            return
        match item:
            case Ref():
                attr = self.attr_of(item, path)
                if attr is not None and attr.many:
                    self.problem(f"'{condition.text}': {item} is itself a list", path)
            case Literal() | Param():
                self.literal_fits(target, collection, item, path)
            case ListOf() | Offset():
                self.problem(
                    f"'{condition.text}': the left side of 'in' must be a value or an attribute", path
                )
            case _:
                assert_never(item)

    def check_choice(self, condition: Member, values: tuple[Literal | Param, ...], path: PathKey) -> None:
        """`attr in [a, b]`: one attribute, and values it can take."""
        item = condition.item
        if not isinstance(item, Ref):
            self.problem(f"'{condition.text}': the left side of 'in [...]' must be an attribute", path)
            return
        attr = self.attr_of(item, path)
        if attr is None:
            return
        if attr.many:
            self.problem(f"'{condition.text}': {item} is a list; test one value with 'in'", path)
            return
        for value in values:
            self.literal_fits(attr, item, value, path)

    # -- the rule as a whole -----------------------------------------------------------
    def template(self, text: str) -> tuple[Segment, ...]:
        segments: list[Segment] = []
        pos = 0
        count_aliases = {c.alias for c in self.rule.count}
        for match in _TEMPLATE.finditer(text):
            if match.start() > pos:
                segments.append(Segment(text=text[pos : match.start()]))
            pos = match.end()
            name = match.group(1).strip()
            if name.startswith("$"):
                if name[1:] not in self.parameters:
                    self.problem(
                        f"because: unknown parameter '{name}'",
                        ("because",),
                        did_you_mean(name[1:], self.parameters),
                    )
                segments.append(Segment(param=name[1:]))
                continue
            alias, _, attr = name.partition(".")
            if alias not in self.scope:
                self.problem(
                    f"because: '{{{name}}}' names no alias of this rule",
                    ("because",),
                    did_you_mean(alias, self.scope),
                )
                continue
            if attr and alias in count_aliases and attr in ("count", "group"):
                segments.append(Segment(alias=alias, attr=attr))
                continue
            if attr and attr not in FACT_SCHEMA[self.scope[alias]]:
                self.problem(
                    f"because: a {self.scope[alias]} has no attribute '{attr}'",
                    ("because",),
                    did_you_mean(attr, FACT_SCHEMA[self.scope[alias]]),
                )
                continue
            segments.append(Segment(alias=alias, attr=attr or None))
        if pos < len(text):
            segments.append(Segment(text=text[pos:]))
        if not any(s.alias or s.param for s in segments):
            self.problem("because: the explanation must name at least one fact, e.g. {child}", ("because",))
        return tuple(segments)

    def run(self) -> CheckedRule | None:
        rule = self.rule
        declared = [self.declare(p, ("when", i)) for i, p in enumerate(rule.when)]
        when_ok = all(declared)
        when: list[Binding] = []
        if when_ok:
            for i, pattern in enumerate(rule.when):
                when.append(Binding(pattern.alias, pattern.fact, self.conditions(pattern, ("when", i))))
        outer = dict(self.scope)
        unless: list[Binding] = []
        for i, pattern in enumerate(rule.unless):
            self.scope = dict(outer)
            if self.declare(pattern, ("unless", i)):
                unless.append(
                    Binding(
                        pattern.alias,
                        pattern.fact,
                        self.conditions(pattern, ("unless", i), False, True),
                    )
                )
        counts: list[CountBinding] = []
        self.scope = dict(outer)
        for i, spec in enumerate(rule.count):
            counts.append(self.count(spec, i))
        # count aliases are visible to `because`
        for spec in rule.count:
            self.scope.setdefault(spec.alias, spec.fact)
        if rule.target not in outer:
            self.problem(
                f"target '{rule.target}' is not an alias of this rule's when: patterns",
                ("target",),
                did_you_mean(rule.target, outer),
            )
        because = self.template(rule.because)
        if self.problems:
            return None
        return CheckedRule(rule, self.index, tuple(when), tuple(unless), tuple(counts), because)

    def count(self, spec: Count, i: int) -> CountBinding:
        path: PathKey = ("count", i)
        outer = dict(self.scope)
        at_least = 0
        if isinstance(spec.at_least, int):
            at_least = spec.at_least
        elif spec.at_least.startswith("$") and spec.at_least[1:] in self.parameters:
            value = self.parameters[spec.at_least[1:]].value
            if isinstance(value, int) and not isinstance(value, bool):
                at_least = value
            else:
                self.problem(f"parameter {spec.at_least} must be a whole number", (*path, "at_least"))
        else:
            name = spec.at_least.lstrip("$")
            message = (
                f"unknown parameter '{spec.at_least}'"
                if spec.at_least.startswith("$")
                else f"at_least must be a number or a $parameter, not '{spec.at_least}'"
            )
            self.problem(message, (*path, "at_least"), did_you_mean(name, self.parameters))
        where: tuple[Condition, ...] = ()
        if self.declare(spec, path):
            where = self.conditions(spec, path, own_only=True)
            if spec.group_by is not None and spec.group_by not in FACT_SCHEMA[spec.fact]:
                self.problem(
                    f"group_by: a {spec.fact} has no attribute '{spec.group_by}'",
                    (*path, "group_by"),
                    did_you_mean(spec.group_by, FACT_SCHEMA[spec.fact]),
                )
        self.scope = outer
        return CountBinding(spec.alias, spec.fact, where, at_least, spec.group_by)
