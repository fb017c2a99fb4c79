"""Tables computed from a store, kept in its folder until the store changes.

Reading every statement back out of Oxigraph on disk costs ~0.4 ms a statement (each IRI and string of
each row is looked up in RocksDB), so the statement table of a 10,000-document store takes ~20 s, and
every analysis (ledger, actor graph, timeline page) starts from it. A table is therefore written once
as Parquet under ``.kgraph-derived/`` in the store folder, named by the store's revision token
(:attr:`kgraph.store.GraphStore.revision`) and by a digest of the code that computed it, and read back
while both are unchanged. A write gives the store a new token, so a kept table is never served for
data it was not computed from; a store that cannot name its revision (in memory, remote, being
written, made by other tools) is simply not cached. Nothing here is needed: deleting the folder only
costs the next analysis its time.

A table of an earlier revision also serves as the start of the current one when every write since was
a kgraph build that changed nothing but some documents (and the cross-document linking): each such
build leaves a *change record* here naming the revision it started from and the documents it wrote
(:func:`record_rewrites`), and :func:`kept_frame` follows those records back to a kept table and
hands it, with the documents written since, to the table's ``update``. A store written by anything
else, or a build that reloaded the vocabulary, leaves no record, and the table is computed whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import EXTRACTOR_VERSION

if TYPE_CHECKING:  # pandas is imported where a frame is read: a build keeps Arrow files and needs none
    import pandas as pd

DERIVED_DIR = ".kgraph-derived"


def code_digest(*computes: Callable | type) -> str:
    """The computing modules' source and kgraph's version: a changed table definition is a new name."""
    source = b""
    for compute in computes:
        module = sys.modules.get(compute.__module__)
        if module is not None and getattr(module, "__file__", None):
            source += Path(module.__file__).read_bytes()
    return hashlib.sha256(source + EXTRACTOR_VERSION.encode()).hexdigest()[:16]


#: How many builds back an earlier kept table is looked for (a record names the documents a build wrote).
KEPT_RECORDS = 64


def kept_path(store, name: str, compute: Callable, revision: str | None = None) -> Path | None:
    """Where the table ``name`` of ``store``'s current revision (or of ``revision``) is kept (``None``:
    it cannot be kept)."""
    revision = revision or getattr(store, "revision", None)
    path = getattr(store, "path", None)
    if revision is None or path is None:
        return None
    token = hashlib.sha256(f"{revision}\0{code_digest(compute)}".encode()).hexdigest()[:24]
    return Path(path) / DERIVED_DIR / f"{name}-{token}.parquet"


def kept_frame(store, name: str, compute: Callable[[], pd.DataFrame],
               restore: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame,
               update: Callable[[pd.DataFrame, set[str]], pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """The table ``name`` of ``store``: read back when kept for this revision, else computed and kept.

    ``restore`` turns what Parquet gives back into exactly what ``compute`` returns (Parquet returns
    list columns as arrays, for one). A kept file that cannot be read is computed again. ``update``,
    given the table of an earlier revision and the ids of the documents written since, returns the
    current table (what ``compute`` would), or ``None`` to have it computed whole.
    """
    path = kept_path(store, name, compute)
    if path is not None and path.exists():
        frame = _read(path, restore)
        if frame is not None:
            return frame
    frame = None
    if update is not None and path is not None:
        earlier = _earlier_frame(store, name, compute, restore)
        if earlier is not None:
            frame = update(*earlier)
    if frame is None:
        frame = compute()
    if path is not None:
        keep_file(path, name, lambda temporary: frame.to_parquet(temporary, index=False))
    return frame


def keep_file(path: Path, name: str, write: Callable[[Path], None]) -> bool:
    """Write ``path`` atomically with ``write`` and drop the other files of ``name``; a folder we may
    not write is fine (nothing kept is needed). Returns whether ``path`` now holds what ``write`` wrote."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    written = False
    try:
        path.parent.mkdir(exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
        written = True
        for stale in path.parent.glob(f"{name}-*.parquet"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return written


def _read(path: Path, restore: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame | None:
    import pandas as pd

    with contextlib.suppress(OSError, ValueError):  # a damaged file: compute it again
        return restore(pd.read_parquet(path))
    return None


def _record_path(store_path: Path, revision: str) -> Path:
    return Path(store_path) / DERIVED_DIR / f"changes-{revision}.json"


def _earlier_frame(store, name: str, compute: Callable, restore: Callable[[pd.DataFrame], pd.DataFrame],
                   ) -> tuple[pd.DataFrame, set[str]] | None:
    """The nearest kept table of an earlier revision, reached through change records, and the documents
    written since; ``None`` when the records do not lead to one."""
    revision, rewritten = store.revision, set()
    for _ in range(KEPT_RECORDS):
        try:
            record = json.loads(_record_path(store.path, revision).read_text(encoding="utf-8"))
            revision = record["from"]
            rewritten.update(record["rewritten"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        path = kept_path(store, name, compute, revision)
        frame = _read(path, restore) if path is not None and path.exists() else None
        if frame is not None:
            return frame, rewritten
    return None


def record_rewrites(store, started_at: str | None, rewritten: Iterable[str]) -> None:
    """Record, for the revision ``store`` is given when it closes, that it came from ``started_at`` by
    rewriting the documents ``rewritten`` (and relinking): only if nothing else is written after this
    call, and only for a store on disk whose starting revision was named."""
    path = getattr(store, "path", None)
    when_named = getattr(store, "when_named_unchanged", None)
    if started_at is None or path is None or when_named is None:
        return
    documents = sorted(rewritten)

    def write(revision: str) -> None:
        if revision == started_at:  # nothing was written
            return
        record = _record_path(path, revision)
        temporary = record.with_suffix(".tmp")
        with contextlib.suppress(OSError):  # no record only costs the next analysis its time
            record.parent.mkdir(exist_ok=True)
            temporary.write_text(json.dumps({"from": started_at, "rewritten": documents}), encoding="utf-8")
            os.replace(temporary, record)
            records = sorted(record.parent.glob("changes-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in records[KEPT_RECORDS:]:
                old.unlink(missing_ok=True)

    when_named(write)
