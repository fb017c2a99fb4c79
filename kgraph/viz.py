"""Interactive HTML views of a store: the actor–statement network (pyvis) and the timeline page.

pyvis builds the network (nodes, edges, physics options); the page is rendered from our own template
so that it works offline (vis-network is inlined from the pyvis package, no CDN), is written as UTF-8,
shows Sorani labels beside English ones, and never interprets text from documents as HTML: all node
and edge data travel as JSON inside a ``<script type="application/json">`` element and vis-network
shows string tooltips as plain text. Actors are sized by centrality, statements coloured by PLOVER
quad class; a time filter narrows the statements shown; physics stops once the layout is stable.
Large graphs are cut to the most central actors and their statements so the page stays responsive.

The timeline page is plain HTML and SVG rendered on the server (no script at all): statements on a
time axis in one row per actor, deadlines marked, and the commitment ledger beside them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zlib
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from kgraph.analysis.commitments import commitment_ledger
from kgraph.analysis.network import CONFLICT, COOPERATION, actor_graph
from kgraph.analysis.table import statement_table
from kgraph.namespaces import sparql_prefixes
from kgraph.store import GraphStore

#: PLOVER quad classes (verbal/material × cooperation/conflict).
MATERIAL = {"COOPERATE", "AID", "CONCEDE", "RETREAT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
COLOURS = {
    "verbal cooperation": "#4e9a06", "material cooperation": "#1f77b4", "verbal conflict": "#d68910",
    "material conflict": "#c0392b", "other": "#7f8c8d",
}
ACTOR_COLOUR = "#dfe6ee"
DEFAULT_MAX_ACTORS = 300
DEFAULT_MAX_STATEMENTS = 2000
KIND_NODE = "kgraph:kind/"  # id prefix of the node standing for every folded actor of one kind
KIND_COLOUR = "#b8c4d0"
EVENT_COLOUR = "#e0a030"  # one real event reported by several statements
IMPROVED_LAYOUT_MAX = 100  # nodes; vis-network gives up on its improved layout above this anyway
#: Above this many nodes the layout is computed here and physics stays off: a force simulation of
#: thousands of nodes takes minutes in a browser (bench/RESULTS.md), a precomputed one is drawn at once.
PRECOMPUTED_LAYOUT_MIN = 1000

ACTOR_LABELS = sparql_prefixes() + """
SELECT DISTINCT ?actor ?lang ?label WHERE { ?actor skos:prefLabel ?label . BIND(LANG(?label) AS ?lang)
  FILTER(?lang IN ("en", "ckb")) }
