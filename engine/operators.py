"""The comparison operators of the condition language: one row each, read by every part.

A row says how the operator is written in a rule, tested in Python and in durable-rules, read
aloud in the policy handbook, turned around (`16 > child.age` is `child.age < 16`), and when an
attribute known only as bounds (an age on a past date) leaves it open. Adding an operator is
adding a row here, plus its tests.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Bound = Literal["lo", "hi"]  # the lowest or the highest value an attribute known as bounds may take


@dataclass(frozen=True)
class Operator:
    """One comparison: `attr op value`."""

    symbol: str  # as written in a rule
    test: Callable[[Any, Any], bool]  # in Python
    durable: str | None  # durable-rules' name; None for ==, which durable-rules writes {attr: value}
    mirror: str  # the same comparison with its sides swapped
    number_words: str  # read aloud, of numbers and other values
    date_words: str  # read aloud, of dates
    # The bounds leave the comparison open (neither true for every value within them, nor false
    # for every one): each `bound op value` holds, and, with `unless_exact`, the exact value is
    # not recorded either.
    open_when: tuple[tuple[Bound, str], tuple[Bound, str]]
    open_unless_exact: bool = False


_ROWS = (  # symbol, Python, durable-rules, mirror, words of numbers, words of dates, open when
    Operator("==", operator.eq, None, "==", "is", "is", (("lo", "<="), ("hi", ">=")), True),
    Operator("!=", operator.ne, "$neq", "!=", "is not", "is not", (("lo", "<="), ("hi", ">=")), True),
    Operator("<", operator.lt, "$lt", ">", "is under", "is before", (("lo", "<"), ("hi", ">="))),
    Operator("<=", operator.le, "$lte", ">=", "is at most", "is on or before", (("lo", "<="), ("hi", ">"))),
    Operator(">", operator.gt, "$gt", "<", "is over", "is after", (("hi", ">"), ("lo", "<="))),
    Operator(">=", operator.ge, "$gte", "<=", "is at least", "is on or after", (("hi", ">="), ("lo", "<"))),
)
OPERATORS: dict[str, Operator] = {op.symbol: op for op in _ROWS}
COMPARE_OPS = tuple(OPERATORS)  # as the parser reads them: "== != < <= > >="
FLIP = {symbol: op.mirror for symbol, op in OPERATORS.items()}
PYTHON: dict[str, Callable[[Any, Any], bool]] = {symbol: op.test for symbol, op in OPERATORS.items()}
DURABLE: dict[str, str] = {symbol: op.durable for symbol, op in OPERATORS.items() if op.durable}
