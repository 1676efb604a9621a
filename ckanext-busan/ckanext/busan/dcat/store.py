"""The graph a catalogue page is built in: an rdflib store without named graphs or events.

ckanext-dcat's serializer builds its graph as an rdflib ``ConjunctiveGraph`` over the
``Memory`` store, which records for every triple the named graphs it belongs to, dispatches
an event for every add and compares terms with ``!=`` on every match. A catalogue page is one
graph with no listeners, so the portal's catalogue action gives the serializer (its documented
``serializer.g``) a ``Graph`` over ``PageStore``: rdflib's ``SimpleMemory`` (its prefixes
included) with the triples in two plain indexes. The same triples and prefixes, written the
same way, for about half the work per add and match.

Matches are returned as lists: profiles change the graph while they iterate over a match
(``euro_dcat_ap_2`` rewrites the ``dct:temporal`` nodes it reads), as ``Memory`` allows.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

_NO_CONTEXTS = ()


class PageStore(SimpleMemory):
    """Triples in {subject: {predicate: {object}}} and {predicate: {object: {subject}}} (dicts
    as ordered sets); a pattern with only an object bound scans the predicates."""

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict = {}
        self._pos: dict = {}

    def add(self, triple, context=None, quoted=False) -> None:
        s, p, o = triple
        predicates = self._spo.get(s)
        if predicates is None:
            predicates = self._spo[s] = {}
        objects = predicates.get(p)
        if objects is None:
            objects = predicates[p] = {}
        elif o in objects:
            return
        objects[o] = None
        by_object = self._pos.get(p)
        if by_object is None:
            by_object = self._pos[p] = {}
        subjects = by_object.get(o)
        if subjects is None:
            by_object[o] = {s: None}
        else:
            subjects[s] = None

    def remove(self, triple_pattern, context=None) -> None:
        for (s, p, o), _contexts in self.triples(triple_pattern):
            _discard(self._spo, s, p, o)
            _discard(self._pos, p, o, s)

    def triples(self, triple_pattern, context=None) -> list:
        s, p, o = triple_pattern
        if s is not None:
            predicates = self._spo.get(s)
            if not predicates:
                return []
            if p is not None:
                objects = predicates.get(p)
                if not objects:
                    return []
                if o is not None:
                    return [((s, p, o), _NO_CONTEXTS)] if o in objects else []
                return [((s, p, x), _NO_CONTEXTS) for x in objects]
            if o is not None:
                return [((s, q, o), _NO_CONTEXTS) for q, objects in predicates.items() if o in objects]
            return [((s, q, x), _NO_CONTEXTS) for q, objects in predicates.items() for x in objects]
        if p is not None:
            by_object = self._pos.get(p)
            if not by_object:
                return []
            if o is not None:
                return [((x, p, o), _NO_CONTEXTS) for x in by_object.get(o, ())]
            return [((x, p, y), _NO_CONTEXTS) for y, subjects in by_object.items() for x in subjects]
        if o is not None:
            return [((x, q, o), _NO_CONTEXTS) for q, by_object in self._pos.items() for x in by_object.get(o, ())]
        return [
            ((x, q, y), _NO_CONTEXTS) for x, predicates in self._spo.items() for q, ys in predicates.items() for y in ys
        ]

    def __len__(self, context=None) -> int:
        return sum(len(objects) for predicates in self._spo.values() for objects in predicates.values())


def _discard(index: dict, first, second, third) -> None:
    """Remove index[first][second][third], and the dicts that leaves empty."""
    inner = index[first]
    del inner[second][third]
    if not inner[second]:
        del inner[second]
        if not inner:
            del index[first]


def page_graph() -> Graph:
    return Graph(store=PageStore())
