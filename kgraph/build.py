"""Building a store from documents: read, extract, write each document's graphs in one transaction.

A bad file never stops a batch: it is reported (one line naming the file) and skipped. A document
whose text and extractor version are unchanged since the last build is skipped too, so rebuilding a
corpus only does the new work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph import EXTRACTOR_VERSION
from kgraph.document import DEFAULT_MAX_BYTES, Document, iter_text_files, load_document
from kgraph.errors import KgraphError
from kgraph.events import link_events
from kgraph.extract import extract_quads
from kgraph.namespaces import KG
from kgraph.rdf import iris
from kgraph.rdf.mapping import document_graphs
from kgraph.store import GraphStore


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    statements: int = 0
    quads: int = 0


def stored_fingerprint(store: GraphStore, doc_id: str) -> tuple[str, str] | None:
    """(sha256, extractor version) recorded for a document, if it is in the store."""
    doc = iris.document_iri(doc_id)
    rows = list(store.query(
        f"SELECT ?sha ?version WHERE {{ <{doc}> <{KG.sha256}> ?sha . "
        f"?activity <http://www.w3.org/ns/prov#used> <{doc}> ; <{KG.extractorVersion}> ?version }}"
    ))
    if not rows:
        return None
    return rows[0]["sha"].value, rows[0]["version"].value


def ingest_document(store: GraphStore, document: Document, force: bool = False) -> tuple[bool, int, int]:
    """Write one document's graphs; returns (written, statements, quads)."""
    if not force and stored_fingerprint(store, document.id) == (document.sha256, EXTRACTOR_VERSION):
        return False, 0, 0
    quads = extract_quads(document)
    store.replace_graphs(document_graphs(document.id), quads)
    statements = sum(1 for q in quads if q.predicate.value == str(KG.confidence))
    return True, statements, len(quads)


def build(
    paths: list[str | Path],
    store: GraphStore,
    lang: str | None = None,
    published: str | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BuildReport:
    """Ingest every text file under ``paths`` into ``store``."""
    report = BuildReport()
    store.load_vocabulary()
    seen_ids: dict[str, str] = {}
    for path in iter_text_files(paths):
        if progress:
            progress(str(path))
        try:
            document = load_document(path, lang=lang, published=published, max_bytes=max_bytes)
            if document.id in seen_ids:
                raise KgraphError(f"{path}: document id {document.id!r} already used by {seen_ids[document.id]}")
            seen_ids[document.id] = str(path)
            written, statements, quads = ingest_document(store, document, force)
        except KgraphError as exc:
            report.skipped.append((str(path), str(exc)))
            continue
        if written:
            report.built.append(document.id)
            report.statements += statements
            report.quads += quads
        else:
            report.unchanged.append(document.id)
    if report.built:
        link_events(store)
    return report
