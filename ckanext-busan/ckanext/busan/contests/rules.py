"""Contests and events (공모전·이벤트), pure rules (no CKAN import): the entry period and
what an entry may link to."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit


class ContestError(ValueError):
    def __init__(self, field: str, message: str, **params):
        super().__init__(message.format(**params))
        self.field, self.message, self.params = field, message, params


def parse_day(field: str, value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ContestError(field, "Use a date like 2026-12-31.")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ContestError(field, "Use a date like 2026-12-31.") from None


def check_period(starts: dt.date, ends: dt.date) -> None:
    if ends < starts:
        raise ContestError("ends", "The contest cannot end before it starts.")


def is_open(starts: dt.date, ends: dt.date, today: dt.date) -> bool:
    """Entries are accepted from the first to the last day, both included."""
    return starts <= today <= ends


def phase(starts: dt.date, ends: dt.date, today: dt.date) -> str:
    if today < starts:
        return "upcoming"
    return "open" if today <= ends else "closed"


def check_entry_url(value: str | None) -> str | None:
    """An entry links to its work (an app, a report, a visualisation) on the web."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ContestError("url", "Give a web address starting with http:// or https://.")
    return value.strip()
