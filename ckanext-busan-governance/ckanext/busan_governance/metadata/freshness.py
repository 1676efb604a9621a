"""Freshness (갱신 지연) of a dataset (pure: no CKAN import).

A dataset is due at the earlier of its 차기 등록 예정일 and one update cycle after its last
change. The due date is what the search index stores; whether it has passed is decided at
query time against today (Solr `NOW/DAY`), so the flag never goes stale in the index.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def to_date(value) -> dt.date | None:
    """A date from an ISO date or timestamp (the formats CKAN and the schema store)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value or ""))
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def due_date(next_registration_date, cycle_days: int | None, last_change) -> dt.date | None:
    """The day from which the dataset counts as overdue if nothing changed (None: never,
    e.g. an irregular cycle without a next date)."""
    candidates = []
    planned = to_date(next_registration_date)
    if planned:
        candidates.append(planned)
    changed = to_date(last_change)
    if cycle_days and changed:
        candidates.append(changed + dt.timedelta(days=int(cycle_days)))
    return min(candidates) if candidates else None


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today


# The Solr filter for "overdue today": a due date before today (query-time NOW/DAY).
OVERDUE_FILTER = "freshness_due_date:[* TO NOW/DAY}"
CURRENT_FILTER = "(*:* -freshness_due_date:[* TO NOW/DAY})"
