"""CKAN glue of the lineage graph: what the caller may see, fetched through the Action API
(so private datasets stay hidden), handed to graph.py."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan_governance.lineage.graph import (
    DERIVED,
    LineageGraph,
    add_provenance,
    add_resources,
    dataset_node,
    has_withdrawn_source,
    parse_references,
)

MAX_DEPTH = 5


def _visible(context: dict, ident: str) -> dict | None:
    """A dataset the caller may see. A public dataset that was withdrawn (deleted) stays in
    the trace as its name and title, so that what was derived from it says so; a private
    one is never revealed."""
    try:
        return tk.get_action("package_show")({"user": context.get("user") or ""}, {"id": ident})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        package = model.Package.get(ident)
        if package is not None and package.state == "deleted" and not package.private:
            return {"id": package.id, "name": package.name, "title": package.title, "state": "deleted"}
        return None


def harvest_of(package_id: str) -> dict | None:
    """The harvest job that last wrote the dataset, from the harvest tables."""
    try:
        from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
    except ImportError:  # ckanext-harvest not installed
        return None
    row = (
        model.Session.query(HarvestObject.harvest_job_id, HarvestJob.finished, HarvestSource.title)
        .join(HarvestJob, HarvestJob.id == HarvestObject.harvest_job_id)
        .join(HarvestSource, HarvestSource.id == HarvestObject.harvest_source_id)
        .filter(HarvestObject.package_id == package_id, HarvestObject.current == True)  # noqa: E712
        .first()
    )
    if row is None:
        return None
    finished = row.finished.isoformat(timespec="minutes") if row.finished else None
    label = f"{tk._('Harvest job')} {finished or row.harvest_job_id[:8]}"
    return {"job_id": row.harvest_job_id, "finished": finished, "source_title": row.title, "job_label": label}


def downstream_of(context: dict, package_id: str) -> list[dict]:
    result = tk.get_action("package_search")(
        {"user": context.get("user") or ""},
        {"fq": f'derived_from:"{package_id}"', "rows": 100, "include_private": True},
    )
    return result["results"]


def build_graph(context: dict, dataset: dict) -> LineageGraph:
    graph = LineageGraph()
    center = dataset_node(graph, dataset, center=True)
    add_provenance(graph, dataset, harvest_of(dataset["id"]))
    add_resources(graph, dataset)
    # upstream: what this dataset was derived from, and what those came from
    queue, seen = [(dataset, 0)], {dataset["id"]}
    while queue:
        current, depth = queue.pop(0)
        if depth >= MAX_DEPTH:
            continue
        for ref in parse_references(current.get("derived_from")):
            upstream = _visible(context, ref)
            if upstream is None:
                continue
            node = dataset_node(graph, upstream)
            graph.edge(node, f"dataset:{current['id']}", DERIVED, current.get("processing_description") or "")
            if upstream["id"] not in seen:
                seen.add(upstream["id"])
                add_provenance(graph, upstream, harvest_of(upstream["id"]))
                queue.append((upstream, depth + 1))
    # downstream: datasets derived from this one, and from those
    queue, seen = [(dataset, 0)], {dataset["id"]}
    while queue:
        current, depth = queue.pop(0)
        if depth >= MAX_DEPTH:
            continue
        for downstream in downstream_of(context, current["id"]):
            node = dataset_node(graph, downstream)
            graph.edge(f"dataset:{current['id']}", node, DERIVED, downstream.get("processing_description") or "")
            if downstream["id"] not in seen:
                seen.add(downstream["id"])
                queue.append((downstream, depth + 1))
    graph.nodes[center]["has_withdrawn_source"] = has_withdrawn_source(graph)
    return graph
