"""Auth of citizen contributions, chained on the submitter: a contributor is never a member of
the citizen space, so CKAN's membership checks are widened only for their own submissions.
Sysadmins pass before these run."""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.citizen import policy
from ckanext.busan.citizen.space import citizen_org, is_moderator, submission
from ckanext.busan.requests.refs import ref

__all__ = [
    "package_create",
    "package_update",
    "package_delete",
    "busan_citizen_moderate",
    "busan_citizen_approve",
    "busan_citizen_reject",
    "busan_citizen_submission_show",
    "busan_citizen_submission_list",
]


def _active_user(context) -> model.User | None:
    user = model.User.by_name(context.get("user") or "")
    return user if user is not None and user.is_active else None


@tk.chained_auth_function
def package_create(next_auth, context, data_dict=None):
    """Any signed-in, verified user may create a dataset in the citizen space (and see the
    dataset form); every other organisation keeps CKAN's rule."""
    org = citizen_org()
    owner = (data_dict or {}).get("owner_org")
    # datasets only: harvest sources and other package types keep CKAN's rule
    if org is not None and (data_dict or {}).get("type") in (None, "", "dataset") and _active_user(context) is not None:
        group = model.Group.get(ref(owner)) if ref(owner) else None
        if not owner or (group is not None and group.id == org.id):
            return {"success": True}
    return next_auth(context, data_dict)


def _own_unapproved(context, data_dict) -> bool:
    key = ref((data_dict or {}).get("id")) or ref((data_dict or {}).get("name"))
    package = model.Package.get(key) if key else None
    row = submission(package.id) if package is not None else None
    user = _active_user(context)
    return row is not None and user is not None and row.user_id == user.id and row.status != policy.APPROVED


@tk.chained_auth_function
def package_update(next_auth, context, data_dict):
    """The contributor edits their own submission until it is approved (a fix of a rejected
    one resubmits it); resources follow, as CKAN checks package_update for them."""
    if _own_unapproved(context, data_dict):
        return {"success": True}
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth, context, data_dict):
    """The contributor may withdraw their own submission before it is approved."""
    if _own_unapproved(context, data_dict):
        return {"success": True}
    return next_auth(context, data_dict)


def busan_citizen_moderate(context, data_dict):
    if is_moderator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the citizen space's moderators can approve or reject submissions.")}


busan_citizen_approve = busan_citizen_moderate
busan_citizen_reject = busan_citizen_moderate


def busan_citizen_submission_show(context, data_dict):
    row = submission(ref((data_dict or {}).get("id")))
    user = _active_user(context)
    if row is not None and user is not None and (row.user_id == user.id or is_moderator(user.name)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the contributor and the moderators see this submission.")}


def busan_citizen_submission_list(context, data_dict):
    if authz.auth_is_anon_user(context):
        return {"success": False, "msg": tk._("Sign in first.")}
    return {"success": True}
