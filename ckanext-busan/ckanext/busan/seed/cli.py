"""`ckan busan ...` commands that load reference and demo content. Idempotent: what exists
already is left unchanged, so running a command twice changes nothing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from ckanext.busan.cli import busan
from ckanext.busan.seed.data import read_demo, read_organizations


def _seed_dir() -> Path:
    return Path(tk.config.get("ckanext.busan.seed_dir"))


@cache
def _site_user_name() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def _context() -> dict:
    # A new dict per action call: actions write into their context.
    return {"user": _site_user_name(), "ignore_auth": True}


def _exists(action: str, name: str) -> bool:
    try:
        tk.get_action(action)(_context(), {"id": name})
        return True
    except tk.ObjectNotFound:
        return False


def seed_organizations(path: Path) -> tuple[int, int]:
    created = skipped = 0
    orgs = read_organizations(path)
    for i, org in enumerate(orgs, 1):
        if _exists("organization_show", org["name"]):
            skipped += 1
            click.echo(f"  [{i}/{len(orgs)}] {org['title']} ({org['name']}): exists")
            continue
        tk.get_action("organization_create")(_context(), dict(org))
        created += 1
        click.echo(f"  [{i}/{len(orgs)}] {org['title']} ({org['name']}): created")
    return created, skipped


def ensure_sysadmin(spec: dict) -> bool:
    if model.User.by_name(spec["name"]):
        return False
    tk.get_action("user_create")(_context(), dict(spec))
    user = model.User.by_name(spec["name"])
    user.sysadmin = True
    model.Session.commit()
    return True


def _file_option(default_name: str):
    return click.option(
        "--file",
        "path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=f"{default_name} (default: <ckanext.busan.seed_dir>/{default_name})",
    )


@busan.command("seed-orgs")
@_file_option("organizations.csv")
def seed_orgs(path: Path | None):
    """Create the city, the 16 districts and the public corporations."""
    path = path or _seed_dir() / "organizations.csv"
    created, skipped = seed_organizations(path)
    click.secho(f"organisations: {created} created, {skipped} already present", fg="green")


@busan.command("seed-demo")
@_file_option("demo.yaml")
def seed_demo(path: Path | None):
    """Organisations, a sysadmin and demo datasets for a local portal."""
    if not tk.config.get("ckanext.busan.seed.demo_content"):
        raise click.ClickException(
            "demo content is for the local demo only: set ckanext.busan.seed.demo_content = true "
            "in its configuration (never in production: it creates a sysadmin with a published password)"
        )
    path = path or _seed_dir() / "demo.yaml"
    demo = read_demo(path)
    seed_organizations(_seed_dir() / "organizations.csv")
    if ensure_sysadmin(demo["sysadmin"]):
        click.echo(f"  sysadmin {demo['sysadmin']['name']}: created")
    datasets = demo.get("datasets", [])
    failed = 0
    for i, dataset in enumerate(datasets, 1):
        if _exists("package_show", dataset["name"]):
            click.echo(f"  [{i}/{len(datasets)}] {dataset['title']}: exists")
            continue
        try:
            tk.get_action("package_create")(_context(), dict(dataset))
        except tk.ValidationError as e:
            failed += 1
            click.secho(f"  [{i}/{len(datasets)}] {dataset['title']}: invalid {e.error_dict}", fg="red", err=True)
            continue
        click.echo(f"  [{i}/{len(datasets)}] {dataset['title']}: created")
    if failed:
        raise click.ClickException(f"{failed} demo dataset(s) were refused: fix {path}")
    click.secho("demo content ready", fg="green")
