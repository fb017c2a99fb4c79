"""Building a store from documents: read, extract, write each document's graphs atomically.

Extraction is a pure function of a file, its metadata and the extractor version
(:func:`extract_job`), so it maps over a corpus on any engine: here in-process or in a pool of worker
processes (``workers``), elsewhere on Dask or Spark. Workers send each document's quads as N-Quads text
(pickling pyoxigraph terms is ~15× slower than serialising and re-parsing them). One writer applies the
results in batches: documents new to the store go in with one atomic N-Quads ``load`` per batch (parsed
in Rust straight into the store: no SPARQL, no Python object per quad); a document already in the store is
replaced by one SPARQL Update that drops and rewrites its graphs. Either way every document is in the
store whole or not at all. The first build of an empty store on disk is bulk-loaded instead (about 3×
the quads/s, not transactional; :meth:`kgraph.store.GraphStore.initial_build` marks the store meanwhile
so an interrupted first build is discarded, never half-read). Results stream
through the pool (nothing holds the corpus in memory). A bad file never stops a batch: it is reported
(one line naming the file) and skipped. A document whose text and extractor version are unchanged
since the last build is skipped before any extraction work.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kgraph import EXTRACTOR_VERSION
from kgraph.derived import record_rewrites
from kgraph.document import DEFAULT_MAX_BYTES, iter_text_files, load_document
from kgraph.errors import KgraphError
from kgraph.events import StatementLinks, events_linked, interned, link_events, statement_links_of
from kgraph.extract import EXTRACTION_GC_THRESHOLDS, collector_for_extraction, extract_quads
from kgraph.fingerprints import known_fingerprints
from kgraph.rdf.mapping import document_graphs

DEFAULT_BATCH = 16  # documents per write transaction
BULK_QUADS = 100_000  # quads per bulk load in a first build (~250 documents)
#: Quads written between store checkpoints: Oxigraph keeps written data in memory until it is flushed
#: (the writer grew by ~1 GB per million quads without this; with it, memory stays flat).
CHECKPOINT_QUADS = 250_000
# Documents in flight per worker: bounds the memory of results waiting for the writer (~25 kB of
# N-Quads per news article), and must cover a bulk load (~1.5 s), or the workers idle while it runs
# (64 cost 12% of a 3,000-document build's wall time against 512).
WINDOW_PER_WORKER = 512
CHUNK = 4  # documents per task sent to a worker (must stay below the window, or the feed deadlocks)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    statements: int = 0
    quads: int = 0
    bulk_loaded: bool = False  # a first build, written with the bulk loader
    documents_in_store: int = 0  # after the build (counting the quads of a large store would scan it)


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
    """What a worker sends back: one document's quads as N-Quads text, or why there are none."""

    path: str
    doc_id: str | None = None
    nquads: bytes | None = None
    replaces: bool = False  # the store holds an earlier version of this document
    quads: int = 0
    unchanged: bool = False
    error: str | None = None
    fingerprint: tuple[str, str] | None = None  # (sha256 of the text, extractor version), as the store keeps it
    links: list[StatementLinks] = field(default_factory=list)  # what event linking reads of its statements

    @property
    def statements(self) -> int:
        return len(self.links)  # one link row per statement


_FINGERPRINTS: dict[str, tuple[str, str]] = {}


def _init_worker(fingerprints: dict[str, tuple[str, str]]) -> None:
    global _FINGERPRINTS
    _FINGERPRINTS = fingerprints
    gc.set_threshold(*EXTRACTION_GC_THRESHOLDS)  # a worker only extracts (see collector_for_extraction)


def extract_job(job: Job) -> Extracted:
    """Read, check and extract one file (a pure function of the file, its metadata and the lexicons)."""
    try:
        document = load_document(job.path, lang=job.lang, published=job.published, max_bytes=job.max_bytes)
        stored = _FINGERPRINTS.get(document.id)
        if not job.force and stored == (document.sha256, EXTRACTOR_VERSION):
            return Extracted(job.path, document.id, unchanged=True)
        quads = extract_quads(document)
    except KgraphError as exc:
        return Extracted(job.path, error=str(exc))
    return Extracted(job.path, document.id, ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
                     stored is not None, len(quads), fingerprint=(document.sha256, EXTRACTOR_VERSION),
                     links=statement_links_of(quads))