"""

ACTOR_KINDS = sparql_prefixes() + """
SELECT ?actor ?kind WHERE { ?actor a ?kind ; skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?kind), STR(kg:)) && ?kind NOT IN (kg:Tenure, kg:Function)) }
"""


def quad_class(plover: str | None) -> str:
    if not isinstance(plover, str):
        return "other"
    kind = "material" if plover in MATERIAL else "verbal"
    if plover in COOPERATION:
        return f"{kind} cooperation"
    if plover in CONFLICT:
        return f"{kind} conflict"
    return "other"


def _labels(store: GraphStore) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in store.query(ACTOR_LABELS):
        labels.setdefault(row["actor"].value, {}).setdefault(row["lang"].value, row["label"].value)
    return labels


def _when(row) -> pd.Timestamp | None:
    when = row.earliest if pd.notna(row.earliest) else row.reported
    return None if pd.isna(when) else when


def _kinds(store: GraphStore) -> dict[str, str]:
    """Actor class (kg:Person, kg:Country, ...) by actor IRI, for collapsing actors by kind."""
    kinds: dict[str, str] = {}
    for row in store.query(ACTOR_KINDS):
        kinds.setdefault(row["actor"].value, row["kind"].value.rsplit("#", 1)[-1])
    return kinds


def _window(table: pd.DataFrame, since: str | dt.date | None, until: str | dt.date | None) -> pd.DataFrame:
    """Statements whose valid time (or report time when undated) falls in [since, until]."""
    if since is None and until is None:
        return table
    when = _when_column(table)
    keep = when.notna()
    if since is not None:
        keep &= when >= _period(since).start_time
    if until is not None:
        keep &= when <= _period(until).end_time  # "2021-07" includes the whole of July
    return table[keep]


def _period(value: str | dt.date) -> pd.Period:
    return pd.Period(value, freq="D") if isinstance(value, dt.date) else pd.Period(value)


def _when_column(table: pd.DataFrame) -> pd.Series:
    return table["earliest"].where(table["earliest"].notna(), table["reported"])


def _rank(graph) -> dict[str, float]:
    """Eigenvector centrality (weighted degree where it does not converge): all the page needs.

    Betweenness, which :func:`~kgraph.analysis.network.centrality` also computes, is quadratic and
    would dominate page generation on graphs of thousands of actors.
    """
    import networkx as nx

    undirected = graph.to_undirected()
    if undirected.number_of_nodes() == 0:
        return {}
    try:
        return nx.eigenvector_centrality(undirected, weight="weight", max_iter=1000)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        return nx.degree_centrality(undirected)


def build_network(store: GraphStore, max_actors: int = DEFAULT_MAX_ACTORS, *, collapse_kind: bool = False,
                  since: str | dt.date | None = None, until: str | dt.date | None = None,
                  max_statements: int = DEFAULT_MAX_STATEMENTS) -> tuple[Network, dict]:
    """A pyvis network of actors (sized by centrality) and statements (coloured by quad class)."""
    return network_from_table(statement_table(store), _labels(store), _kinds(store) if collapse_kind else None,
                              max_actors=max_actors, collapse_kind=collapse_kind, since=since, until=until,
                              max_statements=max_statements)


def network_from_table(table: pd.DataFrame, labels: dict[str, dict[str, str]], kinds: dict[str, str] | None = None,
                       *, max_actors: int = DEFAULT_MAX_ACTORS, collapse_kind: bool = False,
                       since: str | dt.date | None = None, until: str | dt.date | None = None,
                       max_statements: int = DEFAULT_MAX_STATEMENTS) -> tuple[Network, dict]:
    """The network of a statement table, aggregated so the page stays responsive whatever the graph size.

    Aggregation, in order: a time window (``since``/``until`` on valid time, else report time); the
    ``max_actors`` most central actors (eigenvector centrality); with ``collapse_kind`` every other
    actor folds into one node per kind ("Person (412 more)") instead of its statements being dropped;
    at most ``max_statements`` statements, the most recent first.
    """
    total = len(table)
    table = _window(table, since, until)
    graph = actor_graph(table)
    score = _rank(graph)
    ranked = sorted(score, key=lambda iri: (-score[iri], iri))
    big = len(ranked) > max_actors
    keep = set(ranked[:max_actors])

    def shown_actor(iri: str) -> str:
        if iri in keep or not (big and collapse_kind):
            return iri
        return KIND_NODE + (kinds or {}).get(iri, "Actor")

    rows = list(_shown_statements(table, keep if big and not collapse_kind else None, max_statements)
                .itertuples(index=False))
    net = Network(directed=True)
    shown: set[str] = set()
    folded: dict[str, set[str]] = {}

    def add_actor(iri: str, fallback: str) -> str:
        node = shown_actor(iri)
        if node != iri:
            folded.setdefault(node, set()).add(iri)
        if node in shown:
            return node
        shown.add(node)
        if node != iri:
            net.add_node(node, label=node[len(KIND_NODE):], title="", color=KIND_COLOUR, shape="diamond",
                         value=10, kind="actor")
            return node
        names = labels.get(iri, {})
        en = names.get("en") or fallback or iri.rsplit("/", 1)[-1]
        ckb = names.get("ckb")
        net.add_node(iri, label=f"{en}\n{ckb}" if ckb else en, title="\n".join(x for x in (en, ckb) if x),
                     color=ACTOR_COLOUR, shape="dot", value=1 + 30 * score.get(iri, 0.0), kind="actor")
        return node

    dates = []
    for row in rows:
        when = _when(row)
        day = when.date().isoformat() if when is not None else ""
        if day:
            dates.append(day)
        label = (row.type_label or row.type) + (f"\n{row.date}" if isinstance(row.date, str) else "")
        title = (f"{row.type_label or row.type} — {row.plover or 'no PLOVER type'}, {row.modality}"
                 f"{' — ' + row.relation + ' ' + row.date if isinstance(row.date, str) else ''}\n"
                 f"{row.sentence}\n[{row.doc}{_lang(row)}, reported {row.published}]")
        net.add_node(row.statement, label=label, title=title, shape="box", color=COLOURS[quad_class(row.plover)],
                     font={"color": "#ffffff"}, kind="statement", date=day)
        names = {"source": str(row.source).split("; "), "target": str(row.target).split("; "),
                 "said": str(row.attributed_to).split("; ")}
        for iri, name in zip(row.source_ids, names["source"] + [""] * 9, strict=False):
            net.add_edge(add_actor(iri, name), row.statement, title="source", color="#555555")
        for iri, name in zip(row.target_ids, names["target"] + [""] * 9, strict=False):
            net.add_edge(row.statement, add_actor(iri, name), title="target", color="#555555")
        for iri, name in zip(row.attributed_ids, names["said"] + [""] * 9, strict=False):
            net.add_edge(add_actor(iri, name), row.statement, title="said", dashes=True, color="#999999")
    _add_merged_events(net, rows)
    for node in net.nodes:
        if node["id"] in folded:
            node["label"] = f"{node['id'][len(KIND_NODE):]} ({len(folded[node['id']])} more)"
            node["title"] = f"{len(folded[node['id']])} less central actors of this kind, folded together"
    options = {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"enabled": True, "iterations": 400,
                                                                      "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "nodes": {"scaling": {"min": 8, "max": 40}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False},
    }
    if len(net.nodes) > IMPROVED_LAYOUT_MAX:  # vis-network's improved layout is far too slow on big graphs
        options["layout"] = {"improvedLayout": False}
    if len(net.nodes) > PRECOMPUTED_LAYOUT_MIN:
        _spiral_layout(net, score)
        options["physics"] = {"enabled": False}
    net.set_options(json.dumps(options))
    summary = {"documents": len({row.doc for row in rows}), "statements": len(rows), "actors": len(shown),
               "dates": sorted(set(dates)), "options": options, "all_statements": total}
    return net, summary


def _shown_statements(table: pd.DataFrame, keep: set[str] | None, max_statements: int) -> pd.DataFrame:
    """The statements the page shows, in table order: those with an actor in ``keep`` (all when
    ``keep`` is None) and those without actors; of these the ``max_statements`` most recent, ties in
    table order.

    Chosen on whole columns, so only the shown rows are iterated: pandas iterates its string columns
    at ~1 µs a value, ~3 s for the 32 columns of a 10,000-document store's 58,516 statements.
    """
    if keep is not None:
        mask = [not (s or t or a) or not keep.isdisjoint(s) or not keep.isdisjoint(t) or not keep.isdisjoint(a)
                for s, t, a in zip(table["source_ids"], table["target_ids"], table["attributed_ids"], strict=True)]
        table = table[mask]
    if len(table) <= max_statements:
        return table
    when = _when_column(table).to_numpy(dtype="datetime64[us]")
    keys = when.astype(np.int64)
    keys[np.isnat(when)] = np.iinfo(np.int64).min + 1  # undated last
    newest_first = np.lexsort((np.arange(len(table)), -keys))  # the last key sorts first
    return table.iloc[np.sort(newest_first[:max_statements])]


def _lang(row) -> str:
    lang = getattr(row, "lang", None)
    return f" ({lang})" if isinstance(lang, str) else ""


def _add_merged_events(net: Network, rows: list) -> None:
    """One node per real event reported by several statements (``kg:sameEventAs``), linked to each.

    Its tooltip lists every report (document, language, modality, sentence), so a commitment announced
    in English and reported again in Sorani reads as one event with two sources.
    """
    members: dict[str, list] = {}
    for row in rows:
        canonical = getattr(row, "canonical", None)
        if isinstance(canonical, str):
            members.setdefault(canonical, []).append(row)
    for event, reports in members.items():
        if len({r.doc for r in reports}) < 2:
            continue
        first = reports[0]
        languages = sorted({r.lang for r in reports if isinstance(getattr(r, "lang", None), str)})
        title = "\n".join([f"one event, {len(reports)} reports ({', '.join(languages)})"] + [
            f"{r.doc}{_lang(r)}, {r.modality}: {r.sentence}" for r in reports])
        net.add_node(event, label=f"{first.type_label or first.type}\n{len(reports)} reports", title=title,
                     shape="star", color=EVENT_COLOUR, kind="event", value=8)
        for r in reports:
            net.add_edge(r.statement, event, title="same event", dashes=True, color=EVENT_COLOUR)


def _spiral_layout(net: Network, score: dict[str, float], spacing: float = 40.0) -> None:
    """Actors on a sunflower spiral, most central in the middle; each statement beside its actors.

    Linear time and deterministic, so a page of any size is readable as soon as it is drawn; dragging a
    node still works. Statements sit at the mean of their actors' positions, pushed out a little by a
    hash of their id so that statements between the same actors do not hide each other.
    """
    golden = math.pi * (3 - math.sqrt(5))
    actors = sorted((n for n in net.nodes if n["kind"] == "actor"), key=lambda n: (-score.get(n["id"], 0.0), n["id"]))
    position: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(actors):
        r, theta = spacing * math.sqrt(i + 1), i * golden
        position[node["id"]] = (r * math.cos(theta), r * math.sin(theta))
    around: dict[str, list[str]] = {}
    for edge in net.edges:
        for a, b in ((edge["from"], edge["to"]), (edge["to"], edge["from"])):
            if a in position:
                around.setdefault(b, []).append(a)
    for node in net.nodes:
        if node["id"] in position:
            node["x"], node["y"] = position[node["id"]]
            continue
        points = [position[a] for a in around.get(node["id"], [])] or [(0.0, 0.0)]
        angle = (zlib.crc32(node["id"].encode("utf-8")) % 3600) / 3600 * 2 * math.pi
        node["x"] = sum(p[0] for p in points) / len(points) + spacing * 0.6 * math.cos(angle)
        node["y"] = sum(p[1] for p in points) / len(points) + spacing * 0.6 * math.sin(angle)
    for node in net.nodes:
        node["x"], node["y"] = round(node["x"], 1), round(node["y"], 1)


def _vis_assets() -> tuple[str, str]:
    base = files("pyvis") / "lib" / "vis-9.1.2"
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), \
        (base / "vis-network.css").read_text(encoding="utf-8")


def _env() -> Environment:
    return Environment(loader=PackageLoader("kgraph", "templates"), autoescape=select_autoescape(["html", "j2"]))


def safe_json(data) -> str:
    """JSON that cannot close its ``<script>`` element (``<`` ``>`` ``&`` escaped as unicode)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_html(store: GraphStore, output: str | Path, title: str = "kgraph: actors and statements",
               max_actors: int = DEFAULT_MAX_ACTORS, **aggregation) -> dict:
    """Render the network page (self-contained UTF-8 HTML); returns counts for the summary.

    ``aggregation`` takes the keywords of :func:`network_from_table` (``collapse_kind``, ``since``,
    ``until``, ``max_statements``)."""
    net, summary = build_network(store, max_actors, **aggregation)
    return render_html(net, summary, output, title)


