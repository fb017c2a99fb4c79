"""The statement table: one row per statement with dates, actors, types and the source sentence.

This is the timeline view analysts load into pandas (and the CSV/Parquet export); the commitment
ledger and the actor network are computed from it.
"""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox

from kgraph.derived import kept_frame
from kgraph.namespaces import sparql_prefixes
from kgraph.rdf.mapping import SHARED_GRAPH, document_graphs
from kgraph.store import GraphStore, vocabulary_quads

# Simple queries joined in Python: one big query with nested OPTIONALs is far slower in the engine.
# Each statement property is read by its own sub-select, which Oxigraph hash-joins from whole-property
# scans (see kgraph/queries/dated-statements.rq); long strings (sentences) and actor details are read
# once each, by their own queries, rather than once per statement or per role.
_P = sparql_prefixes()
BASE = _P + """SELECT ?statement ?d ?t ?m ?pol ?confidence ?event ?span WHERE {
  { SELECT ?statement ?m WHERE { ?statement kg:modality ?m } }
  { SELECT ?statement ?d WHERE { ?statement prov:wasDerivedFrom ?d } }
  { SELECT ?statement ?t WHERE { ?statement sem:eventType ?t } }
  { SELECT ?statement ?pol WHERE { ?statement kg:polarity ?pol } }
  { SELECT ?statement ?confidence WHERE { ?statement kg:confidence ?confidence } }
  { SELECT ?statement ?event WHERE { ?statement kg:denotes ?event } }
  { SELECT ?statement ?span WHERE { ?statement kg:sentence ?span } } }"""
SENTENCES = _P + """SELECT ?span ?sentence WHERE {
  { SELECT DISTINCT ?span WHERE { ?statement kg:sentence ?span } } ?span nif:anchorOf ?sentence }"""
TRIGGERS = _P + """SELECT ?statement ?trigger ?start ?end WHERE {
  { SELECT ?statement ?tr WHERE { ?statement kg:trigger ?tr } }
  { SELECT ?tr ?trigger WHERE { ?tr nif:anchorOf ?trigger } }
  { SELECT ?tr ?start WHERE { ?tr nif:beginIndex ?start } }
  { SELECT ?tr ?end WHERE { ?tr nif:endIndex ?end } } }"""
# PLOVER types and modes: the concept IRIs only, their notations come from CONCEPTS (2.4× faster)
PLOVER = _P + """SELECT ?statement ?concept WHERE { ?statement kg:plover ?concept }"""
MODES = _P + """SELECT ?statement ?concept WHERE { ?statement kg:ploverMode ?concept }"""
DATES = _P + """SELECT ?statement ?earliest ?latest ?rel ?p WHERE {
  { SELECT ?statement ?vt WHERE { ?statement kg:validTime ?vt } }
  { SELECT ?statement ?rel WHERE { ?statement kg:timeRelation ?rel } }
  ?vt kg:earliest ?earliest ; kg:latest ?latest ; kg:precision ?p }"""
DATE_VALUES = _P + """SELECT ?statement ?date WHERE { ?statement kg:dateExpression ?x . ?x kg:value ?date }"""
DOCS = _P + """SELECT ?d ?doc ?published ?lang WHERE { ?d a kg:Document ; dcterms:identifier ?doc .
  OPTIONAL { ?d dcterms:issued ?published } OPTIONAL { ?d dcterms:language ?lang } }"""
# the cross-document event each signature event was merged into (kgraph.events)
CANONICAL = _P + """SELECT ?event ?canonical WHERE { ?event kg:sameEventAs ?canonical }"""
ROLES = _P + """SELECT ?statement ?rt ?actor WHERE {
  { SELECT ?statement ?r WHERE { ?statement kg:hasRole ?r } }
  { SELECT ?r ?rt WHERE { ?r sem:roleType ?rt } }
  { SELECT ?r ?actor WHERE { ?r rdf:value ?actor } } }"""
ACTORS = _P + """SELECT ?actor ?name ?code ?polity WHERE {
  { SELECT DISTINCT ?actor WHERE { ?r sem:roleType ?rt ; rdf:value ?actor } }
  OPTIONAL { ?actor skos:prefLabel ?name FILTER(LANG(?name) = "en") }
  OPTIONAL { ?actor kg:actorCode ?code }
  OPTIONAL { ?actor kg:polity ?polity } }"""
CONCEPTS = _P + """SELECT ?c ?notation ?label WHERE { ?c skos:notation ?notation .
  OPTIONAL { ?c skos:prefLabel ?label FILTER(LANG(?label) = "en") } }"""

