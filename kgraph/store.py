"""The persistent graph store: Oxigraph on disk, one set of named graphs per document.

Writers take a lock file so two builds never write the same store at once; a document's graphs are
dropped and rewritten in a single SPARQL Update, which Oxigraph applies as one transaction (the
document is present whole or not at all). The one exception is the first build of an empty store,
which may use Oxigraph's bulk loader (about 3× faster, not transactional): a mark file in the store
folder says such a build is under way, and a store found with the mark is treated as what it is, the
leftovers of an interrupted first build: readers refuse it, the next writer empties it. Readers
open the store read-only. Queries see the union of all named graphs as their default graph
(documented in the README), so a plain ``SELECT`` finds statements without naming graphs.

A revision file names what the store holds: a writer marks it "writing" at its first write and gives
it a fresh token when it closes, so a reader knows, from a file read before it opens the store,
whether what it sees may be kept under a name: tables derived from the store (:mod:`kgraph.derived`)
are kept under the token, and a later write makes them stale without touching them. A writer that
dies leaves the "writing" mark, which the next writer replaces.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from filelock import FileLock, Timeout

from kgraph.errors import StoreError
from kgraph.rdf.iris import BASE_GRAPH
from kgraph.resources import ontology_file

LOCK_NAME = ".kgraph.lock"
#: Present while a first build bulk-loads an empty store; removed once everything is flushed to disk.
INITIAL_BUILD_MARK = ".kgraph-initial-build"
#: Bulk loads run side by side in a first build by default (see :meth:`GraphStore.initial_build`).
PARALLEL_LOADS = 2
#: The store's revision token (see the module docstring); "writing …" while a writer is at work.
REVISION_FILE = ".kgraph-revision"
WRITING = "writing "
#: Named graphs holding the vocabulary shipped with kgraph (reloaded on every build).
VOCABULARY_GRAPHS = {
    "kgraph.ttl": BASE_GRAPH + "ontology",
    "event-types.ttl": BASE_GRAPH + "event-types",
    "gazetteer.ttl": BASE_GRAPH + "gazetteer",
}


@cache
def vocabulary_quads() -> tuple[ox.Quad, ...]:
    """The ontology, event types and gazetteer as quads in their named graphs (parsed once)."""
    quads = []
    for name, graph in VOCABULARY_GRAPHS.items():
        g = ox.NamedNode(graph)
        for triple in ox.parse(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, g))
    return tuple(quads)


def split_lines(data: bytes, parts: int) -> list[bytes]:
    """``data`` cut into at most ``parts`` pieces of about equal size, only after a newline (N-Quads
    text written one quad per line stays valid piece by piece)."""
    pieces, start = [], 0
    for k in range(1, parts):
        cut = data.find(b"\n", max(start, len(data) * k // parts))
        if cut < 0:
            break
        pieces.append(data[start:cut + 1])
        start = cut + 1
    pieces.append(data[start:])
    return [piece for piece in pieces if piece]


def read_revision(path: Path) -> str | None:
    """The revision token of the store at ``path`` (``None`` when it has none or it cannot be read)."""
    try:
        return (path / REVISION_FILE).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _write_revision(path: Path, token: str) -> None:
    temporary = path / (REVISION_FILE + ".tmp")
    temporary.write_text(token + "\n", encoding="utf-8")
    os.replace(temporary, path / REVISION_FILE)  # readers see the old token or the new one, never half


def _term(term) -> str:
    return str(term)


def insert_data(quads: Iterable[ox.Quad], keyword: str = "INSERT") -> str:
    """SPARQL ``INSERT DATA`` (or, with ``keyword="DELETE"``, ``DELETE DATA``) for quads in named graphs."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(_term(q.graph_name), []).append(
            f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} ."
        )
    body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(triples) + "\n}" for g, triples in by_graph.items())
    return f"{keyword} DATA {{\n{body}\n}}"


def replace_update(graphs: list[str], quads: Iterable[ox.Quad]) -> str:
    """SPARQL Update that drops ``graphs`` and inserts ``quads`` (requests joined with ``;`` stay atomic)."""
    drops = ";\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
    quads = list(quads)
    return drops + (";\n" + insert_data(quads) if quads else "")


