"""The project's namespaces as pyoxigraph terms, each made once.

:mod:`kgraph.namespaces` holds rdflib ``Namespace`` objects, which build a new ``URIRef`` on every
attribute access (about 6 µs each); the document mapper writes hundreds of quads per document, so it
takes its terms from here instead: the first access of ``KG.confidence`` makes the ``NamedNode`` and
stores it as a plain attribute, later accesses are ordinary attribute lookups.
"""

from __future__ import annotations

import pyoxigraph as ox

from kgraph import namespaces as ns


class OxNamespace:
    """Terms of one namespace as cached ``pyoxigraph.NamedNode`` objects (``NS.name`` or ``NS["name"]``)."""

    def __init__(self, base: object):
        self._base = str(base)
        self._items: dict[str, ox.NamedNode] = {}

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(self._base + name)
        setattr(self, name, node)  # later lookups find the instance attribute and skip __getattr__
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = self._items.get(name)
        if node is None:
            node = self._items[name] = ox.NamedNode(self._base + name)
        return node


DCTERMS = OxNamespace(ns.DCTERMS)
KG = OxNamespace(ns.KG)
KGA = OxNamespace(ns.KGA)
NIF = OxNamespace(ns.NIF)
NP = OxNamespace(ns.NP)
OWL = OxNamespace(ns.OWL)
PLOVER = OxNamespace(ns.PLOVER)
PROV = OxNamespace(ns.PROV)
RDF = OxNamespace(ns.RDF)
RDFS = OxNamespace(ns.RDFS)
SEM = OxNamespace(ns.SEM)
SKOS = OxNamespace(ns.SKOS)
TIME = OxNamespace(ns.TIME)
WD = OxNamespace(ns.WD)
XSD = OxNamespace(ns.XSD)