COLUMNS = ["statement", "doc", "published", "type", "type_label", "plover", "mode", "modality", "polarity",
           "confidence", "date", "relation", "earliest", "latest", "precision", "source", "target",
           "attributed_to", "source_ids", "target_ids", "attributed_ids", "source_polities",
           "target_polities", "sentence", "trigger", "trigger_start", "trigger_end", "event", "canonical", "lang"]
#: Columns holding a list of IRIs per statement (joined with spaces in the CSV export).
LIST_COLUMNS = ("source_ids", "target_ids", "attributed_ids", "source_polities", "target_polities")


def _plain(term):
    return None if term is None else term.value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].lower()


def statement_table(store: GraphStore, keep: bool = True) -> pd.DataFrame:
    """All statements of a store as a DataFrame (dates as ``datetime64``, actors as ``; ``-joined names).

    Computed once per revision of an on-disk store and then read back from its folder
    (:mod:`kgraph.derived`); ``keep=False`` always reads the store.
    """
    if not keep:
        return read_statement_table(store)
    return kept_frame(store, "statements", lambda: read_statement_table(store), _restore,
                      lambda earlier, rewritten: updated_statement_table(store, earlier, rewritten))


#: An earlier table is updated only when the documents written since are at most this many and this share
#: of its documents; otherwise the table is read whole. Updating costs ~5x more per written document than
#: reading costs per document (1,000 new documents into 1,006: `kgraph commitments` 4.3 s updating, 2.2 s reading all),
#: and holds the written documents' graphs in memory.
UPDATE_AT_MOST = 2_000
UPDATE_SHARE = 0.1


def updated_statement_table(store: GraphStore, earlier: pd.DataFrame, rewritten: set[str]) -> pd.DataFrame | None:
    """The statement table now, from the table of an earlier revision and the documents written since.

    Only the rewritten documents' statements are read, from a store in memory holding their graphs, what
    the shared graph says of the nodes they name (time intervals) and the vocabulary: all that their rows
    are made of. Every row's ``canonical`` is read again, because linking the new documents may merge
    events of any document. Equal to :func:`read_statement_table` of the store (a test builds both);
    100 new documents in a 10,000-document store: 1.4 s instead of 7.5 s. ``None`` (read it whole) past
    ``UPDATE_AT_MOST`` documents or ``UPDATE_SHARE`` of the earlier table's.
    """
    if len(rewritten) > min(UPDATE_AT_MOST, UPDATE_SHARE * earlier["doc"].nunique()):
        return None
    quads = [q for doc in sorted(rewritten) for g in document_graphs(doc) for q in store.graph_quads(ox.NamedNode(g))]
    shared = ox.NamedNode(SHARED_GRAPH)  # the time intervals (and events) of every document: only theirs
    for node in {q.object for q in quads if isinstance(q.object, ox.NamedNode)}:
        quads.extend(store.graph_quads(shared, node))
    part = GraphStore()
    part.add_quads([*vocabulary_quads(), *quads])
    fresh = read_statement_table(part)
    kept = earlier[~earlier["doc"].isin(rewritten)]
    frame = pd.concat([kept, fresh], ignore_index=True) if len(fresh) else kept.copy()
    canonical = {r["event"].value: r["canonical"].value for r in store.query(CANONICAL)}
    frame["canonical"] = [canonical.get(event, event) for event in frame["event"]]
    if len(earlier):  # the kept rows' column types, as a whole read gives them
        try:
            frame = frame.astype(earlier.dtypes.to_dict())
        except (TypeError, ValueError):  # new rows lack what every earlier row had: read it whole
            return None
    return _sorted(frame)


def _restore(frame: pd.DataFrame) -> pd.DataFrame:
    for column in LIST_COLUMNS:  # Parquet gives lists back as arrays
        frame[column] = frame[column].map(list)
    return frame


