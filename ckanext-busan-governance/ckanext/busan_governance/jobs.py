"""The quality diagnosis as a CKAN background job, and what it stores.

A dataset that is created or updated (a publisher's upload, a harvest run) queues
``scan_dataset``; the job diagnoses each tabular resource whose version (file, URL, size,
modification time, data dictionary) has no report yet, stores the report in
busan_quality_report and reindexes the dataset directly. It never calls package_update or
resource_patch: those would queue it again, write activity and change modification times.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from . import store
from .model import report_table
from .quality.checks import ColumnSpec
from .quality.diagnose import diagnose, parse_grades, read_header
from .quality.specs import specs_for
from .quality.table_schema import table_schema
from .standards.compliance import compliance_rate

log = logging.getLogger(__name__)
TABULAR = ("csv", "tsv", "txt", "xlsx", "xlsm")
QUEUED, RUNNING, DONE, ERROR = "queued", "running", "done", "error"


def _context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def tabular(resource: dict) -> bool:
    fmt = (resource.get("format") or "").lower().lstrip(".")
    suffix = (resource.get("url") or "").rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
    return fmt in TABULAR or (not fmt and suffix in TABULAR)


def dictionary_fields(resource: dict) -> list[dict]:
    """The DataStore data dictionary of the resource, when it has been loaded."""
    if not resource.get("datastore_active"):
        return []
    try:
        info = tk.get_action("datastore_info")(_context(), {"id": resource["id"]})
    except (KeyError, tk.ObjectNotFound, tk.ValidationError):
        return []
    return [f for f in info.get("fields", []) if not f["id"].startswith("_")]


def version_of(resource: dict, fields: list[dict]) -> str:
    parts = [resource.get(k) or "" for k in ("url", "size", "last_modified", "url_type")]
    parts.append(json.dumps(fields, sort_keys=True, default=str))
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def latest(resource_id: str, conn=None) -> dict | None:
    conn = conn or model.Session.connection()
    row = (
        conn.execute(
            sa.select(report_table)
            .where(report_table.c.resource_id == resource_id)
            .order_by(report_table.c.created.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def latest_for_package(package_id: str) -> dict[str, dict]:
    """{resource_id: newest report} of a dataset's resources."""
    rows = model.Session.connection().execute(
        sa.select(report_table)
        .where(report_table.c.package_id == package_id)
        .order_by(report_table.c.resource_id, report_table.c.created.desc())
        .distinct(report_table.c.resource_id)
    )
    return {r["resource_id"]: dict(r) for r in rows.mappings()}


def enqueue_dataset(package_id: str) -> None:
    if not tk.asbool(tk.config.get("ckanext.busan_governance.quality.auto_scan", True)):
        return
    tk.enqueue_job(scan_dataset, [package_id], title=f"busan quality {package_id}", rq_kwargs={"timeout": 6 * 3600})


def scan_dataset(package_id: str, force: bool = False, resource_id: str | None = None) -> list[str]:
    """The job. Returns the ids of the reports it wrote."""
    try:
        package = tk.get_action("package_show")(_context(), {"id": package_id})
    except tk.ObjectNotFound:
        return []
    written = []
    for resource in package.get("resources", []):
        if resource_id and resource["id"] != resource_id:
            continue
        if not tabular(resource):
            continue
        fields = dictionary_fields(resource)
        version = version_of(resource, fields)
        last = latest(resource["id"])
        if not force and last and last["version"] == version and last["status"] in (DONE, ERROR):
            continue
        written.append(scan_resource(package, resource, fields, version))
    if written:
        reindex(package_id)
    return written


def reindex(package_id: str) -> None:
    from ckan.lib.search import rebuild

    model.Session.remove()
    rebuild(package_id)


def _local_file(resource: dict) -> tuple[str, bool]:
    """(path, temporary): the uploaded file, or the remote file downloaded to a temporary one."""
    if resource.get("url_type") == "upload":
        from ckan.lib.uploader import get_resource_uploader

        return get_resource_uploader(resource).get_path(resource["id"]), False
    import requests

    limit = int(tk.config.get("ckan.max_resource_size") or 100) << 20
    handle, path = tempfile.mkstemp(suffix="." + ((resource.get("format") or "csv").lower()))
    read = 0
    with os.fdopen(handle, "wb") as out, requests.get(resource["url"], stream=True, timeout=60) as response:
        response.raise_for_status()
        for chunk in response.iter_content(1 << 20):
            read += len(chunk)
            if read > limit:
                raise ValueError(f"larger than ckan.max_resource_size ({limit >> 20} MB)")
            out.write(chunk)
    return path, True


