"""Quality measurements of datasets (DQV), read from what the governance plugins publish.

- ``busan_metadata_quality`` indexes each dataset's metadata completeness (0-100) as the stored
  Solr field ``metadata_completeness``;
- ``busan_governance`` keeps quality reports in its tables; ``summaries.dataset_summaries``
  gives the grade, score 0-100 and standard compliance rate 0-1 of many datasets at once (what
  ``busan_quality_report_show`` says of one).

Without those plugins there are simply no measurements. A catalogue page reads them for all
its datasets together, with one Solr query and one database query, and only when a profile
asks (``prefetch.page``: stock profiles never do); a dataset serialised alone reads its own.
The Solr query goes through CKAN's search library rather than ``package_search``: that
action's plugins (page-view tracking) would query the database once per dataset found.
Measurements are output only: the parser does not read them back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.search import query_for

from ckanext.busan.dcat import prefetch

log = logging.getLogger(__name__)

COMPLETENESS_FIELD = "metadata_completeness"

# metric key -> (busan: term, datatype, Korean label, English label, English definition)
METRICS = {
    "quality_score": (
        "qualityScore",
        "decimal",
        "데이터 품질 점수",
        "Data quality score",
        "Share of checked values that pass the quality diagnosis of the dataset's files, 0-100 "
        "(mean of its resources' newest reports).",
    ),
    "quality_grade": (
        "qualityGrade",
        "string",
        "데이터 품질 등급",
        "Data quality grade",
        "Quality grade A-D of the dataset's files (the worst of its resources' newest reports).",
    ),
    "compliance_rate": (
        "standardComplianceRate",
        "decimal",
        "공통표준용어 준수율",
        "Standard term compliance rate",
        "Share of the dataset's column names that are common standard terms or made of standard words, 0-1.",
    ),
    "metadata_completeness": (
        "metadataCompleteness",
        "integer",
        "메타데이터 완전성",
        "Metadata completeness",
        "Weighted share of the required and recommended metadata fields that are filled, 0-100.",
    ),
}


def _completeness(ids: list[str]) -> dict[str, int]:
    quoted = " OR ".join(f'"{i}"' for i in ids)
    query = {"q": "*:*", "fq": f"+capacity:public +id:({quoted})", "fl": f"id,{COMPLETENESS_FIELD}", "rows": len(ids)}
    found = {}
    for row in query_for(model.Package).run(query, permission_labels=None)["results"]:
        value = row.get(COMPLETENESS_FIELD)
        if isinstance(value, int | float):
            found[row["id"]] = int(value)
    return found


def fetch(package_ids: Iterable[str]) -> dict[str, dict]:
    """{package id: {metric key: value}}; empty dicts when nothing is known. Private datasets
    are not published, so they get nothing (their completeness is not looked up)."""
    ids = [i for i in dict.fromkeys(package_ids) if i]
    found: dict[str, dict] = {i: {} for i in ids}
    if not ids:
        return found
    try:
        for package_id, value in _completeness(ids).items():
            found[package_id]["metadata_completeness"] = value
        summaries = {}
        if p.plugin_loaded("busan_governance"):  # its action, not its modules
            summary_list = tk.get_action("busan_quality_summary_list")
            for start in range(0, len(ids), 1000):  # the action's limit per call
                summaries.update(summary_list({"ignore_auth": True}, {"package_ids": ids[start : start + 1000]}))
    except Exception:  # noqa: BLE001 - measurements are an extra: never fail a catalogue for them
        log.exception("busan_dcat_ap: quality measurements not read")
        return found
    for package_id, summary in summaries.items():
        for key in ("quality_score", "quality_grade", "compliance_rate"):
            value = summary.get(key.removeprefix("quality_"))
            if value is not None:
                found[package_id][key] = value
    return found


def of(dataset: dict) -> dict:
    """The measurements of a public dataset (a private one has none)."""
    if dataset.get("private") or not dataset.get("id"):
        return {}
    return prefetch.lookup("quality", dataset, lambda page: fetch(d["id"] for d in page if not d.get("private")), {})