def read_statement_table(store: GraphStore) -> pd.DataFrame:
    """The statement table read from the store's graphs (what :func:`statement_table` keeps)."""
    concepts = {}
    for r in store.query(CONCEPTS):
        concepts.setdefault(r["c"].value, (r["notation"].value, _plain(r["label"])))
    docs = {r["d"].value: (r["doc"].value, _plain(r["published"]), _plain(r["lang"])) for r in store.query(DOCS)}
    canonical = {r["event"].value: r["canonical"].value for r in store.query(CANONICAL)}
    sentences = {r["span"].value: r["sentence"].value for r in store.query(SENTENCES)}
    rows: dict[str, dict] = {}
    for r in store.query(BASE):
        st = r["statement"].value
        if st in rows:
            continue
        notation, label = concepts.get(r["t"].value, (r["t"].value.rsplit("/", 1)[-1], None))
        doc, published, lang = docs.get(r["d"].value, (r["d"].value.rsplit("/", 1)[-1], None, None))
        rows[st] = dict.fromkeys(COLUMNS)
        rows[st].update({
            "statement": st, "doc": doc, "published": published, "type": notation, "type_label": label,
            "modality": concepts.get(r["m"].value, (_local(r["m"].value), None))[0],
            "polarity": _local(r["pol"].value), "confidence": float(r["confidence"].value),
            "sentence": sentences.get(r["span"].value), "event": r["event"].value, "lang": lang,
            "canonical": canonical.get(r["event"].value, r["event"].value),
        })
    for query, apply in (
        (TRIGGERS, lambda row, r: row.update(trigger=r["trigger"].value, trigger_start=int(r["start"].value),
                                             trigger_end=int(r["end"].value))),
        (PLOVER, lambda row, r: row.update(plover=_notation(concepts, r["concept"].value, row["plover"]))),
        (MODES, lambda row, r: row.update(mode=_notation(concepts, r["concept"].value, row["mode"]))),
        (DATES, lambda row, r: row.update(earliest=r["earliest"].value, latest=r["latest"].value,
                                          relation=_local(r["rel"].value),
                                          precision=_local(r["p"].value).replace("precision", ""))),
        # a written date is only reported together with the interval it was resolved to
        (DATE_VALUES, lambda row, r: row.update(date=r["date"].value) if row["earliest"] else None),
    ):
        for r in store.query(query):
            row = rows.get(r["statement"].value)
            if row is not None:
                apply(row, r)
    roles: dict[str, dict[str, dict[str, tuple[str, str | None]]]] = {}
    details: dict[str, tuple[str, str | None]] = {}  # actor → (name, polity), the first named row wins
    for s in store.query(ACTORS):
        actor = s["actor"].value
        if actor not in details or details[actor][0] == actor:
            details[actor] = (_plain(s["name"]) or actor, _plain(s["polity"]) or (actor if _is_polity(s) else None))
    for s in store.query(ROLES):
        st, role, actor = s["statement"].value, _local(s["rt"].value.replace("Role", "")), s["actor"].value
        roles.setdefault(st, {}).setdefault(role, {})[actor] = details.get(actor, (actor, None))
    for st, row in rows.items():
        for role, column in (("source", "source"), ("target", "target"), ("attribution", "attributed_to")):
            actors = roles.get(st, {}).get(role, {})
            row[column] = "; ".join(name for name, _ in actors.values())
            ids_column = {"source": "source_ids", "target": "target_ids", "attributed_to": "attributed_ids"}[column]
            row[ids_column] = sorted(actors)
            if column in ("source", "target"):
                row[column + "_polities"] = sorted({p for _, p in actors.values() if p})
    frame = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    # one unit for every date column, microseconds, which Parquet keeps as it is
    for column in ("earliest", "latest"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    frame["reported"] = pd.to_datetime(frame["published"].map(_first_day), errors="coerce").astype("datetime64[us]")
    frame["reported_latest"] = pd.to_datetime(frame["published"].map(_last_day),
                                              errors="coerce").astype("datetime64[us]")
    return _sorted(frame)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Report date, document, position; the statement IRI breaks ties, so the order is always the same."""
    return frame.sort_values(["reported", "doc", "trigger_start", "statement"]).reset_index(drop=True)


def _notation(concepts: dict[str, tuple[str, str | None]], concept: str, current: str | None) -> str | None:
    """A concept's notation (a concept without one leaves the cell as it was)."""
    found = concepts.get(concept)
    return found[0] if found is not None else current


def _is_polity(solution) -> bool:
    code = solution["code"]
    return code is not None and len(code.value) == 3


def _first_day(value: str | None):
    from kgraph.dates import PartialDate

    if not isinstance(value, str) or not value:
        return None
    return PartialDate.parse(value).first_day()


def _last_day(value: str | None):
    from kgraph.dates import PartialDate

    if not isinstance(value, str) or not value:
        return None
    return PartialDate.parse(value).last_day()


def write_timeline(store: GraphStore, csv_path: str | None = None, parquet_path: str | None = None) -> pd.DataFrame:
    """Write the statement table as CSV and/or Parquet (list columns joined for CSV)."""
    frame = statement_table(store)
    if csv_path:
        flat = frame.copy()
        for column in LIST_COLUMNS:
            flat[column] = flat[column].map(lambda ids: " ".join(ids))
        flat.to_csv(csv_path, index=False)
    if parquet_path:
        frame.to_parquet(parquet_path, index=False)
    return frame
