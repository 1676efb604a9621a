"""Quality summaries of many datasets in one query: what ``jobs.dataset_summary`` gives for one
dataset, for callers that list datasets (the DCAT catalogue, 100 datasets a page, read them
per page instead of asking ``busan_quality_report_show`` per dataset)."""

from __future__ import annotations

from collections.abc import Iterable

import ckan.model as model
import sqlalchemy as sa

from .jobs import summarise
from .model import report_table


def dataset_summaries(package_ids: Iterable[str]) -> dict[str, dict]:
    """{package id: summary} of the datasets that have finished reports."""
    ids = [i for i in dict.fromkeys(package_ids) if i]
    if not ids:
        return {}
    columns = [report_table.c[name] for name in ("package_id", "status", "grade", "score", "compliance_rate")]
    rows = model.Session.connection().execute(
        sa.select(*columns)
        .where(report_table.c.package_id.in_(ids))
        .order_by(report_table.c.resource_id, report_table.c.created.desc())
        .distinct(report_table.c.resource_id)
    )
    reports: dict[str, list[dict]] = {}
    for row in rows.mappings():
        reports.setdefault(row["package_id"], []).append(dict(row))
    return {package_id: summary for package_id, found in reports.items() if (summary := summarise(found))}
