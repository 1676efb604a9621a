"""Actions of data requests (registered by tk.blanket.actions). Every input is checked here:
a bad value is a field error in the request's language and nothing is stored."""

from __future__ import annotations

import datetime as dt
import logging

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import func, or_

from ckanext.busan.dataset.validators import _clean_text
from ckanext.busan.requests import deadline as deadlines
from ckanext.busan.requests import messages, workflow
from ckanext.busan.requests.auth import is_org_editor
from ckanext.busan.requests.model import DataRequest, DataRequestComment, DataRequestFollower, DataRequestVote
from ckanext.busan.requests.refs import ref

log = logging.getLogger(__name__)

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

LIMITS = {
    "title": 200,
    "description": 5000,
    "purpose": 2000,
    "desired_format": 100,
    "answer": 5000,
    "reason": 2000,
    "text": 3000,
}
UNKNOWN_ORG = ("", "unknown", "모름")


# ---------------------------------------------------------------- settings and helpers
def _days(key: str, default: int) -> int:
    return tk.asint(tk.config.get(key) or default)


def _deadline(request: DataRequest) -> deadlines.Deadline:
    return deadlines.compute(
        request.received_on,
        extended=bool(request.extended),
        answer_days=_days("ckanext.busan.requests.answer_days", deadlines.ANSWER_DAYS),
        extension_days=_days("ckanext.busan.requests.extension_days", deadlines.EXTENSION_DAYS),
    )


def _now() -> dt.datetime:
    return dt.datetime.utcnow()


def _today() -> dt.date:
    return deadlines.seoul_date(_now())


def _error(field: str, message: str, **params):
    # statuses named in a message are shown with their label in the request's language
    params = {
        k: tk._(workflow.LABELS[v][1]) if isinstance(v, str) and v in workflow.LABELS else v for k, v in params.items()
    }
    return tk.ValidationError({field: [tk._(message).format(**params)]})


def _text(data_dict: dict, field: str, *, required: bool = False, limit_key: str | None = None) -> str | None:
    value = data_dict.get(field)
    if value is None or value == "":
        if required:
            raise _error(field, "Missing value")
        return None
    if not isinstance(value, str):
        raise _error(field, "Must be text.")
    value = _clean_text(value).strip()
    if required and not value:
        raise _error(field, "Missing value")
    limit = LIMITS[limit_key or field]
    if len(value) > limit:
        raise _error(field, "Must be at most {limit} characters (now {length}).", limit=limit, length=len(value))
    return value or None


REQUEST_FIELDS = ("title", "description", "purpose", "desired_format", "owner_org")


def _collect(data_dict: dict, fields) -> dict:
    """The request's own fields, cleaned, with every field's error reported at once."""
    values, errors = {}, {}
    for field in fields:
        try:
            if field == "owner_org":
                values[field] = _organization(data_dict.get(field))
            else:
                values[field] = _text(data_dict, field, required=field != "desired_format")
        except tk.ValidationError as e:
            errors.update(e.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    return values


def _flag(value) -> bool:
    """True for true, "true", "yes", "on", "1"; anything else (odd values included) is false."""
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"))


def _get(data_dict) -> DataRequest:
    request_id = (data_dict or {}).get("id")
    request = model.Session.get(DataRequest, ref(request_id)) if ref(request_id) else None
    if request is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return request


def _user(context) -> model.User | None:
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):  # the API passes CKAN's AnonymousUser
        user = model.User.by_name(context.get("user") or "") if context.get("user") else None
    return user


def _organization(value) -> str | None:
    """The id of an active organisation named by id or name; None for 모름."""
    if value is None or (isinstance(value, str) and value.strip() in UNKNOWN_ORG):
        return None
    group = model.Group.get(ref(value)) if ref(value) else None
    if group is None or not group.is_organization or group.state != "active":
        raise _error("owner_org", "Unknown organisation.")
    return group.id


def _url(endpoint: str, **kwargs) -> str:
    return tk.h.url_for(endpoint, qualified=True, **kwargs)


def _viewer_may_see_requester(context, request: DataRequest) -> bool:
    user = _user(context)
    if context.get("ignore_auth") or (user is not None and (user.sysadmin or user.id == request.user_id)):
        return True
    return user is not None and is_org_editor(user.name, request.owner_org)


