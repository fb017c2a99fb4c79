"""What event linking read, kept next to the store: relinking after a small build reads only what changed.

Linking compares every statement of the store (:mod:`kgraph.events`), and reading them all back out of
RocksDB is most of its time (~7 s at 10,000 documents, over a minute at 100,000), though a day's news
adds a few hundred documents. So after each linking, what it read of each statement is kept as Parquet
under ``.kgraph-derived/`` in the store folder, with each document's fingerprint (text digest and
extractor version, :mod:`kgraph.fingerprints`) and each event's canonical event. The next linking trusts
a kept document only while its fingerprint is the one in the store and the caller has not just rewritten
it; the documents the caller has just written come from their extraction
(:func:`kgraph.events.statement_links_of`), everything else is read back, and documents no longer in the
store are dropped. Actors' polities are not kept: they come from the gazetteer and are read afresh each
time. The file's document rows also spare the next build its fingerprint query, when the file is stamped
with the store's current revision (:func:`fingerprints_if_current`).

The kept canonical events serve twice. When documents were only added and the actors the kept
statements name kept their polities, the kept clusters are extended with the new statements
(:func:`kgraph.events.extend_clusters`); otherwise every statement is clustered again. Either way the
links are exactly those a full read would give (tested). And the events graph is changed by the
difference only when it carries the digest of exactly the kept links. Nothing here is needed:
deleting the file costs the next linking a full read.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kgraph.derived import DERIVED_DIR, code_digest, keep_file
from kgraph.events import StatementLinks, read_statement_links

NAME = "link-input"
#: Above this share of changed documents, one scan of the whole store is cheaper than reading by document
#: (10,000-document store: ~1.2 ms a document scanning everything, ~2 ms reading 1,000-3,000 by document).
FULL_READ_SHARE = 0.5
BATCH_ROWS = 65_536
_FIELDS = StatementLinks._fields
_DATES = ("earliest", "latest", "reported")
_LISTS = ("sources", "targets")
SCHEMA = pa.schema([(f, pa.date32() if f in _DATES else pa.list_(pa.string()) if f in _LISTS else pa.string())
                    for f in (*_FIELDS, "sha256", "version", "canonical")])


@dataclass
class Kept:
    statements: list[StatementLinks]
    fingerprints: dict[str, tuple[str, str]]  # document id → (sha256, extractor version)
    canonical: dict[str, str]  # event → canonical event, as last written
    links_digest: str
    polities_digest: str  # of the actors' polities the clusters were made with


@dataclass
class Found:
    """Every statement of the store, for linking: those kept from the last linking, and those read now."""

    kept: list[StatementLinks]
    read: list[StatementLinks]
    only_added: bool  # ``kept`` is all the last linking kept: no kept document changed or went


def can_keep(store) -> bool:
    return getattr(store, "path", None) is not None and not getattr(store, "read_only", True)


def kept_path(store) -> Path:
    return Path(store.path) / DERIVED_DIR / f"{NAME}-{code_digest(StatementLinks, Kept)}.parquet"


def _stamp_path(kept: Path) -> Path:
    """The stamp of a kept file: the revision of the store whose documents its fingerprints are."""
    return kept.with_suffix(".revision")


def fingerprints_if_current(store) -> dict[str, tuple[str, str]] | None:
    """The fingerprints of every document in ``store`` as kept by its last linking, when the store has not
    been written since (its revision is the kept file's stamp), else ``None``.

    A build starts by asking what the store holds; the query reads two strings per document out of
    RocksDB (100,000 documents: 11-22 s with a cold page cache, 2-4 s warm), where the kept file's
    document rows take 0.6 s. The stamp is written only when the store closes with nothing written
    after the file was kept (:meth:`kgraph.store.GraphStore.when_named_unchanged`).
    """
    revision = getattr(store, "revision", None)
    if revision is None or getattr(store, "path", None) is None:
        return None
    path = kept_path(store)
    try:
        if _stamp_path(path).read_text(encoding="utf-8").strip() != revision:
            return None
        table = pq.read_table(path, columns=["document", "event", "sha256", "version"])
    except (OSError, UnicodeDecodeError, pa.ArrowException):
        return None
    rows = table.filter(table.column("event").is_null())
    return dict(zip(rows.column("document").to_pylist(),
                    zip(rows.column("sha256").to_pylist(), rows.column("version").to_pylist(), strict=True),
                    strict=True))


def read(store) -> Kept | None:
    """What the last linking of ``store`` kept, or ``None`` (nothing kept, other code, unreadable)."""
    if not can_keep(store):
        return None
    try:
        source = pq.ParquetFile(kept_path(store))
        metadata = source.schema_arrow.metadata or {}
        kept = Kept([], {}, {}, metadata.get(b"links", b"").decode(), metadata.get(b"polities", b"").decode())
        intern: dict = {}
        for batch in source.iter_batches(BATCH_ROWS):  # a batch at a time: memory stays that of the objects
            _add_batch(kept, batch, intern)
    except (OSError, pa.ArrowException):
        return None
    return kept


def _add_batch(kept: Kept, batch: pa.RecordBatch, intern: dict) -> None:
    """Add one batch: each column decoded through its distinct values, so repeated IRIs, dates and actor
    lists become one object each (10x fewer Python objects to make than value by value)."""
    columns = {name: _values(batch.column(name), intern, tuple if name in _LISTS else None)
               for name in batch.schema.names}
    events, canonical = columns["event"], columns["canonical"]
    for i, document in enumerate(columns["document"]):
        if events[i] is None:  # a document's row: its fingerprint
            kept.fingerprints[document] = (columns["sha256"][i], columns["version"][i])
    make = tuple.__new__  # StatementLinks._make without its length check, a third of the time here
    kept.statements.extend(make(StatementLinks, row) for row in zip(*(columns[f] for f in _FIELDS), strict=True)
                           if row[1] is not None)
    kept.canonical.update((event, root) for event, root in zip(events, canonical, strict=True) if event is not None)


def _values(array: pa.Array, intern: dict, convert=None) -> list:
    """The column as Python values, one object per distinct value (shared across batches by ``intern``)."""
    if convert is not None:  # the actor lists: few distinct ones, but Arrow does not encode lists
        return [intern.setdefault(v, v) for v in map(convert, array.to_pylist())]
    encoded = array.dictionary_encode()
    distinct = np.array([intern.setdefault(v, v) for v in encoded.dictionary.to_pylist()] + [None], dtype=object)
    return distinct[encoded.indices.fill_null(len(distinct) - 1).to_numpy()].tolist()


def statements_now(store, kept: Kept | None, fingerprints: dict[str, tuple[str, str]] | None,
                   rewritten: Collection[str], extracted: dict[str, list[StatementLinks]] | None = None) -> Found:
    """Every statement of the store: kept ones whose document is unchanged, those the caller ``extracted``
    (documents it has just written), and the rest read from the store."""
    if fingerprints is None:
        return Found([], read_statement_links(store), False)
    extracted = extracted or {}
    rewritten = set(rewritten)
    known = kept.fingerprints if kept is not None else {}
    stale = {d for d, fingerprint in fingerprints.items() if d in rewritten or known.get(d) != fingerprint}
    unread = stale - extracted.keys()
    if (kept is None and unread) or len(unread) > FULL_READ_SHARE * len(fingerprints):
        return Found([], read_statement_links(store), False)
    fresh = [s for d in sorted(stale & extracted.keys()) for s in extracted[d]]
    if unread:
        fresh += read_statement_links(store, unread)
    if kept is None:
        return Found([], fresh, False)
    only_added = not (stale & kept.fingerprints.keys()) and kept.fingerprints.keys() <= fingerprints.keys()
    unchanged = kept.statements if only_added else [
        s for s in kept.statements if s.document in fingerprints and s.document not in stale]
    return Found(unchanged, fresh, only_added)


def keep(store, statements: list[StatementLinks], fingerprints: dict[str, tuple[str, str]],
         canonical: dict[str, str], links_digest: str, polities_digest: str) -> None:
    """Keep what this linking read; not when some statement cannot be traced to a fingerprinted document.

    One row per statement, then one per document (no event: its fingerprint), written a batch at a time.
    """
    path = kept_path(store)
    try:  # first: a stamp never names a file it was not written for
        _stamp_path(path).unlink(missing_ok=True)
    except OSError:
        return  # a folder we may not write: nothing is kept (the next build reads the store)
    if any(s.document not in fingerprints for s in statements):
        path.unlink(missing_ok=True)
        return
    documents = list(fingerprints.items())

    schema = SCHEMA.with_metadata({"links": links_digest, "polities": polities_digest})

    def write(temporary: Path) -> None:
        with pq.ParquetWriter(temporary, schema) as writer:
            for start in range(0, len(statements), BATCH_ROWS):
                part = statements[start:start + BATCH_ROWS]
                columns = {f: [getattr(s, f) for s in part] for f in _FIELDS}
                columns["canonical"] = [canonical.get(s.event) for s in part]
                writer.write_batch(_batch(columns, len(part)))
            for start in range(0, len(documents), BATCH_ROWS):
                part = documents[start:start + BATCH_ROWS]
                columns = {"document": [d for d, _ in part], "sha256": [f[0] for _, f in part],
                           "version": [f[1] for _, f in part]}
                writer.write_batch(_batch(columns, len(part)))

    if not keep_file(path, NAME, write):
        return
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f"{NAME}-*.revision"):  # the stamps of other code's files
            if stale != _stamp_path(path):
                stale.unlink(missing_ok=True)
    store.when_named_unchanged(lambda revision: _stamp(path, revision))


def _stamp(path: Path, revision: str) -> None:
    temporary = _stamp_path(path).with_suffix(".tmp")
    with contextlib.suppress(OSError):  # no stamp only costs the next build its fingerprint query
        temporary.write_text(revision + "\n", encoding="utf-8")
        os.replace(temporary, _stamp_path(path))


def _batch(columns: dict[str, list], size: int) -> pa.RecordBatch:
    """A record batch of ``SCHEMA``; absent columns are nulls (empty lists for the actor lists)."""
    def column(f: pa.Field) -> pa.Array:
        if f.name in columns:
            return pa.array(columns[f.name], type=f.type)
        return pa.array([()] * size, type=f.type) if f.name in _LISTS else pa.nulls(size, type=f.type)

    return pa.RecordBatch.from_arrays([column(f) for f in SCHEMA], schema=SCHEMA)
