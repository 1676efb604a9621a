"""`ckan busan seed-citizen-space`: creates the citizen space organisation (idempotent)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from ckanext.busan.cli import busan


@busan.command("seed-citizen-space", short_help="create the organisation of citizen-contributed datasets")
def seed_citizen_space():
    name = tk.config.get("ckanext.busan.citizen.organization")
    if model.Group.get(name) is not None:
        click.echo(f"{name}: already present")
        return
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    tk.get_action("organization_create")(
        {"user": site, "ignore_auth": True},
        {
            "name": name,
            "title": "시민 참여 데이터",
            "title_en": "Citizen-contributed data",
            "org_type": "other",
            "notes": "시민이 직접 만들어 공유한 데이터입니다. 검토를 거쳐 공개됩니다.",
        },
    )
    click.echo(f"{name}: created")
