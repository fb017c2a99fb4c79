"""Compact JSON-LD for kgraph datasets, using the published context ``ontology/context.jsonld``.

The context (prefixes ``kg:``, ``kgd:``, ``sem:`` … and terms such as ``source``, ``eventType``,
``confidence``, ``prefLabel``) is published as https://w3id.org/kgraph/context.jsonld; the same file
ships with kgraph as ``ontology/context.jsonld``. Exported documents **embed it inline** rather than
pointing at that IRI, so that any JSON-LD processor reads them offline without fetching anything
(a remote ``@context`` reference makes parsers load it over the network, and most refuse or fail
without one). Its content is exactly the published file's ``@context`` object.

The document is a dataset: the top-level ``@graph`` holds one object per named graph,
``{"@id": <graph name>, "@graph": [<node objects>]}``, and any default-graph triples as plain node
objects beside them. Compaction is done here rather than by a general JSON-LD compactor because the
rules are few and must round-trip exactly: a term is used only where its type coercion or language
container reproduces the same RDF term on expansion; every other value is written as an explicit
value object (``{"@value": …, "@type": …}``) or node reference (``{"@id": …}``), so the document
expands (with pyoxigraph, rdflib or pyld) to the very quads it was written from. Only JSON-LD 1.0
features are used and no ``@version`` is declared, so JSON-LD 1.0 processors read it too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from kgraph.resources import ontology_file

#: Where the context is published (documentation; exports embed it inline).
CONTEXT_IRI = "https://w3id.org/kgraph/context.jsonld"
CONTEXT_FILE = "context.jsonld"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_GEN_DELIMS = ("/", "#")


@cache
def load_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontology/context.jsonld`` (what exports embed)."""
    with ontology_file(CONTEXT_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)["@context"]


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    coerce: str | None = None  # "@id", a datatype IRI, or None
    language_map: bool = False


class Compactor:
    """IRI and value compaction against one context (only what expansion maps back exactly)."""

    def __init__(self, context: dict[str, Any]):
        self.context = context
        raw_prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(_GEN_DELIMS)
                        and ":" not in k and not k.startswith("@") and "://" in v}
        self.prefixes = raw_prefixes
        # longest namespace first so kgraph's nested namespaces pick the most specific prefix
        self._by_namespace = sorted(((ns, p) for p, ns in raw_prefixes.items()), key=lambda x: -len(x[0]))
        self.property_terms: dict[str, Term] = {}
        self.type_terms: dict[str, str] = {}
        for name, definition in context.items():
            if name.startswith("@") or name in raw_prefixes:
                continue
            if isinstance(definition, str):
                iri = self.expand(definition)
                self.type_terms.setdefault(iri, name)
                self.property_terms.setdefault(iri, Term(name, iri))
                continue
            iri = self.expand(definition["@id"])
            coerce = definition.get("@type")
            if coerce is not None and coerce != "@id":
                coerce = self.expand(coerce)
            term = Term(name, iri, coerce, definition.get("@container") == "@language")
            existing = self.property_terms.get(iri)
            if existing is None or (existing.coerce is None and not existing.language_map):
                self.property_terms[iri] = term

    def expand(self, value: str) -> str:
        prefix, sep, suffix = value.partition(":")
        if sep and prefix in self.prefixes and not suffix.startswith("//"):
            return self.prefixes[prefix] + suffix
        return value

    def iri(self, iri: str) -> str:
        """A compact IRI (``kgd:doc``) when a prefix fits, else the absolute IRI."""
        for namespace, prefix in self._by_namespace:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                suffix = iri[len(namespace):]
                if not suffix.startswith("//"):
                    return f"{prefix}:{suffix}"
        return iri

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def type_value(self, term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.NamedNode) and term.value in self.type_terms:
            return self.type_terms[term.value]
        return self.node_id(term)

    def literal_object(self, literal: ox.Literal) -> dict[str, str]:
        """An explicit value object (never affected by a term's coercion)."""
        if literal.language:
            return {"@value": literal.value, "@language": literal.language}
        datatype = literal.datatype.value
        if datatype == XSD_STRING:
            return {"@value": literal.value}
        return {"@value": literal.value, "@type": self.iri(datatype)}

    def value(self, obj: ox.NamedNode | ox.BlankNode | ox.Literal, coerce: str | None) -> Any:
        """JSON for ``obj`` under a key whose term coerces values to ``coerce``."""
        if isinstance(obj, ox.Literal):
            datatype = obj.datatype.value
            if coerce is not None and coerce != "@id" and not obj.language and datatype == coerce:
                return obj.value
            if coerce is None and not obj.language and datatype == XSD_STRING:
                return obj.value
            return self.literal_object(obj)
        if coerce == "@id":
            return self.node_id(obj)
        return {"@id": self.node_id(obj)}