def _parse(nquads: bytes) -> list[ox.Quad]:
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def write_batch(store, batch: list[Extracted], load: Callable[[bytes], None] | None = None) -> None:
    """Write a batch of extracted documents: new ones in one atomic insert, replacements one by one.

    ``load`` replaces the atomic insert of new documents (a first build passes the bulk loader).
    """
    new = b"".join(result.nquads for result in batch if not result.replaces)
    if new:
        (load or store.add_nquads)(new)
    for result in batch:
        if result.replaces:
            store.replace_graphs(document_graphs(result.doc_id), _parse(result.nquads))


def _results(jobs: list[Job], workers: int, fingerprints: dict) -> Iterator[Extracted]:
    if workers <= 1:
        _init_worker(fingerprints)
        yield from map(extract_job, jobs)
        return
    context = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    # Pool.imap buffers every finished result, so when the single writer is slower than the workers an
    # unbounded imap would hold the whole corpus's quads; a semaphore keeps a fixed number of documents
    # in flight, released as the writer takes each result, so the workers never idle at window ends
    in_flight = threading.BoundedSemaphore(workers * WINDOW_PER_WORKER)

    def feed() -> Iterator[Job]:
        for job in jobs:
            in_flight.acquire()
            yield job

    with context.Pool(workers, initializer=_init_worker, initargs=(fingerprints,)) as pool:
        for result in pool.imap(extract_job, feed(), chunksize=CHUNK):
            yield result
            in_flight.release()


@collector_for_extraction()  # the writer and the linking allocate as extraction does
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
    started_at = getattr(store, "revision", None)  # what tables kept beside the store were computed from
    fingerprints = known_fingerprints(store)  # before any write: the kept ones serve only an unwritten store
    vocabulary_reloaded = store.load_vocabulary()
    jobs = [Job(str(p), lang, published, max_bytes, force) for p in iter_text_files(paths)]
    with contextlib.ExitStack() as stack:
        idle_cores = max(1, (os.cpu_count() or 1) - workers)  # what the workers leave to the bulk loader
        load = stack.enter_context(store.initial_build(idle_cores)) if jobs and store.can_bulk_load() else None
        report.bulk_loaded = load is not None
        written, links = _write_all(_results(jobs, workers, fingerprints), store, report, load, batch_size, progress)
    if report.built or not events_linked(store):  # new documents, or an earlier linking was interrupted
        link_events(store, rewritten=report.built, fingerprints={**fingerprints, **written}, extracted=links)
    if not vocabulary_reloaded:  # a new vocabulary may relabel any statement: then no table is updated
        record_rewrites(store, started_at, report.built)
    report.documents_in_store = len(fingerprints.keys() | written.keys())
    return report


def _write_all(results: Iterator[Extracted], store, report: BuildReport, load: Callable[[bytes], None] | None,
               batch_size: int, progress: Callable[[str, Extracted], None] | None,
               ) -> tuple[dict[str, tuple[str, str]], dict[str, list[StatementLinks]]]:
    """The single writer: batches of ``batch_size`` documents, or of ``BULK_QUADS`` quads when bulk-loading.

    Returns the fingerprint of each document written, and what event linking reads of its statements.
    """
    seen_ids: dict[str, str] = {}
    written: dict[str, tuple[str, str]] = {}
    links: dict[str, list[StatementLinks]] = {}
    intern: dict = {}  # one copy of each value repeated across documents' link rows
    batch: list[Extracted] = []
    pending = {"quads": 0, "unflushed": 0}

    def flush() -> None:
        if not batch:
            return
        write_batch(store, batch, load)
        pending["unflushed"] += pending["quads"]
        if load is None and pending["unflushed"] >= CHECKPOINT_QUADS and hasattr(store, "checkpoint"):
            store.checkpoint()
            pending["unflushed"] = 0
        for result in batch:
            report.built.append(result.doc_id)
            written[result.doc_id] = result.fingerprint
            links[result.doc_id] = interned(result.links, intern)
            report.statements += result.statements
            report.quads += result.quads
        batch.clear()
        pending["quads"] = 0

    for result in results:
        if result.error is None and result.doc_id in seen_ids:
            result.error = f"{result.path}: document id {result.doc_id!r} already used by {seen_ids[result.doc_id]}"
        if result.error is not None:
            report.skipped.append((result.path, result.error))
        elif result.unchanged:
            seen_ids[result.doc_id] = result.path
            report.unchanged.append(result.doc_id)
        else:
            seen_ids[result.doc_id] = result.path
            batch.append(result)
            pending["quads"] += result.quads
            if (pending["quads"] >= BULK_QUADS) if load else (len(batch) >= batch_size):
                flush()
        if progress:
            progress(result.path, result)
    flush()
    return written, links
