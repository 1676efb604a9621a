"""busan_lineage: 계보 (lineage) of datasets.

Harvested datasets get their upstream from the provenance the harvesters record (source
system, harvest job); publishers declare "derived from" datasets in the form with a
processing description. `lineage_show` returns the graph as JSON and /dataset/<id>/lineage
draws it (cytoscape.js). A withdrawn upstream dataset marks its downstream datasets as
having a withdrawn source. DCAT output carries the same links as PROV-O (busan_dcat_ap).
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.busan_governance.lineage.graph import parse_references
from ckanext.busan_governance.lineage.lineage import _visible, build_graph

lineage = Blueprint("busan_lineage", __name__)


# ---------------------------------------------------------------- validator
def busan_dataset_references(key, data, errors, context):
    """derived_from: existing datasets the publisher may see, stored as ids (a renamed
    dataset keeps its link); the dataset itself is refused."""
    value = data.get(key)
    if value is tk.missing or value is None or value == "":
        data[key] = "[]"
        return
    try:
        refs = parse_references(value)
    except ValueError:
        errors[key].append(tk._("Give dataset URL names or ids, separated by commas."))
        return
    own = {data.get(("id",)), data.get(("name",))} - {None, ""}
    ids = []
    for ref in refs:
        if ref in own:
            errors[key].append(tk._("A dataset cannot be derived from itself."))
            continue
        found = _visible(context, ref)
        if found is None:
            errors[key].append(tk._("No such dataset: {name}").format(name=ref))
        elif found["id"] in own:
            errors[key].append(tk._("A dataset cannot be derived from itself."))
        elif found["id"] not in ids:
            ids.append(found["id"])
    if not errors[key]:
        data[key] = json.dumps(ids)


# ---------------------------------------------------------------- action
@tk.side_effect_free
def lineage_show(context, data_dict):
    """The lineage graph of a dataset: {"nodes": [...], "edges": [...]}. Nodes have a kind
    (source_system, harvest_job, dataset, resource) and a label; edges a relation
    (derived_from, harvested_by, run_of, contains) and, for derived datasets, the processing
    description. Only datasets the caller may see appear.

    :param id: the dataset's id or name
    """
    ident = data_dict.get("id") if isinstance(data_dict, dict) else None
    if not isinstance(ident, str) or not ident:
        raise tk.ValidationError({"id": [tk._("Missing value")]})
    dataset = tk.get_action("package_show")(context, {"id": ident})
    return build_graph(context, dataset).as_dict()


# ---------------------------------------------------------------- helpers
def busan_lineage_upstream(pkg: dict) -> list[dict]:
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    found = (_visible(context, ref) for ref in parse_references(pkg.get("derived_from")))
    return [d for d in found if d is not None]


def busan_has_withdrawn_source(pkg: dict) -> bool:
    return any(d.get("state") == "deleted" for d in busan_lineage_upstream(pkg))


# ---------------------------------------------------------------- page
@lineage.route("/dataset/<id>/lineage")
def lineage_page(id: str):
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        dataset = tk.get_action("package_show")(context, {"id": id})
        graph = tk.get_action("lineage_show")(context, {"id": dataset["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    return tk.render("busan_lineage/lineage.html", {"pkg_dict": dataset, "graph": graph})


@tk.blanket.actions({"lineage_show": lineage_show})
@tk.blanket.validators({"busan_dataset_references": busan_dataset_references})
@tk.blanket.helpers({f.__name__: f for f in (busan_lineage_upstream, busan_has_withdrawn_source)})
@tk.blanket.blueprints([lineage])
class BusanLineagePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "busan_lineage")

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # indexed as a list, so that downstream datasets are one filter away
        try:
            pkg_dict["derived_from"] = parse_references(pkg_dict.get("derived_from"))
        except ValueError:
            pkg_dict.pop("derived_from", None)
        if not pkg_dict.get("derived_from"):
            pkg_dict.pop("derived_from", None)
        return pkg_dict
