"""Actions of citizen contributions (registered by tk.blanket.actions).

Chained stock actions: ``user_create`` (self-registration: honeypot, rate limit per address,
account pending until the e-mail address is verified), ``package_create``/``package_update``
(a contributor's dataset in the citizen space is always private until a moderator approves it;
a fix of a rejected dataset resubmits it), ``organization_list_for_user`` (the citizen space is
offered in the dataset form to every signed-in user without being a membership).
Own actions: moderation (approve, reject with a reason) and the list of submissions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging

import ckan.authz as authz
import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.citizen import policy
from ckanext.busan.citizen.model import CitizenSubmission
from ckanext.busan.citizen.space import citizen_org, is_moderator, submission
from ckanext.busan.requests.refs import ref

log = logging.getLogger(__name__)

__all__ = [
    "user_create",
    "package_create",
    "package_update",
    "organization_list_for_user",
    "busan_citizen_approve",
    "busan_citizen_reject",
    "busan_citizen_submission_list",
    "busan_citizen_submission_show",
]


def _error(field: str, message: str, **params):
    params = {
        k: tk._(policy.LABELS[v][1]) if isinstance(v, str) and v in policy.LABELS else v for k, v in params.items()
    }
    return tk.ValidationError({field: [tk._(message).format(**params)]})


def _remote_address() -> str:
    """The client's address. Behind `proxy_hops` trusted reverse proxies (docker's web server)
    it is the entry those proxies appended to X-Forwarded-For, never one the client wrote."""
    try:
        hops = tk.asint(tk.config.get("ckanext.busan.citizen.proxy_hops"))
        return policy.client_address(tk.request.remote_addr, tk.request.headers.get("X-Forwarded-For"), hops)
    except RuntimeError:  # outside a web request (CLI)
        return "local"


def _bump(key: str, seconds: int) -> int:
    """Count one more event under `key` in Redis for `seconds` (CKAN's own Redis: no outside service)."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    count = redis.incr(key)
    if count == 1:
        redis.expire(key, seconds)
    return int(count)


def _mail(user: model.User, subject: str, body: str) -> None:
    if not user.email:
        return
    try:
        mailer.mail_recipient(user.display_name, user.email, subject, body)
    except mailer.MailerException as e:
        log.warning("mail to %s failed: %s", user.name, e)


# ---------------------------------------------------------------- self-registration
@tk.chained_action
def user_create(original_action, context, data_dict):
    """Self-registration (an anonymous caller): refused when the hidden honeypot field is
    filled or the address registered too many accounts this hour; the new account stays
    pending until the link e-mailed to its address is opened."""
    honeypot = data_dict.pop(policy.HONEYPOT_FIELD, None)
    if context.get("ignore_auth") or not authz.auth_is_anon_user(context):
        return original_action(context, data_dict)
    if policy.honeypot_tripped(honeypot):
        raise _error("registration", "Registration could not be completed.")
    limit = tk.asint(tk.config.get("ckanext.busan.citizen.registrations_per_hour"))
    if policy.over_limit(_bump(f"busan:register:{_remote_address()}", 3600), limit):
        raise _error("registration", "Too many registrations from your address. Try again in an hour.")
    user_dict = original_action(context, data_dict)
    user = model.User.get(user_dict["id"])
    user.set_pending()
    user.reset_key = mailer.make_key()
    model.Session.commit()
    link = tk.h.url_for("busan_citizen.verify", id=user.id, key=user.reset_key, qualified=True)
    site = tk.config.get("ckan.site_title")
    _mail(
        user,
        f"[{site}] 이메일 주소 확인 / Confirm your e-mail address",
        f"{user.display_name}님, {site}에 가입해 주셔서 감사합니다. 아래 링크를 열어 이메일 주소를 확인하면 "
        f"로그인할 수 있습니다.\n{link}\n\n--\n\nThank you for registering with {site}. Open the link above to "
        "confirm your e-mail address; then you can sign in.\n",
    )
    with contextlib.suppress(RuntimeError):  # called outside a web request
        tk.h.flash_notice(tk._("We sent a link to {email}. Open it to activate your account.").format(email=user.email))
    user_dict["state"] = user.state
    return user_dict


# ---------------------------------------------------------------- submissions
def _org_id(value) -> str | None:
    group = model.Group.get(ref(value)) if ref(value) else None
    return group.id if group is not None else None


def _is_contribution(context, owner_org, package_type="dataset") -> bool:
    """A dataset for the citizen space from someone who is not one of its moderators."""
    org = citizen_org()
    return (
        org is not None
        and package_type in (None, "", "dataset")
        and _org_id(owner_org) == org.id
        and not context.get("ignore_auth")
        and not is_moderator(context.get("user"))
    )


def _without_auth(action, context, data_dict):
    """Run the stock action with auth already checked here. The caller's context itself is
    used (resource_create reads context["package"] back), ignore_auth restored afterwards."""
    before = context.get("ignore_auth")
    context["ignore_auth"] = True
    try:
        return action(context, data_dict)
    finally:
        context["ignore_auth"] = before


@tk.chained_action
def package_create(original_action, context, data_dict):
    if not _is_contribution(context, data_dict.get("owner_org"), data_dict.get("type")):
        return original_action(context, data_dict)
    tk.check_access("package_create", context, data_dict)
    user = model.User.by_name(context.get("user"))
    limit = tk.asint(tk.config.get("ckanext.busan.citizen.submissions_per_day"))
    if policy.over_limit(_bump(f"busan:citizen-submit:{user.id}:{dt.date.today()}", 86400), limit):
        raise _error("owner_org", "You have submitted the most datasets allowed for a day. Try again tomorrow.")
    # Auth is checked above; ignore_auth lets CKAN's owner_org validator accept a non-member.
    # Citizens add no groups: the group checks are among those ignore_auth skips.
    data_dict = {k: v for k, v in data_dict.items() if k != "groups"}
    data_dict.update(owner_org=citizen_org().id, private=True)
    created = _without_auth(original_action, context, data_dict)
    model.Session.add(CitizenSubmission(package_id=created["id"], user_id=user.id, submitted_at=dt.datetime.utcnow()))
    model.Session.commit()
    return created


@tk.chained_action
def package_update(original_action, context, data_dict):
    key = ref(data_dict.get("id")) or ref(data_dict.get("name"))
    package = model.Package.get(key) if key else None
    row = submission(package.id) if package is not None else None
    user = model.User.by_name(context.get("user") or "")
    if row is None or user is None or user.id != row.user_id or is_moderator(user.name) or context.get("ignore_auth"):
        return original_action(context, data_dict)
    tk.check_access("package_update", context, data_dict)
    if data_dict.get("owner_org") and _org_id(data_dict["owner_org"]) != citizen_org().id:
        raise _error("owner_org", "A citizen dataset stays in the citizen space.")
    data_dict = {k: v for k, v in data_dict.items() if k != "groups"}
    data_dict.update(owner_org=citizen_org().id, private=True)
    updated = _without_auth(original_action, context, data_dict)
    row = submission(package.id)
    if row.status == policy.REJECTED and updated.get("state") == "active":
        row.status, row.submitted_at = policy.PENDING, dt.datetime.utcnow()  # fixed: back to review
        model.Session.commit()
    return updated


@tk.side_effect_free
@tk.chained_action
def organization_list_for_user(original_action, context, data_dict):
    """The dataset form offers organisations where the user may create datasets: the citizen
    space is one for every signed-in user, without a membership (which would show them every
    private dataset of the space)."""
    result = original_action(context, data_dict)
    org = citizen_org()
    if org is None or (data_dict or {}).get("permission") != "create_dataset" or any(o["id"] == org.id for o in result):
        return result
    key = ref((data_dict or {}).get("id")) or ref(context.get("user"))
    user = model.User.get(key) if key else None
    if user is None or not user.is_active:
        return result
    return result + [
        {
            "id": org.id,
            "name": org.name,
            "title": org.title,
            "display_name": org.display_name,
            "type": org.type,
            "is_organization": True,
            "state": org.state,
            "capacity": "contributor",
        }
    ]


# ---------------------------------------------------------------- moderation
def _moderate(context, data_dict, wanted: str) -> dict:
    row = submission(ref(data_dict.get("id")))
    if row is None:
        raise tk.ObjectNotFound(tk._("Citizen submission not found"))
    tk.check_access("busan_citizen_moderate", context, data_dict)
    reason = data_dict.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise _error("reason", "Must be text.")
    try:
        policy.check_moderation(row.status, wanted, reason)
    except policy.PolicyError as e:
        raise _error(e.field, e.message, **e.params) from None
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    tk.get_action("package_patch")(
        {"user": site_user, "ignore_auth": True}, {"id": row.package_id, "private": wanted != policy.APPROVED}
    )
    row = submission(row.package_id)
    row.status, row.reason = wanted, (reason or "").strip()[:2000] or None
    row.moderated_by, row.moderated_at = context.get("user"), dt.datetime.utcnow()
    model.Session.commit()
    _tell_contributor(row)
    return _submission_dict(row)


def _tell_contributor(row: CitizenSubmission) -> None:
    user, package = model.User.get(row.user_id), model.Package.get(row.package_id)
    if user is None or package is None:
        return
    site = tk.config.get("ckan.site_title")
    link = tk.h.url_for("dataset.read", id=package.name, qualified=True)
    ko, en = policy.LABELS[row.status]
    body = f"시민 참여 데이터 '{package.title}'이(가) {ko}되었습니다.\n"
    if row.reason:
        body += f"사유: {row.reason}\n데이터셋을 고쳐 저장하면 다시 검토합니다.\n"
    body += f"{link}\n\n--\n\nYour dataset '{package.title}' is {en.lower()}.\n"
    if row.reason:
        body += f"Reason: {row.reason}\nFix the dataset and save it to send it for review again.\n"
    _mail(user, f"[{site}] 시민 참여 데이터 {ko} / Citizen dataset {en.lower()}: {package.title}", body)


def busan_citizen_approve(context, data_dict):
    """A moderator publishes a citizen submission (it becomes public and searchable).

    :param id: the dataset id
    """
    return _moderate(context, data_dict, policy.APPROVED)


def busan_citizen_reject(context, data_dict):
    """A moderator sends a submission back with a reason the contributor sees; it stays private.

    :param id: the dataset id
    :param reason: what to fix
    """
    return _moderate(context, data_dict, policy.REJECTED)


def _submission_dict(row: CitizenSubmission) -> dict:
    package, user = model.Package.get(row.package_id), model.User.get(row.user_id)
    data = row.as_dict()
    data["package"] = (
        {
            "id": package.id,
            "name": package.name,
            "title": package.title,
            "state": package.state,
            "private": package.private,
        }
        if package
        else None
    )
    data["contributor"] = user.display_name if user else ""
    return data


@tk.side_effect_free
def busan_citizen_submission_show(context, data_dict):
    """The moderation state of a citizen dataset (its contributor and moderators).

    :param id: the dataset id or name
    """
    package = model.Package.get(ref(data_dict.get("id"))) if ref(data_dict.get("id")) else None
    row = submission(package.id) if package else None
    if row is None:
        raise tk.ObjectNotFound(tk._("Citizen submission not found"))
    tk.check_access("busan_citizen_submission_show", context, {"id": package.id})
    return _submission_dict(row)


@tk.side_effect_free
def busan_citizen_submission_list(context, data_dict):
    """Citizen submissions, newest first: moderators see all, others their own.

    :param status: pending, approved or rejected
    :param mine: true: only the caller's own submissions
    """
    tk.check_access("busan_citizen_submission_list", context, data_dict)
    query = model.Session.query(CitizenSubmission).join(model.Package, model.Package.id == CitizenSubmission.package_id)
    query = query.filter(model.Package.state == "active")
    user = model.User.by_name(context.get("user") or "")
    mine = data_dict.get("mine") in (True, "true", "1")
    if mine or not (context.get("ignore_auth") or is_moderator(context.get("user"))):
        query = query.filter(CitizenSubmission.user_id == (user.id if user else ""))
    status = data_dict.get("status")
    if status:
        if not isinstance(status, str) or status not in policy.STATUSES:
            raise _error("status", "Unknown status: {status}", status=str(status))
        query = query.filter(CitizenSubmission.status == status)
    rows = query.order_by(CitizenSubmission.submitted_at.desc()).limit(500).all()
    return [_submission_dict(r) for r in rows]
