"""The triple store catalogue pages are built in (dcat/store.py) answers every triple pattern,
removal and count as rdflib's own store does, also while a profile changes the graph during a
match."""

from __future__ import annotations

import itertools
import random

from rdflib import BNode, Graph, Literal, URIRef

from ckanext.busan.dcat.store import page_graph


def _terms(rng: random.Random) -> list:
    subjects = [URIRef(f"http://example.org/s{i}") for i in range(12)] + [BNode(f"b{i}") for i in range(4)]
    predicates = [URIRef(f"http://example.org/p{i}") for i in range(5)]
    objects = [*subjects[:6], Literal("하나", lang="ko"), Literal("one", lang="en"), Literal("1"), Literal(1)]
    return [(rng.choice(subjects), rng.choice(predicates), rng.choice(objects)) for _ in range(300)]


def test_the_page_store_answers_like_rdflib_memory():
    rng = random.Random(12)
    ours, theirs = page_graph(), Graph()
    for triple in _terms(rng):
        ours.add(triple)
        theirs.add(triple)
    for triple in rng.sample(list(theirs), 60):  # exact and pattern removals
        pattern = tuple(term if rng.random() < 0.7 else None for term in triple)
        ours.remove(pattern)
        theirs.remove(pattern)
    assert len(ours) == len(theirs) and set(ours) == set(theirs)
    for triple in list(theirs)[:40]:
        for mask in itertools.product((True, False), repeat=3):
            pattern = tuple(term if keep else None for term, keep in zip(triple, mask, strict=True))
            assert set(ours.triples(pattern)) == set(theirs.triples(pattern)), pattern
    assert (URIRef("http://example.org/none"), None, None) not in ours


def test_a_graph_changed_while_a_match_is_read():
    g = page_graph()
    subject, predicate = URIRef("http://example.org/d"), URIRef("http://example.org/temporal")
    for i in range(5):
        g.add((subject, predicate, Literal(i)))
    for obj in g.objects(subject, predicate):  # as euro_dcat_ap_2 rewrites dct:temporal
        g.remove((subject, predicate, obj))
        g.add((subject, predicate, Literal(f"x{obj}")))
    assert sorted(str(o) for o in g.objects(subject, predicate)) == [f"x{i}" for i in range(5)]
