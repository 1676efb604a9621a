"""Auth of the data inventory: the inventory of internal databases is not public. Sysadmins
and admins of the organisation that owns the harvest source see and decide."""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

__all__ = ["busan_inventory_list", "busan_inventory_show", "busan_inventory_decide"]


def _source_admin(context, source_id) -> dict:
    user = context.get("user")
    source = model.Package.get(source_id or "")
    if source is None or not source.owner_org:
        return {"success": False, "msg": tk._("Only sysadmins can do this.")}
    if authz.has_user_permission_for_group_or_org(source.owner_org, user, "admin"):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the organisation's admins can decide on its inventory.")}


def busan_inventory_list(context, data_dict):
    # Sysadmins pass before this; other signed-in users see only their organisations' sources
    # (the action filters), visitors nothing.
    if authz.auth_is_anon_user(context):
        return {"success": False, "msg": tk._("Sign in to see the data inventory.")}
    return {"success": True}


def busan_inventory_show(context, data_dict):
    return _source_admin(context, data_dict.get("source_id"))


def busan_inventory_decide(context, data_dict):
    return _source_admin(context, data_dict.get("source_id"))
