"""/dataset/<id>/resource/<resource_id>/api: the data API page of a loaded resource."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, jsonify

from ckanext.busan.datastore.points import coordinate_columns, to_geojson

MAX_POINTS = 5000

datastore_api = Blueprint("busan_datastore", __name__)


@datastore_api.route("/dataset/<id>/resource/<resource_id>/api")
def api_page(id: str, resource_id: str):
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else None}
    try:
        package = tk.get_action("package_show")(dict(context), {"id": id})
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # A private resource is "not found" for those who may not see it.
        return tk.abort(404, tk._("Resource not found"))
    if resource.get("package_id") != package["id"]:
        return tk.abort(404, tk._("Resource not found"))
    columns = tk.h.busan_datastore_columns(resource_id) if resource.get("datastore_active") else []
    sample_field = sample_value = None
    if columns:
        try:
            first = tk.get_action("datastore_search")(dict(context), {"resource_id": resource_id, "limit": 1})
            record = (first.get("records") or [{}])[0]
            text_column = next((c for c in columns if c["type"] == "text" and record.get(c["id"])), None)
            if text_column:
                sample_field, sample_value = text_column["id"], record[text_column["id"]]
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            pass
    return tk.render(
        "busan_datastore/api.html",
        {
            "pkg": package,
            "res": resource,
            "columns": columns,
            "examples": tk.h.busan_datastore_examples(resource_id, sample_field, sample_value),
            "status": tk.h.busan_datastore_status(resource),
        },
    )


@datastore_api.route("/dataset/<id>/resource/<resource_id>/points.geojson")
def points(id: str, resource_id: str):
    """The table's 위도/경도 rows as GeoJSON for the map view (the caller's own access rights)."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else None}
    try:
        info = tk.get_action("datastore_info")(dict(context), {"id": resource_id})
        columns = coordinate_columns([f["id"] for f in info.get("fields", [])])
        if not columns:
            return tk.abort(404, tk._("This table has no 위도/경도 columns."))
        found = tk.get_action("datastore_search")(dict(context), {"resource_id": resource_id, "limit": MAX_POINTS})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Resource not found"))
    return jsonify(to_geojson(found["records"], *columns))
