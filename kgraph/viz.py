"""Interactive HTML view of a store: actors and statements as a pyvis network.

pyvis builds the network (nodes, edges, physics options); the page itself is rendered from our own
template so that it works offline (vis-network is inlined from the pyvis package, no CDN), is written
as UTF-8, shows Sorani labels beside English ones, and never interprets text from documents as HTML:
all node and edge data travel as JSON inside a ``<script type="application/json">`` element and
vis-network shows string tooltips as plain text.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from kgraph.namespaces import sparql_prefixes
from kgraph.rdf.records import document_records
from kgraph.store import GraphStore

#: PLOVER quad classes (verbal/material × cooperation/conflict) and their colours.
QUAD_CLASS = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation", "CONCEDE": "material cooperation",
    "RETREAT": "material cooperation",
    "DEMAND": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict", "MOBILIZE": "material conflict",
    "COERCE": "material conflict", "ASSAULT": "material conflict",
}
COLOURS = {
    "verbal cooperation": "#4e9a06", "material cooperation": "#1f77b4", "verbal conflict": "#f39c12",
    "material conflict": "#c0392b", "other": "#7f8c8d", "actor": "#dfe6ee",
}

ACTOR_LABELS = sparql_prefixes() + """
SELECT ?actor ?lang ?label WHERE { ?actor skos:prefLabel ?label . BIND(LANG(?label) AS ?lang)
  FILTER(?lang IN ("en", "ckb")) }
"""
TYPE_LABELS = sparql_prefixes() + """
SELECT ?type ?label WHERE { ?type skos:inScheme kgt:scheme ; skos:prefLabel ?label FILTER(LANG(?label) = "en") }
"""


def _vis_assets() -> tuple[str, str]:
    base = files("pyvis") / "lib" / "vis-9.1.2"
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), \
        (base / "vis-network.css").read_text(encoding="utf-8")


def build_network(store: GraphStore) -> tuple[Network, dict[str, int]]:
    """A pyvis network of the store's actors and statements."""
    labels: dict[str, dict[str, str]] = {}
    for row in store.query(ACTOR_LABELS):
        labels.setdefault(row["actor"].value, {})[row["lang"].value] = row["label"].value
    type_labels = {row["type"].value: row["label"].value for row in store.query(TYPE_LABELS)}
    net = Network(directed=True)
    counts = {"documents": 0, "statements": 0, "actors": 0}
    actors: set[str] = set()
    sentences = _sentences(store)

    def add_actor(actor: dict) -> None:
        iri = actor["id"]
        if iri in actors:
            return
        actors.add(iri)
        names = labels.get(iri, {})
        en = names.get("en") or actor.get("name") or iri.rsplit("/", 1)[-1]
        ckb = names.get("ckb")
        label = f"{en}\n{ckb}" if ckb else en
        net.add_node(iri, label=label, title=f"{en}\n{ckb or ''}\n{actor.get('code') or ''}".strip(),
                     color=COLOURS["actor"], shape="ellipse")

    for doc_id in store.document_ids():
        counts["documents"] += 1
        for record in document_records(store.store, doc_id):
            if record["kind"] != "statement":
                continue
            counts["statements"] += 1
            quad = QUAD_CLASS.get(record.get("plover") or "", "other")
            date = (record.get("date") or {}).get("value")
            type_label = type_labels.get(record["type"], record["type"].rsplit("/", 1)[-1])
            label = type_label + (f"\n{date}" if date else "")
            sentence = sentences.get(record["id"], record["trigger"]["text"])
            title = (f"{type_label} ({record.get('plover') or 'no PLOVER type'}, {record['modality']})"
                     f"{' ' + date if date else ''}\n{sentence}\n[{doc_id}]")
            net.add_node(record["id"], label=label, title=title, shape="box", color=COLOURS[quad],
                         font={"color": "#ffffff"})
            for actor in record["source"]:
                add_actor(actor)
                net.add_edge(actor["id"], record["id"], title="source", color="#555555")
            for actor in record["target"]:
                add_actor(actor)
                net.add_edge(record["id"], actor["id"], title="target", color="#555555")
            for actor in record["attributed_to"]:
                add_actor(actor)
                net.add_edge(actor["id"], record["id"], title="said", dashes=True, color="#999999")
    counts["actors"] = len(actors)
    net.set_options(json.dumps({
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"enabled": True, "iterations": 300}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False},
    }))
    return net, counts


def _sentences(store: GraphStore) -> dict[str, str]:
    query = sparql_prefixes() + "SELECT ?st ?text WHERE { ?st kg:sentence ?s . ?s nif:anchorOf ?text }"
    return {row["st"].value: row["text"].value for row in store.query(query)}


def write_html(store: GraphStore, output: str | Path, title: str = "kgraph: actors and statements") -> dict:
    """Render the network to a self-contained UTF-8 HTML page; returns counts for the summary."""
    net, counts = build_network(store)
    data = {"nodes": net.nodes, "edges": net.edges, "options": json.loads(net.options.to_json())
            if hasattr(net.options, "to_json") else net.options}
    vis_js, vis_css = _vis_assets()
    env = Environment(loader=PackageLoader("kgraph", "templates"), autoescape=select_autoescape(["html", "j2"]))
    page = env.get_template("graph.html.j2").render(
        title=title,
        summary=f"{counts['documents']} documents, {counts['statements']} statements, {counts['actors']} actors",
        legend=[(name, colour) for name, colour in COLOURS.items() if name != "actor"],
        vis_js=_markup(vis_js), vis_css=_markup(vis_css),
        data_json=_markup(_safe_json(data)),
    )
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return counts


def _safe_json(data) -> str:
    """JSON that cannot close its ``<script>`` element (``<`` ``>`` ``&`` escaped as unicode)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)
