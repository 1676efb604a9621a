"""rdflib's Turtle serializer with its prefixed names remembered (``busan-turtle``).

rdflib's serializer looks up the prefixed name of every IRI of every triple twice (once to
collect prefixes, once to write), and an IRI that has none (a dataset's ``…/dataset/{uuid}``,
a distribution's, a ``tel:`` or ``mailto:`` IRI) is split and tried against every bound
namespace each time: that was most of the time spent writing a catalogue page. Here each
answer is remembered for the page: a prefixed name never changes once found; an IRI without
one is tried again only after a new prefix was generated (which could give it one). The output
is the same text as rdflib's ``turtle`` (tests/dcat/test_endpoints.py compares them).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.plugin import register
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer

FORMAT = "busan-turtle"


class RememberingTurtleSerializer(TurtleSerializer):
    def reset(self) -> None:
        super().reset()
        self._pnames: dict = {}
        self._no_pname: set = set()

    def _bound(self) -> int:
        return sum(1 for _ in self.store.namespaces())

    def get_pname(self, uri, gen_prefix: bool = True):
        if not isinstance(uri, URIRef):
            return None
        key = (uri, gen_prefix)
        found = self._pnames.get(key)
        if found is not None:
            return found
        if key in self._no_pname:
            return None
        before = self._bound() if gen_prefix else 0
        found = super().get_pname(uri, gen_prefix)
        if gen_prefix and self._bound() != before:
            self._no_pname.clear()  # a new prefix may name an IRI that had none
        if found is None:
            self._no_pname.add(key)
        else:
            self._pnames[key] = found
        return found


register(FORMAT, Serializer, __name__, "RememberingTurtleSerializer")
