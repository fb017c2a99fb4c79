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
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable
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


def kept_path(store, name: str, compute: Callable) -> Path | None:
    """Where the table ``name`` of ``store``'s current revision is kept (``None``: it cannot be kept)."""
    revision = getattr(store, "revision", None)
    path = getattr(store, "path", None)
    if revision is None or path is None:
        return None
    token = hashlib.sha256(f"{revision}\0{code_digest(compute)}".encode()).hexdigest()[:24]
    return Path(path) / DERIVED_DIR / f"{name}-{token}.parquet"


def kept_frame(store, name: str, compute: Callable[[], pd.DataFrame],
               restore: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame) -> pd.DataFrame:
    """The table ``name`` of ``store``: read back when kept for this revision, else computed and kept.

    ``restore`` turns what Parquet gives back into exactly what ``compute`` returns (Parquet returns
    list columns as arrays, for one). A kept file that cannot be read is computed again.
    """
    import pandas as pd

    path = kept_path(store, name, compute)
    if path is not None and path.exists():
        with contextlib.suppress(OSError, ValueError):  # a damaged file: compute it again
            return restore(pd.read_parquet(path))
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
