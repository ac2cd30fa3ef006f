from datetime import date, timedelta

import pytest

from engine.age import age_at, age_bounds, age_on, birth_window, months_completed, months_later, months_on


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


# -- calendar months (closure notices: "the last 3 months"; hotel notices: "at most 6 months") --
def _months_back(day: date, months: int) -> date:
    """The date `months` calendar months before `day`: the same day of the month, or that month's
    last day when it has no such day. Written independently of engine.age.months_on."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for day_of_month in range(day.day, 27, -1):
        try:
            return date(year, month, day_of_month)
        except ValueError:
            continue
    return date(year, month, day.day)


@pytest.mark.parametrize(
    ("since", "on", "expected"),
    [
        (date(2020, 3, 31), date(2020, 6, 30), 2),  # 3 months before 30 June is 30 March
        (date(2020, 3, 30), date(2020, 6, 30), 3),
        (date(2020, 2, 29), date(2020, 5, 31), 3),  # 3 months before 31 May 2020 is 29 February
        (date(2020, 3, 1), date(2020, 5, 31), 2),
        (date(2020, 1, 31), date(2020, 4, 30), 2),
    ],
)
def test_months_on_counts_whole_calendar_months(since: date, on: date, expected: int) -> None:
    assert months_on(since, on) == expected


def test_fewer_than_n_months_means_after_the_date_n_months_before() -> None:
    """months_on(d, as_of) < n exactly when d is after the date n calendar months before as_of,
    for every pair of dates over four years (leap years and 29–31 day months included)."""
    start = date(2019, 1, 1)
    days = [start + timedelta(days=i) for i in range(0, 4 * 366, 1)]
    for on in [*days[::7], date(2020, 2, 29), date(2020, 3, 31), date(2021, 2, 28), date(2020, 5, 31)]:
        for months in (1, 3, 6):
            limit = _months_back(on, months)
            for since in days:
                if since > on:
                    break
                assert (months_on(since, on) < months) == (since > limit), (since, on, months)


@pytest.mark.parametrize(
    ("since", "on", "expected"),
    [
        (date(2019, 12, 29), date(2020, 6, 30), 6),  # a notice of 29 December expired by 29 June
        (date(2019, 12, 30), date(2020, 6, 30), 5),  # … one of 30 December may expire on 30 June
        (date(2019, 12, 31), date(2020, 6, 30), 5),  # … and one of 31 December too (no 31 June)
        (date(2019, 8, 31), date(2020, 2, 29), 5),  # 31 August + 6 months is 29 February 2020
        (date(2019, 8, 31), date(2020, 3, 1), 6),
        (date(2020, 6, 30), date(2020, 6, 30), 0),
    ],
)
def test_months_completed_counts_a_month_over_only_after_its_last_day(
    since: date, on: date, expected: int
) -> None:
    assert months_completed(since, on) == expected


def test_months_completed_reaches_n_exactly_after_the_date_n_months_later() -> None:
    """months_completed(d, on) >= n exactly when `on` is after the date n calendar months after d
    (the same day of the month, or the month's last day), checked against an independent count."""
    start = date(2019, 1, 1)
    days = [start + timedelta(days=i) for i in range(0, 3 * 366)]
    for since in days[::3]:
        for months in (1, 6):
            year, month = divmod(since.year * 12 + since.month - 1 + months, 12)
            limit = None
            for day_of_month in range(since.day, 0, -1):
                try:
                    limit = date(year, month + 1, day_of_month)
                    break
                except ValueError:
                    continue
            assert limit is not None
            assert months_later(since, months) == limit
            for on in days:
                if on < since:
                    continue
                assert (months_completed(since, on) >= months) == (on > limit), (since, on, months)
