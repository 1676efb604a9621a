"""The lineage graph (계보) of a dataset (pure: no CKAN import).

Nodes are source systems, harvest jobs, datasets and resources; edges say how one came from
the other. The CKAN glue (lineage.py) fetches what the caller may see and hands it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

DERIVED, HARVESTED, RUN_OF, CONTAINS = "derived_from", "harvested_by", "run_of", "contains"


@dataclass
class LineageGraph:
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)

    def node(self, node_id: str, kind: str, label: str, **attrs) -> str:
        self.nodes.setdefault(node_id, {"id": node_id, "kind": kind, "label": label, **attrs})
        return node_id

    def edge(self, source: str, target: str, relation: str, description: str = "") -> None:
        edge = {"source": source, "target": target, "relation": relation, "description": description}
        if edge not in self.edges:
            self.edges.append(edge)

    def as_dict(self) -> dict:
        return {"nodes": list(self.nodes.values()), "edges": self.edges}


def dataset_node(graph: LineageGraph, dataset: dict, *, center: bool = False) -> str:
    withdrawn = dataset.get("state") == "deleted"
    return graph.node(
        f"dataset:{dataset['id']}",
        "dataset",
        dataset.get("title") or dataset.get("name"),
        name=dataset.get("name"),
        withdrawn=withdrawn,
        center=center,
    )


def add_provenance(graph: LineageGraph, dataset: dict, harvest: dict | None) -> None:
    """source system → harvest job → dataset, from what the harvesters recorded."""
    target = f"dataset:{dataset['id']}"
    job_node = None
    if harvest:
        job_node = graph.node(
            f"job:{harvest['job_id']}",
            "harvest_job",
            harvest.get("job_label") or harvest["job_id"],
            finished=harvest.get("finished"),
        )
        graph.edge(job_node, target, HARVESTED)
    system = dataset.get("source_system") or (harvest or {}).get("source_title")
    if system:
        system_node = graph.node(f"system:{system}", "source_system", system, url=dataset.get("source_url"))
        graph.edge(system_node, job_node or target, RUN_OF if job_node else HARVESTED)


def add_resources(graph: LineageGraph, dataset: dict) -> None:
    source = f"dataset:{dataset['id']}"
    for resource in dataset.get("resources") or []:
        node = graph.node(f"resource:{resource['id']}", "resource", resource.get("name") or resource.get("url") or "")
        graph.edge(source, node, CONTAINS)


def has_withdrawn_source(graph: LineageGraph) -> bool:
    return any(n["kind"] == "dataset" and n.get("withdrawn") and not n.get("center") for n in graph.nodes.values())


def parse_references(value) -> list[str]:
    """`derived_from` as stored (a JSON list) or as typed (comma- or line-separated)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                value = [text]
        else:
            value = [part for chunk in text.splitlines() for part in chunk.split(",")]
    if not isinstance(value, list | tuple):
        raise ValueError("not a list")
    refs = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError("not text")
        item = item.strip()
        if item and item not in refs:
            refs.append(item)
    return refs
