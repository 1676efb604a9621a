"""The personal-information scan as a background job (CKAN's queue): reads an uploaded
tabular file as a stream, stores the findings in busan_pii_scan and, when they include a
category that holds (configurable), makes the dataset private directly (model + reindex:
never package_update, which would re-trigger jobs and write activity) until an
organisation admin reviews it. The DataStore load waits for the scan (IXloader.can_upload)
and is submitted once the dataset is not held."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.plugins import plugin_loaded

from ckanext.busan_governance.privacy.model import DONE, FAILED, HELD, PENDING, REVIEWED, PiiScan, PrivacyHold
from ckanext.busan_governance.privacy.pii import scan_rows

log = logging.getLogger(__name__)
TABULAR = {"csv", "tsv", "txt", "xlsx"}


def is_tabular_upload(resource: dict) -> bool:
    fmt = (resource.get("format") or "").strip().lower()
    name = (resource.get("url") or "").rsplit(".", 1)[-1].lower()
    return resource.get("url_type") == "upload" and (fmt in TABULAR or name in TABULAR)


def hold_categories() -> set[str]:
    return set(tk.aslist(tk.config.get("ckanext.busan.privacy.pii_hold_categories")))


def _rows_of(path: str, kind: str) -> tuple[list[str], Iterator[list]]:
    if kind == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, [])]
        return header, (list(r) for r in rows)
    raw = open(path, "rb")  # noqa: SIM115 - closed when the iterator ends (job process)
    head = raw.read(65536)
    raw.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not only a character cut at the end of the sample
            encoding = "cp949"
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    delimiter = "\t" if kind == "tsv" else ","
    reader = csv.reader(text, delimiter=delimiter)
    return next(reader, []), reader


def enqueue_scan(resource_id: str) -> None:
    tk.enqueue_job(scan_resource, [resource_id], title=f"busan pii scan {resource_id}")


def scan_resource(resource_id: str) -> dict | None:
    """The job."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        return None
    from ckan.lib.uploader import get_resource_uploader

    res_dict = {"id": resource.id, "url": resource.url, "url_type": resource.url_type, "format": resource.format}
    row = model.Session.get(PiiScan, resource.id) or PiiScan(resource_id=resource.id, package_id=resource.package_id)
    kind = (resource.format or resource.url.rsplit(".", 1)[-1]).strip().lower()
    try:
        path = get_resource_uploader(res_dict).get_path(resource.id)
        header, rows = _rows_of(path, "xlsx" if kind == "xlsx" else ("tsv" if kind == "tsv" else "csv"))
        findings = scan_rows(header, rows)
        row.status, row.findings, row.message = DONE, findings.as_dict(), None
        held = bool(findings.categories() & hold_categories())
    except Exception as e:  # noqa: BLE001 - a file that cannot be read is reported, not a crash
        log.warning("busan pii scan of %s failed: %s", resource_id, e)
        row.status, row.findings, row.message = FAILED, None, str(e)[:500]
        held = False
    row.scanned_at = dt.datetime.utcnow()
    model.Session.add(row)
    # the hold is committed with the scan result: nobody sees a finished scan of a dataset
    # that is not held yet
    if held and tk.config.get("ckanext.busan.privacy.pii_action") == "hold":
        hold_dataset(resource.package_id)
        return row.as_dict()
    model.Session.commit()
    if not is_held(resource.package_id):
        submit_load(resource.id)
    return row.as_dict()


def is_held(package_id: str) -> bool:
    hold = model.Session.get(PrivacyHold, package_id)
    return hold is not None and hold.state == HELD


def mark_pending(resource_id: str, package_id: str) -> None:
    """Before the file is saved: its DataStore load waits for the new scan."""
    row = model.Session.get(PiiScan, resource_id) or PiiScan(resource_id=resource_id, package_id=package_id)
    row.status = PENDING
    model.Session.add(row)


def may_load(resource_id: str) -> bool:
    """IXloader.can_upload: an uploaded table loads once scanned, and no held dataset loads."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return True
    if is_held(resource.package_id):
        return False
    res = {"url": resource.url, "url_type": resource.url_type, "format": resource.format}
    if not is_tabular_upload(res):
        return True
    row = model.Session.get(PiiScan, resource_id)
    return row is not None and row.status != PENDING


def hold_dataset(package_id: str) -> None:
    package = model.Package.get(package_id)
    hold = model.Session.get(PrivacyHold, package_id)
    if hold is None or hold.state != HELD:
        hold = hold or PrivacyHold(package_id=package_id)
        hold.state, hold.was_private, hold.held_at = HELD, bool(package.private), dt.datetime.utcnow()
        hold.reviewed_by = hold.reviewed_at = None
        model.Session.add(hold)
    package.private = True
    model.Session.commit()
    _reindex(package_id)


def release_dataset(package_id: str, reviewer: str) -> None:
    hold = model.Session.get(PrivacyHold, package_id)
    package = model.Package.get(package_id)
    package.private = hold.was_private
    hold.state, hold.reviewed_by, hold.reviewed_at = REVIEWED, reviewer, dt.datetime.utcnow()
    model.Session.commit()
    _reindex(package_id)
    for resource in package.resources:
        submit_load(resource.id)


def _reindex(package_id: str) -> None:
    from ckan.lib.search import rebuild

    rebuild(package_id)


def submit_load(resource_id: str) -> None:
    """The DataStore load that waited for the scan."""
    if not plugin_loaded("xloader"):
        return
    try:
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        tk.get_action("xloader_submit")({"user": site, "ignore_auth": True}, {"resource_id": resource_id})
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        log.info("busan pii scan: no DataStore load for %s (%s)", resource_id, e)
