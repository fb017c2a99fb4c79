"""Building a store from documents: read, extract, write each document's graphs atomically.

Extraction is a pure function of a file, its metadata and the extractor version
(:func:`extract_job`), so it maps over a corpus on any engine: here in-process or in a pool of worker
processes (``workers``), elsewhere on Dask or Spark. One writer applies the results in batches; each
batch is one SPARQL Update, so every document is in the store whole or not at all. Results stream
through the pool (nothing holds the corpus in memory). A bad file never stops a batch: it is reported
(one line naming the file) and skipped. A document whose text and extractor version are unchanged
since the last build is skipped before any extraction work.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
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
from kgraph.store import replace_update

DEFAULT_BATCH = 16  # documents per write transaction
#: Quads written between store checkpoints: Oxigraph keeps written data in memory until it is flushed
#: (the writer grew by ~1 GB per million quads without this; with it, memory stays flat).
CHECKPOINT_QUADS = 250_000
WINDOW_PER_WORKER = 64  # documents in flight per worker (bounds the memory of results waiting for the writer)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    statements: int = 0
    quads: int = 0


@dataclass(frozen=True)
class Job:
    """One file to extract, with the defaults for files without metadata."""

    path: str
    lang: str | None = None
    published: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    force: bool = False


@dataclass
class Extracted:
    """What a worker sends back: the SPARQL Update writing one document, or why there is none."""

    path: str
    doc_id: str | None = None
    update: str | None = None
    statements: int = 0
    quads: int = 0
    unchanged: bool = False
    error: str | None = None


_FINGERPRINTS: dict[str, tuple[str, str]] = {}


def _init_worker(fingerprints: dict[str, tuple[str, str]]) -> None:
    global _FINGERPRINTS
    _FINGERPRINTS = fingerprints


def extract_job(job: Job) -> Extracted:
    """Read, check and extract one file (a pure function of the file, its metadata and the lexicons)."""
    try:
        document = load_document(job.path, lang=job.lang, published=job.published, max_bytes=job.max_bytes)
        if not job.force and _FINGERPRINTS.get(document.id) == (document.sha256, EXTRACTOR_VERSION):
            return Extracted(job.path, document.id, unchanged=True)
        quads = extract_quads(document)
    except KgraphError as exc:
        return Extracted(job.path, error=str(exc))
    statements = sum(1 for q in quads if q.predicate.value == str(KG.confidence))
    return Extracted(job.path, document.id, replace_update(document_graphs(document.id), quads), statements,
                     len(quads))


def stored_fingerprints(store) -> dict[str, tuple[str, str]]:
    """(sha256, extractor version) of every document in the store, in one query."""
    rows = store.query(
        f"SELECT ?id ?sha ?version WHERE {{ ?d <http://purl.org/dc/terms/identifier> ?id ; <{KG.sha256}> ?sha . "
        f"?activity <http://www.w3.org/ns/prov#used> ?d ; <{KG.extractorVersion}> ?version }}")
    return {r["id"].value: (r["sha"].value, r["version"].value) for r in rows}


def stored_fingerprint(store, doc_id: str) -> tuple[str, str] | None:
    """(sha256, extractor version) recorded for one document, if it is in the store."""
    doc = iris.document_iri(doc_id)
    rows = list(store.query(
        f"SELECT ?sha ?version WHERE {{ <{doc}> <{KG.sha256}> ?sha . "
        f"?activity <http://www.w3.org/ns/prov#used> <{doc}> ; <{KG.extractorVersion}> ?version }}"))
    return (rows[0]["sha"].value, rows[0]["version"].value) if rows else None


def ingest_document(store, document: Document, force: bool = False) -> tuple[bool, int, int]:
    """Write one document's graphs; returns (written, statements, quads)."""
    if not force and stored_fingerprint(store, document.id) == (document.sha256, EXTRACTOR_VERSION):
        return False, 0, 0
    quads = extract_quads(document)
    store.replace_graphs(document_graphs(document.id), quads)
    statements = sum(1 for q in quads if q.predicate.value == str(KG.confidence))
    return True, statements, len(quads)


def _results(jobs: list[Job], workers: int, fingerprints: dict) -> Iterator[Extracted]:
    if workers <= 1:
        _init_worker(fingerprints)
        yield from map(extract_job, jobs)
        return
    context = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with context.Pool(workers, initializer=_init_worker, initargs=(fingerprints,)) as pool:
        # jobs go in a window at a time: Pool.imap buffers every finished result, so when the single
        # writer is slower than the workers an unbounded imap would hold the whole corpus's updates
        window = workers * WINDOW_PER_WORKER
        for start in range(0, len(jobs), window):
            yield from pool.imap(extract_job, jobs[start : start + window], chunksize=4)


def build(
    paths: list[str | Path],
    store,
    lang: str | None = None,
    published: str | None = None,
    force: bool = False,
    progress: Callable[[str, Extracted], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
) -> BuildReport:
    """Ingest every text file under ``paths`` into ``store`` (a folder store or a remote endpoint)."""
    report = BuildReport()
    store.load_vocabulary()
    jobs = [Job(str(p), lang, published, max_bytes, force) for p in iter_text_files(paths)]
    seen_ids: dict[str, str] = {}
    batch: list[str] = []
    batch_ids: list[tuple[str, int, int]] = []

    written = {"quads": 0}

    def flush() -> None:
        if batch:
            store.update(";\n".join(batch))
            written["quads"] += sum(quads for _, _, quads in batch_ids)
            if written["quads"] >= CHECKPOINT_QUADS and hasattr(store, "checkpoint"):
                store.checkpoint()
                written["quads"] = 0
            for doc_id, statements, quads in batch_ids:
                report.built.append(doc_id)
                report.statements += statements
                report.quads += quads
            batch.clear()
            batch_ids.clear()

    for result in _results(jobs, workers, {} if force else stored_fingerprints(store)):
        if result.error is None and result.doc_id in seen_ids:
            result.error = f"{result.path}: document id {result.doc_id!r} already used by {seen_ids[result.doc_id]}"
        if result.error is not None:
            report.skipped.append((result.path, result.error))
        elif result.unchanged:
            seen_ids[result.doc_id] = result.path
            report.unchanged.append(result.doc_id)
        else:
            seen_ids[result.doc_id] = result.path
            batch.append(result.update)
            batch_ids.append((result.doc_id, result.statements, result.quads))
            if len(batch) >= batch_size:
                flush()
        if progress:
            progress(result.path, result)
    flush()
    if report.built:
        link_events(store)
    return report
