"""`ckan busan seed-citizen-space` creates the citizen space once (docker's entrypoint and
demo.sh run it after seed-orgs)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli

pytestmark = pytest.mark.usefixtures("clean_db")


def test_seed_citizen_space_creates_the_organisation_once(cli):
    first = cli.invoke(ckan_cli, ["busan", "seed-citizen-space"])
    assert first.exit_code == 0 and "busan-citizen: created" in first.output, first.output
    org = tk.get_action("organization_show")({}, {"id": "busan-citizen"})
    assert org["title"] == "시민 참여 데이터" and org["is_organization"]
    members = tk.get_action("member_list")({"ignore_auth": True}, {"id": "busan-citizen", "object_type": "user"})
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    assert [m[0] for m in members] == [model.User.get(site["name"]).id]  # moderators are added by admins
    second = cli.invoke(ckan_cli, ["busan", "seed-citizen-space"])
    assert second.exit_code == 0 and "already present" in second.output
