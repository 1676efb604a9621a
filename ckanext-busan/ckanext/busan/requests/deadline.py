"""Deadlines of data requests (pure: no CKAN import).

공공데이터법 제27조: the body decides within 10 days of receiving a request (제3항) and may extend
once by up to 10 days, telling the requester why (제4항). Periods are counted as Korean
administrative law counts them (행정기본법 제6조, 민법 제157조·제161조):

- the day of receipt is not counted: a request received on the 1st has day 1 on the 2nd;
- a period whose last day is a Saturday, Sunday or public holiday ends on the next working day;
- an extension starts the day after the (possibly moved) first deadline.

Public holidays come from the maintained ``holidays`` package (South Korea, public category:
substitute holidays and election days included), weekends are added here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SEOUL = ZoneInfo("Asia/Seoul")
ANSWER_DAYS = 10
EXTENSION_DAYS = 10


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, categories=("public",))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def period_end(start: dt.date, days: int) -> dt.date:
    """Last day of a period of `days` days beginning the day after `start` (초일 불산입),
    moved to the next working day when it falls on a weekend or holiday."""
    if days < 1:
        raise ValueError("a period has at least one day")
    return next_working_day(start + dt.timedelta(days=days))


def seoul_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Korea of a moment (naive datetimes are UTC, as CKAN stores them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(SEOUL).date()


@dataclass(frozen=True)
class Deadline:
    received: dt.date
    first: dt.date  # the deadline without extension
    due: dt.date  # the deadline in force (first, or the extended one)
    extended: bool


def compute(
    received: dt.date,
    *,
    extended: bool = False,
    answer_days: int = ANSWER_DAYS,
    extension_days: int = EXTENSION_DAYS,
) -> Deadline:
    first = period_end(received, answer_days)
    due = period_end(first, extension_days) if extended else first
    return Deadline(received=received, first=first, due=due, extended=extended)


def can_extend(deadline: Deadline, today: dt.date) -> bool:
    """An extension is possible once, and only while the first deadline has not passed
    (the requester must be told before the period ends)."""
    return not deadline.extended and today <= deadline.first


def is_overdue(deadline: Deadline, today: dt.date, answered_on: dt.date | None) -> bool:
    """Not answered and the last day of the period is over."""
    return answered_on is None and today > deadline.due


def answered_late(deadline: Deadline, answered_on: dt.date | None) -> bool:
    return answered_on is not None and answered_on > deadline.due


def days_left(deadline: Deadline, today: dt.date) -> int:
    """Calendar days until the deadline (0 on its last day, negative once overdue)."""
    return (deadline.due - today).days