def _dictize(request: DataRequest, context, *, full: bool = True) -> dict:
    due = _deadline(request)
    today = _today()
    requester = model.User.get(request.user_id)
    name = requester.display_name if requester else ""
    org = model.Group.get(request.owner_org) if request.owner_org else None
    package = model.Package.get(request.package_id) if request.package_id else None
    data = {
        "id": request.id,
        "title": request.title,
        "description": request.description,
        "purpose": request.purpose,
        "desired_format": request.desired_format,
        "owner_org": request.owner_org,
        "organization": {"id": org.id, "name": org.name, "title": org.title} if org else None,
        "status": request.status,
        "created": request.created.isoformat(),
        "modified": request.modified.isoformat(),
        "received_on": request.received_on.isoformat(),
        "first_deadline": due.first.isoformat(),
        "deadline": due.due.isoformat(),
        "extended": bool(request.extended),
        "extension_reason": request.extension_reason,
        "can_extend": request.status in workflow.OPEN and deadlines.can_extend(due, today),
        "overdue": deadlines.is_overdue(due, today, request.answered_on),
        "answered_late": deadlines.answered_late(due, request.answered_on),
        "days_left": deadlines.days_left(due, today) if request.answered_on is None else None,
        "answer": request.answer,
        "refusal_reason": request.refusal_reason,
        "refusal_ground": workflow.REFUSAL_REASONS[request.refusal_reason][2]
        if request.refusal_reason in workflow.REFUSAL_REASONS
        else None,
        "duplicate_of": request.duplicate_of,
        "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        "answered_on": request.answered_on.isoformat() if request.answered_on else None,
        "package": {"id": package.id, "name": package.name, "title": package.title} if package else None,
        "package_id": request.package_id,
        "closed_at": request.closed_at.isoformat() if request.closed_at else None,
        "votes": model.Session.query(DataRequestVote).filter_by(request_id=request.id).count(),
        "requester": name if _viewer_may_see_requester(context, request) else workflow.mask_name(name),
    }
    if _viewer_may_see_requester(context, request):
        data["user_id"] = request.user_id
    if full:
        user = _user(context)
        data["voted"] = bool(user) and model.Session.get(DataRequestVote, (request.id, user.id)) is not None
        data["following"] = bool(user) and model.Session.get(DataRequestFollower, (request.id, user.id)) is not None
        data["followers"] = model.Session.query(DataRequestFollower).filter_by(request_id=request.id).count()
        comments = (
            model.Session.query(DataRequestComment)
            .filter_by(request_id=request.id)
            .order_by(DataRequestComment.created)
            .all()
        )
        data["comments"] = [_comment_dict(c) for c in comments]
    return data


def _comment_dict(comment: DataRequestComment) -> dict:
    author = model.User.get(comment.user_id)
    return {
        "id": comment.id,
        "user_id": comment.user_id,
        "author": author.display_name if author else "",
        "text": comment.text,
        "created": comment.created.isoformat(),
    }


def _notify_followers(request: DataRequest) -> None:
    """E-mail every follower with an address about the request's new state. A mail server
    fault is logged, never undoes the answer."""
    data = _dictize(request, {"ignore_auth": True}, full=False)
    if data["package"]:
        data["package_url"] = _url("dataset.read", id=data["package"]["name"])
    if request.duplicate_of:
        data["duplicate_of_url"] = _url("busan_requests.read", id=request.duplicate_of)
    subject, body = messages.state_change(
        data, _url("busan_requests.read", id=request.id), tk.config.get("ckan.site_title")
    )
    followers = model.Session.query(DataRequestFollower.user_id).filter_by(request_id=request.id)
    for (user_id,) in followers:
        user = model.User.get(user_id)
        if user is None or not user.email or user.state != "active":
            continue
        try:
            mailer.mail_recipient(user.display_name, user.email, subject, body)
        except mailer.MailerException as e:
            log.warning("data request %s: mail to %s failed: %s", request.id, user.name, e)


def _follow(request_id: str, user_id: str) -> None:
    if model.Session.get(DataRequestFollower, (request_id, user_id)) is None:
        model.Session.add(DataRequestFollower(request_id=request_id, user_id=user_id))


# ---------------------------------------------------------------- reading
@tk.side_effect_free
def busan_request_show(context, data_dict):
    """One data request with its deadline, comments and 나도 필요해요 count.

    :param id: the request id
    """
    tk.check_access("busan_request_show", context, data_dict)
    return _dictize(_get(data_dict), context)


def _int(data_dict, field, default, low, high) -> int:
    try:
        value = int(data_dict.get(field, default))
    except (TypeError, ValueError):
        raise _error(field, "Must be a number.") from None
    return min(max(value, low), high)


SORTS = {
    "newest": DataRequest.created.desc(),
    "oldest": DataRequest.created.asc(),
    "deadline": DataRequest.deadline.asc(),
}