def _sort_key(term: Any) -> tuple[int, str, str]:
    if isinstance(term, ox.Literal):
        return (2, term.value, term.language or term.datatype.value)
    return (0 if isinstance(term, ox.NamedNode) else 1, term.value, "")


def _node_object(compactor: Compactor, subject, predicates: dict[Any, list[Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": compactor.node_id(subject)}
    types = [o for o in predicates.get(ox.NamedNode(RDF_TYPE), []) if not isinstance(o, ox.Literal)]
    if types:
        values = [compactor.type_value(o) for o in sorted(types, key=_sort_key)]
        node["@type"] = values[0] if len(values) == 1 else values
    entries: dict[str, list[Any]] = defaultdict(list)
    language_maps: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for predicate in sorted(predicates, key=_sort_key):
        objects = sorted(predicates[predicate], key=_sort_key)
        if predicate.value == RDF_TYPE:
            objects = [o for o in objects if isinstance(o, ox.Literal)]
        term = compactor.property_terms.get(predicate.value)
        fallback_key = compactor.iri(predicate.value)
        for obj in objects:
            if term is not None and term.language_map:
                language = obj.language if isinstance(obj, ox.Literal) else None
                if language and language == language.lower():
                    language_maps[term.name][language].append(obj.value)
                else:
                    entries[fallback_key].append(compactor.value(obj, None))
            elif term is not None:
                entries[term.name].append(compactor.value(obj, term.coerce))
            else:
                entries[fallback_key].append(compactor.value(obj, None))
    for key, by_language in language_maps.items():
        node[key] = {lang: vals[0] if len(vals) == 1 else vals for lang, vals in sorted(by_language.items())}
    for key, values in entries.items():
        node[key] = values[0] if len(values) == 1 else values
    return node


def _graph_nodes(compactor: Compactor, quads: Iterable[ox.Quad]) -> list[dict[str, Any]]:
    subjects: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for quad in quads:
        subjects[quad.subject][quad.predicate].append(quad.object)
    return [_node_object(compactor, s, subjects[s]) for s in sorted(subjects, key=_sort_key)]


def dataset_document(quads: Iterable[ox.Quad], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """A compact JSON-LD dataset document for ``quads``, with the context embedded."""
    by_graph: dict[Any, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        by_graph[quad.graph_name].append(quad)
    default = by_graph.pop(ox.DefaultGraph(), [])
    context = load_context() if context is None else context
    graphs = sorted(by_graph, key=_sort_key)
    return {"@context": context,
            "@graph": list(_top_objects(Compactor(context), default, graphs, by_graph.__getitem__))}


def _top_objects(compactor: Compactor, default: Iterable[ox.Quad], graphs: Iterable,
                 quads_of: Callable[[Any], Iterable[ox.Quad]]) -> Iterator[dict[str, Any]]:
    """The top-level ``@graph`` items: default-graph nodes, then one object per named graph."""
    yield from _graph_nodes(compactor, _plain_rdf(default))
    for graph in graphs:
        yield {"@id": compactor.node_id(graph), "@graph": _graph_nodes(compactor, _plain_rdf(quads_of(graph)))}


def _plain_rdf(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise ValueError("RDF-star triples cannot be written as JSON-LD")
        yield quad


def write_jsonld(quads: Iterable[ox.Quad], output, context: dict[str, Any] | None = None) -> None:
    """Write :func:`dataset_document` to the path ``output`` (UTF-8, ``@context`` first)."""
    document = dataset_document(quads, context)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


class _WrittenAsItGoes(list):
    """A JSON array whose items are made while the file is written, one at a time.

    json's indenting encoder writes a list by iterating it, so this writes the very text
    ``json.dump`` writes for the whole list, without holding the list.
    """

    def __init__(self, items: Iterator, empty: bool):
        super().__init__()
        self._items, self._empty = items, empty

    def __iter__(self) -> Iterator:
        return self._items

    def __bool__(self) -> bool:
        return not self._empty


def write_jsonld_by_graph(default: Iterable[ox.Quad], graphs: list, quads_of: Callable[[Any], Iterable[ox.Quad]],
                          output, context: dict[str, Any] | None = None) -> None:
    """Write the dataset document graph by graph, reading each graph's quads only when it is written.

    Same text as :func:`write_jsonld` (``graphs`` are sorted here as there), in the memory of the
    largest graph rather than of the whole store: a 10,000-document store is 3.7M quads.
    """
    context = load_context() if context is None else context
    graphs = sorted(graphs, key=_sort_key)
    default = list(default)
    items = _top_objects(Compactor(context), default, graphs, quads_of)
    document = {"@context": context, "@graph": _WrittenAsItGoes(items, empty=not (default or graphs))}
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
