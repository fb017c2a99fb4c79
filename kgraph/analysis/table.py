"""The statement table: one row per statement with dates, actors, types and the source sentence.

This is the timeline view analysts load into pandas (and the CSV/Parquet export); the commitment
ledger and the actor network are computed from it.
"""

from __future__ import annotations

import pandas as pd

from kgraph.namespaces import sparql_prefixes
from kgraph.store import GraphStore

STATEMENTS = sparql_prefixes() + """
SELECT ?statement ?doc ?published ?type ?typeLabel ?plover ?mode ?modality ?polarity ?confidence
       ?date ?relation ?earliest ?latest ?precision ?sentence ?trigger ?triggerStart ?triggerEnd ?event
WHERE {
  ?statement a kg:Statement ; prov:wasDerivedFrom ?d ; sem:eventType ?t ; kg:modality ?m ;
             kg:polarity ?pol ; kg:confidence ?confidence ; kg:denotes ?event ;
             kg:sentence/nif:anchorOf ?sentence ; kg:trigger ?tr .
  ?tr nif:anchorOf ?trigger ; nif:beginIndex ?triggerStart ; nif:endIndex ?triggerEnd .
  ?d dcterms:identifier ?doc .
  OPTIONAL { ?d dcterms:issued ?published }
  ?t skos:notation ?type . OPTIONAL { ?t skos:prefLabel ?typeLabel FILTER(LANG(?typeLabel) = "en") }
  ?m skos:notation ?modality .
  BIND(LCASE(STRAFTER(STR(?pol), "#")) AS ?polarity)
  OPTIONAL { ?statement kg:plover/skos:notation ?plover }
  OPTIONAL { ?statement kg:ploverMode/skos:notation ?mode }
  OPTIONAL { ?statement kg:validTime ?vt ; kg:timeRelation ?rel .
             ?vt kg:earliest ?earliest ; kg:latest ?latest ; kg:precision ?p .
             BIND(LCASE(STRAFTER(STR(?rel), "#")) AS ?relation)
             BIND(LCASE(REPLACE(STRAFTER(STR(?p), "#"), "Precision", "")) AS ?precision)
             OPTIONAL { ?statement kg:dateExpression/kg:value ?date } }
}
"""

ROLES = sparql_prefixes() + """
SELECT ?statement ?role ?actor ?name ?code ?polity WHERE {
  ?statement a kg:Statement ; kg:hasRole ?r . ?r sem:roleType ?rt ; rdf:value ?actor .
  BIND(LCASE(REPLACE(STRAFTER(STR(?rt), "#"), "Role", "")) AS ?role)
  OPTIONAL { ?actor skos:prefLabel ?name FILTER(LANG(?name) = "en") }
  OPTIONAL { ?actor kg:actorCode ?code }
  OPTIONAL { ?actor kg:polity ?polity }
}
"""

COLUMNS = ["statement", "doc", "published", "type", "type_label", "plover", "mode", "modality", "polarity",
           "confidence", "date", "relation", "earliest", "latest", "precision", "source", "target",
           "attributed_to", "source_ids", "target_ids", "attributed_ids", "source_polities",
           "target_polities", "sentence", "trigger", "trigger_start", "trigger_end", "event"]


def _plain(term):
    return None if term is None else term.value


def statement_table(store: GraphStore) -> pd.DataFrame:
    """All statements of a store as a DataFrame (dates as ``datetime64``, actors as ``; ``-joined names)."""
    rows = {}
    for s in store.query(STATEMENTS):
        st = s["statement"].value
        if st in rows:
            continue
        rows[st] = {
            "statement": st, "doc": _plain(s["doc"]), "published": _plain(s["published"]),
            "type": _plain(s["type"]), "type_label": _plain(s["typeLabel"]), "plover": _plain(s["plover"]),
            "mode": _plain(s["mode"]), "modality": _plain(s["modality"]), "polarity": _plain(s["polarity"]),
            "confidence": float(s["confidence"].value), "date": _plain(s["date"]),
            "relation": _plain(s["relation"]), "earliest": _plain(s["earliest"]), "latest": _plain(s["latest"]),
            "precision": _plain(s["precision"]), "sentence": _plain(s["sentence"]),
            "trigger": _plain(s["trigger"]), "trigger_start": int(s["triggerStart"].value),
            "trigger_end": int(s["triggerEnd"].value), "event": _plain(s["event"]),
        }
    roles: dict[str, dict[str, dict[str, tuple[str, str | None]]]] = {}
    for s in store.query(ROLES):
        st, role, actor = s["statement"].value, s["role"].value, s["actor"].value
        entry = roles.setdefault(st, {}).setdefault(role, {})
        if actor not in entry or entry[actor][0] == actor:
            entry[actor] = (_plain(s["name"]) or actor, _plain(s["polity"]) or (actor if _is_polity(s) else None))
    for st, row in rows.items():
        for role, column in (("source", "source"), ("target", "target"), ("attribution", "attributed_to")):
            actors = roles.get(st, {}).get(role, {})
            row[column] = "; ".join(name for name, _ in actors.values())
            ids_column = {"source": "source_ids", "target": "target_ids", "attributed_to": "attributed_ids"}[column]
            row[ids_column] = sorted(actors)
            if column in ("source", "target"):
                row[column + "_polities"] = sorted({p for _, p in actors.values() if p})
    frame = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    for column in ("earliest", "latest"):
        frame[column] = pd.to_datetime(frame[column])
    frame["reported"] = pd.to_datetime(frame["published"].map(_first_day), errors="coerce")
    frame["reported_latest"] = pd.to_datetime(frame["published"].map(_last_day), errors="coerce")
    return frame.sort_values(["reported", "doc", "trigger_start"]).reset_index(drop=True)


def _is_polity(solution) -> bool:
    code = solution["code"]
    return code is not None and len(code.value) == 3


def _first_day(value: str | None):
    from kgraph.dates import PartialDate

    if not value:
        return None
    return PartialDate.parse(value).first_day()


def _last_day(value: str | None):
    from kgraph.dates import PartialDate

    if not value:
        return None
    return PartialDate.parse(value).last_day()


def write_timeline(store: GraphStore, csv_path: str | None = None, parquet_path: str | None = None) -> pd.DataFrame:
    """Write the statement table as CSV and/or Parquet (list columns joined for CSV)."""
    frame = statement_table(store)
    if csv_path:
        flat = frame.copy()
        for column in ("source_ids", "target_ids", "attributed_ids", "source_polities", "target_polities"):
            flat[column] = flat[column].map(lambda ids: " ".join(ids))
        flat.to_csv(csv_path, index=False)
    if parquet_path:
        frame.to_parquet(parquet_path, index=False)
    return frame
