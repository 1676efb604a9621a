"""The freshness rule applied to a dataset dict, with the update cycles of the shared code
lists (pure: no CKAN import)."""

from __future__ import annotations

import datetime as dt

from ckanext.busan.dataset import codelists
from ckanext.busan_governance.metadata.freshness import due_date


def cycle_days(cycle: str | None) -> int | None:
    code = codelists.lookup("update_cycles", cycle or "")
    days = code.get("days") if code else ""
    return int(days) if days else None


def dataset_due_date(dataset: dict) -> dt.date | None:
    """Harvested records count from the source's own modification date, others from their
    last change on the portal."""
    last_change = dataset.get("source_modified") or dataset.get("metadata_modified")
    return due_date(dataset.get("next_registration_date"), cycle_days(dataset.get("update_cycle")), last_change)
