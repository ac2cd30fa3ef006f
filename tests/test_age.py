from datetime import date

import pytest

from engine.age import age_at, age_bounds, age_on, birth_window


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2006, 3, 14), date(2019, 3, 13), 12),  # the day before the 13th birthday
        (date(2006, 3, 14), date(2019, 3, 14), 13),  # the birthday itself
        (date(2004, 2, 29), date(2017, 2, 28), 12),  # leap-day birthday counts on 1 March
        (date(2004, 2, 29), date(2017, 3, 1), 13),
    ],
)
def test_age_on_counts_completed_years(born: date, on: date, expected: int) -> None:
    assert age_on(born, on) == expected


def test_birth_window_spans_one_year() -> None:
    earliest, latest = birth_window(13, date(2020, 6, 30))
    assert (earliest, latest) == (date(2006, 7, 1), date(2007, 6, 30))
    assert age_on(earliest, date(2020, 6, 30)) == 13
    assert age_on(latest, date(2020, 6, 30)) == 13


def test_age_from_date_of_birth_is_exact_on_any_date() -> None:
    assert age_at(date(2017, 9, 15), date(2020, 1, 1), date(2004, 11, 2), None) == 12


def test_age_known_only_at_as_of_is_exact_on_as_of() -> None:
    assert age_at(date(2020, 6, 30), date(2020, 6, 30), None, 13) == 13


def test_age_known_only_at_as_of_is_unknown_when_an_earlier_date_is_ambiguous() -> None:
    # 13 on 2020-06-30 means 12 or 13 on 2020-01-01: the engine must not guess
    assert age_at(date(2020, 1, 1), date(2020, 6, 30), None, 13) is None


def test_age_known_only_at_as_of_exactly_one_year_earlier() -> None:
    assert age_at(date(2019, 6, 30), date(2020, 6, 30), None, 13) == 12


def test_no_age_and_no_birth_date_is_unknown() -> None:
    assert age_at(date(2020, 1, 1), date(2020, 6, 30), None, None) is None


def test_an_event_before_birth_has_no_age() -> None:
    assert age_at(date(2000, 1, 1), date(2020, 6, 30), date(2006, 3, 14), None) is None


def test_bounds_from_a_date_of_birth_are_exact() -> None:
    assert age_bounds(date(2017, 9, 15), date(2020, 1, 1), date(2004, 11, 2), None) == (12, 12)


def test_bounds_from_an_age_at_as_of_span_the_two_possible_ages() -> None:
    assert age_bounds(date(2020, 1, 1), date(2020, 6, 30), None, 14) == (13, 14)
    assert age_bounds(date(2020, 6, 30), date(2020, 6, 30), None, 14) == (14, 14)


def test_no_bounds_without_an_age_or_before_birth() -> None:
    assert age_bounds(date(2020, 1, 1), date(2020, 6, 30), None, None) is None
    assert age_bounds(date(2000, 1, 1), date(2020, 6, 30), None, 3) is None
