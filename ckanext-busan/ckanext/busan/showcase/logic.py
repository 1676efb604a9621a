"""Validators and helpers of busan_showcase (registered by tk.blanket)."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from ckan import model

SHOWCASE = "showcase"


def busan_showcase_datasets(value, context):
    """Every name is an existing dataset (not a showcase) that the author may see."""
    names = json.loads(value) if isinstance(value, str) and value.startswith("[") else value
    names = [names] if isinstance(names, str) else list(names or [])
    if not names:
        raise tk.Invalid(tk._("Name at least one dataset the analysis uses."))
    for name in names:
        package = model.Package.get(name)
        if package is None or package.state != "active" or package.type == SHOWCASE:
            raise tk.Invalid(tk._("No dataset named {name}.").format(name=name))
    return json.dumps([model.Package.get(n).name for n in names], ensure_ascii=False)


def busan_showcase_chart_view(value, context):
    """A resource view that exists (embedded on the showcase page)."""
    if value and model.Session.get(model.ResourceView, value) is None:
        raise tk.Invalid(tk._("No chart view with this ID."))
    return value


def _datasets(showcase: dict) -> list[str]:
    value = showcase.get("showcase_datasets") or []
    return json.loads(value) if isinstance(value, str) else list(value)


def busan_showcase_dataset_list(showcase: dict) -> list[dict]:
    """The datasets a showcase uses that the visitor may see (a private one is left out)."""
    found = []
    for name in _datasets(showcase):
        try:
            found.append(tk.get_action("package_show")({}, {"id": name}))
        except (tk.ObjectNotFound, tk.NotAuthorized):
            continue
    return found


def busan_showcases_using(dataset: dict) -> list[dict]:
    """Public showcases that use ``dataset`` (the other direction of the link), in one SQL query
    (every dataset page asks; a search cost more than the rest of the block). A private
    showcase is not linked from the dataset page, for anyone: its members find it in the list."""
    name = dataset["name"]
    rows = (
        model.Session.query(model.Package.name, model.Package.title, model.PackageExtra.value)
        .join(model.PackageExtra, model.PackageExtra.package_id == model.Package.id)
        .filter(
            model.Package.type == SHOWCASE,
            model.Package.state == "active",
            model.Package.private.is_(False),
            model.PackageExtra.key == "showcase_datasets",
            model.PackageExtra.state == "active",
            # a quick filter on the stored JSON list; the exact membership is checked below
            model.PackageExtra.value.contains(json.dumps(name, ensure_ascii=False)),
        )
        .order_by(model.Package.metadata_modified.desc())
        .limit(50)
    )
    return [{"name": n, "title": t} for n, t, value in rows if name in _datasets({"showcase_datasets": value})]


def busan_recent_showcases(limit: int = 3) -> list[dict]:
    result = tk.get_action("package_search")(
        {}, {"fq": f"+dataset_type:{SHOWCASE}", "rows": limit, "sort": "metadata_modified desc"}
    )
    return result["results"]


def busan_showcase_chart(showcase: dict) -> dict | None:
    """{'view', 'resource', 'package'} of the showcase's chart, when the visitor may see it."""
    view_id = showcase.get("showcase_chart_view")
    if not view_id:
        return None
    try:
        view = tk.get_action("resource_view_show")({}, {"id": view_id})
        resource = tk.get_action("resource_show")({}, {"id": view["resource_id"]})
        package = tk.get_action("package_show")({}, {"id": resource["package_id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    return {"view": view, "resource": resource, "package": package}
