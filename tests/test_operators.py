"""The comparison operators: one table, and what each row promises wherever it is read."""

from __future__ import annotations

import itertools

import pytest

from engine.condition import Compare, Literal, Ref, parse_condition
from engine.operators import COMPARE_OPS, DURABLE, FLIP, OPERATORS, PYTHON

VALUES = range(10, 16)


@pytest.mark.parametrize("symbol", COMPARE_OPS)
def test_every_operator_in_the_table_can_be_written_in_a_rule(symbol: str) -> None:
    parsed = parse_condition(f"child.age {symbol} 16")
    assert parsed == Compare(Ref("child", "age"), symbol, Literal(16), f"child.age {symbol} 16")


@pytest.mark.parametrize("symbol", COMPARE_OPS)
def test_turning_a_comparison_around_keeps_its_meaning(symbol: str) -> None:
    """`16 > child.age` is read as `child.age < 16`."""
    for a, b in itertools.product(VALUES, VALUES):
        assert PYTHON[symbol](a, b) == PYTHON[FLIP[symbol]](b, a)
    assert FLIP[FLIP[symbol]] == symbol


@pytest.mark.parametrize("symbol", COMPARE_OPS)
def test_bounds_leave_a_comparison_open_exactly_when_some_age_within_them_passes_and_some_fails(
    symbol: str,
) -> None:
    """An age known only as bounds (12 or 13) is asked about only when the bounds do not decide;
    when they meet, the exact age is recorded and decides."""
    operator = OPERATORS[symbol]
    for lo, hi in ((lo, hi) for lo in VALUES for hi in VALUES if lo <= hi):
        bounds = {"lo": lo, "hi": hi}
        for value in range(8, 18):
            left_open = all(PYTHON[test](bounds[bound], value) for bound, test in operator.open_when)
            left_open = left_open and not (operator.open_unless_exact and lo == hi)
            results = {operator.test(age, value) for age in range(lo, hi + 1)}
            assert left_open == (results == {True, False}), (symbol, lo, hi, value)


def test_every_operator_reads_aloud_and_durable_rules_can_test_it() -> None:
    for symbol, operator in OPERATORS.items():
        assert operator.number_words and operator.date_words
        assert symbol == "==" or DURABLE[symbol].startswith("$")
