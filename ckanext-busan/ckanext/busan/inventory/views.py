"""/inventory: the data inventory page where sysadmins and organisation admins select or
exclude tables (CSRF-protected forms, the same actions as the API)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.busan.inventory.model import STATUSES

inventory = Blueprint("busan_inventory", __name__)


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else None}


@inventory.route("/inventory")
def index():
    status = tk.request.args.get("status") or None
    q = tk.request.args.get("q") or None
    try:
        result = tk.get_action("busan_inventory_list")(
            _context(), {"status": status if status in STATUSES else None, "q": q, "limit": 500}
        )
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Sign in to see the data inventory."))
    return tk.render(
        "busan_inventory/index.html",
        {"records": result["results"], "count": result["count"], "status": status, "q": q, "statuses": STATUSES},
    )


@inventory.route("/inventory/<record_id>/decide", methods=["POST"])
def decide(record_id: str):
    form = tk.request.form
    try:
        tk.get_action("busan_inventory_decide")(
            _context(), {"id": record_id, "status": form.get("status"), "reason": form.get("reason")}
        )
        tk.h.flash_success(tk._("Decision saved."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the organisation's admins can decide on its inventory."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Inventory record not found"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(str(m) for msgs in e.error_dict.values() for m in msgs))
    return tk.redirect_to("busan_inventory.index", status=form.get("back_status") or None)
