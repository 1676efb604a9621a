"""/contest: the contests and events, a contest's page with its datasets, entries and entry
form, and the sysadmins' contest form."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

contests = Blueprint("busan_contests", __name__)
FIELDS = ("name", "title", "theme", "description", "how_to_enter", "starts", "ends", "datasets", "results")


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


@contests.route("/contest")
def index():
    items = tk.get_action("busan_contest_list")(_context(), {})
    return tk.render("busan_contests/index.html", {"contests": items})


def _form(contest: dict | None):
    context = _context()
    try:
        tk.check_access("busan_contest_update" if contest else "busan_contest_create", context, {})
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    values = dict(contest or {})
    if contest:
        values["datasets"] = ", ".join(d["name"] for d in contest["datasets"])
    errors = {}
    if tk.request.method == "POST":
        values = {f: tk.request.form.get(f, "") for f in FIELDS}
        try:
            if contest:
                saved = tk.get_action("busan_contest_update")(context, dict(values, id=contest["id"]))
            else:
                saved = tk.get_action("busan_contest_create")(context, values)
            return tk.redirect_to("busan_contests.read", name=saved["name"])
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render("busan_contests/form.html", {"values": values, "errors": errors, "contest": contest})


@contests.route("/contest/new", methods=["GET", "POST"])
def new():
    return _form(None)


@contests.route("/contest/<name>/edit", methods=["GET", "POST"])
def edit(name: str):
    try:
        contest = tk.get_action("busan_contest_show")(_context(), {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest not found"))
    return _form(contest)


@contests.route("/contest/<name>", methods=["GET", "POST"])
def read(name: str):
    context = _context()
    errors, values = {}, {}
    if tk.request.method == "POST":
        if not tk.current_user.is_authenticated:
            return tk.redirect_to("user.login")
        values = {f: tk.request.form.get(f, "") for f in ("title", "description", "url", "datasets", "showcase")}
        try:
            tk.get_action("busan_contest_entry_create")(context, dict(values, id=name))
            tk.h.flash_success(tk._("Your entry has been received."))
            return tk.redirect_to("busan_contests.read", name=name)
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Contest not found"))
        except tk.ValidationError as e:
            errors = e.error_dict
    try:
        contest = tk.get_action("busan_contest_show")(context, {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Contest not found"))
    try:
        tk.check_access("busan_contest_update", context, {})
        can_edit = True
    except tk.NotAuthorized:
        can_edit = False
    return tk.render(
        "busan_contests/read.html", {"contest": contest, "errors": errors, "values": values, "can_edit": can_edit}
    )
