"""Pages: the standard dictionary with a name checker (/governance/standards), compliance
rates per organisation (/governance/compliance), a resource's quality report as CSV and its
Table Schema as JSON."""

from __future__ import annotations

import csv
import io
import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from flask import Blueprint, Response

from .model import report_table

governance = Blueprint("busan_governance", __name__)


def _context() -> dict:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


@governance.route("/governance/standards")
def standards():
    q = tk.request.args.get("q", "").strip()
    names = tk.request.args.get("names", "").strip()
    terms = tk.get_action("busan_standard_term_search")(_context(), {"q": q, "limit": 50})
    checked = None
    if names:
        checked = tk.get_action("busan_compliance_check")(_context(), {"names": names.replace("\n", ",")})
    return tk.render("busan_governance/standards.html", {"q": q, "names": names, "terms": terms, "checked": checked})


def _report(resource_id: str) -> dict:
    try:
        report = tk.get_action("busan_quality_report_show")(_context(), {"resource_id": resource_id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorised to see this dataset."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Resource not found"))
    if not report or not report.get("report"):
        return tk.abort(404, tk._("This file has not been diagnosed yet."))
    return report


@governance.route("/dataset/<id>/resource/<resource_id>/quality.csv")
def report_csv(id, resource_id):
    report = _report(resource_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["column", "check", "checked", "failed", "error_rate", "sample_rows", "sample_values"])
    body = report["report"]
    for issue in body.get("file_checks", []):
        samples = issue.get("samples") or []
        writer.writerow(["", issue["check"], "", issue["count"], "", " ".join(str(s.get("row") or "") for s in samples),
                         " | ".join(str(s.get("value")) for s in samples)])  # fmt: skip
    for c in body.get("checks", []):
        rows = " ".join(str(s["row"]) for s in c.get("samples") or [])
        values = " | ".join(str(s["value"]) for s in c.get("samples") or [])
        writer.writerow([c["column"], c["check"], c["checked"], c["failed"], f"{c['error_rate']:.6f}", rows, values])
    # A BOM so that Excel, which Korean users open CSV with, reads UTF-8.
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="quality-{resource_id}.csv"'},
    )


@governance.route("/dataset/<id>/resource/<resource_id>/table-schema.json")
def table_schema(id, resource_id):
    report = _report(resource_id)
    return Response(
        json.dumps(report.get("table_schema") or {}, ensure_ascii=False, indent=2), mimetype="application/json"
    )


@governance.route("/governance/compliance")
def compliance():
    """Mean compliance rate and grades per organisation over the datasets the visitor may see
    (public ones, and private ones of organisations they belong to)."""
    visible = tk.get_action("package_search")(
        _context(), {"q": "*:*", "rows": 0, "facet.field": ["organization"], "facet.limit": -1, "include_private": True}
    )
    orgs = {o["name"]: o for o in visible["search_facets"].get("organization", {}).get("items", [])}
    rows = []
    for name in sorted(orgs):
        group = model.Group.get(name)
        ids = tk.get_action("package_search")(
            _context(), {"fq": f'organization:"{name}"', "rows": 1000, "fl": "id", "include_private": True}
        )["results"]
        package_ids = [p["id"] for p in ids]
        stmt = (
            sa.select(report_table.c.package_id, report_table.c.compliance_rate, report_table.c.score)
            .where(report_table.c.package_id.in_(package_ids), report_table.c.status == "done")
            .order_by(report_table.c.resource_id, report_table.c.created.desc())
            .distinct(report_table.c.resource_id)
        )
        reports = model.Session.connection().execute(stmt).all()
        rates = [r.compliance_rate for r in reports if r.compliance_rate is not None]
        rows.append({
            "name": name,
            "title": group.display_name if group else name,
            "datasets": len({r.package_id for r in reports}),
            "resources": len(reports),
            "compliance_rate": sum(rates) / len(rates) if rates else None,
            "score": sum(r.score or 0 for r in reports) / len(reports) if reports else None,
        })  # fmt: skip
    return tk.render("busan_governance/compliance.html", {"rows": rows})
