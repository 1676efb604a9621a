"""The portal's SKOS vocabularies (categories, districts) as rdflib triples, from the code lists.

``add_scheme`` writes a whole concept scheme (what ``/vocab/{scheme}.ttl`` serves);
``add_concept`` writes one concept with its labels and scheme (what a dataset's graph carries,
so that a validator without the vocabulary at hand still sees a labelled skos:Concept).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ckanext.busan.dataset import codelists
from ckanext.busan.dcat.mapping import SCHEME_TITLES, SCHEMES, concept_uri, scheme_uri


def add_scheme_header(g: Graph, base: str, scheme: str) -> URIRef:
    ref = URIRef(scheme_uri(base, scheme))
    ko, en = SCHEME_TITLES[scheme]
    g.add((ref, RDF.type, SKOS.ConceptScheme))
    g.add((ref, DCTERMS.title, Literal(ko, lang="ko")))
    g.add((ref, DCTERMS.title, Literal(en, lang="en")))
    return ref


def add_concept(g: Graph, base: str, scheme: str, code: str) -> URIRef | None:
    entry = codelists.lookup(SCHEMES[scheme], code)
    if entry is None:
        return None
    ref = URIRef(concept_uri(base, scheme, code))
    scheme_ref = URIRef(scheme_uri(base, scheme))
    if (scheme_ref, SKOS.hasTopConcept, ref) in g:  # written whole for an earlier dataset of the page
        return ref
    add_scheme_header(g, base, scheme)
    g.add((ref, RDF.type, SKOS.Concept))
    g.add((ref, SKOS.prefLabel, Literal(entry.ko, lang="ko")))
    g.add((ref, SKOS.prefLabel, Literal(entry.en, lang="en")))
    g.add((ref, SKOS.notation, Literal(entry.value)))
    g.add((ref, SKOS.inScheme, scheme_ref))
    g.add((ref, SKOS.topConceptOf, scheme_ref))
    g.add((scheme_ref, SKOS.hasTopConcept, ref))
    return ref


def scheme_graph(base: str, scheme: str) -> Graph:
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    add_scheme_header(g, base, scheme)
    for entry in codelists.codelist(SCHEMES[scheme]):
        add_concept(g, base, scheme, entry.value)
    return g
