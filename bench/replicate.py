"""Big triple sets for the store and query benchmarks: the demo store's quads, replicated with renamed IRIs.

Building 10M triples by extraction would take hours; replicating the bundled corpus's document graphs
(document, statement, mention, event IRIs and document identifiers renamed with a per-copy suffix)
gives stores of any size with the demo's shape, whose named queries still return results (copy 0 keeps
the original IRIs, so the queries' default parameters hit). The vocabulary graphs (ontology, event
types, gazetteer) are loaded once, as in a real store, so actors are shared across copies the way one
politician appears in thousands of reports. Stores are cached under the bench cache folder.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from bench.common import REPO, cache_dir

DOC = "https://w3id.org/kgraph/doc/"
EVENT = "https://w3id.org/kgraph/event/"
IDENTIFIER = "http://purl.org/dc/terms/identifier"


@cache
def base_quads() -> tuple[tuple[ox.Quad, ...], tuple[ox.Quad, ...]]:
    """(vocabulary quads, document quads) of the bundled corpus, built once in memory."""
    from kgraph.build import build
    from kgraph.store import VOCABULARY_GRAPHS, GraphStore

    store = GraphStore()
    build([REPO / "corpus"], store)
    vocabulary = set(VOCABULARY_GRAPHS.values())
    quads = list(store.quads())
    in_vocabulary = [isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in vocabulary for q in quads]
    return (tuple(q for q, v in zip(quads, in_vocabulary, strict=True) if v),
            tuple(q for q, v in zip(quads, in_vocabulary, strict=True) if not v))


def _rename(term, suffix: str):
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith(DOC):
            rest = value[len(DOC):]
            cut = min((i for i in (rest.find("#"), rest.find("/")) if i >= 0), default=len(rest))
            return ox.NamedNode(DOC + rest[:cut] + suffix + rest[cut:])
        if value.startswith(EVENT):
            return ox.NamedNode(value + suffix)
    return term


def copy(quads: tuple[ox.Quad, ...], n: int) -> Iterator[ox.Quad]:
    """Copy ``n`` of the document quads (copy 0 is the original)."""
    if n == 0:
        yield from quads
        return
    suffix = f"-c{n}"
    for q in quads:
        obj = q.object
        if q.predicate.value == IDENTIFIER and isinstance(obj, ox.Literal):
            obj = ox.Literal(obj.value + suffix)
        else:
            obj = _rename(obj, suffix)
        yield ox.Quad(_rename(q.subject, suffix), q.predicate, obj, _rename(q.graph_name, suffix))


def replicated(triples: int) -> Iterator[ox.Quad]:
    """About ``triples`` quads: the vocabulary once, then whole copies of the document graphs."""
    vocabulary, docs = base_quads()
    yield from vocabulary
    copies = max(1, round((triples - len(vocabulary)) / len(docs)))
    for n in range(copies):
        yield from copy(docs, n)


def take(triples: int) -> list[ox.Quad]:
    """Exactly ``triples`` quads of :func:`replicated` as a list (for ingest timing)."""
    return list(itertools.islice(replicated(triples + len(base_quads()[1])), triples))


MARK = "\x00"
_DOC_IRI = re.compile(r"<https://w3id\.org/kgraph/doc/([^#/>]+)")
_EVENT_IRI = re.compile(r"<(https://w3id\.org/kgraph/event/[^>]+)>")
_ID_LITERAL = re.compile(r'(<http://purl\.org/dc/terms/identifier> "[^"]+)"')


def nquads_template(quads: tuple[ox.Quad, ...]) -> str:
    """The document quads as N-Quads with a marker where each copy's suffix goes (fast bulk copies)."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    text = _DOC_IRI.sub(lambda m: m.group(0) + MARK, text)
    text = _EVENT_IRI.sub(lambda m: f"<{m.group(1)}{MARK}>", text)
    return _ID_LITERAL.sub(lambda m: m.group(1) + MARK + '"', text)


def replicated_store(triples: int) -> Path:
    """A cached on-disk Oxigraph store of about ``triples`` quads (bulk-loaded once)."""
    path = cache_dir() / f"store-{triples}"
    marker = path / ".complete"
    if marker.exists():
        return path
    shutil.rmtree(path, ignore_errors=True)
    vocabulary, docs = base_quads()
    store = ox.Store(str(path))
    store.bulk_extend(vocabulary)
    template = nquads_template(docs)
    copies = max(1, round((triples - len(vocabulary)) / len(docs)))
    chunk = 50
    for first in range(0, copies, chunk):
        text = "".join(template.replace(MARK, f"-c{n}" if n else "") for n in range(first, min(first + chunk, copies)))
        store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    count = len(store)
    del store
    marker.write_text(str(count))
    return path


def store_size(path: Path) -> int:
    return int((path / ".complete").read_text())
