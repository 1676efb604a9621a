"""Auth of the governance actions: reports follow the dataset (a private dataset's report only
for those who may see the dataset); a scan is for those who may edit it; the standard
dictionary and name checks are public."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = [
    "busan_quality_report_show",
    "busan_quality_summary_list",
    "busan_quality_scan",
    "busan_standard_term_search",
    "busan_compliance_check",
]


def _package_of(data_dict) -> dict:
    if data_dict.get("resource_id"):
        return {"id": data_dict["resource_id"], "_resource": True}
    return {"id": data_dict.get("package_id") or data_dict.get("id")}


def _check(action: str, context, data_dict) -> dict:
    target = _package_of(data_dict)
    try:
        if target.pop("_resource", False):
            tk.check_access("resource_show" if action == "package_show" else "resource_update", context, target)
        else:
            tk.check_access(action, context, target)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorised to see this dataset.")}
    except tk.ObjectNotFound:
        return {"success": False, "msg": tk._("Not found")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def busan_quality_report_show(context, data_dict):
    return _check("package_show", context, data_dict)


@tk.auth_allow_anonymous_access
def busan_quality_summary_list(context, data_dict):
    """Public datasets only (the action leaves the others out)."""
    return {"success": True}


def busan_quality_scan(context, data_dict):
    return _check("package_update", context, data_dict)


@tk.auth_allow_anonymous_access
def busan_standard_term_search(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def busan_compliance_check(context, data_dict):
    if data_dict.get("resource_id") or data_dict.get("package_id"):
        return _check("package_show", context, data_dict)
    return {"success": True}
