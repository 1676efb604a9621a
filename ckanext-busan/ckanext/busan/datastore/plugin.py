"""busan_datastore: every table resource loaded into the DataStore the Korean way, its data
API page, and a time limit on SQL queries.

- ``xloader_submit`` (chained): ckanext-xloader calls it for each new or changed resource and
  from its "Upload to DataStore" button; here it queues ``jobs.load_resource`` (PostgreSQL's
  COPY of the file, then the Korean typing rules of ``table.py`` applied set-based) instead of
  xloader's job, which decodes with its own guess, transliterates headers and keeps every
  column as text.
- ``datastore_search_sql`` (chained): a statement timeout from
  ``ckanext.busan.datastore.sql_timeout_ms`` (CKAN's own default is 60 s).
- ``/dataset/<id>/resource/<resource_id>/api``: copy-ready examples and the column dictionary.
"""

from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.datastore import helpers, jobs, views
from ckanext.busan.datastore.points import coordinate_columns


@tk.chained_action
def xloader_submit(original_action, context, data_dict):
    tk.check_access("xloader_submit", context, data_dict)
    resource_id = tk.get_or_bust(data_dict, "resource_id")
    try:
        resource = tk.get_action("resource_show")(dict(context, ignore_auth=True), {"id": resource_id})
    except tk.ObjectNotFound:
        return False
    return jobs.submit(resource)


@tk.chained_action
@tk.side_effect_free
def datastore_search_sql(original_action, context, data_dict):
    context.setdefault("query_timeout", int(tk.config.get("ckanext.busan.datastore.sql_timeout_ms") or 10000))
    return original_action(context, data_dict)


@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.datastore_api])
@tk.blanket.config_declarations
class BusanDatastorePlugin(p.SingletonPlugin):
    p.implements(p.IActions)
    p.implements(p.IConfigurer)
    p.implements(p.IResourceView, inherit=True)

    # IResourceView: the 위도/경도 map (ckanext-geoview has none for tables)
    def info(self):
        return {
            "name": "busan_latlon_view",
            "title": tk._("Map (위도/경도)"),
            "icon": "map-marker",
            "iframed": True,
            "requires_datastore": True,
            "default_title": tk._("Map"),
        }

    def can_view(self, data_dict):
        resource = data_dict["resource"]
        if not resource.get("datastore_active"):
            return False
        try:
            info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource["id"]})
        except tk.ObjectNotFound:
            return False
        return coordinate_columns([f["id"] for f in info.get("fields", [])]) is not None

    def view_template(self, context, data_dict):
        return "busan_datastore/latlon_view.html"

    def get_actions(self):
        return {"xloader_submit": xloader_submit, "datastore_search_sql": datastore_search_sql}

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "busan_datastore")
        # The table preview's template belongs to datatables_view, listed before this plugin
        # (the first plugin's templates win): this one template goes through the documented
        # extra_template_paths, searched before every plugin's, after the site's own.
        preview = os.path.join(os.path.dirname(__file__), "templates_preview")
        paths = [path for path in (config.get("extra_template_paths") or "").split(",") if path and path != preview]
        config["extra_template_paths"] = ",".join([*paths, preview])
