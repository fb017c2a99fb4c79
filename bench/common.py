"""Shared pieces: result rows, repeated timing, the cache folder and child-process peak memory.

Timing takes the median of several runs (the issue asks for ≥ 5) because this machine is shared with
other jobs; ratios against a baseline timed in the same run cancel most of that noise.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""
    note: str = ""


@dataclass
class Section:
    name: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sizes:
    """What each ``--size`` means; ``full`` is what the issue asks for, ``standard`` what fits ~30 min."""

    name: str
    corpus: tuple[int, ...]          # documents for extraction / end-to-end / memory
    extraction_docs: int             # documents for the extraction-only throughput runs
    ingest_quads: int                # quads for the store ingest and export/import comparisons
    query_stores: tuple[int, ...]    # triples of the replicated stores for named queries
    rdflib_store: int                # triples for rdflib's engine (the smallest query store)
    rdflib_timeout: float            # seconds per rdflib query before "> T s"
    statements: int                  # statements for the analysis benchmark
    actors: int                      # actors on the HTML page
    runs: int                        # repetitions per timed figure


SIZES = {
    "smoke": Sizes("smoke", (5, 10), 10, 2_000, (20_000,), 20_000, 2.0, 1_000, 20, 1),
    "standard": Sizes("standard", (1_000, 3_000), 1_000, 100_000, (1_000_000, 10_000_000), 1_000_000, 30.0,
                      100_000, 2_000, 5),
    "full": Sizes("full", (1_000, 10_000, 100_000), 10_000, 1_000_000, (1_000_000, 10_000_000), 1_000_000, 120.0,
                  100_000, 2_000, 5),
}


def cache_dir() -> Path:
    """Generated corpora and stores live here (never in git): ``$KGRAPH_BENCH_CACHE`` or the temp folder."""
    path = Path(os.environ.get("KGRAPH_BENCH_CACHE") or Path(tempfile.gettempdir()) / "kgraph-bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def timed(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> list[float]:
    """Wall-clock seconds of ``fn`` over ``runs`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fmt_rate(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}"


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def ratio(a: float, b: float) -> str:
    return f"{a / b:,.2f}×" if b else "n/a"


def verdict(ok: bool, by: str = "") -> str:
    return "met" if ok else f"missed{' (' + by + ')' if by else ''}"


def run_measured(argv: list[str], env: dict | None = None, timeout: float | None = None,
                 interval: float = 0.05) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; return (wall seconds, peak RSS in bytes of it and all its children together, result).

    The process tree is sampled with psutil (summed RSS, the figure that matters for a machine's memory);
    without psutil, ``getrusage(RUSAGE_CHILDREN)`` gives the largest single process instead.
    """
    peak = 0
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is in the bench extra
        psutil = None
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        if psutil is None:
            return
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
                peak = max(peak, total)
            except psutil.Error:
                pass
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if psutil is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return elapsed, peak, subprocess.CompletedProcess(argv, proc.returncode, out, err)


def python() -> str:
    return sys.executable
