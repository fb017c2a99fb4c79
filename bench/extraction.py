"""Extraction throughput: characters and documents per second per core, alone and end to end.

*Extraction only* times :func:`kgraph.extract.extract_quads` on generated documents held in memory, in
this process (one core), after a warm-up (lexicons loaded, memo tables filled), with the garbage
collector set as ``kgraph build`` sets it for extraction (:func:`kgraph.extract.collector_for_extraction`).
The baseline is the floor any extractor pays on the same text: Unicode normalisation and a regex word
split.

*End to end* runs ``kgraph build --workers N`` in a child process on the same documents written to
disk, into a fresh Oxigraph store (reading, extraction, transactional writes, event linking), and
divides by the workers to give a per-core figure; its baseline is extraction alone. The same child
processes give the peak-RSS figures of the memory benchmark (bench/memory.py), so a build runs once.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from functools import cache

from bench.common import (
    Row,
    Section,
    Sizes,
    cache_dir,
    fmt_rate,
    fmt_s,
    median,
    python,
    ratio,
    run_measured,
    timed,
    verdict,
)
from bench.corpus_gen import documents, write_corpus

WORD = re.compile(r"\w+")
TARGET_EXTRACTION = 250_000  # chars/s, one core
TARGET_END_TO_END = 100_000  # chars/s per core
MEDIAN_UP_TO = 10_000  # documents: larger corpora are extracted once (a run of 100,000 takes ~6 minutes)


def _extract_all(extract, docs) -> None:
    """Each document's quads, dropped as the next is made: as a build's workers stream them (keeping a
    corpus's quads alive made every collection walk them, 6% of the time at 3,000 documents)."""
    for document in docs:
        extract(document)


def _floor(texts: list[str]) -> None:
    for text in texts:
        WORD.findall(unicodedata.normalize("NFC", text))


def extraction_only(sizes: Sizes) -> Section:
    """Extraction alone at each corpus size: ``runs`` runs at the smallest, one run at the larger ones."""
    from kgraph.extract import collector_for_extraction, extract_quads

    section = Section("extraction")
    for d in list(documents(50, seed=99)):  # warm-up on other documents: lexicons, compiled patterns
        extract_quads(d)
    for index, n in enumerate(sizes.corpus):
        runs = sizes.runs if n <= MEDIAN_UP_TO else 1
        docs = list(documents(n))
        chars = sum(len(d.text) for d in docs)
        with collector_for_extraction():
            times = timed(lambda docs=docs: _extract_all(extract_quads, docs), runs)
        floor = timed(lambda docs=docs: _floor([d.text for d in docs]), runs)
        t, f = median(times), median(floor)
        section.rows.append(Row(
            "extraction only (1 core)", f"chars/s, {n:,} docs ({chars:,} chars)", fmt_rate(chars / t, "chars/s"),
            fmt_rate(chars / f, "chars/s") + " (NFC + regex split)", f"{t / f:,.0f}× slower than floor",
            "≥ 250,000 chars/s",
            verdict(chars / t >= TARGET_EXTRACTION, f"{chars / t / TARGET_EXTRACTION:.0%} of target"),
            f"median of {runs} run(s); {n / t:,.0f} docs/s"))
        if index == 0:
            section.notes.append(f"Generated documents average {chars / n:,.0f} characters.")
    return section


@cache
def build_run(n: int, workers: int) -> dict:
    """Build a generated corpus of ``n`` documents into a fresh store in a child process (memoised)."""
    corpus = write_corpus(cache_dir() / f"corpus-{n}", n)
    store = cache_dir() / f"e2e-store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    elapsed, peak, result = run_measured([python(), "-m", "kgraph.cli", "build", str(corpus), "--store", str(store),
                                          "--workers", str(workers), "--batch", "32"],
                                         env={"TERM": "dumb", "COLUMNS": "120"})
    if result.returncode != 0:
        raise RuntimeError(f"build of {n} documents failed: {result.stderr[-2000:]}")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.rglob("*.txt"))
    shutil.rmtree(store, ignore_errors=True)
    return {"docs": n, "chars": chars, "seconds": elapsed, "peak_rss": peak, "workers": workers}


def workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def end_to_end(sizes: Sizes, rates: dict[int, float]) -> Section:
    section = Section("end to end")
    w = workers()
    for n in sizes.corpus:
        repeats = sizes.runs if n == sizes.corpus[0] else 1
        results = [build_run(n, w)] + [build_run.__wrapped__(n, w) for _ in range(repeats - 1)]
        t = median([r["seconds"] for r in results])
        chars = results[0]["chars"]
        per_core = chars / t / w
        extraction_rate = rates.get(n)
        section.rows.append(Row(
            f"end to end into the store ({w} workers)", f"chars/s per core, {n:,} docs",
            fmt_rate(per_core, "chars/s/core"),
            fmt_rate(extraction_rate, "chars/s") + " (extraction only)" if extraction_rate else "",
            ratio(per_core, extraction_rate) if extraction_rate else "", "≥ 100,000 chars/s/core",
            verdict(per_core >= TARGET_END_TO_END, f"{per_core / TARGET_END_TO_END:.0%} of target"),
            f"{fmt_s(t)} wall, {n / t / w:,.1f} docs/s/core; median of {len(results)} run(s)"))
    return section


def run(sizes: Sizes) -> list[Section]:
    only = extraction_only(sizes)
    rates = {n: float(row.value.split()[0].replace(",", "")) for n, row in zip(sizes.corpus, only.rows, strict=True)}
    return [only, end_to_end(sizes, rates)]
