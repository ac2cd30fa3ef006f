"""Ages on a date: from a date of birth exactly, or from an age known only at `as_of`.

The age on the date of the act decides the offence (SOA 2003; inquiry ¶12). When only an
age at `as_of` is known, the age on an earlier date is known only when every possible date
of birth gives the same answer; otherwise it is unknown (None), never guessed.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta


def age_on(born: date, on: date) -> int:
    """Completed years on `on` for someone born on `born` (a 29 February birthday counts on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


@functools.lru_cache(maxsize=4096)  # the same few ages and dates recur within and across cases
def birth_window(age: int, as_of: date) -> tuple[date, date]:
    """Earliest and latest dates of birth for someone who is `age` on `as_of`."""
    latest = _years_before(as_of, age)
    earliest = _years_before(as_of, age + 1) + timedelta(days=1)
    return earliest, latest


def age_bounds(on: date, as_of: date, born: date | None, age: int | None) -> tuple[int, int] | None:
    """The youngest and oldest the person can have been on `on`, or None when nothing is known.

    Exact (both equal) from a date of birth; from an age known only at `as_of`, the two ages
    the possible birthdays allow. A rule's comparison holds only when it holds for both.
    """
    if born is not None:
        return (age_on(born, on), age_on(born, on)) if on >= born else None
    if age is None:
        return None
    earliest, latest = birth_window(age, as_of)
    youngest, oldest = age_on(latest, on), age_on(earliest, on)
    if oldest < 0:
        return None
    return max(youngest, 0), oldest


def age_at(on: date, as_of: date, born: date | None, age: int | None) -> int | None:
    """Age on `on`, or None when the recorded facts do not decide it."""
    if born is not None:
        return age_on(born, on) if on >= born else None
    if age is None:
        return None
    earliest, latest = birth_window(age, as_of)
    oldest, youngest = age_on(earliest, on), age_on(latest, on)
    return oldest if oldest == youngest and oldest >= 0 else None


def months_on(since: date, on: date) -> int:
    """Whole calendar months from `since` to `on`.

    A month is complete on the same day of the month; when that month has no such day (from the
    31st to a 30-day month), on the next day. So `months_on(d, as_of) < 3` holds exactly when `d`
    is after the date 3 months before `as_of` (the same day of the month, or the month's last day
    when it has no such day): the period of 3 months ending with `as_of`, counting that date out.
    """
    months = (on.year - since.year) * 12 + on.month - since.month
    if on.day < since.day:
        months -= 1
    return months


def months_later(day: date, months: int) -> date:
    """The date `months` calendar months after `day`: the same day of the month, or the month's
    last day when it has no such day (31 August + 6 months = 29 February in a leap year)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def months_completed(since: date, on: date) -> int:
    """Whole calendar months after `since` that are over by `on`: n months are over once `on` is
    after `months_later(since, n)`. A notice that may last 6 months from `since` can still be in
    force on `months_later(since, 6)` (ASBCPA 2014 s.116(3)), and has expired when this is 6."""
    months = (on.year - since.year) * 12 + on.month - since.month
    while months > 0 and months_later(since, months) >= on:
        months -= 1
    return max(months, 0)