@tk.side_effect_free
def busan_request_list(context, data_dict):
    """Data requests, newest first, with facet counts of the matching requests.

    :param q: words found in the title, description or purpose
    :param status: received, reviewing, provided, partial, refused or duplicate
    :param organization: organisation name or id ("unknown": not yet assigned)
    :param overdue: true for requests past their deadline without an answer
    :param sort: newest (default), oldest or deadline
    :param limit: at most this many (default 20, at most 100)
    :param offset: skip this many
    :returns: {count, results, facets: {status: {..}, organization: {..}, overdue: n}}
    """
    tk.check_access("busan_request_list", context, data_dict)
    query = model.Session.query(DataRequest)
    q = data_dict.get("q")
    if q:
        if not isinstance(q, str):
            raise _error("q", "Must be text.")
        for word in _clean_text(q).split()[:10]:
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.filter(
                or_(DataRequest.title.ilike(like), DataRequest.description.ilike(like), DataRequest.purpose.ilike(like))
            )
    status = data_dict.get("status")
    if status:
        if not isinstance(status, str) or status not in workflow.STATUSES:
            raise _error("status", "Unknown status: {status}", status=status)
        query = query.filter(DataRequest.status == status)
    organization = data_dict.get("organization")
    if organization:
        if organization == "unknown":
            query = query.filter(DataRequest.owner_org.is_(None))
        else:
            query = query.filter(DataRequest.owner_org == _organization(organization))
    if _flag(data_dict.get("overdue")):
        query = query.filter(DataRequest.answered_on.is_(None), DataRequest.deadline < _today())
    sort = data_dict.get("sort") or "newest"
    if not isinstance(sort, str) or sort not in SORTS:
        raise _error("sort", "Unknown sort order.")
    limit, offset = _int(data_dict, "limit", 20, 0, 100), _int(data_dict, "offset", 0, 0, 10**9)
    facets = {
        "status": dict(query.with_entities(DataRequest.status, func.count()).group_by(DataRequest.status).all()),
        "organization": {},
        "overdue": query.filter(DataRequest.answered_on.is_(None), DataRequest.deadline < _today()).count(),
    }
    for org_id, count in query.with_entities(DataRequest.owner_org, func.count()).group_by(DataRequest.owner_org):
        org = model.Group.get(org_id) if org_id else None
        facets["organization"][org.name if org else "unknown"] = {
            "title": org.title if org else tk._("Unknown (모름)"),
            "count": count,
        }
    rows = query.order_by(SORTS[sort], DataRequest.id).offset(offset).limit(limit).all()
    return {
        "count": query.count(),
        "results": [_dictize(r, context, full=False) for r in rows],
        "facets": facets,
    }


@tk.side_effect_free
def busan_request_for_package(context, data_dict):
    """The requests a dataset answered (shown on the dataset page).

    :param package_id: the dataset id
    """
    tk.check_access("busan_request_for_package", context, data_dict)
    package_id = ref(data_dict.get("package_id"))
    if not package_id:
        raise _error("package_id", "Missing value")
    rows = (
        model.Session.query(DataRequest)
        .filter(DataRequest.package_id == package_id)
        .order_by(DataRequest.created)
        .all()
    )
    return [_dictize(r, context, full=False) for r in rows]


# ---------------------------------------------------------------- the requester
def busan_request_create(context, data_dict):
    """Ask for data that is not open yet (공공데이터법 제27조 제공신청).

    :param title: what data
    :param description: what it should contain
    :param purpose: what it is for
    :param desired_format: e.g. CSV, API (optional)
    :param owner_org: the organisation that holds it, or empty / "unknown" (모름)
    :param consent: true: the requester agrees to the collection and use of their personal
        data (개인정보 수집·이용 동의); required
    """
    tk.check_access("busan_request_create", context, data_dict)
    if not _flag(data_dict.get("consent")):
        raise _error("consent", "Agree to the collection and use of your personal data to submit a request.")
    values = _collect(data_dict, REQUEST_FIELDS)
    user = _user(context)
    now = _now()
    received = deadlines.seoul_date(now)
    request = DataRequest(
        **values,
        user_id=user.id,
        consent_at=now,
        created=now,
        modified=now,
        received_on=received,
        status=workflow.RECEIVED,
    )
    request.deadline = _deadline(request).due
    model.Session.add(request)
    model.Session.flush()
    _follow(request.id, user.id)
    model.Session.commit()
    return _dictize(request, context)


