"""Pages of citizen contributions: e-mail address verification (/user/verify/<id>), the
moderation queue (/citizen/moderate) with approve / reject forms (also on the dataset page),
and the contributor's own submissions on their dashboard (/dashboard/citizen)."""

from __future__ import annotations

import ckan.lib.mailer as mailer
import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.busan.citizen import policy
from ckanext.busan.requests.refs import ref

citizen = Blueprint("busan_citizen", __name__)


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


@citizen.route("/user/verify/<id>")
def verify(id: str):
    user = model.User.get(ref(id)) if ref(id) else None
    if user is None or not user.is_pending() or not mailer.verify_reset_link(user, tk.request.args.get("key")):
        tk.h.flash_error(tk._("This confirmation link is not valid (any more)."))
        return tk.redirect_to("user.login")
    user.activate()
    user.reset_key = None
    model.Session.commit()
    tk.h.flash_success(tk._("Your e-mail address is confirmed. You can sign in now."))
    return tk.redirect_to("user.login")


@citizen.route("/citizen/moderate")
def moderate():
    context = _context()
    try:
        tk.check_access("busan_citizen_moderate", context, {})
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    status = tk.request.args.get("status") or policy.PENDING
    status = status if status in policy.STATUSES else policy.PENDING
    rows = tk.get_action("busan_citizen_submission_list")(context, {"status": status})
    return tk.render(
        "busan_citizen/moderate.html", {"submissions": rows, "status": status, "statuses": policy.STATUSES}
    )


@citizen.route("/citizen/<id>/<decision>", methods=["POST"])
def decide(id: str, decision: str):
    actions = {"approve": "busan_citizen_approve", "reject": "busan_citizen_reject"}
    if decision not in actions:
        return tk.abort(404)
    try:
        tk.get_action(actions[decision])(_context(), {"id": id, "reason": tk.request.form.get("reason")})
        tk.h.flash_success(tk._("Decision saved."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Citizen submission not found"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(str(m) for msgs in e.error_dict.values() for m in msgs))
    back = tk.request.form.get("came_from")
    if back == "dataset":
        return tk.redirect_to("dataset.read", id=id)
    return tk.redirect_to("busan_citizen.moderate")


@citizen.route("/dashboard/citizen")
def dashboard():
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login")
    rows = tk.get_action("busan_citizen_submission_list")(_context(), {"mine": True})
    return tk.render("busan_citizen/dashboard.html", {"submissions": rows, "user_dict": {"name": tk.current_user.name}})