def column_specs(fields: list[dict], header: list[str] | None = None) -> list[ColumnSpec]:
    dictionary, terms, domains, codes = store.dictionary()
    source = fields or [{"id": name} for name in header or []]
    return specs_for(
        source,
        lambda name: terms.get(name) or terms.get(name.upper()) if name else None,
        domains.get,
        lambda name: codes.get(name, []),
    )


def compliance(specs: list[ColumnSpec]) -> list[dict]:
    dictionary = store.dictionary()[0]
    results = []
    for spec in specs:
        result = dictionary.check(spec.title or spec.name).as_dict()
        result["column"] = spec.name
        result["label"] = spec.title
        results.append(result)
    return results


def scan_resource(package: dict, resource: dict, fields: list[dict], version: str) -> str:
    conn = model.Session.connection()
    report_id = model.types.make_uuid()
    conn.execute(
        report_table.insert().values(
            id=report_id, resource_id=resource["id"], package_id=package["id"], version=version,
            status=RUNNING, created=dt.datetime.utcnow(),
        )
    )  # fmt: skip
    model.Session.commit()
    values: dict = {}
    path, temporary = None, False
    try:
        path, temporary = _local_file(resource)
        specs = column_specs(fields, None if fields else read_header(path, resource.get("format")))
        grades = parse_grades(tk.config.get("ckanext.busan_governance.quality.grades"))
        report = diagnose(path, specs, fmt=resource.get("format"), grades=grades)
        report["compliance"] = compliance(specs)
        values = {
            "status": DONE,
            "score": report["score"],
            "grade": report["grade"],
            "error_rate": report["error_rate"],
            "rows": report["rows"],
            "compliance_rate": compliance_rate(report["compliance"]),
            "report": json.loads(json.dumps(report, default=str)),
            "table_schema": table_schema(specs),
        }
    except Exception as error:  # noqa: BLE001 - a report that says why, never a crashed worker
        log.warning("busan_governance: %s not diagnosed: %s", resource["id"], error)
        values = {"status": ERROR, "message": f"{type(error).__name__}: {str(error)[:500]}", "grade": "D", "score": 0.0}
    finally:
        if path and temporary:
            with contextlib.suppress(OSError):
                os.unlink(path)
    values["finished"] = dt.datetime.utcnow()
    model.Session.connection().execute(report_table.update().where(report_table.c.id == report_id).values(**values))
    model.Session.commit()
    return report_id


def summarise(reports) -> dict:
    """Grade, score and compliance rate of a dataset from its resources' newest reports: the
    worst grade and the mean score and rate of the finished ones ({} when none is)."""
    reports = [r for r in reports if r["status"] in (DONE, ERROR)]
    if not reports:
        return {}
    rates = [r["compliance_rate"] for r in reports if r["compliance_rate"] is not None]
    return {
        "grade": max(r["grade"] or "D" for r in reports),
        "score": round(sum(r["score"] or 0 for r in reports) / len(reports), 2),
        "compliance_rate": sum(rates) / len(rates) if rates else None,
        "resources": len(reports),
    }


def dataset_summary(package_id: str) -> dict:
    """Grade, score and compliance rate of a dataset (see summarise)."""
    return summarise(latest_for_package(package_id).values())


def fill_dictionary(resource_id: str, package_id: str) -> bool:
    """After a DataStore load: the data dictionary's empty Korean names, standard terms,
    domains and lengths filled (from harvested database column comments and the standard
    terms), through datastore_create as the dictionary form saves it. True when it changed."""
    from .quality.specs import filled_info

    try:
        info = tk.get_action("datastore_info")(_context(), {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return False
    fields = [
        {"id": f["id"], "type": f["type"], "info": f.get("info") or {}}
        for f in info.get("fields", [])
        if not f["id"].startswith("_")
    ]
    _, terms, domains, _ = store.dictionary()
    filled = filled_info(
        fields,
        lambda name: terms.get(name) or terms.get(name.upper()) if name else None,
        domains.get,
        _comments(package_id),
    )
    if not filled:
        return False
    tk.get_action("datastore_create")(_context(), {"resource_id": resource_id, "force": True, "fields": filled})
    return True


def _comments(package_id: str) -> dict[str, str]:
    """Column comments of the city database table a dataset was harvested from (busan_inventory)."""
    try:
        from ckanext.busan.inventory.model import InventoryRecord
    except ImportError:
        return {}
    try:
        record = model.Session.query(InventoryRecord).filter(InventoryRecord.package_id == package_id).first()
    except sa.exc.ProgrammingError:  # busan_inventory's table not migrated on this site
        model.Session.rollback()
        return {}
    return {c["name"]: c["comment"] for c in (record.columns if record else []) if c.get("comment")}