def busan_request_update(context, data_dict):
    """The requester changes their request while it is not answered.

    :param id: the request id
    :param title, description, purpose, desired_format, owner_org: new values (omitted: kept)
    """
    request = _get(data_dict)
    tk.check_access("busan_request_update", context, data_dict)
    changes = _collect(data_dict, [f for f in REQUEST_FIELDS if f in data_dict])
    for field, value in changes.items():
        setattr(request, field, value)
    request.modified = _now()
    model.Session.commit()
    return _dictize(request, context)


# ---------------------------------------------------------------- the organisation
def busan_request_answer(context, data_dict):
    """The organisation's decision: reviewing, provided, partial, refused (with a ground) or
    duplicate (with the earlier request). Followers get an e-mail.

    :param id: the request id
    :param status: reviewing, provided, partial, refused or duplicate
    :param answer: message to the requester (required when refused with reason "other")
    :param refusal_reason: for refused: non_disclosure, third_party_rights, not_held,
        undue_burden or other
    :param duplicate_of: for duplicate: the id of the earlier request
    """
    request = _get(data_dict)
    tk.check_access("busan_request_answer", context, data_dict)
    status = data_dict.get("status")
    answer = _text(data_dict, "answer")
    reason = data_dict.get("refusal_reason") if isinstance(data_dict.get("refusal_reason"), str) else None
    duplicate_of = data_dict.get("duplicate_of") if isinstance(data_dict.get("duplicate_of"), str) else None
    try:
        workflow.check_answer(request.status, status if isinstance(status, str) else "", reason, answer, duplicate_of)
    except workflow.WorkflowError as e:
        field = "answer" if e.field == "refusal_text" else e.field
        raise _error(field, e.message, **e.params) from None
    if status == workflow.DUPLICATE:
        earlier = model.Session.get(DataRequest, ref(duplicate_of)) if ref(duplicate_of) else None
        if earlier is None or earlier.id == request.id or earlier.created > request.created:
            raise _error("duplicate_of", "Name the earlier request this one duplicates.")
        request.duplicate_of = earlier.id
    request.status = status
    request.answer = answer
    request.refusal_reason = reason if status == workflow.REFUSED else None
    _answered(request, context)
    model.Session.commit()
    _notify_followers(request)
    return _dictize(request, context)


def _answered(request: DataRequest, context) -> None:
    now = _now()
    request.modified = now
    request.answered_by = context.get("user")
    if request.status in workflow.ANSWERED and request.answered_on is None:
        request.answered_at, request.answered_on = now, deadlines.seoul_date(now)


def busan_request_extend(context, data_dict):
    """Extend the deadline once by the extension period (10 days), before the first deadline
    passes, telling the requester why (공공데이터법 제27조 제4항).

    :param id: the request id
    :param reason: why the organisation needs more time
    """
    request = _get(data_dict)
    tk.check_access("busan_request_extend", context, data_dict)
    reason = _text(data_dict, "reason", required=True)
    if request.status not in workflow.OPEN:
        raise _error("reason", "An answered request needs no extension.")
    if not deadlines.can_extend(_deadline(request), _today()):
        raise _error("reason", "The deadline can be extended only once, before it passes.")
    request.extended, request.extension_reason = True, reason
    request.deadline = _deadline(request).due
    request.modified = _now()
    model.Session.commit()
    _notify_followers(request)
    return _dictize(request, context)


def busan_request_close(context, data_dict):
    """Close the request with the public dataset that answers it (shown on the dataset page).

    :param id: the request id
    :param package_id: the dataset's id or name
    :param status: provided (default) or partial
    :param answer: message to the requester (optional)
    """
    request = _get(data_dict)
    tk.check_access("busan_request_close", context, data_dict)
    status = data_dict.get("status") or workflow.PROVIDED
    try:
        workflow.check_close(request.status, status if isinstance(status, str) else "")
    except workflow.WorkflowError as e:
        raise _error(e.field, e.message, **e.params) from None
    package_ref = data_dict.get("package_id")
    package = model.Package.get(ref(package_ref)) if ref(package_ref) else None
    if package is None or package.state != "active" or package.type != "dataset":
        raise _error("package_id", "No such dataset.")
    if package.private:
        raise _error("package_id", "Only a public dataset can answer a request.")
    answer = _text(data_dict, "answer")
    request.status, request.package_id, request.closed_at = status, package.id, _now()
    if answer:
        request.answer = answer
    _answered(request, context)
    model.Session.commit()
    _notify_followers(request)
    return _dictize(request, context)


