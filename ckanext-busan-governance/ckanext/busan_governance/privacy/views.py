"""Pages of busan_privacy: the internal fields form of a dataset (its editors) and the access
log (sysadmins); plus the logging of reads of held data (resources of datasets that are not
public) after each request that served them."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.busan_governance.privacy.actions import log_access
from ckanext.busan_governance.privacy.model import INTERNAL_FIELDS

privacy = Blueprint("busan_privacy", __name__)


def held_read(endpoint: str | None) -> str | None:
    """The access log's name for an endpoint that serves a resource's page or data (CKAN's
    resource blueprints are registered per dataset type: dataset_resource, resource, ...)."""
    blueprint, _, view = (endpoint or "").rpartition(".")
    if blueprint.endswith("resource") and view in ("read", "download", "view"):
        return f"resource_{view}"
    return "datastore_dump" if endpoint == "datastore.dump" else None


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


@privacy.route("/dataset/<id>/internal", methods=["GET", "POST"])
def internal(id: str):
    context = _context()
    errors: dict = {}
    try:
        dataset = tk.get_action("package_show")(context, {"id": id})
        if tk.request.method == "POST":
            form = {name: tk.request.form.get(name, "") for name in INTERNAL_FIELDS}
            try:
                tk.get_action("busan_dataset_internal_update")(context, {"id": dataset["id"], **form})
                tk.h.flash_success(tk._("The internal fields are saved."))
                return tk.redirect_to("dataset.read", id=dataset["name"])
            except tk.ValidationError as e:
                errors = e.error_dict
        values = tk.get_action("busan_dataset_internal_show")(context, {"id": dataset["id"]})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only editors of this dataset's organisation can see its internal fields."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    if tk.request.method == "POST":
        values.update({name: tk.request.form.get(name, "") for name in INTERNAL_FIELDS})
    return tk.render("busan_privacy/internal.html", {"pkg_dict": dataset, "values": values, "errors": errors})


@privacy.route("/dataset/<id>/privacy-review", methods=["POST"])
def review(id: str):
    try:
        tk.get_action("busan_privacy_review")(_context(), {"id": id})
        tk.h.flash_success(tk._("The privacy hold is released."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only admins of the dataset's organisation can release a privacy hold."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as e:
        tk.h.flash_error(" ".join(map(str, e.error_dict.get("id", []))))
    return tk.redirect_to("dataset.read", id=id)


@privacy.route("/ckan-admin/access-log")
def access_log():
    try:
        page = tk.get_action("busan_access_log_list")(_context(), {"limit": 200})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins can read the access log."))
    return tk.render("busan_privacy/access_log.html", {"entries": page["results"], "count": page["count"]})


@privacy.after_app_request
def log_held_data(response):
    """Who read a resource of a dataset that is not public (접속기록); only reads that were
    served (a refused request showed nothing)."""
    action = held_read(tk.request.endpoint)
    if action and response.status_code < 400:
        resource_id = (tk.request.view_args or {}).get("resource_id")
        resource = model.Resource.get(resource_id) if resource_id else None
        package = resource.package if resource is not None else None
        if package is not None and package.private:
            log_access(_context()["user"], action, package.id, resource.id)
    return response
