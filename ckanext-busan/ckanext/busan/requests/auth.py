"""Auth of data requests. Sysadmins pass every check before these run.

Anyone reads requests; signed-in users ask, comment, follow and add 나도 필요해요; requesters
edit their own request until it is answered; only the target organisation's editors (and
admins) answer, extend and close; only sysadmins reassign a request to another organisation.
"""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.requests.model import DataRequest, DataRequestComment
from ckanext.busan.requests.refs import ref
from ckanext.busan.requests.workflow import OPEN

__all__ = [
    "busan_request_create",
    "busan_request_show",
    "busan_request_list",
    "busan_request_for_package",
    "busan_request_update",
    "busan_request_answer",
    "busan_request_extend",
    "busan_request_close",
    "busan_request_reassign",
    "busan_request_comment",
    "busan_request_comment_delete",
    "busan_request_vote",
    "busan_request_unvote",
    "busan_request_follow",
    "busan_request_unfollow",
    "busan_request_notify_overdue",
]


def _user(context):
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):  # the API passes CKAN's AnonymousUser
        user = model.User.by_name(context.get("user") or "") if context.get("user") else None
    return user


def _signed_in(context, data_dict=None):
    if authz.auth_is_anon_user(context):
        return {"success": False, "msg": tk._("Sign in first.")}
    return {"success": True}


def _request(data_dict) -> DataRequest | None:
    key = ref((data_dict or {}).get("id"))
    return model.Session.get(DataRequest, key) if key else None


def is_org_editor(user_name: str | None, org_id: str | None) -> bool:
    return bool(org_id and user_name) and authz.has_user_permission_for_group_or_org(
        org_id, user_name, "update_dataset"
    )


@tk.auth_allow_anonymous_access
def busan_request_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def busan_request_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def busan_request_for_package(context, data_dict):
    return {"success": True}


busan_request_create = _signed_in
busan_request_comment = _signed_in
busan_request_vote = _signed_in
busan_request_unvote = _signed_in
busan_request_follow = _signed_in
busan_request_unfollow = _signed_in


def busan_request_update(context, data_dict):
    request, user = _request(data_dict), _user(context)
    if request is None or user is None or request.user_id != user.id:
        return {"success": False, "msg": tk._("Only the requester can edit this request.")}
    if request.status not in OPEN:
        return {"success": False, "msg": tk._("An answered request cannot be edited.")}
    return {"success": True}


def _org_editor(context, data_dict):
    request = _request(data_dict)
    if request is not None and is_org_editor(context.get("user"), request.owner_org):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Only the editors of the organisation the request is addressed to can answer it."),
    }


busan_request_answer = _org_editor
busan_request_extend = _org_editor
busan_request_close = _org_editor


def busan_request_reassign(context, data_dict):
    return {"success": False, "msg": tk._("Only sysadmins can reassign a request to another organisation.")}


def busan_request_notify_overdue(context, data_dict):
    return {"success": False, "msg": tk._("Only sysadmins can do this.")}


def busan_request_comment_delete(context, data_dict):
    key = ref((data_dict or {}).get("id"))
    comment = model.Session.get(DataRequestComment, key) if key else None
    user = _user(context)
    if comment is None or user is None or comment.user_id != user.id:
        return {"success": False, "msg": tk._("Only the author can delete this comment.")}
    return {"success": True}