def busan_request_reassign(context, data_dict):
    """Sysadmins send a request to another organisation (e.g. one asked of 모름).

    :param id: the request id
    :param owner_org: the organisation's name or id
    """
    request = _get(data_dict)
    tk.check_access("busan_request_reassign", context, data_dict)
    org = _organization(data_dict.get("owner_org"))
    if org is None:
        raise _error("owner_org", "Missing value")
    request.owner_org, request.modified = org, _now()
    model.Session.commit()
    return _dictize(request, context)


# ---------------------------------------------------------------- everyone signed in
def busan_request_comment(context, data_dict):
    """Comment on a request.

    :param id: the request id
    :param text: the comment
    """
    request = _get(data_dict)
    tk.check_access("busan_request_comment", context, data_dict)
    text = _text(data_dict, "text", required=True)
    comment = DataRequestComment(request_id=request.id, user_id=_user(context).id, text=text, created=_now())
    model.Session.add(comment)
    model.Session.commit()
    return _comment_dict(comment)


def busan_request_comment_delete(context, data_dict):
    """Delete a comment (its author or a sysadmin).

    :param id: the comment id
    """
    comment_id = data_dict.get("id")
    comment = model.Session.get(DataRequestComment, ref(comment_id)) if ref(comment_id) else None
    if comment is None:
        raise tk.ObjectNotFound(tk._("Comment not found"))
    tk.check_access("busan_request_comment_delete", context, data_dict)
    model.Session.delete(comment)
    model.Session.commit()
    return {"id": comment_id}


def _toggle(model_class, context, data_dict, on: bool, action: str) -> dict:
    request = _get(data_dict)
    tk.check_access(action, context, data_dict)
    user = _user(context)
    row = model.Session.get(model_class, (request.id, user.id))
    if on and row is None:
        model.Session.add(model_class(request_id=request.id, user_id=user.id, created=_now()))
    elif not on and row is not None:
        model.Session.delete(row)
    model.Session.commit()
    return _dictize(request, context)


def busan_request_vote(context, data_dict):
    """나도 필요해요: count me as needing this data too (once per user).

    :param id: the request id
    """
    return _toggle(DataRequestVote, context, data_dict, True, "busan_request_vote")


def busan_request_unvote(context, data_dict):
    """Take back 나도 필요해요.

    :param id: the request id
    """
    return _toggle(DataRequestVote, context, data_dict, False, "busan_request_unvote")


def busan_request_follow(context, data_dict):
    """Get e-mails when the request changes state.

    :param id: the request id
    """
    return _toggle(DataRequestFollower, context, data_dict, True, "busan_request_follow")


def busan_request_unfollow(context, data_dict):
    """Stop the e-mails about a request.

    :param id: the request id
    """
    return _toggle(DataRequestFollower, context, data_dict, False, "busan_request_unfollow")


# ---------------------------------------------------------------- overdue requests
def busan_request_notify_overdue(context, data_dict):
    """E-mail each organisation's admins the requests past their deadline that they have not
    been told about yet (run daily by `ckan busan requests-overdue`).

    :returns: {organisation name: number of requests reported}
    """
    tk.check_access("busan_request_notify_overdue", context, data_dict)
    rows = (
        model.Session.query(DataRequest)
        .filter(
            DataRequest.answered_on.is_(None),
            DataRequest.deadline < _today(),
            DataRequest.overdue_notified_at.is_(None),
            DataRequest.owner_org.isnot(None),
        )
        .order_by(DataRequest.deadline)
        .all()
    )
    by_org: dict[str, list[DataRequest]] = {}
    for row in rows:
        by_org.setdefault(row.owner_org, []).append(row)
    reported = {}
    for org_id, requests in by_org.items():
        org = model.Group.get(org_id)
        admins = [
            m.table_id
            for m in org.member_all
            if m.table_name == "user" and m.capacity == "admin" and m.state == "active"
        ]
        items = [
            {"title": r.title, "deadline": r.deadline.isoformat(), "url": _url("busan_requests.read", id=r.id)}
            for r in requests
        ]
        subject, body = messages.overdue(items, tk.config.get("ckan.site_title"))
        for user_id in admins:
            user = model.User.get(user_id)
            if user is not None and user.email and user.state == "active":
                try:
                    mailer.mail_recipient(user.display_name, user.email, subject, body)
                except mailer.MailerException as e:
                    log.warning("overdue requests of %s: mail to %s failed: %s", org.name, user.name, e)
        for r in requests:
            r.overdue_notified_at = _now()
        reported[org.name] = len(requests)
    model.Session.commit()
    return reported
