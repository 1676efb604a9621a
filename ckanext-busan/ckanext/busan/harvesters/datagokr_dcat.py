"""Repairs of data.go.kr's DCAT (www.data.go.kr/dcat/metadata/{id}), which breaks the
standard in known ways (../shared/BRIEF.md section 4), before ckanext-dcat's parser reads it:

- language tag ``kr`` (ISO 639-1 is ``ko``);
- keywords comma-joined in one literal;
- empty access URLs, which would fail validation.

Themes as literals ("보건 - 건강보험") and ``dct:rights "공공저작물_출처표시"`` pass through the
parser as text; ``dcat_catalog.busan_fields`` maps them to the category and the 공공누리 licence.

``repair_graph`` works on the rdflib graph (no CKAN import); ``busan_dcat`` applies it in
``IDCATRDFHarvester.after_parsing`` for sources configured with ``"repair": "datagokr"``.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCAT, RDF


def _ko(literal: Literal) -> Literal:
    if isinstance(literal, Literal) and literal.language and literal.language.lower() == "kr":
        return Literal(str(literal), lang="ko")
    return literal


def repair_graph(graph: Graph) -> list[str]:
    """Repair the graph in place; returns what was repaired, for the job report."""
    repaired: list[str] = []
    # 1. language tags
    wrong = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and (o.language or "").lower() == "kr"]
    for s, p, o in wrong:
        graph.remove((s, p, o))
        graph.add((s, p, _ko(o)))
    if wrong:
        repaired.append(f"language tag kr -> ko ({len(wrong)})")
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        # 2. comma-joined keywords
        for keyword in list(graph.objects(dataset, DCAT.keyword)):
            if "," in str(keyword):
                graph.remove((dataset, DCAT.keyword, keyword))
                for part in (p.strip() for p in str(keyword).split(",")):
                    if part:
                        graph.add((dataset, DCAT.keyword, Literal(part, lang=getattr(keyword, "language", None))))
                repaired.append("keywords split")
        # 3. empty access URLs
        for distribution in graph.objects(dataset, DCAT.distribution):
            for url in list(graph.objects(distribution, DCAT.accessURL)):
                if not str(url).strip():
                    graph.remove((distribution, DCAT.accessURL, url))
                    repaired.append("empty access URL removed")
    return repaired
