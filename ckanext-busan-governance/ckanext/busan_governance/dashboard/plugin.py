"""busan_governance_dashboard: an organisation's governance at a glance (Korean), and the
city-wide view for sysadmins: metadata completeness, quality grades, overdue datasets,
disclosure, harvest errors; charts (Chart.js 4.6.1, vendored) and a CSV export."""

from __future__ import annotations

import csv
import io
import json

import ckan.authz as authz
import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.busan_governance.dashboard.summary import CSV_COLUMNS, from_dict, summarise

dashboard = Blueprint("busan_governance_dashboard", __name__)
FACETS = [
    "metadata_completeness",
    "metadata_quality",
    "busan_quality_grade",
    "busan_compliance_rate",
    "security_classification",
]


def _count(context: dict, fq: str) -> int:
    return tk.get_action("package_search")(
        dict(context), {"fq": fq, "rows": 0, "include_private": True, "include_drafts": False}
    )["count"]


def harvest_sources_of(org_id: str) -> list[dict]:
    """The organisation's harvest sources with the error count of their latest job."""
    try:
        from ckanext.harvest.model import (
            HarvestGatherError,
            HarvestJob,
            HarvestObject,
            HarvestObjectError,
            HarvestSource,
        )
    except ImportError:
        return []
    sources = (
        model.Session.query(HarvestSource, model.Package.name)
        .join(model.Package, model.Package.id == HarvestSource.id)
        .filter(model.Package.owner_org == org_id, model.Package.state == "active")
        .all()
    )
    out = []
    for source, name in sources:
        job = (
            model.Session.query(HarvestJob)
            .filter(HarvestJob.source_id == source.id)
            .order_by(HarvestJob.created.desc())
            .first()
        )
        errors = 0
        if job is not None:
            errors = model.Session.query(HarvestGatherError).filter(HarvestGatherError.harvest_job_id == job.id).count()
            errors += (
                model.Session.query(HarvestObjectError)
                .join(HarvestObject, HarvestObject.id == HarvestObjectError.harvest_object_id)
                .filter(HarvestObject.harvest_job_id == job.id)
                .count()
            )
        out.append({"name": name, "title": source.title or name, "errors": errors})
    return out


def busan_governance_dashboard_show(context, data_dict):
    """The governance summary of an organisation (members of it and sysadmins).

    :param id: the organisation's id or name
    """
    ident = (data_dict or {}).get("id")
    org = model.Group.get(ident) if isinstance(ident, str) and ident else None
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ObjectNotFound(tk._("Organization not found"))
    tk.check_access("busan_governance_dashboard_show", context, {"id": org.id})
    search_context = {"user": context.get("user") or ""}
    fq = f'+owner_org:"{org.id}" +dataset_type:dataset'
    result = tk.get_action("package_search")(
        dict(search_context),
        {"fq": fq, "rows": 0, "include_private": True, "facet.field": json.dumps(FACETS), "facet.limit": -1},
    )
    summary = summarise(
        org.name,
        org.title or org.name,
        result["count"],
        result["search_facets"],
        overdue=_count(search_context, f'{fq} freshness:"overdue"'),
        private=_count(search_context, f"{fq} +capacity:private"),
        harvest_sources=harvest_sources_of(org.id),
    )
    return summary.as_dict()


@tk.auth_disallow_anonymous_access
def busan_governance_dashboard_show_auth(context, data_dict):
    user = context.get("user")
    if authz.is_sysadmin(user) or authz.has_user_permission_for_group_or_org((data_dict or {}).get("id"), user, "read"):
        return {"success": True}
    return {"success": False, "msg": tk._("Only members of this organization can see its governance dashboard.")}


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _csv(rows: list[dict], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    # UTF-8 with BOM: Excel opens Hangul correctly
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@dashboard.route("/organization/<id>/governance")
def organization_dashboard(id: str):
    try:
        summary = tk.get_action("busan_governance_dashboard_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only members of this organization can see its governance dashboard."))
    if tk.request.args.get("format") == "csv":
        row = from_dict(summary).csv_row()
        return _csv([row], f"governance-{summary['organization']}.csv")
    group_dict = tk.get_action("organization_show")(_context(), {"id": id, "include_datasets": False})
    # what CKAN's organisation pages pass to organization/read_base.html
    extra = {"group_type": "organization", "dataset_type": "dataset", "am_following": False}
    return tk.render("busan_dashboard/organization.html", {"summary": summary, "group_dict": group_dict, **extra})


@dashboard.route("/governance/dashboard")
def city_dashboard():
    if not authz.is_sysadmin(_context()["user"]):
        return tk.abort(403, tk._("Only sysadmins can see the city-wide governance dashboard."))
    summaries = []
    for org in tk.get_action("organization_list")(_context(), {"all_fields": False, "limit": 1000}):
        summaries.append(tk.get_action("busan_governance_dashboard_show")(_context(), {"id": org}))
    summaries.sort(key=lambda s: (-s["overdue"], s["title"]))
    if tk.request.args.get("format") == "csv":
        return _csv([from_dict(s).csv_row() for s in summaries], "governance-busan.csv")
    return tk.render("busan_dashboard/city.html", {"summaries": summaries})


@tk.blanket.actions({"busan_governance_dashboard_show": busan_governance_dashboard_show})
@tk.blanket.auth_functions({"busan_governance_dashboard_show": busan_governance_dashboard_show_auth})
@tk.blanket.blueprints([dashboard])
class BusanGovernanceDashboardPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "busan_governance_dashboard")
