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


def busan_pii_report_show(context, data_dict):
    return _may_edit(context, data_dict)


def busan_privacy_review(context, data_dict):
    """Organisation admins (and sysadmins) release a held dataset."""
    import ckan.authz as authz
    import ckan.model as model

    package = model.Package.get((data_dict or {}).get("id") or "")
    user = context.get("user")
    if package is not None and authz.users_role_for_group_or_org(package.owner_org, user) == "admin":
        return {"success": True}
    return {"success": False, "msg": tk._("Only admins of the dataset's organisation can release a privacy hold.")}
