"""/request: the public list of data requests, the request form (with the personal data
consent), the request page with comments, 나도 필요해요, following, and the organisation's
answer, extension and close-with-dataset forms. Every form posts to the same actions as the
API (CSRF-protected)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.busan.requests import workflow

requests_bp = Blueprint("busan_requests", __name__)

FIELDS = ("title", "description", "purpose", "desired_format", "owner_org")


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


def _flash_errors(e: tk.ValidationError) -> None:
    tk.h.flash_error("; ".join(str(m) for msgs in e.error_dict.values() for m in msgs))


def _organizations() -> list[dict]:
    return tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000})


@requests_bp.route("/request")
def index():
    args = tk.request.args
    params = {
        "q": args.get("q") or None,
        "status": args.get("status") if args.get("status") in workflow.STATUSES else None,
        "organization": args.get("organization") or None,
        "overdue": args.get("overdue") == "1",
        "sort": args.get("sort") if args.get("sort") in ("newest", "oldest", "deadline") else "newest",
        "limit": 20,
    }
    page = max(tk.asint(args.get("page") or 1) if (args.get("page") or "1").isdigit() else 1, 1)
    params["offset"] = (page - 1) * 20
    try:
        result = tk.get_action("busan_request_list")(_context(), params)
    except tk.ValidationError as e:
        _flash_errors(e)
        result = {"count": 0, "results": [], "facets": {"status": {}, "organization": {}, "overdue": 0}}
    return tk.render(
        "busan_requests/index.html",
        {"result": result, "params": params, "page": page, "statuses": workflow.STATUSES, "my_overdue": _my_overdue()},
    )


def _my_overdue() -> list[dict]:
    """Overdue requests of the organisations the signed-in user answers for (flagged on top)."""
    if not tk.current_user.is_authenticated:
        return []
    orgs = tk.get_action("organization_list_for_user")(
        {"user": tk.current_user.name}, {"id": tk.current_user.id, "permission": "update_dataset"}
    )
    flagged = []
    for org in orgs:
        count = tk.get_action("busan_request_list")({}, {"organization": org["id"], "overdue": True, "limit": 0})[
            "count"
        ]
        if count:
            flagged.append({"name": org["name"], "title": org.get("title") or org["name"], "count": count})
    return flagged


def _form_values() -> dict:
    return {field: tk.request.form.get(field, "") for field in FIELDS}


@requests_bp.route("/request/new", methods=["GET", "POST"])
def new():
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.h.url_for("busan_requests.new"))
    values, errors = {"owner_org": tk.request.args.get("organization", "")}, {}
    if tk.request.method == "POST":
        values = _form_values()
        try:
            created = tk.get_action("busan_request_create")(
                _context(), dict(values, consent=tk.request.form.get("consent") == "yes")
            )
            tk.h.flash_success(tk._("Your request has been received."))
            return tk.redirect_to("busan_requests.read", id=created["id"])
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render(
        "busan_requests/form.html",
        {"values": values, "errors": errors, "organizations": _organizations(), "request_id": None},
    )


@requests_bp.route("/request/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    context = _context()
    try:
        request = tk.get_action("busan_request_show")(context, {"id": id})
        tk.check_access("busan_request_update", context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data request not found"))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    values, errors = {f: request.get(f) or "" for f in FIELDS}, {}
    if tk.request.method == "POST":
        values = _form_values()
        try:
            tk.get_action("busan_request_update")(context, dict(values, id=id))
            tk.h.flash_success(tk._("Your request has been saved."))
            return tk.redirect_to("busan_requests.read", id=id)
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render(
        "busan_requests/form.html",
        {"values": values, "errors": errors, "organizations": _organizations(), "request_id": id},
    )


@requests_bp.route("/request/<id>")
def read(id: str):
    context = _context()
    try:
        request = tk.get_action("busan_request_show")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data request not found"))

    def allowed(action):
        try:
            tk.check_access(action, context, {"id": id})
            return True
        except tk.NotAuthorized:
            return False

    duplicate = None
    if request["duplicate_of"]:
        try:
            duplicate = tk.get_action("busan_request_show")(context, {"id": request["duplicate_of"]})
        except tk.ObjectNotFound:
            duplicate = None
    return tk.render(
        "busan_requests/read.html",
        {
            "req": request,
            "duplicate": duplicate,
            "can_edit": allowed("busan_request_update"),
            "can_answer": allowed("busan_request_answer"),
            "can_reassign": allowed("busan_request_reassign"),
            "refusal_reasons": workflow.REFUSAL_REASONS,
            "mediation": workflow.MEDIATION_NOTICE,
            "organizations": _organizations() if allowed("busan_request_reassign") else [],
        },
    )


# Form posts: each calls one action and comes back to the request page.
POSTS = {
    "comment": ("busan_request_comment", ("text",), "Comment added."),
    "vote": ("busan_request_vote", (), "Counted: you need this data too."),
    "unvote": ("busan_request_unvote", (), "No longer counted."),
    "follow": ("busan_request_follow", (), "You will get e-mails about this request."),
    "unfollow": ("busan_request_unfollow", (), "No more e-mails about this request."),
    "answer": ("busan_request_answer", ("status", "answer", "refusal_reason", "duplicate_of"), "Answer saved."),
    "extend": ("busan_request_extend", ("reason",), "Deadline extended."),
    "close": ("busan_request_close", ("package_id", "status", "answer"), "Request closed with the dataset."),
    "reassign": ("busan_request_reassign", ("owner_org",), "Request reassigned."),
}


@requests_bp.route("/request/<id>/<step>", methods=["POST"])
def post(id: str, step: str):
    if step not in POSTS:
        return tk.abort(404)
    action, fields, done = POSTS[step]
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.h.url_for("busan_requests.read", id=id))
    data = {f: tk.request.form.get(f) for f in fields}
    try:
        tk.get_action(action)(_context(), dict(data, id=id))
        tk.h.flash_success(tk._(done))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data request not found"))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        _flash_errors(e)
    return tk.redirect_to("busan_requests.read", id=id)
