"""Incremental builds: a day's news added to a large store, and the first analysis after it.

Every build relinks the events of the whole store (:mod:`kgraph.events`), and reading every statement
back out of RocksDB is most of that. What linking read is kept beside the store
(:mod:`kgraph.kept_links`), so a build reads back only its new documents. Timed here: the same new
documents (1% of the store, at least 5, all published on one day after the store's last) built into
two copies of one store, in this process with one worker; one copy keeps the linking input, the other
has it deleted, which is the baseline (every build read the whole store before). Both the whole build
and its linking step are reported. Each run starts from fresh copies, so the new documents are new
every time.

The statement table every analysis starts from is kept beside the store too, and after a build it is
updated from the kept one (:func:`kgraph.analysis.table.updated_statement_table`); timed on the copy
that kept everything, against reading the table whole from the same store.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import Row, Section, Sizes, cache_dir, fmt_s, median, python, ratio, run_measured
from bench.corpus_gen import write_corpus, write_document

DAY = dt.date(2024, 1, 2)  # the generated archive spans 2019-2023: the news of the day after it


def _new_documents(folder: Path, n: int) -> Path:
    for i in range(n):
        write_document(folder, f"added-{i:06d}", i, seed=11, published=DAY)
    return folder


def _timed_build(store_path: Path, corpus: Path) -> tuple[float, float]:
    """(seconds for the whole build, seconds of its event linking)."""
    import kgraph.build as building
    from kgraph.store import GraphStore

    spent: dict[str, float] = {}
    link = building.link_events

    def timed_link(*args, **kwargs):
        start = time.perf_counter()
        try:
            return link(*args, **kwargs)
        finally:
            spent["link"] = time.perf_counter() - start

    building.link_events = timed_link
    try:
        start = time.perf_counter()
        with GraphStore(store_path) as store:
            report = building.build([corpus], store)
        total = time.perf_counter() - start
    finally:
        building.link_events = link
    if not report.built or report.skipped:
        raise RuntimeError(f"incremental build wrote {len(report.built)} documents, skipped {report.skipped[:3]}")
    return total, spent["link"]


def _timed_tables(store_path: Path) -> tuple[float, float]:
    """(seconds for the statement table as an analysis gets it, seconds reading it whole), equal tables."""
    import pandas as pd

    from kgraph.analysis.table import read_statement_table, statement_table
    from kgraph.store import GraphStore

    with GraphStore(store_path, read_only=True) as store:
        start = time.perf_counter()
        kept = statement_table(store)
        middle = time.perf_counter()
        whole = read_statement_table(store)
        end = time.perf_counter()
    pd.testing.assert_frame_equal(kept, whole)
    return middle - start, end - middle


def run(sizes: Sizes) -> list[Section]:
    from bench.extraction import workers
    from kgraph.derived import DERIVED_DIR
    from kgraph.kept_links import NAME

    section = Section("incremental")
    n = sizes.corpus[-1]
    added = max(5, n // 100)
    corpus = write_corpus(cache_dir() / f"corpus-{n}", n)
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-incremental-") as tmp:
        base, new = Path(tmp) / "base", _new_documents(Path(tmp) / "new", added)
        _, _, result = run_measured([python(), "-m", "kgraph.cli", "build", str(corpus), "--store", str(base),
                                     "--workers", str(workers()), "--batch", "32"], env={"TERM": "dumb"})
        if result.returncode != 0:
            raise RuntimeError(f"build of {n} documents failed: {result.stderr[-2000:]}")
        _timed_tables(base)  # an analysis of the store before the news: its statement table is kept
        shutil.copytree(base, Path(tmp) / "warm-up")  # loads the lexicons and fills the memo tables, untimed
        _timed_build(Path(tmp) / "warm-up", new)
        kept, full, tables = [], [], []
        for run_index in range(sizes.runs):
            for times, keep in ((kept, True), (full, False)):
                copy = Path(tmp) / f"copy-{run_index}-{keep}"
                shutil.copytree(base, copy)
                if not keep:
                    for path in (copy / DERIVED_DIR).glob(f"{NAME}-*"):
                        path.unlink()
                times.append(_timed_build(copy, new))
                if keep:
                    tables.append(_timed_tables(copy))
                shutil.rmtree(copy)
    for label, index in (("whole build", 0), ("its event linking", 1)):
        t_kept, t_full = median([t[index] for t in kept]), median([t[index] for t in full])
        section.rows.append(Row(
            "incremental build", f"{added:,} new documents into a {n:,}-document store: {label}", fmt_s(t_kept),
            fmt_s(t_full) + " (nothing kept: every statement read back)", ratio(t_full, t_kept) + " faster", "", "",
            f"median of {sizes.runs} runs; one worker; linking input kept beside the store"))
    t_updated, t_whole = median([t[0] for t in tables]), median([t[1] for t in tables])
    section.rows.append(Row(
        "incremental build", f"then the statement table ({n + added:,} documents), updated from the kept one",
        fmt_s(t_updated), fmt_s(t_whole) + " (read whole from the store)", ratio(t_whole, t_updated) + " faster",
        "", "", f"median of {sizes.runs} runs; equal tables"))
    return [section]
