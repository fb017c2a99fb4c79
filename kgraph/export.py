"""Exports of a store in standard RDF syntaxes and as the statement JSON Lines.

Turtle has no named graphs, so a Turtle export is the union of all graphs (each triple once); TriG and
N-Quads keep every document's nanopublication graphs. JSON-LD is written as a compact dataset document
(:mod:`kgraph.jsonld`): the kgraph context (published as https://w3id.org/kgraph/context.jsonld, shipped
as ``ontology/context.jsonld``) is embedded inline so the file reads offline, and the top-level
``@graph`` holds one ``{"@id": <graph>, "@graph": [...]}`` object per named graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kgraph.errors import KgraphError
from kgraph.jsonld import write_jsonld, write_jsonld_by_graph
from kgraph.namespaces import PREFIXES
from kgraph.rdf.records import document_records
from kgraph.store import GraphStore

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
TRIPLE_FORMATS = {"turtle", "ntriples"}


def union_triples(store: GraphStore) -> Iterator[ox.Triple]:
    """Every triple of every graph, once (Oxigraph drops the repeats of a CONSTRUCT's output)."""
    return iter(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))


def export_rdf(store: GraphStore, fmt: str, output: str | Path) -> int:
    """Write the store in ``fmt``; returns the number of triples or quads written.

    Triples and quads stream from the store to the file: holding them all as Python objects took
    2 GB for a 10,000-document store (3.7M quads), so a 100,000-document store would not fit in
    memory. JSON-LD is written graph by graph from a store on disk; from a remote store it is still
    built whole.
    """
    if fmt not in FORMATS:
        raise KgraphError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)} or jsonl")
    rdf_format = FORMATS[fmt]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonld" and isinstance(store, GraphStore):
        written = 0

        def quads_of(graph) -> list[ox.Quad]:
            nonlocal written
            quads = list(store.graph_quads(graph))
            written += len(quads)
            return quads

        graphs = [ox.NamedNode(name) for name in store.named_graphs()]
        write_jsonld_by_graph(quads_of(ox.DefaultGraph()), graphs, quads_of, output)
        return written
    if fmt == "jsonld":  # a remote store: its graphs would be a request each
        quads = list(store.quads())
        write_jsonld(quads, output)
        return len(quads)
    counted = _Counted(union_triples(store) if fmt in TRIPLE_FORMATS else store.quads())
    with output.open("wb") as handle:
        ox.serialize(counted, handle, rdf_format, prefixes=PREFIXES if fmt in ("turtle", "trig") else None)
    return counted.count


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items: Iterable):
        self._items = iter(items)
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self):
        item = next(self._items)
        self.count += 1
        return item


def export_jsonl(store: GraphStore, output: str | Path) -> int:
    """The contract records of every document in the store, one JSON object per line."""
    count = 0
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        for doc_id in store.document_ids():
            for record in document_records(store, doc_id):
                record["doc"] = doc_id
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count
