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
from importlib.resources import files
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from kgraph.analysis.commitments import commitment_ledger
from kgraph.analysis.network import CONFLICT, COOPERATION, actor_graph, centrality
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

ACTOR_LABELS = sparql_prefixes() + """
SELECT DISTINCT ?actor ?lang ?label WHERE { ?actor skos:prefLabel ?label . BIND(LANG(?label) AS ?lang)
  FILTER(?lang IN ("en", "ckb")) }
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


def build_network(store: GraphStore, max_actors: int = DEFAULT_MAX_ACTORS) -> tuple[Network, dict]:
    """A pyvis network of actors (sized by centrality) and statements (coloured by quad class)."""
    table = statement_table(store)
    labels = _labels(store)
    graph = actor_graph(table)
    ranks = centrality(graph)
    keep = set(ranks.head(max_actors)["actor"]) if len(ranks) > max_actors else set(ranks["actor"])
    score = dict(zip(ranks["actor"], ranks["eigenvector"], strict=True))
    net = Network(directed=True)
    shown: set[str] = set()

    def add_actor(iri: str, fallback: str) -> None:
        if iri in shown:
            return
        shown.add(iri)
        names = labels.get(iri, {})
        en = names.get("en") or fallback or iri.rsplit("/", 1)[-1]
        ckb = names.get("ckb")
        net.add_node(iri, label=f"{en}\n{ckb}" if ckb else en, title="\n".join(x for x in (en, ckb) if x),
                     color=ACTOR_COLOUR, shape="dot", value=1 + 30 * score.get(iri, 0.0), kind="actor")

    dates = []
    for row in table.itertuples(index=False):
        actors = list(row.source_ids) + list(row.target_ids) + list(row.attributed_ids)
        if actors and not (set(actors) & keep) and len(ranks) > max_actors:
            continue
        when = _when(row)
        day = when.date().isoformat() if when is not None else ""
        if day:
            dates.append(day)
        label = (row.type_label or row.type) + (f"\n{row.date}" if isinstance(row.date, str) else "")
        title = (f"{row.type_label or row.type} — {row.plover or 'no PLOVER type'}, {row.modality}"
                 f"{' — ' + row.relation + ' ' + row.date if isinstance(row.date, str) else ''}\n"
                 f"{row.sentence}\n[{row.doc}, reported {row.published}]")
        net.add_node(row.statement, label=label, title=title, shape="box", color=COLOURS[quad_class(row.plover)],
                     font={"color": "#ffffff"}, kind="statement", date=day)
        names = {"source": str(row.source).split("; "), "target": str(row.target).split("; "),
                 "said": str(row.attributed_to).split("; ")}
        for iri, name in zip(row.source_ids, names["source"] + [""] * 9, strict=False):
            add_actor(iri, name)
            net.add_edge(iri, row.statement, title="source", color="#555555")
        for iri, name in zip(row.target_ids, names["target"] + [""] * 9, strict=False):
            add_actor(iri, name)
            net.add_edge(row.statement, iri, title="target", color="#555555")
        for iri, name in zip(row.attributed_ids, names["said"] + [""] * 9, strict=False):
            add_actor(iri, name)
            net.add_edge(iri, row.statement, title="said", dashes=True, color="#999999")
    options = {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"enabled": True, "iterations": 400,
                                                                      "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "nodes": {"scaling": {"min": 8, "max": 40}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False},
    }
    net.set_options(json.dumps(options))
    summary = {"documents": table["doc"].nunique(), "statements": len(table), "actors": len(shown),
               "dates": sorted(set(dates)), "options": options}
    return net, summary


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
               max_actors: int = DEFAULT_MAX_ACTORS) -> dict:
    """Render the network page (self-contained UTF-8 HTML); returns counts for the summary."""
    net, summary = build_network(store, max_actors)
    data = {"nodes": net.nodes, "edges": net.edges, "options": summary.pop("options")}
    vis_js, vis_css = _vis_assets()
    page = _env().get_template("graph.html.j2").render(
        title=title,
        summary=f"{summary['documents']} documents, {summary['statements']} statements, {summary['actors']} actors",
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
