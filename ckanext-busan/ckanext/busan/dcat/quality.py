"""Quality measurements of datasets (DQV), read from what the governance plugins publish.

- ``busan_metadata_quality`` indexes each dataset's metadata completeness (0-100) as the stored
  Solr field ``metadata_completeness``;
- ``busan_governance`` indexes the quality grade as ``busan_quality_grade`` and answers
  ``busan_quality_report_show`` with the dataset's summary (grade, score 0-100, standard
  compliance rate 0-1).

Nothing is imported from those plugins: the index and the Action API are their interface, and
without them there are simply no measurements. One search finds the completeness and which
datasets have a grade; the report action is called only for those. A catalogue page fetches
them for all its datasets at once (``prefetch``), a single dataset when it is serialised.
Measurements are output only: the parser does not read them back.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

COMPLETENESS_FIELD = "metadata_completeness"
GRADE_FIELD = "busan_quality_grade"
REPORT_ACTION = "busan_quality_report_show"

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

_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar("busan_dcat_quality", default=None)


def _action(name: str):
    try:
        return tk.get_action(name)
    except KeyError:  # the plugin that provides it is not enabled
        return None


def _search(ids: list[str], fq: str, fl: list[str]) -> list[dict]:
    quoted = " OR ".join(f'"{i}"' for i in ids)
    result = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"fq": f"id:({quoted}) {fq}".strip(), "fl": fl, "rows": len(ids), "include_private": False},
    )
    return result.get("results") or []


def fetch(package_ids: Iterable[str]) -> dict[str, dict]:
    """{package id: {metric key: value}} of public datasets; empty dicts when nothing is known."""
    ids = [i for i in dict.fromkeys(package_ids) if i]
    found: dict[str, dict] = {i: {} for i in ids}
    if not ids:
        return found
    try:
        for row in _search(ids, "", ["id", COMPLETENESS_FIELD]):
            value = row.get(COMPLETENESS_FIELD)
            if row.get("id") in found and isinstance(value, int | float):
                found[row["id"]]["metadata_completeness"] = int(value)
        report = _action(REPORT_ACTION)
        graded = [row["id"] for row in _search(ids, f"+{GRADE_FIELD}:[* TO *]", ["id"])] if report else []
    except Exception:  # noqa: BLE001 - measurements are an extra: never fail a catalogue for them
        log.exception("busan_dcat_ap: quality measurements not read from the index")
        return found
    for package_id in graded:
        try:
            summary = report({"ignore_auth": True}, {"package_id": package_id}).get("summary") or {}
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            continue
        for key in ("quality_score", "quality_grade", "compliance_rate"):
            value = summary.get(key.removeprefix("quality_"))
            if value is not None and package_id in found:
                found[package_id][key] = value
    return found


@contextlib.contextmanager
def prefetch(package_ids: Iterable[str]) -> Iterator[None]:
    """Read the measurements of a catalogue page's datasets at once, for ``of``."""
    token = _prefetched.set(fetch(package_ids))
    try:
        yield
    finally:
        _prefetched.reset(token)


def of(package_id: str) -> dict:
    cached = _prefetched.get()
    if cached is not None and package_id in cached:
        return cached[package_id]
    return fetch([package_id]).get(package_id, {})
