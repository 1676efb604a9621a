"""`ckan busan-showcase seed-demo`: the demo showcases (after `ckan busan seed-demo`)."""

from __future__ import annotations

from pathlib import Path

import ckan.plugins.toolkit as tk
import click
import yaml

from ckanext.busan.datastore.jobs import create_default_views
from ckanext.busan.showcase.demo import TABLES


def _context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


def _table(spec: dict, key: str) -> dict:
    """The demo table's DataStore resource, created once (resource and table in one call)."""
    dataset = tk.get_action("package_show")(_context(), {"id": spec["dataset"]})
    for resource in dataset["resources"]:
        if resource["name"] == spec["name"]:
            return resource
    fields, records = TABLES[key]()
    created = tk.get_action("datastore_create")(
        _context(),
        {
            "resource": {"package_id": dataset["id"], "name": spec["name"], "format": "CSV"},
            "fields": fields,
            "records": records,
            "force": True,
        },
    )
    resource = tk.get_action("resource_show")(_context(), {"id": created["resource_id"]})
    # The table preview and the 위도/경도 map, as after a load by the worker.
    create_default_views(resource, tk.get_action("package_show")(_context(), {"id": dataset["id"]}))
    return resource


def _chart(resource: dict, chart: dict) -> str:
    for view in tk.get_action("resource_view_list")(_context(), {"id": resource["id"]}):
        if view["view_type"] == "charts_view" and view["title"] == chart["title"]:
            return view["id"]
    view = tk.get_action("resource_view_create")(
        _context(),
        {
            "resource_id": resource["id"],
            "view_type": "charts_view",
            "title": chart["title"],
            "engine": "plotly",
            "type": chart["type"],
            "x": chart["x"],
            "y": chart["y"],
        },
    )
    return view["id"]


def seed_showcases(path: Path) -> list[str]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    resources = {key: _table(table, key) for key, table in spec["tables"].items()}
    done = []
    for showcase in spec["showcases"]:
        chart = showcase["chart"]
        data = {
            "type": "showcase",
            "name": showcase["name"],
            "title": showcase["title"],
            "notes": showcase["notes"],
            "owner_org": spec["owner_org"],
            "showcase_datasets": [spec["tables"][key]["dataset"] for key in showcase["tables"]],
            "showcase_chart_view": _chart(resources[chart["table"]], chart),
        }
        try:
            current = tk.get_action("package_show")(_context(), {"id": showcase["name"]})
            tk.get_action("package_update")(_context(), dict(data, id=current["id"]))
        except tk.ObjectNotFound:
            tk.get_action("package_create")(_context(), data)
        done.append(showcase["title"])
    return done


@click.group("busan-showcase", short_help="Analysis showcases (분석 실증과제)")
def showcase():
    pass


@showcase.command("seed-demo")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
def seed_demo(path: Path | None):
    """Adds the demo tables and showcases (config/seed/showcases.yaml); run after seed-demo."""
    path = path or Path(tk.config["ckanext.busan.seed_dir"]) / "showcases.yaml"
    try:
        for title in seed_showcases(path):
            click.echo(f"  showcase {title}: ready")
    except tk.ObjectNotFound as e:
        raise click.ClickException(f"a demo dataset is missing (run `ckan busan seed-demo` first): {e}") from e
    except tk.ValidationError as e:
        raise click.ClickException(f"demo showcase refused: {e.error_dict}") from e
