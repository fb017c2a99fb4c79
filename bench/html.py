"""The HTML page on a large graph: time until it is stable and interactive in headless Chromium.

A statement table with ``actors`` actors (gazetteer actors first, then synthetic ones, with the skewed
degree distribution of news: a few actors in most statements) is rendered twice: as kgraph's page
(:func:`kgraph.viz.network_from_table`, all actors kept) and, as the baseline, as pyvis's default page
for the same nodes and edges (``Network.write_html`` with its default physics). Each page is opened in
Playwright's Chromium (``/usr/bin/chromium``) with the network blocked; "stable" is the moment the
layout stops (kgraph: ``data-stable`` set when stabilisation ends and physics is switched off; pyvis:
vis-network's ``stabilized`` event), measured inside the page from navigation start. "Interactive" is
then the time one redraw of the canvas takes (what each pan, zoom or drag costs).
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from bench.common import Row, Section, Sizes, fmt_s, median, ratio, verdict
from bench.corpus_gen import gazetteer_labels

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_S = 45
TARGET_S = 5.0
PLOVER = ["CONSULT", "AGREE", "DEMAND", "SUPPORT", "REJECT", "ACCUSE", "COOPERATE", "AID", "THREATEN"]

# Records when the layout is stable, from inside the page; works for both pages.
HOOK = """
(() => {
  let net;
  const mark = (name) => { if (!window[name]) { window[name] = performance.now(); } };
  Object.defineProperty(window, "network", { configurable: true,
    get() { return net; },
    set(value) { net = value; value.on("stabilized", () => mark("__stableAt"));
                 value.on("stabilizationIterationsDone", () => mark("__iterationsDoneAt")); } });
  new MutationObserver(() => { if (document.body && document.body.dataset.stable === "true") mark("__stableAt"); })
    .observe(document, { attributes: true, subtree: true, attributeFilter: ["data-stable"] });
})();
"""


def synthetic_table(actors: int, seed: int = 3) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """Statements touching every one of ``actors`` actors, 1.5 statements per actor, Zipf-skewed partners."""
    rng = random.Random(seed)
    known = [name for names in gazetteer_labels().values() for name in names]
    ids = [f"https://w3id.org/kgraph/actor/bench-{i}" for i in range(actors)]
    labels = {iri: {"en": f"Actor {i}", "ckb": known[i] if i < len(known) else f"لایەنی {i}"}
              for i, iri in enumerate(ids)}
    weights = [1 / (i + 1) for i in range(actors)]
    rows = []
    for i in range(int(actors * 1.5)):
        source = ids[i % actors]
        target = rng.choices(ids, weights)[0]
        day = pd.Timestamp("2020-01-01") + pd.Timedelta(days=rng.randint(0, 1500))
        plover = rng.choice(PLOVER)
        rows.append({"statement": f"https://w3id.org/kgraph/doc/bench/statement/{i}", "doc": f"bench-{i // 5}",
                     "published": day.date().isoformat(), "type": plover.lower(), "type_label": plover.lower(),
                     "plover": plover, "modality": "asserted", "date": None, "relation": None, "earliest": day,
                     "reported": day, "source": labels[source]["en"], "target": labels[target]["en"],
                     "attributed_to": "", "source_ids": [source], "target_ids": [target], "attributed_ids": [],
                     "sentence": f"{labels[source]['ckb']} … {labels[target]['ckb']}"})
    return pd.DataFrame(rows), labels


def write_pages(actors: int, folder: Path) -> dict[str, Path]:
    from pyvis.network import Network

    from kgraph.viz import network_from_table, render_html

    table, labels = synthetic_table(actors)
    net, summary = network_from_table(table, labels, max_actors=actors, max_statements=len(table))
    kgraph_page = folder / "kgraph.html"
    render_html(net, summary, kgraph_page)
    plain = Network(directed=True, cdn_resources="in_line")
    for node in net.nodes:
        plain.add_node(node["id"], label=node["label"], title=node.get("title", ""), color=node["color"],
                       shape=node["shape"], value=node.get("value", 1))
    for edge in net.edges:
        plain.add_edge(edge["from"], edge["to"], title=edge.get("title", ""))
    pyvis_page = folder / "pyvis.html"
    plain.write_html(str(pyvis_page))
    return {"kgraph": kgraph_page, "pyvis": pyvis_page, "nodes": len(net.nodes), "edges": len(net.edges),
            "actors": summary["actors"]}


def time_page(browser, path: Path, timeout: float) -> tuple[float | None, float | None, float | None]:
    """(seconds to stable, seconds for one redraw, seconds to the end of stabilisation iterations).

    A figure is ``None`` when it did not happen within ``timeout`` seconds of navigation start.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)  # CSP forbids eval
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())
    page.add_init_script(HOOK)
    stable = redraw = iterations = None
    try:
        page.goto(path.as_uri(), timeout=timeout * 1000)
        left = max(1.0, timeout - page.evaluate("performance.now()") / 1000)
        page.wait_for_function("window.__stableAt !== undefined", timeout=left * 1000, polling=100)
        stable = page.evaluate("window.__stableAt") / 1000
        redraw = page.evaluate("""() => { const n = window.kgraphNetwork || window.network;
            const t = performance.now(); n.moveTo({scale: 0.8}); n.redraw(); return performance.now() - t; }""") / 1000
    except Exception:  # a time-out: "not stable within the time-out"
        pass
    try:
        done = page.evaluate("window.__iterationsDoneAt")
        iterations = done / 1000 if done else None
    except Exception:  # the page is gone
        pass
    context.close()
    return stable, redraw, iterations


