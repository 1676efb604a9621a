"""The governance dashboard: an organisation's completeness, quality grades, overdue and
private datasets and harvest errors for its members (charts and CSV), and the city-wide view
for sysadmins."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.busan_governance.dashboard.summary import summarise

from ..browser.portal import running_portal
from ..builders import valid_dataset

HERE = Path(__file__).resolve().parent
PASSWORD = "dashboard-pass-2026"


@pytest.mark.pure
def test_summary_from_facets():
    facets = {
        "metadata_completeness": {"items": [{"name": "100", "count": 1}, {"name": "40", "count": 3}]},
        "metadata_quality": {"items": [{"name": "high", "count": 1}, {"name": "low", "count": 3}]},
        "busan_quality_grade": {"items": [{"name": "A", "count": 2}]},
        "security_classification": {"items": [{"name": "closed", "count": 1}]},
        "busan_compliance_rate": {"items": [{"name": "100", "count": 1}, {"name": "50", "count": 1}]},
    }
    s = summarise("org", "기관", 4, facets, overdue=2, private=1, harvest_sources=[{"errors": 3}, {"errors": 1}])
    assert s.completeness_mean == 55.0 and s.not_diagnosed == 2 and s.harvest_errors == 4
    assert s.compliance_mean == 75.0
    assert s.classifications == {"closed": 1, "open": 3}
    row = s.csv_row()
    assert row["grade_A"] == 2 and row["overdue"] == 2 and row["completeness_low"] == 3


@pytest.fixture
def organisation():
    admin = factories.User(password=PASSWORD)
    member = factories.User()
    outsider = factories.User()
    org = factories.Organization(
        name="busan-suyeonggu",
        title="수영구",
        users=[{"name": admin["name"], "capacity": "admin"}, {"name": member["name"], "capacity": "member"}],
    )
    late = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    create = tk.get_action("package_create")
    ctx = {"user": admin["name"]}
    create(ctx, valid_dataset(owner_org=org["id"], name="late-1", next_registration_date=late))
    create(ctx, valid_dataset(owner_org=org["id"], name="late-2", next_registration_date=late, private=True))
    create(ctx, valid_dataset(owner_org=org["id"], name="fine"))
    return {"org": org, "admin": admin, "member": member, "outsider": outsider}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_members_see_their_organisation_and_others_are_refused(app, organisation):
    show = tk.get_action("busan_governance_dashboard_show")
    summary = show({"user": organisation["member"]["name"]}, {"id": "busan-suyeonggu"})
    assert summary["datasets"] == 3 and summary["overdue"] == 2 and summary["private"] == 1
    assert sum(summary["completeness_bands"].values()) == 3
    for user in (organisation["outsider"]["name"], ""):
        with pytest.raises(tk.NotAuthorized):
            show({"user": user}, {"id": "busan-suyeonggu"})
    env = {"REMOTE_USER": organisation["admin"]["name"]}
    csv_text = app.get("/organization/busan-suyeonggu/governance?format=csv", extra_environ=env).body
    assert csv_text.startswith("\ufeff") and "수영구" in csv_text
    header, row = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert dict(zip(header.split(","), row.split(","), strict=False))["overdue"] == "2"
    app.get(
        "/organization/busan-suyeonggu/governance",
        extra_environ={"REMOTE_USER": organisation["outsider"]["name"]},
        status=403,
    )
    app.get("/governance/dashboard", extra_environ=env, status=403)
    page = app.get("/organization/busan-suyeonggu/governance", extra_environ=env).body
    assert "거버넌스 현황" in page and "CSV 내려받기" in page
    city = app.get("/governance/dashboard", extra_environ={"REMOTE_USER": factories.Sysadmin()["name"]}).body
    assert "수영구" in city


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dashboard_charts_render_in_a_browser(organisation, artifacts_dir):
    with running_portal() as base:
        out = subprocess.run(
            [
                "node",
                str(HERE / "dashboard_check.mjs"),
                str(artifacts_dir / "governance-dashboard.png"),
                base,
                organisation["admin"]["name"],
                PASSWORD,
                "/organization/busan-suyeonggu/governance",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["status"] == 200 and seen["errors"] == [] and seen["charts"] == 3 and seen["overdue"] == "2"
