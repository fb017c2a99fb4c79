"""Extraction of one document to RDF and to contract records (the ``kgraph extract`` path)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kgraph.document import Document
from kgraph.pipeline import analyse, get_pipeline
from kgraph.rdf.mapping import document_quads
from kgraph.rdf.records import document_records
from kgraph.store import GraphStore, vocabulary_quads

#: The cyclic collector's thresholds while a corpus is extracted (Python's default: 700, 10, 10).
EXTRACTION_GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def collector_for_extraction() -> Iterator[None]:
    """Collect cyclic garbage less often while extracting a corpus.

    Extraction makes ~10,000 short-lived container objects per news article (tokens, matches, quads)
    and next to no reference cycles, so at the default threshold the collector ran every ~700
    allocations and, each time the oldest generation was due, walked every lexicon and memo entry
    too: ~12% of extraction time (1,000 generated documents, interleaved runs: 263k → 295k chars/s
    with a first threshold of 50,000). Cycles are still collected, only in larger batches.
    """
    previous = gc.get_threshold()
    gc.set_threshold(*EXTRACTION_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


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
