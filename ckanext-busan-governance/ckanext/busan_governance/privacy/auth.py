"""Internal fields: only those who may edit the dataset. Access log: sysadmins only."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def _may_edit(context, data_dict) -> dict:
    try:
        tk.check_access("package_update", context, {"id": (data_dict or {}).get("id")})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {
            "success": False,
            "msg": tk._("Only editors of this dataset's organisation can see its internal fields."),
        }
    return {"success": True}


def busan_dataset_internal_show(context, data_dict):
    return _may_edit(context, data_dict)


def busan_dataset_internal_update(context, data_dict):
    return _may_edit(context, data_dict)


def busan_access_log_list(context, data_dict):
    return {"success": False, "msg": tk._("Only sysadmins can read the access log.")}  # sysadmins pass anyway
