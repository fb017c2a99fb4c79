"""Analysis at scale: the actor graph and its centrality for 100k statements.

Statements come from a real build of generated documents (so actors and their mix are what the
extractor produces from the gazetteer), replicated with fresh statement IRIs up to the wanted count.
Timed: :func:`kgraph.analysis.network.actor_graph`, :func:`~kgraph.analysis.network.centrality`
(betweenness and eigenvector) and the commitment ledger
(:func:`kgraph.analysis.commitments.commitment_ledger`, which pairs every commitment with the
reported events that could fulfil it). The baseline is the least any implementation pays: counting the same
source → target pairs with a pandas ``groupby``. The statement table query on the build's store is
timed too (once), since analyses start from it, and so is reading the table back from the store
folder where the first query kept it (:mod:`kgraph.derived`), against that query.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.common import Row, Section, Sizes, cache_dir, fmt_s, median, ratio, timed
from bench.corpus_gen import write_corpus


def statements(sizes: Sizes) -> tuple[pd.DataFrame, float, float, int]:
    """(table of ``sizes.statements`` rows, seconds the statement-table query took, seconds to read
    the kept table back (median), statements built)."""
    from bench.extraction import workers
    from kgraph.analysis.table import statement_table
    from kgraph.build import build
    from kgraph.store import GraphStore

    docs = sizes.corpus[0]
    corpus = write_corpus(cache_dir() / f"corpus-{docs}", docs)
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-analysis-") as tmp:
        with GraphStore(Path(tmp) / "s") as store:
            build([corpus], store, workers=workers())
        with GraphStore(Path(tmp) / "s", read_only=True) as store:
            start = time.perf_counter()
            table = statement_table(store)  # read from the graphs, then kept in the store folder
            query_s = time.perf_counter() - start
            kept_s = median(timed(lambda: statement_table(store), sizes.runs))
    built = len(table)
    copies = -(-sizes.statements // max(built, 1))
    parts = []
    for n in range(copies):
        part = table.copy()
        part["statement"] = part["statement"] + f"-c{n}"
        part["canonical"] = part["canonical"] + f"-c{n}"  # a copy reports its own events
        parts.append(part)
    return pd.concat(parts, ignore_index=True).head(sizes.statements), query_s, kept_s, built


def _pairs(table: pd.DataFrame) -> pd.Series:
    pairs = table[["source_ids", "target_ids"]].explode("source_ids").explode("target_ids").dropna()
    return pairs.groupby(["source_ids", "target_ids"]).size()


def run(sizes: Sizes) -> list[Section]:
    from kgraph.analysis.commitments import commitment_ledger
    from kgraph.analysis.network import actor_graph, centrality

    section = Section("analysis")
    table, query_s, kept_s, built = statements(sizes)
    n = len(table)
    holder: dict = {}
    t_graph = median(timed(lambda: holder.update(g=actor_graph(table)), sizes.runs))
    t_central = median(timed(lambda: centrality(holder["g"]), sizes.runs))
    t_base = median(timed(lambda: _pairs(table), sizes.runs))
    as_of = table["reported"].max()
    t_ledger = median(timed(lambda: holder.update(ledger=commitment_ledger(table, as_of)), sizes.runs))
    ledger = holder["ledger"]
    g = holder["g"]
    shape = f"{g.number_of_nodes():,} actors, {g.number_of_edges():,} edges"
    section.rows.append(Row("analysis", f"actor graph from {n:,} statements ({shape})", fmt_s(t_graph),
                            fmt_s(t_base) + " (pandas groupby of the same pairs)", ratio(t_graph, t_base) + " slower",
                            "", "", f"median of {sizes.runs} runs"))
    section.rows.append(Row("analysis", "centrality (degree, betweenness, eigenvector)", fmt_s(t_central),
                            fmt_s(t_base) + " (pandas groupby)", ratio(t_central, t_base) + " slower", "", "",
                            f"median of {sizes.runs} runs"))
    section.rows.append(Row("analysis", f"commitment ledger from {n:,} statements ({len(ledger):,} commitments, "
                                        f"{(ledger['status'] == 'fulfilled').sum():,} fulfilled)", fmt_s(t_ledger),
                            fmt_s(t_base) + " (pandas groupby)", ratio(t_ledger, t_base) + " slower", "", "",
                            f"median of {sizes.runs} runs; as of the latest report"))
    section.rows.append(Row("analysis", f"statement table query ({built:,} statements built from "
                                        f"{sizes.corpus[0]:,} generated documents)", fmt_s(query_s), "", "", "", "",
                            "one run; the table is then replicated to the size above"))
    section.rows.append(Row("analysis", f"statement table kept in the store folder, read back ({built:,} statements)",
                            fmt_s(kept_s), fmt_s(query_s) + " (the statement table query above)",
                            ratio(query_s, kept_s) + " faster", "", "",
                            f"median of {sizes.runs} runs; Parquet named by the store's revision"))
    return [section]
