"""Named-query latency: the library (kgraph/queries/*.rq) on replicated stores of 1M and 10M triples.

Oxigraph runs each query (default parameters; ``sources`` gets a statement that has cross-document
sources) once to warm up and then ``runs`` times; median and p95 are reported. The baseline is rdflib's
own SPARQL engine on the 1M store, loaded into an in-memory ``Dataset`` (union default graph) in a
child process: each query gets ``timeout`` seconds (SIGALRM inside the child) and is reported as
"> T s" when it does not finish. Queries consume every result row.

Some library queries are written for Oxigraph's planner (sub-selects that it hash-joins), a form
rdflib's engine runs far slower. So that the ratio compares engines, not one engine's best form with
the other's worst, rdflib also runs the plain triple-pattern form of those queries
(``bench/rdflib_forms/NAME.rq``, same rows) and its faster form is the baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from bench.common import Row, Section, Sizes, cache_dir, fmt_s, median, p95, ratio, verdict
from bench.replicate import replicated_store, store_size

STATEMENT = ("SELECT ?s WHERE { ?s <https://w3id.org/kgraph/ontology#denotes>/"
             "<https://w3id.org/kgraph/ontology#sameEventAs> ?e . ?o <https://w3id.org/kgraph/ontology#denotes>/"
             "<https://w3id.org/kgraph/ontology#sameEventAs> ?e . FILTER(?o != ?s) "
             "FILTER(!CONTAINS(STR(?s), \"-c\")) } ORDER BY ?s LIMIT 1")


def rendered_queries(store: ox.Store) -> dict[str, str]:
    """Every named query, ready to run with its default parameters."""
    from kgraph.queries import named_queries

    params: dict[str, dict[str, str]] = {}
    rows = list(store.query(STATEMENT, use_default_graph_as_union=True))
    if rows:
        params["sources"] = {"statement": rows[0]["s"].value}
    out = {}
    for name, query in named_queries().items():
        if any(p.default is None for p in query.params) and name not in params:
            continue
        out[name] = query.render(params.get(name))
    return out


OXIGRAPH_CHILD = r"""
import json, sys, time
import pyoxigraph as ox
path, runs = sys.argv[1], int(sys.argv[2])
text = sys.stdin.read()
store = ox.Store.read_only(path)
for i in range(runs + 1):  # the first run warms up and counts the rows
    start = time.perf_counter()
    rows = sum(1 for _ in store.query(text, use_default_graph_as_union=True))
    print(json.dumps({"warm": i > 0, "seconds": time.perf_counter() - start, "rows": rows}), flush=True)
"""


def oxigraph_latency(path: Path, queries: dict[str, str], runs: int, timeout: float) -> dict[str, dict]:
    """Median and p95 per query, each query in a child process killed after ``timeout`` seconds in all."""
    results = {}
    for name, text in queries.items():
        proc = subprocess.Popen([sys.executable, "-c", OXIGRAPH_CHILD, str(path), str(runs)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        try:
            out, _ = proc.communicate(text, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        records = [json.loads(line) for line in out.splitlines() if line.strip()]
        times = [r["seconds"] for r in records if r["warm"]]
        results[name] = {"rows": records[0]["rows"] if records else None, "runs": len(times),
                         "median": median(times) if times else None, "p95": p95(times) if times else None,
                         "first": records[0]["seconds"] if records else None}
    return results


def _latency(result: dict, timeout: float) -> str:
    if result["median"] is None:
        return f"> {timeout:.0f} s" + (f" (first run {fmt_s(result['first'])})" if result["first"] else "")
    return f"median {fmt_s(result['median'])}, p95 {fmt_s(result['p95'])}"


RDFLIB_CHILD = r"""
import json, signal, sys, time
import rdflib
path, timeout, runs = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
queries = json.loads(sys.stdin.read())
ds = rdflib.Dataset(default_union=True)
start = time.perf_counter()
ds.parse(path, format="nquads")
print(json.dumps({"load": time.perf_counter() - start}), flush=True)
class Timeout(Exception): pass
def alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
def timed(text):
    times, rows = [], None
    try:
        for _ in range(runs):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            start = time.perf_counter()
            rows = len(list(ds.query(text)))
            times.append(time.perf_counter() - start)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if sum(times) > timeout:  # enough: keep the run affordable
                break
    except Timeout:
        pass
    signal.setitimer(signal.ITIMER_REAL, 0)
    return times, rows
