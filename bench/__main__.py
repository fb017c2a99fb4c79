"""``python -m bench``: run the benchmarks and write the results table.

    python -m bench [--size smoke|standard|full] [--only NAME ...] [-o bench/RESULTS.md]

``smoke`` runs every benchmark on tiny inputs in well under a minute (CI runs it so the benchmarks
cannot rot; its figures mean nothing); ``standard`` takes about 30 minutes on a 2-core machine;
``full`` runs the 1k/10k/100k-document corpora of the issue (well over an hour).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from bench.common import SIZES, Row, Section

BENCHMARKS = ["extraction", "incremental", "store", "queries", "analysis", "html", "memory"]


def _run(name: str, sizes) -> list[Section]:
    if name == "extraction":
        from bench import extraction

        return extraction.run(sizes)
    if name == "incremental":
        from bench import incremental

        return incremental.run(sizes)
    if name == "store":
        from bench import store

        return store.run(sizes)
    if name == "queries":
        from bench import queries

        return queries.run(sizes)
    if name == "analysis":
        from bench import analysis

        return analysis.run(sizes)
    if name == "html":
        from bench import html

        return html.run(sizes)
    from bench import memory

    return memory.run(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="standard")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME",
                        help=f"run only these ({', '.join(BENCHMARKS)})")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args(argv)
    from bench.report import machine, render

    sizes = SIZES[args.size]
    load_before = os.getloadavg()
    start = time.perf_counter()
    sections: list[Section] = []
    failed = False
    for name in args.only or BENCHMARKS:
        print(f"[bench] {name} ({args.size}) …", file=sys.stderr, flush=True)
        t = time.perf_counter()
        try:
            sections.extend(_run(name, sizes))
        except Exception as exc:  # one broken benchmark must not lose the others' figures
            traceback.print_exc()
            sections.append(Section(name, [Row(name, "failed", f"{type(exc).__name__}: {exc}"[:200])]))
            failed = True
        print(f"[bench] {name} done in {time.perf_counter() - t:,.1f} s", file=sys.stderr, flush=True)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    text = render(sections, sizes, machine(load_before, os.getloadavg()), time.perf_counter() - start, command.strip())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"[bench] wrote {args.output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
