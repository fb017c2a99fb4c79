"""Extraction of one document to RDF and to contract records (the ``kgraph extract`` path)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kgraph.document import Document
from kgraph.pipeline import analyse, get_pipeline
from kgraph.rdf.mapping import document_quads
from kgraph.rdf.records import document_records
from kgraph.store import GraphStore, vocabulary_quads


def extract_quads(document: Document) -> list[ox.Quad]:
    """The RDF quads of one document: a pure function of its text, metadata and the language data."""
    analysis = analyse(document)
    return document_quads(analysis, get_pipeline(document.lang).gazetteer)


def extract_records(document: Document) -> list[dict[str, Any]]:
    """Contract records of one document, read back from its graph in an in-memory Oxigraph store."""
    store = GraphStore()
    store.add_quads(vocabulary_quads())
    store.add_quads(extract_quads(document))
    return document_records(store, document.id)