def render_html(net: Network, summary: dict, output: str | Path,
                title: str = "kgraph: actors and statements") -> dict:
    """Write the page for a network from :func:`build_network` or :func:`network_from_table`."""
    data = {"nodes": net.nodes, "edges": net.edges, "options": summary.pop("options")}
    counts = f"{summary['documents']} documents, {summary['statements']} statements, {summary['actors']} actors"
    if summary.get("all_statements", 0) > summary["statements"]:
        counts += f" (of {summary['all_statements']} statements)"
    vis_js, vis_css = _vis_assets()
    page = _env().get_template("graph.html.j2").render(
        title=title,
        summary=counts,
        legend=list(COLOURS.items()),
        dates=summary["dates"],
        vis_js=Markup(vis_js), vis_css=Markup(vis_css),  # the vis-network library itself, trusted
        data_json=Markup(safe_json(data)),  # document text inside: JSON with <, >, & escaped
    )
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return summary


def write_timeline(store: GraphStore, output: str | Path, as_of: dt.date | None = None,
                   max_actors: int = 25) -> dict:
    """Render the timeline page: statements on a time axis by actor, deadlines, and the ledger."""
    table = statement_table(store)
    labels = _labels(store)
    if as_of is None:
        reported = table["reported_latest"].dropna()
        as_of = reported.max().date() if not reported.empty else dt.date.today()
    ledger = commitment_ledger(table, as_of)
    rows: dict[str, list[dict]] = {}
    for row in table.itertuples(index=False):
        when = _when(row)
        if when is None:
            continue
        point = {"date": when.date().isoformat(), "x": when, "colour": COLOURS[quad_class(row.plover)],
                 "deadline": row.relation == "by" and row.modality in ("planned", "demanded"),
                 "title": f"{when.date()} {row.type_label or row.type} ({row.modality})\n{row.sentence}\n[{row.doc}]"}
        for iri in list(row.source_ids) or ["(no source)"]:
            rows.setdefault(iri, []).append(point)
    ranked = sorted(rows, key=lambda iri: -len(rows[iri]))[:max_actors]
    xs = [p["x"] for iri in ranked for p in rows[iri]]
    start, end = (min(xs), max(xs)) if xs else (pd.Timestamp(as_of), pd.Timestamp(as_of))
    span = max((end - start).days, 1)
    width, left, row_height = 900, 240, 28

    def x(ts: pd.Timestamp) -> float:
        return round(left + (ts - start).days / span * (width - left - 20), 1)

    lanes = []
    for index, iri in enumerate(ranked):
        names = labels.get(iri, {})
        lanes.append({"y": 40 + index * row_height, "name": names.get("en") or iri.rsplit("/", 1)[-1],
                      "ckb": names.get("ckb", ""),
                      "points": [{**p, "cx": x(p["x"])} for p in sorted(rows[iri], key=lambda p: p["x"])]})
    years = range(start.year, end.year + 1)
    ticks = [{"x": x(pd.Timestamp(year=y, month=1, day=1)), "label": str(y)} for y in years
             if start <= pd.Timestamp(year=y, month=1, day=1) <= end]
    page = _env().get_template("timeline.html.j2").render(
        title="kgraph: timeline and commitments", as_of=as_of, lanes=lanes, ticks=ticks,
        height=60 + len(lanes) * row_height, width=width, left=left,
        start=start.date(), end=end.date(), legend=list(COLOURS.items()),
        ledger=ledger.to_dict(orient="records"),
    )
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return {"actors": len(lanes), "commitments": len(ledger)}