def run(sizes: Sizes) -> list[Section]:
    section = Section("html")
    if not Path(CHROMIUM).exists():
        section.rows.append(Row("HTML page", f"{sizes.actors:,} actors", "skipped: no Chromium", note=CHROMIUM))
        return [section]
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="kgraph-bench-html-"))
    timeout = TIMEOUT_S if sizes.name != "smoke" else 30
    baseline_runs = min(sizes.runs, 2)  # the pyvis page may run into the time-out every time
    try:
        pages = write_pages(sizes.actors, folder)
        results: dict[str, list] = {"kgraph": [], "pyvis": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(sizes.runs):
                results["kgraph"].append(time_page(browser, pages["kgraph"], timeout))
                if i < baseline_runs:
                    results["pyvis"].append(time_page(browser, pages["pyvis"], timeout))
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def figure(name: str, index: int) -> float | None:
        values = [r[index] for r in results[name] if r[index] is not None]
        return median(values) if len(values) * 2 > len(results[name]) else None

    def show(value: float | None) -> str:
        return fmt_s(value) if value is not None else f"> {timeout:.0f} s"

    ours, base = figure("kgraph", 0), figure("pyvis", 0)
    ours_redraw, base_redraw = figure("kgraph", 1), figure("pyvis", 1)
    base_iterations = figure("pyvis", 2)
    what = f"{pages['actors']:,} actors, {pages['nodes']:,} nodes, {pages['edges']:,} edges"
    if ours is None:
        r = "n/a"
    elif base is None:
        r = f"> {timeout / ours:,.0f}× faster"
    else:
        r = ratio(base, ours) + " faster"
    section.rows.append(Row("HTML page", f"time to stable, {what}", show(ours),
                            show(base) + " (pyvis default page, layout still moving)" if base is None
                            else show(base) + " (pyvis default page)", r, "< 5 s",
                            verdict(ours is not None and ours < TARGET_S,
                                    f"{ours / TARGET_S:.1f}× the target" if ours else "timed out"),
                            f"median of {len(results['kgraph'])} runs (pyvis: {baseline_runs}), headless Chromium"))
    section.rows.append(Row("HTML page", "pyvis default page: end of its 1,000 stabilisation iterations",
                            show(base_iterations), "", "", "", "", "it keeps simulating after this until stable"))
    section.rows.append(Row("HTML page", "one redraw once stable (pan/zoom cost)",
                            fmt_s(ours_redraw) if ours_redraw is not None else "n/a",
                            (fmt_s(base_redraw) if base_redraw is not None else "n/a") + " (pyvis default page)",
                            ratio(base_redraw, ours_redraw) if ours_redraw and base_redraw else "", "", "", "median"))
    return [section]
