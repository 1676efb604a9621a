"""Actions of busan_privacy: internal governance fields (shown only to the dataset's editors,
every reading logged) and the access log (sysadmins only)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan_governance.privacy import scan
from ckanext.busan_governance.privacy.model import INTERNAL_FIELDS, AccessLog, DatasetInternal, PiiScan, PrivacyHold

MAX_LENGTH = 2000
# the actions (blanket registration); the other functions are helpers of this plugin
__all__ = [
    "busan_dataset_internal_show",
    "busan_dataset_internal_update",
    "busan_access_log_list",
    "busan_pii_report_show",
    "busan_privacy_review",
]


def _package(data_dict) -> model.Package:
    ident = data_dict.get("id") if isinstance(data_dict, dict) else None
    if not isinstance(ident, str) or not ident.strip():
        raise tk.ValidationError({"id": [tk._("Missing value")]})
    package = model.Package.get(ident.strip())
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


def _request_ip() -> str | None:
    try:
        return tk.request.remote_addr
    except (RuntimeError, TypeError, AttributeError):  # no request (CLI, job)
        return None


def log_access(user_name: str | None, action: str, package_id: str | None, resource_id: str | None = None) -> None:
    model.Session.add(
        AccessLog(
            user_name=user_name or None, ip=_request_ip(), action=action, package_id=package_id, resource_id=resource_id
        )
    )
    model.Session.commit()


def busan_dataset_internal_show(context, data_dict):
    """The dataset's internal governance fields (steward, privacy review notes), for its editors."""
    package = _package(data_dict)
    tk.check_access("busan_dataset_internal_show", context, {"id": package.id})
    row = model.Session.get(DatasetInternal, package.id)
    log_access(context.get("user"), "internal_show", package.id)
    return row.as_dict() if row else {"package_id": package.id, **dict.fromkeys(INTERNAL_FIELDS, "")}


def busan_dataset_internal_update(context, data_dict):
    package = _package(data_dict)
    tk.check_access("busan_dataset_internal_update", context, {"id": package.id})
    values, errors = {}, {}
    for name in INTERNAL_FIELDS:
        value = data_dict.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            errors[name] = [tk._("Must be text.")]
        elif len(value) > MAX_LENGTH:
            errors[name] = [tk._("At most {max} characters.").format(max=MAX_LENGTH)]
        else:
            values[name] = unicodedata.normalize("NFC", value).strip()
    if errors:
        raise tk.ValidationError(errors)
    row = model.Session.get(DatasetInternal, package.id) or DatasetInternal(package_id=package.id)
    for name, value in values.items():
        setattr(row, name, value)
    row.modified, row.modified_by = dt.datetime.utcnow(), context.get("user")
    model.Session.add(row)
    model.Session.commit()
    log_access(context.get("user"), "internal_update", package.id)
    return row.as_dict()


@tk.side_effect_free
def busan_access_log_list(context, data_dict):
    """Newest first; filters: package_id, user; paging: limit (at most 1000), offset."""
    tk.check_access("busan_access_log_list", context, data_dict)
    query = model.Session.query(AccessLog)
    if data_dict.get("package_id"):
        query = query.filter(AccessLog.package_id == str(data_dict["package_id"]))
    if data_dict.get("user"):
        query = query.filter(AccessLog.user_name == str(data_dict["user"]))
    try:
        limit = min(int(data_dict.get("limit", 100)), 1000)
        offset = max(int(data_dict.get("offset", 0)), 0)
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("Must be a whole number.")]}) from None
    rows = query.order_by(AccessLog.at.desc()).offset(offset).limit(limit).all()
    return {"count": query.count(), "results": [r.as_dict() for r in rows]}


def prune_access_log(keep_days: int) -> int:
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=keep_days)
    deleted = model.Session.query(AccessLog).filter(AccessLog.at < cutoff).delete()
    model.Session.commit()
    return deleted


@tk.side_effect_free
def busan_pii_report_show(context, data_dict):
    """The personal-information scans of a dataset's resources (counts and masked samples)
    and whether the dataset is held private for review; for its editors.

    :param id: the dataset's id or name
    """
    package = _package(data_dict)
    tk.check_access("busan_pii_report_show", context, {"id": package.id})
    scans = model.Session.query(PiiScan).filter(PiiScan.package_id == package.id).all()
    hold = model.Session.get(PrivacyHold, package.id)
    return {
        "package_id": package.id,
        "held": bool(hold and hold.state == "held"),
        "reviewed_by": hold.reviewed_by if hold else None,
        "scans": [s.as_dict() for s in scans],
    }


def busan_privacy_review(context, data_dict):
    """An organisation admin confirms the findings were checked (and the file fixed or the
    data lawful to publish): the dataset gets its former visibility back and its tables load.

    :param id: the dataset's id or name
    """
    package = _package(data_dict)
    tk.check_access("busan_privacy_review", context, {"id": package.id})
    if not scan.is_held(package.id):
        raise tk.ValidationError({"id": [tk._("This dataset is not held for a privacy review.")]})
    scan.release_dataset(package.id, context.get("user"))
    log_access(context.get("user"), "privacy_review", package.id)
    return busan_pii_report_show({**context, "ignore_auth": True}, {"id": package.id})
