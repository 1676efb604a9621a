"""Template helpers of busan_governance."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["busan_quality_report", "busan_quality_summary", "busan_check_label", "busan_outcome_label"]

CHECK_LABELS = {
    "required": "Required value",
    "unique": "Unique key",
    "length": "Length limit",
    "allowed": "Allowed values",
    "code": "Administrative standard code",
    "date": "Date (YYYYMMDD)",
    "month": "Year and month (YYYYMM)",
    "time": "Time (HHMM)",
    "datetime": "Date and time",
    "numeric": "Number",
    "scale": "Decimal places",
    "pattern": "Number pattern",
    "encoding": "Character encoding",
    "empty": "Empty file",
    "header": "Header",
    "ragged": "Rows with a wrong number of fields",
    "parse": "Unreadable file",
}
OUTCOME_LABELS = {
    "exact": "Standard term",
    "composed": "Composed of standard words",
    "forbidden": "Forbidden word or synonym",
    "non_standard": "Non-standard",
}


def busan_quality_report(resource_id: str) -> dict | None:
    try:
        return tk.get_action("busan_quality_report_show")({}, {"resource_id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def busan_quality_summary(package_id: str) -> dict | None:
    # The dataset page asks twice (badges and the quality section): once per request is enough.
    memo = _request_memo("busan_quality_summary")
    if package_id not in memo:
        try:
            memo[package_id] = tk.get_action("busan_quality_report_show")({}, {"package_id": package_id})
        except (tk.NotAuthorized, tk.ObjectNotFound):
            memo[package_id] = None
    return memo[package_id]


def _request_memo(name: str) -> dict:
    """A dict that lives as long as the current request (a fresh one outside a request)."""
    try:
        store = getattr(tk.g, "busan_governance_memo", None)
        if store is None:
            store = {}
            tk.g.busan_governance_memo = store
    except RuntimeError:  # no application context: nothing to share
        return {}
    return store.setdefault(name, {})


def busan_check_label(check: str) -> str:
    return tk._(CHECK_LABELS.get(check, check))


def busan_outcome_label(outcome: str) -> str:
    return tk._(OUTCOME_LABELS.get(outcome, outcome))
