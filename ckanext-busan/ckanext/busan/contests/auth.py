"""Auth of contests: anyone reads; sysadmins (who pass before these run) create and change
contests; signed-in users enter; an entry is withdrawn by its author."""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.contests.model import ContestEntry
from ckanext.busan.requests.refs import ref as key

__all__ = [
    "busan_contest_create",
    "busan_contest_update",
    "busan_contest_show",
    "busan_contest_list",
    "busan_contest_entry_create",
    "busan_contest_entry_delete",
]


def _sysadmins_only(context, data_dict):
    return {"success": False, "msg": tk._("Only sysadmins can do this.")}


busan_contest_create = _sysadmins_only
busan_contest_update = _sysadmins_only


@tk.auth_allow_anonymous_access
def busan_contest_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def busan_contest_list(context, data_dict):
    return {"success": True}


def busan_contest_entry_create(context, data_dict):
    if authz.auth_is_anon_user(context):
        return {"success": False, "msg": tk._("Sign in first.")}
    return {"success": True}


def busan_contest_entry_delete(context, data_dict):
    ref = key((data_dict or {}).get("id"))
    entry = model.Session.get(ContestEntry, ref) if ref else None
    user = model.User.by_name(context.get("user") or "")
    if entry is not None and user is not None and entry.user_id == user.id:
        return {"success": True}
    return {"success": False, "msg": tk._("Only the author can withdraw this entry.")}
