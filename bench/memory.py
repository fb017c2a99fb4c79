"""Peak memory of a build as the corpus grows: it must stay flat, because the build streams.

Each figure is the peak resident set size of the whole ``kgraph build --workers N`` process tree
(writer plus extraction workers, summed, sampled every 50 ms with psutil), from the same child
processes as the end-to-end benchmark (bench/extraction.py). The baseline is the peak of the smallest
corpus; a ratio near 1× at 10× and 100× the documents means memory does not grow with the corpus.
"""

from __future__ import annotations

from bench.common import Row, Section, Sizes, ratio, verdict
from bench.extraction import build_run, workers

LIMIT = 2 * 1024**3


def run(sizes: Sizes) -> list[Section]:
    section = Section("memory")
    w = workers()
    runs = [build_run(n, w) for n in sizes.corpus]
    base = runs[0]["peak_rss"]
    for r in runs:
        mb = r["peak_rss"] / 1024**2
        largest = r is runs[-1]
        section.rows.append(Row("memory", f"peak RSS of a {r['docs']:,}-document build ({w} workers, tree total)",
                                f"{mb:,.0f} MB", f"{base / 1024**2:,.0f} MB ({runs[0]['docs']:,} docs)",
                                ratio(r["peak_rss"], base),
                                "< 2 GB at 100,000 docs" if largest else "",
                                verdict(r["peak_rss"] < LIMIT, f"{mb / 1024:.1f} GB") if largest else "",
                                "" if r["docs"] >= 100_000 or not largest else
                                f"largest size run here: {r['docs']:,} docs (100,000 with --size full)"))
    return [section]
