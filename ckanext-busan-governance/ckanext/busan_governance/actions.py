"""Governance actions: quality reports and scans, standard term search, name compliance."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import jobs, store, summaries
from .standards.compliance import compliance_rate

__all__ = [
    "busan_quality_report_show",
    "busan_quality_summary_list",
    "busan_quality_scan",
    "busan_standard_term_search",
    "busan_compliance_check",
]


def _resource(context, resource_id: str) -> dict:
    resource = model.Resource.get(resource_id or "")
    if resource is None or resource.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    return {"id": resource.id, "package_id": resource.package_id}


def _public(report: dict | None) -> dict | None:
    if not report:
        return None
    out = {k: v for k, v in report.items() if k not in ("version",)}
    for key in ("created", "finished"):
        out[key] = out[key].isoformat() if out.get(key) else None
    return out


@tk.side_effect_free
def busan_quality_report_show(context, data_dict):
    """The newest quality report of a resource (``resource_id``), or of each resource of a
    dataset with the dataset's grade (``package_id``)."""
    tk.check_access("busan_quality_report_show", context, data_dict)
    if data_dict.get("resource_id"):
        resource = _resource(context, data_dict["resource_id"])
        return _public(jobs.latest(resource["id"]))
    package = model.Package.get(data_dict.get("package_id") or data_dict.get("id") or "")
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    reports = jobs.latest_for_package(package.id)
    return {"summary": jobs.dataset_summary(package.id), "resources": {k: _public(v) for k, v in reports.items()}}


@tk.side_effect_free
def busan_quality_summary_list(context, data_dict):
    """{dataset id: grade, score, compliance rate} of many public datasets in one query (for
    lists such as the DCAT catalogue's pages); private or unknown ids are left out.

    :param package_ids: dataset ids (at most 1,000)
    """
    tk.check_access("busan_quality_summary_list", context, data_dict)
    ids = data_dict.get("package_ids")
    if isinstance(ids, str):
        ids = [i for i in ids.split(",") if i]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(ids) > 1000:
        raise tk.ValidationError({"package_ids": [tk._("A list of at most 1,000 dataset ids is required.")]})
    public = {
        row.id
        for row in model.Session.query(model.Package.id).filter(
            model.Package.id.in_(ids), model.Package.private.is_(False), model.Package.state == "active"
        )
    }
    return summaries.dataset_summaries(i for i in ids if i in public)


def busan_quality_scan(context, data_dict):
    """Queues a fresh diagnosis of a resource (``resource_id``) or of all of a dataset's."""
    tk.check_access("busan_quality_scan", context, data_dict)
    if data_dict.get("resource_id"):
        resource = _resource(context, data_dict["resource_id"])
        package_id, resource_id = resource["package_id"], resource["id"]
    else:
        package = model.Package.get(data_dict.get("package_id") or data_dict.get("id") or "")
        if package is None:
            raise tk.ObjectNotFound(tk._("Dataset not found"))
        package_id, resource_id = package.id, None
    job = tk.enqueue_job(
        jobs.scan_dataset, [package_id], {"force": True, "resource_id": resource_id},
        title=f"busan quality {package_id}", rq_kwargs={"timeout": 6 * 3600},
    )  # fmt: skip
    return {"queued": True, "job_id": job.id, "package_id": package_id, "resource_id": resource_id}


@tk.side_effect_free
def busan_standard_term_search(context, data_dict):
    """Standard terms whose name, abbreviation or description contains ``q``."""
    tk.check_access("busan_standard_term_search", context, data_dict)
    q = (data_dict.get("q") or "").strip()
    try:
        limit = min(int(data_dict.get("limit") or 20), 100)
    except ValueError:
        raise tk.ValidationError({"limit": [tk._("Must be a number.")]}) from None
    return {"results": store.term_search(q, limit) if q else [], **store.summary()}


@tk.side_effect_free
def busan_compliance_check(context, data_dict):
    """Compliance of column names (``names``: a list or comma-separated) or of a resource's
    columns (``resource_id``, from its data dictionary or its file's header)."""
    tk.check_access("busan_compliance_check", context, data_dict)
    if data_dict.get("resource_id"):
        report = jobs.latest(_resource(context, data_dict["resource_id"])["id"])
        results = ((report or {}).get("report") or {}).get("compliance") or []
    else:
        names = data_dict.get("names") or []
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        if not names:
            raise tk.ValidationError({"names": [tk._("Missing value")]})
        dictionary = store.dictionary()[0]
        results = [dictionary.check(str(n)).as_dict() for n in names]
    return {"results": results, "compliance_rate": compliance_rate(results)}