for name, texts in queries.items():
    best = None
    for form, text in enumerate(texts):
        times, rows = timed(text)
        if times and (best is None or sorted(times)[len(times) // 2] < sorted(best[0])[len(best[0]) // 2]):
            best = (times, rows, form)
    times, rows, form = best or ([], None, 0)
    print(json.dumps({"name": name, "times": times, "rows": rows, "form": form}), flush=True)
"""

FORMS = Path(__file__).with_name("rdflib_forms")


def rdflib_forms(queries: dict[str, str]) -> dict[str, list[str]]:
    """Each query as the library has it, plus its plain form for rdflib where there is one."""
    from kgraph.queries import read_query_file

    forms = {name: [text] for name, text in queries.items()}
    for path in sorted(FORMS.glob("*.rq")):
        plain = read_query_file(path)
        if plain.name in forms and all(p.default is not None for p in plain.params):  # run with the defaults
            forms[plain.name].append(plain.render())
    return forms


def rdflib_latency(path: Path, queries: dict[str, list[str]], runs: int,
                   timeout: float) -> tuple[dict, float | None]:
    """Run the queries with rdflib in a child process; returns ({name: result}, load seconds)."""
    nq = path.with_suffix(".nq")
    if not nq.exists():
        store = ox.Store.read_only(str(path))
        store.dump(str(nq), ox.RdfFormat.N_QUADS)
    budget = 600 + sum(len(texts) for texts in queries.values()) * timeout * 2
    try:
        proc = subprocess.run([sys.executable, "-c", RDFLIB_CHILD, str(nq), str(timeout), str(runs)],
                              input=json.dumps(queries), capture_output=True, text=True, timeout=budget)
        lines = proc.stdout.splitlines()
    except subprocess.TimeoutExpired as exc:
        lines = (exc.stdout or b"").decode().splitlines() if isinstance(exc.stdout, bytes) else []
    load, out = None, {}
    for line in lines:
        record = json.loads(line)
        if "load" in record:
            load = record["load"]
        else:
            out[record["name"]] = record
    return out, load


def run(sizes: Sizes) -> list[Section]:
    section = Section("named queries")
    stores = {n: replicated_store(n) for n in sizes.query_stores}
    first = stores[sizes.query_stores[0]]
    queries = rendered_queries(ox.Store.read_only(str(first)))
    runs = max(sizes.runs, 5)
    budget = sizes.rdflib_timeout
    latency = {n: oxigraph_latency(p, queries, runs, budget) for n, p in stores.items()}
    rdflib_results, load = rdflib_latency(stores[sizes.rdflib_store], rdflib_forms(queries), sizes.runs,
                                            sizes.rdflib_timeout)
    small = store_size(first)
    for name in queries:
        ox_small = latency[sizes.query_stores[0]][name]
        rl = rdflib_results.get(name, {"times": []})
        ours = ox_small["median"]
        if rl["times"]:
            rl_median = median(rl["times"])
            form = ", plain form" if rl.get("form") else ""
            base = fmt_s(rl_median) + f" (rdflib, {len(rl['times'])} run(s){form})"
            r = ratio(rl_median, ours) if ours else f"< {rl_median / budget:.2f}×"
            ok, how = bool(ours) and rl_median / ours >= 10, f"{rl_median / ours:.1f}×" if ours else "timed out"
        else:
            base = f"> {sizes.rdflib_timeout:.0f} s (rdflib timed out)"
            r = f"> {sizes.rdflib_timeout / ours:,.0f}×" if ours else "both timed out"
            # a time-out shows a lower bound only: met when that bound already reaches 10×
            ok = bool(ours) and sizes.rdflib_timeout / ours >= 10
            how = "both timed out" if not ours else f"only > {sizes.rdflib_timeout / ours:,.0f}× shown: rdflib stopped"
        rows = f"{ox_small['rows']:,} rows" if ox_small["rows"] is not None else "rows unknown"
        section.rows.append(Row("named query", f"{name} on {small:,} triples", _latency(ox_small, budget), base, r,
                                "≥ 10× rdflib", verdict(ok, how), f"{rows}; {ox_small['runs']} timed runs"))
        for n in sizes.query_stores[1:]:
            big = latency[n][name]
            rows = f"{big['rows']:,} rows" if big["rows"] is not None else "rows unknown"
            section.rows.append(Row(
                "named query", f"{name} on {store_size(stores[n]):,} triples", _latency(big, budget),
                _latency(ox_small, budget) + f" (same query, {small:,} triples)",
                ratio(big["median"], ours) + " slower" if big["median"] and ours else "", "median ≤ 100 ms",
                verdict(big["median"] is not None and big["median"] <= 0.1,
                        f"{big['median'] / 0.1:.1f}× the target" if big["median"] else "timed out"),
                f"{rows}; {big['runs']} timed runs"))
    if load is not None:
        section.notes.append(f"rdflib needed {load:,.1f} s to load the {small:,}-triple store from N-Quads "
                             "(not counted in query latency).")
    section.notes.append(f"Oxigraph: {runs} timed runs per query after one warm-up run, each query in a child "
                         f"process stopped after {budget:.0f} s in all; stores cached in {cache_dir()}. "
                         "Replicated copies share actors and event types, so queries that join statements "
                         "across documents (as-of) grow quadratically with the number of copies.")
    return [section]