class GraphStore:
    """An Oxigraph store on disk (or in memory when ``path`` is ``None``)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        #: True when opening found (and emptied) the leftovers of an interrupted first build.
        self.discarded_interrupted_build = False
        self._lock: FileLock | None = None
        self._writing = False
        self._revision: str | None = None
        self._changes = 0  # writes made through this object (see when_named_unchanged)
        self._when_named: list[tuple[int, Callable[[str], None]]] = []
        if self.path is None:
            self.store = ox.Store()
            return
        if read_only:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no store here (build one with `kgraph build --store {self.path}`)")
            self._revision = read_revision(self.path)  # before opening: what opens is at least this revision
            try:
                self.store = ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
                raise StoreError(f"{self.path}: cannot open store read-only: {_first_line(exc)}") from None
            if (self.path / INITIAL_BUILD_MARK).exists():
                raise StoreError(f"{self.path}: the first build of this store was interrupted; "
                                 f"run `kgraph build --store {self.path}` again")
            return
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path / LOCK_NAME))
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise StoreError(f"{self.path}: store is in use by another kgraph process (lock held)") from None
        self._revision = read_revision(self.path)
        try:
            self.store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            self._lock.release()
            raise StoreError(f"{self.path}: cannot open store (damaged?): {_first_line(exc)}") from None
        if (self.path / INITIAL_BUILD_MARK).exists():
            # only a store without documents is ever bulk-loaded, so emptying it loses nothing that was
            # stored before; what the interrupted build wrote may have half-written indexes
            self._begin_write()
            self.store.clear()
            self.store.flush()
            (self.path / INITIAL_BUILD_MARK).unlink()
            self.discarded_interrupted_build = True

    # -- lifecycle -------------------------------------------------------------------------------------
    @property
    def revision(self) -> str | None:
        """A token naming what this store holds, or ``None`` when that cannot be named.

        ``None`` for a store in memory, a store without a revision file (made by other tools or older
        kgraph), one whose writer is at work or died at work, and while this object itself writes.
        """
        if self._writing or self._revision is None or self._revision.startswith(WRITING):
            return None
        return self._revision

    def when_named_unchanged(self, callback: Callable[[str], None]) -> None:
        """Call ``callback`` with the revision token this store is given when it closes, provided nothing
        is written after this call; so what a caller derived from the store now can be stamped with the
        revision it describes (:mod:`kgraph.kept_links` stamps the fingerprints it keeps)."""
        if self.path is not None and not self.read_only:
            self._when_named.append((self._changes, callback))

    def _begin_write(self) -> None:
        """Called before every change: marks the store as being written (at the first), counts it."""
        self._changes += 1
        if self.path is not None and not self._writing:
            _write_revision(self.path, WRITING + uuid.uuid4().hex)
            self._writing = True

    def close(self) -> None:
        if getattr(self, "store", None) is not None and not self.read_only and self.path is not None:
            with contextlib.suppress(OSError):
                self.store.flush()
                if self.revision is None:  # written now, or unnamed before: name what is on disk
                    self._revision = uuid.uuid4().hex
                    _write_revision(self.path, self._revision)  # only after the flush: all is on disk
                    self._writing = False
                for changes, callback in self._when_named:
                    if changes == self._changes and self._revision is not None:
                        callback(self._revision)
        self.store = None  # type: ignore[assignment]
        if self._lock is not None and self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------------
    def replace_graphs(self, graphs: list[str], quads: Iterable[ox.Quad]) -> None:
        """Drop ``graphs`` and insert ``quads`` in one transaction."""
        self.update(replace_update(graphs, quads))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update; Oxigraph applies one request as one transaction."""
        self._begin_write()
        self.store.update(sparql)

    def checkpoint(self) -> None:
        """Flush written data to disk, so that memory stays flat during long builds."""
        self.store.flush()

    def load_vocabulary(self) -> bool:
        """(Re)load the ontology, event types and gazetteer graphs, unless the store holds exactly them;
        returns whether they were (re)loaded.

        Every build calls this; rewriting the ~6,000 quads cost each small incremental build 0.5-1 s,
        while comparing them costs ~30 ms. (Blank nodes would never compare equal: a vocabulary with
        them is simply reloaded every time.)
        """
        stored = {q for graph in VOCABULARY_GRAPHS.values() for q in self.graph_quads(ox.NamedNode(graph))}
        if stored == set(vocabulary_quads()):
            return False
        self.replace_graphs(list(VOCABULARY_GRAPHS.values()), vocabulary_quads())
        return True

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._begin_write()
        self.store.extend(quads)

    def add_nquads(self, data: bytes) -> None:
        """Insert kgraph's own N-Quads output in one transaction.

        Parsed in Rust straight into the store (no Python object per quad), and leniently: the text
        comes from pyoxigraph's serialiser, whose terms were already checked when they were made.
        """
        self._begin_write()
        self.store.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)

    def can_bulk_load(self) -> bool:
        """True for an on-disk store holding nothing but the vocabulary (the only kind bulk-loaded)."""
        if self.path is None or self.read_only:
            return False
        vocabulary = set(VOCABULARY_GRAPHS.values())
        if any(g.value not in vocabulary for g in self.store.named_graphs()):
            return False
        return next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None

    @contextlib.contextmanager
    def initial_build(self, parallel: int = PARALLEL_LOADS) -> Iterator[Callable[[bytes], None]]:
        """Bulk-load a first build: yields a function taking N-Quads text, marks the store meanwhile.

        Oxigraph's bulk loader sorts and writes each call's index files on one thread (~80k quads/s
        here), and releases the GIL while it works; so the text is cut in ``parallel`` parts loaded
        side by side, and the function returns while they run (the writer goes on taking the workers'
        results). 300k quads alone: 1 part 91k quads/s, 2 parts 132k, 4 parts 154k. Only cores the
        extraction workers leave idle help: a 1,000-document build with 2 workers on 2 cores took
        7.6 s with one load at a time and 8.2 s with two.

        The mark is removed only after the last load is flushed, so a crash at any point leaves it
        behind and the next open empties the store (see the module docstring).
        """
        if not self.can_bulk_load():
            raise StoreError(f"{self.path}: bulk loading is only for an empty store on disk")
        self._begin_write()
        mark = self.path / INITIAL_BUILD_MARK
        with mark.open("w") as handle:
            handle.write("a first build is bulk-loading this store; if you read this, it was interrupted\n")
            handle.flush()
            os.fsync(handle.fileno())

        with ThreadPoolExecutor(parallel, thread_name_prefix="kgraph-bulk-load") as loads:
            pending: deque[Future] = deque()

            def load(data: bytes) -> None:
                for part in split_lines(data, parallel):
                    while len(pending) >= 2 * parallel:  # bounds the N-Quads text waiting in memory
                        pending.popleft().result()
                    pending.append(loads.submit(self.store.bulk_load, part, format=ox.RdfFormat.N_QUADS, lenient=True))

            try:
                yield load
            finally:  # whatever happens, no load is still running when this returns (the mark stays on error)
                while pending:
                    pending.popleft().result()
        self.store.flush()
        mark.unlink()

    # -- reading ---------------------------------------------------------------------------------------
    def query(self, sparql: str):
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of every graph."""
        return iter(self.store)

    def graph_quads(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph,
                    subject: ox.NamedNode | ox.BlankNode | None = None) -> Iterator[ox.Quad]:
        """The quads of one graph, or of one subject in it (an index scan)."""
        return iter(self.store.quads_for_pattern(subject, None, None, graph))

    def named_graphs(self) -> Iterator[str]:
        for g in self.store.named_graphs():
            yield g.value

    def document_ids(self) -> list[str]:
        from kgraph.namespaces import KG

        rows = self.query(f"SELECT ?id WHERE {{ ?d a <{KG.Document}> ; <http://purl.org/dc/terms/identifier> ?id }}")
        return sorted(row["id"].value for row in rows)

    def __len__(self) -> int:
        return len(self.store)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def open_store(location: str | Path, read_only: bool = False):
    """A store by location: a folder (embedded Oxigraph) or the URL of a SPARQL 1.1 endpoint."""
    if str(location).startswith(("http://", "https://")):
        from kgraph.remote import RemoteStore

        return RemoteStore(str(location), read_only=read_only)
    return GraphStore(location, read_only=read_only)
