"""The condition language: one readable comparison per line of a rule.

    child.age < 16
    child.legal_status in [care_order, interim_care_order]
    adult.id in episode.found_with
    episode.child not in adult.connected_to
    action.date > episode.date + $cawn_delay_days
    episode.asked_where is missing

Operands are `alias.attribute`, literals (numbers, true/false, dates YYYY-MM-DD, 'quoted'
or bare words), `$parameters` and `[lists]`. `any:` and `all:` groups in YAML combine lines.
This module parses text to a small syntax tree; `engine.typecheck` checks it against the
fact schema and `engine.compiler` turns it into durable-rules patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, assert_never

from engine.operators import COMPARE_OPS


@dataclass(frozen=True)
class Ref:
    alias: str
    attr: str

    def __str__(self) -> str:
        return f"{self.alias}.{self.attr}"


@dataclass(frozen=True)
class Literal:
    value: str | int | bool | date

    def __str__(self) -> str:
        return str(self.value).lower() if isinstance(self.value, bool) else str(self.value)


@dataclass(frozen=True)
class Param:
    name: str

    def __str__(self) -> str:
        return f"${self.name}"


@dataclass(frozen=True)
class ListOf:
    items: tuple[Literal | Param, ...]


@dataclass(frozen=True)
class Offset:
    """`ref + n` or `ref - n` (days, when ref is a date)."""

    ref: Ref
    sign: int
    amount: Literal | Param


Operand = Ref | Literal | Param | ListOf | Offset


@dataclass(frozen=True)
class Compare:
    left: Operand
    op: str
    right: Operand
    text: str


@dataclass(frozen=True)
class Member:
    item: Operand
    negated: bool
    collection: Operand
    text: str


@dataclass(frozen=True)
class Presence:
    ref: Ref
    present: bool
    text: str


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]
    text: str


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]
    text: str


@dataclass(frozen=True)
class Undecided:
    """Engine-internal, never written by hand: the facts leave `compare` neither true nor false.

    Deferred tests (see engine.deferred) use it for attributes known only as
    bounds, such as a child's age on a past date when only the age at `as_of` is recorded.
    """

    compare: Compare
    text: str


Condition = Compare | Member | Presence | AnyOf | AllOf | Undecided


class ConditionSyntaxError(ValueError):
    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


_OPS = "|".join(map(re.escape, sorted(COMPARE_OPS, key=len, reverse=True)))  # `<=` before `<`
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<op>""" + _OPS + r"""|\+|-(?=\s)|\[|\]|,)
      | (?P<quoted>'[^']*'|"[^"]*")
      | (?P<date>\d{4}-\d{2}-\d{2})
      | (?P<number>-?\d+)
      | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ConditionSyntaxError(f"cannot read '{text[pos:].strip()}'", pos)
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append((kind, value, match.start(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ConditionSyntaxError("the condition ends too early", len(self.text))
        self.pos += 1
        return token

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] in words

    def scalar(self) -> Literal | Param:
        kind, value, offset = self.take()
        if kind == "param":
            return Param(value[1:])
        if kind == "quoted":
            return Literal(value[1:-1])
        if kind == "number":
            return Literal(int(value))
        if kind == "date":
            try:
                return Literal(date.fromisoformat(value))
            except ValueError:
                raise ConditionSyntaxError(f"'{value}' is not a valid date", offset) from None
        if kind == "word" and "." not in value:
            if value in ("true", "false"):
                return Literal(value == "true")
            return Literal(value)
        raise ConditionSyntaxError(f"expected a value, found '{value}'", offset)

    def operand(self) -> Operand:
        token = self.peek()
        if token is None:
            raise ConditionSyntaxError("the condition ends too early", len(self.text))
        kind, value, offset = token
        if kind == "op" and value == "[":
            self.take()
            items: list[Literal | Param] = []
            while True:
                items.append(self.scalar())
                kind, value, offset = self.take()
                if value == "]":
                    return ListOf(tuple(items))
                if value != ",":
                    raise ConditionSyntaxError("expected ',' or ']' in a list", offset)
        if kind == "word" and "." in value:
            self.take()
            alias, attr = value.split(".", 1)
            ref = Ref(alias, attr)
            nxt = self.peek()
            if nxt is not None and nxt[0] == "op" and nxt[1] in ("+", "-"):
                self.take()
                amount = self.scalar()
                return Offset(ref, 1 if nxt[1] == "+" else -1, amount)
            return ref
        return self.scalar()

    def condition(self) -> Condition:
        left = self.operand()
        token = self.peek()
        if token is None:
            raise ConditionSyntaxError(
                "a condition needs a comparison, e.g. 'child.age < 16' or 'x.y is missing'",
                len(self.text),
            )
        kind, value, offset = token
        if kind == "op" and value in COMPARE_OPS:
            self.take()
            right = self.operand()
            result: Condition = Compare(left, value, right, self.text)
        elif self.at_word("is"):
            self.take()
            negate = self.at_word("not")
            if negate:
                self.take()
            kind, word, offset = self.take()
            if word not in ("present", "missing"):
                raise ConditionSyntaxError(f"expected 'present' or 'missing', found '{word}'", offset)
            if not isinstance(left, Ref):
                raise ConditionSyntaxError("only an attribute can be present or missing", 0)
            result = Presence(left, (word == "present") != negate, self.text)
        elif self.at_word("in", "not"):
            negated = self.at_word("not")
            self.take()
            if negated:
                kind, word, offset = self.take()
                if word != "in":
                    raise ConditionSyntaxError(f"expected 'in' after 'not', found '{word}'", offset)
            result = Member(left, negated, self.operand(), self.text)
        else:
            raise ConditionSyntaxError(
                f"expected a comparison ({' '.join(COMPARE_OPS)} in, not in, is missing) but found '{value}'",
                offset,
            )
        extra = self.peek()
        if extra is not None:
            raise ConditionSyntaxError(
                f"unexpected '{extra[1]}' after the condition (one comparison per line; "
                "use any: or all: to combine)",
                extra[2],
            )
        return result


def parse_condition(text: str) -> Condition:
    return _Parser(text).condition()


def parse_tree(node: Any) -> Condition:
    """A YAML condition: a string, or {any: [...]} / {all: [...]} of them."""
    if isinstance(node, str):
        return parse_condition(node)
    if isinstance(node, dict) and len(node) == 1:
        ((key, parts),) = node.items()
        if key in ("any", "all") and isinstance(parts, list) and parts:
            children = tuple(parse_tree(part) for part in parts)
            text = f"{key}: [" + ", ".join(describe(c) for c in children) + "]"
            return AnyOf(children, text) if key == "any" else AllOf(children, text)
    raise ConditionSyntaxError(
        "a condition is a line such as 'child.age < 16', or 'any:' / 'all:' with a list of them"
    )


def describe(condition: Condition) -> str:
    return condition.text


def refs_in(node: Condition | Operand) -> list[Ref]:
    """Every attribute reference in a condition or operand, in order."""
    match node:
        case Ref():
            return [node]
        case Offset(ref=ref) | Presence(ref=ref):
            return [ref]
        case Literal() | Param() | ListOf():
            return []
        case Compare(left=left, right=right):
            return refs_in(left) + refs_in(right)
        case Member(item=item, collection=collection):
            return refs_in(item) + refs_in(collection)
        case AnyOf(parts=parts) | AllOf(parts=parts):
            return [ref for part in parts for ref in refs_in(part)]
        case Undecided(compare=compare):
            return refs_in(compare)
        case _:
            assert_never(node)


def params_in(node: Condition | Operand) -> list[str]:
    """Every `$parameter` a condition or operand names, in order, as written by hand (the
    comparison inside an engine-made `Undecided` is not counted again)."""
    match node:
        case Param(name=name):
            return [name]
        case ListOf(items=items):
            return [i.name for i in items if isinstance(i, Param)]
        case Offset(amount=amount):
            return params_in(amount)
        case Ref() | Literal() | Presence() | Undecided():
            return []
        case Compare(left=left, right=right):
            return params_in(left) + params_in(right)
        case Member(item=item, collection=collection):
            return params_in(item) + params_in(collection)
        case AnyOf(parts=parts) | AllOf(parts=parts):
            return [p for part in parts for p in params_in(part)]
        case _:
            assert_never(node)


def leaves(condition: Condition) -> Iterator[Condition]:
    """The lines of a condition: itself, or those of every part of an any:/all: group."""
    match condition:
        case AnyOf(parts=parts) | AllOf(parts=parts):
            for part in parts:
                yield from leaves(part)
        case Compare() | Member() | Presence() | Undecided():
            yield condition
        case _:
            assert_never(condition)


def map_parts(condition: Condition, change: Callable[[Condition], Condition]) -> Condition:
    """An any:/all: group with `change` applied to each of its parts (same kind, same text);
    any other condition as it is."""
    match condition:
        case AnyOf(parts=parts, text=text):
            return AnyOf(tuple(change(p) for p in parts), text)
        case AllOf(parts=parts, text=text):
            return AllOf(tuple(change(p) for p in parts), text)
        case Compare() | Member() | Presence() | Undecided():
            return condition
        case _:
            assert_never(condition)
