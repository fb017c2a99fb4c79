"""Store benchmarks: bulk ingest into Oxigraph vs an in-memory rdflib Dataset; Turtle/TriG export and import.

Ingest is measured two ways, both against rdflib in memory:

- from term objects: both sides get the same quads pre-built as their own term objects (conversion is
  not timed), so the figures compare the stores' insert paths. Oxigraph ingests into a fresh on-disk
  store with ``bulk_extend`` and with ``extend`` (one transaction); rdflib ``addN``s into a ``Dataset``.
- from N-Quads text, which is how ``kgraph build`` ingests (workers send each document's quads as
  N-Quads): one Oxigraph ``bulk_load`` call, kgraph's first-build loader (the text cut in parts
  bulk-loaded side by side, :meth:`kgraph.store.GraphStore.initial_build`) and ``load`` (one
  transaction, every later build) into a fresh on-disk store, against rdflib parsing the same bytes
  into a ``Dataset``.

Export and import are timed on the same data: Oxigraph's Rust serialiser and parser against rdflib's.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import rdflib

from bench.common import Row, Section, Sizes, fmt_rate, fmt_s, median, ratio, timed, verdict
from bench.replicate import take
from kgraph.store import PARALLEL_LOADS, GraphStore


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if dtype.endswith("#string") else rdflib.URIRef(dtype))
    raise TypeError(term)


def run(sizes: Sizes) -> list[Section]:
    section = Section("store")
    quads = take(sizes.ingest_quads)
    n = len(quads)
    rdflib_quads = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                     rdflib.Graph(identifier=to_rdflib(q.graph_name))) for q in quads]
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-bench-store-"))
    try:
        holder: dict = {}

        def fresh() -> None:  # a new folder each time: the previous store may still hold its lock
            holder["store"] = None
            holder["n"] = holder.get("n", 0) + 1
            holder["store"] = ox.Store(str(tmp / f"s{holder['n']}"))

        def ox_bulk() -> None:
            holder["store"].bulk_extend(quads)
            holder["store"].flush()

        def ox_extend() -> None:
            holder["store"].extend(quads)

        def rdflib_ingest() -> None:
            holder["ds"] = rdflib.Dataset()
            holder["ds"].addN(rdflib_quads)

        bulk = median(timed(ox_bulk, sizes.runs, fresh))
        extend = median(timed(ox_extend, sizes.runs, fresh))
        base = median(timed(rdflib_ingest, sizes.runs))
        for label, t in (("Oxigraph bulk_extend (on disk)", bulk), ("Oxigraph extend, one transaction", extend)):
            section.rows.append(Row("store ingest", f"{label}, {n:,} quads", fmt_rate(n / t, "quads/s"),
                                    fmt_rate(n / base, "quads/s") + " (rdflib Dataset, memory)", ratio(base, t),
                                    "≥ 10× rdflib", verdict(base / t >= 10, f"{base / t:.1f}×"),
                                    f"median of {sizes.runs} runs"))
        section.rows.extend(_nquads_ingest(quads, sizes.runs, tmp))
        store, ds = holder["store"], holder["ds"]
        section.rows.extend(_export_import(store, ds, n, sizes.runs, tmp))
    finally:
        holder.clear()
        shutil.rmtree(tmp, ignore_errors=True)
    return [section]


def _nquads_ingest(quads: list[ox.Quad], runs: int, tmp: Path) -> list[Row]:
    """kgraph's ingest path: N-Quads bytes into the on-disk store, against rdflib parsing the same bytes."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    n = len(quads)
    folders = iter(range(10_000))

    def fresh() -> ox.Store:
        return ox.Store(str(tmp / f"nq{next(folders)}"))

    def ox_ingest(method: str) -> float:
        store = fresh()
        start = time.perf_counter()
        getattr(store, method)(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        return time.perf_counter() - start

    def kgraph_ingest() -> float:
        """kgraph's first-build loader: the text cut in parts bulk-loaded side by side (GraphStore.initial_build)."""
        store = GraphStore(tmp / f"nq{next(folders)}")
        start = time.perf_counter()
        with store.initial_build(PARALLEL_LOADS) as load:
            load(data)
        elapsed = time.perf_counter() - start
        store.close()
        return elapsed

    base = median(timed(lambda: rdflib.Dataset().parse(data=data, format="nquads"), runs))
    rows = []
    variants = (("Oxigraph bulk_load, one call", lambda: ox_ingest("bulk_load"),
                 "what one loader thread does"),
                (f"kgraph first-build loader ({PARALLEL_LOADS} bulk loads side by side)", kgraph_ingest,
                 "kgraph build's path when cores are idle (with --workers 1, or more cores than workers)"),
                ("Oxigraph load, one transaction (later builds)", lambda: ox_ingest("load"), "kgraph build's path"))
    for label, ingest, note in variants:
        t = median([ingest() for _ in range(runs)])
        rows.append(Row("store ingest", f"N-Quads text, {label}, {n:,} quads", fmt_rate(n / t, "quads/s"),
                        fmt_rate(n / base, "quads/s") + " (rdflib Dataset.parse, memory)", ratio(base, t),
                        "≥ 10× rdflib", verdict(base / t >= 10, f"{base / t:.1f}×"),
                        f"median of {runs} runs; {len(data) / 1e6:,.1f} MB; {note}"))
    return rows


UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ox_dump(store: ox.Store, fmt: ox.RdfFormat) -> bytes:
    if fmt is ox.RdfFormat.TURTLE:  # Turtle has no graphs: the union, as `kgraph export` writes it
        return ox.serialize(store.query(UNION), format=fmt)
    return store.dump(format=fmt)


def _ox_load(data: bytes, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    if fmt is ox.RdfFormat.TURTLE:
        store.bulk_load(data, fmt, to_graph=ox.DefaultGraph())
    else:
        store.bulk_load(data, fmt)
    return store


def _rdflib_load(data: bytes, fmt: str) -> None:
    (rdflib.Dataset() if fmt == "trig" else rdflib.Graph()).parse(io.BytesIO(data), format=fmt)


def _export_import(store: ox.Store, ds: rdflib.Dataset, n: int, runs: int, tmp: Path) -> list[Row]:
    rows = []
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    for name, fmt, rdflib_fmt, target in (("TriG", ox.RdfFormat.TRIG, "trig", ds),
                                          ("Turtle", ox.RdfFormat.TURTLE, "turtle", union)):
        t_ox = median(timed(partial(_ox_dump, store, fmt), runs))
        t_rl = median(timed(partial(target.serialize, format=rdflib_fmt), runs))
        data = _ox_dump(store, fmt)
        rows.append(Row("export", f"{name}, {n:,} quads", fmt_s(t_ox) + f" ({n / t_ox:,.0f} quads/s)",
                        fmt_s(t_rl) + " (rdflib serialize)", ratio(t_rl, t_ox) + " faster", "", "",
                        f"median of {runs} runs; {len(data) / 1e6:,.1f} MB"
                        + ("; Turtle is the union of the graphs" if fmt is ox.RdfFormat.TURTLE else "")))
        t_ox = median(timed(partial(_ox_load, data, fmt), runs))
        t_rl = median(timed(partial(_rdflib_load, data, rdflib_fmt), runs))
        rows.append(Row("import", f"{name}, {n:,} quads", fmt_s(t_ox) + f" ({n / t_ox:,.0f} quads/s)",
                        fmt_s(t_rl) + " (rdflib parse)", ratio(t_rl, t_ox) + " faster", "", "",
                        f"median of {runs} runs; Oxigraph bulk_load into memory"))
    return rows
