"""The statement JSON Lines of ``../shared/eval/CONTRACT.md``, read back out of the RDF graph.

Records are derived from a document's graphs with SPARQL (not from the Python objects that built
them), so scoring the records also checks the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kgraph.namespaces import KG, sparql_prefixes
from kgraph.rdf import iris

PREFIXES = sparql_prefixes()

MENTIONS = PREFIXES + """
SELECT DISTINCT ?m ?start ?end ?text ?actor ?name ?code ?same WHERE {
  ?m a kg:ActorMention ; nif:referenceContext ?doc ; nif:beginIndex ?start ; nif:endIndex ?end ;
     nif:anchorOf ?text ; kg:refersTo ?actor .
  FILTER NOT EXISTS { ?m kg:reportable false }
  OPTIONAL { ?actor skos:prefLabel ?name FILTER(lang(?name) = "en") }
  OPTIONAL { ?actor kg:actorCode ?code }
  OPTIONAL { ?actor owl:sameAs ?same FILTER(STRSTARTS(STR(?same), "http://www.wikidata.org/entity/")) }
} ORDER BY ?start ?end
"""

TIMEXES = PREFIXES + """
SELECT DISTINCT ?start ?end ?text ?type ?value WHERE {
  ?t a kg:TimeExpression ; nif:referenceContext ?doc ; nif:beginIndex ?start ; nif:endIndex ?end ;
     nif:anchorOf ?text ; kg:timexType ?type .
  OPTIONAL { ?t kg:value ?value }
} ORDER BY ?start
"""

# Every query starts from the document and has no OPTIONAL: Oxigraph evaluates an OPTIONAL by joining
# with every match of its pattern in the store, so one document's roles took seconds on a
# 10,000-document store. What may be missing (PLOVER type and mode, actor details, role mentions) is
# read by its own query of the document and merged here.
STATEMENTS = PREFIXES + """
SELECT DISTINCT ?st ?tstart ?tend ?ttext ?type ?modality ?confidence WHERE {
  ?st prov:wasDerivedFrom ?doc ; a kg:Statement ; sem:eventType ?type ; kg:modality ?mod ;
      kg:confidence ?confidence ; kg:trigger ?trig .
  ?trig nif:beginIndex ?tstart ; nif:endIndex ?tend ; nif:anchorOf ?ttext .
  ?mod skos:notation ?modality .
} ORDER BY ?tstart ?tend
"""
PLOVER_TYPES = PREFIXES + """
SELECT DISTINCT ?st ?plover WHERE { ?st prov:wasDerivedFrom ?doc ; a kg:Statement ; kg:plover ?p .
  ?p skos:notation ?plover }
"""
PLOVER_MODES = PREFIXES + """
SELECT DISTINCT ?st ?mode WHERE { ?st prov:wasDerivedFrom ?doc ; a kg:Statement ; kg:ploverMode ?m .
  ?m skos:notation ?mode }
"""

CONTEXTS = PREFIXES + """
SELECT DISTINCT ?st ?context WHERE {
  ?st a kg:Statement ; prov:wasDerivedFrom ?doc ; kg:ploverContext ?c . ?c skos:notation ?context .
}
"""

_DOC_ROLES = "?st prov:wasDerivedFrom ?doc ; a kg:Statement ; kg:hasRole ?role ."
ROLES = PREFIXES + f"""
SELECT DISTINCT ?st ?role ?roleType ?index ?actor WHERE {{
  {_DOC_ROLES}
  ?role sem:roleType ?roleType ; rdf:value ?actor .
  BIND(STRAFTER(STR(?role), "/role/") AS ?index)
}}
"""
_ROLE_ACTORS = _DOC_ROLES + " ?role rdf:value ?actor ."
ACTOR_NAMES = PREFIXES + f"""
SELECT DISTINCT ?actor ?name WHERE {{ {_ROLE_ACTORS} ?actor skos:prefLabel ?name FILTER(lang(?name) = "en") }}
"""
ACTOR_CODES = PREFIXES + f"""SELECT DISTINCT ?actor ?code WHERE {{ {_ROLE_ACTORS} ?actor kg:actorCode ?code }}"""
ACTOR_WIKIDATA = PREFIXES + f"""
SELECT DISTINCT ?actor ?same WHERE {{ {_ROLE_ACTORS} ?actor owl:sameAs ?same
  FILTER(STRSTARTS(STR(?same), "http://www.wikidata.org/entity/")) }}
"""
ROLE_MENTIONS = PREFIXES + f"""
SELECT DISTINCT ?role ?mstart ?mend ?mtext WHERE {{
  {_DOC_ROLES}
  ?role kg:filledBy ?span . ?span nif:beginIndex ?mstart ; nif:endIndex ?mend ; nif:anchorOf ?mtext
}}
"""

DATES = PREFIXES + """
SELECT DISTINCT ?st ?value ?relation ?dstart ?dend ?dtext WHERE {
  ?st a kg:Statement ; prov:wasDerivedFrom ?doc ; kg:validTime ?time ; kg:timeRelation ?rel ;
      kg:dateExpression ?span .
  ?span nif:beginIndex ?dstart ; nif:endIndex ?dend ; nif:anchorOf ?dtext ; kg:value ?value .
  BIND(LCASE(STRAFTER(STR(?rel), "#")) AS ?relation)
}
"""

ROLE_KEYS = {str(KG.SourceRole): "source", str(KG.TargetRole): "target", str(KG.AttributionRole): "attributed_to"}


def _value(term) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value if term.datatype is not None else ""
        if dtype.endswith(("#integer", "#nonNegativeInteger")):
            return int(term.value)
        if dtype.endswith("#decimal"):
            return float(term.value)
        return term.value
    return term.value


def _rows(store, query: str, doc: str) -> Iterator[dict[str, Any]]:
    """Solutions of a query over any kgraph store (its ``query`` sees the union of all graphs)."""
    bound = query.replace("?doc", f"<{doc}>")
    solutions = store.query(bound)
    variables = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: _value(solution[name]) for name in variables}


def _actor(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    same = row.get("same")
    actor = {
        "id": row["actor"],
        "name": row.get("name"),
        "code": row.get("code"),
        "wikidata": same.rsplit("/", 1)[-1] if same else None,
    }
    if row.get(prefix + "mtext") is not None:
        actor.update({"text": row["mtext"], "start": row["mstart"], "end": row["mend"]})
    return actor


def document_records(store, doc_id: str) -> list[dict[str, Any]]:
    """Mention, timex and statement records of one document, in text order."""
    doc = iris.document_iri(doc_id)
    records: list[dict[str, Any]] = []
    seen_mentions: dict[tuple[int, int], dict[str, Any]] = {}
    for row in _rows(store, MENTIONS, doc):
        key = (row["start"], row["end"])
        if key in seen_mentions:
            continue
        record = {"kind": "mention", "start": row["start"], "end": row["end"], "text": row["text"],
                  "actor": _actor(row)}
        seen_mentions[key] = record
        records.append(record)
    for row in _rows(store, TIMEXES, doc):
        records.append({"kind": "timex", "start": row["start"], "end": row["end"], "text": row["text"],
                        "value": row.get("value"), "type": row["type"]})
    contexts: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, CONTEXTS, doc):
        contexts[row["st"]].append(row["context"])
    roles: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(list))
    details = _optional_values(store, doc, ("actor", ACTOR_NAMES, "name"), ("actor", ACTOR_CODES, "code"),
                               ("actor", ACTOR_WIKIDATA, "same"))
    mentions = {row["role"]: row for row in _rows(store, ROLE_MENTIONS, doc)}
    for row in _rows(store, ROLES, doc):
        row.update(details.get(row["actor"], {}))
        row.update(mentions.get(row["role"], {}))
        roles[row["st"]][ROLE_KEYS[row["roleType"]]].append((row["index"], _actor(row)))
    dates = {row["st"]: row for row in _rows(store, DATES, doc)}
    plover = _optional_values(store, doc, ("st", PLOVER_TYPES, "plover"), ("st", PLOVER_MODES, "mode"))
    for row in _rows(store, STATEMENTS, doc):
        st = row["st"]
        record: dict[str, Any] = {
            "kind": "statement",
            "id": st,
            "trigger": {"text": row["ttext"], "start": row["tstart"], "end": row["tend"]},
            "plover": plover[st].get("plover"),
            "type": row["type"],
            "mode": plover[st].get("mode"),
            "context": sorted(contexts.get(st, [])),
            "modality": row["modality"],
        }
        for key in ("source", "target", "attributed_to"):
            record[key] = [actor for _, actor in sorted(roles[st][key], key=lambda item: _index(item[0]))]
        date = dates.get(st)
        record["date"] = (
            {"value": date["value"], "relation": date["relation"], "text": date["dtext"],
             "start": date["dstart"], "end": date["dend"]}
            if date else None
        )
        record["confidence"] = row["confidence"]
        records.append(record)
    records.sort(key=lambda r: (r.get("start", r.get("trigger", {}).get("start", 0)), r["kind"]))
    return records


def _optional_values(store, doc: str, *queries: tuple[str, str, str]) -> dict[str, dict[str, Any]]:
    """Values that may be missing, by subject: ``(key variable, query, value variable)`` per query."""
    values: dict[str, dict[str, Any]] = defaultdict(dict)
    for key, query, name in queries:
        for row in _rows(store, query, doc):
            values[row[key]].setdefault(name, row[name])
    return values


def _index(role_key: str) -> int:
    try:
        return int(role_key.rsplit("/", 1)[-1])
    except ValueError:
        return 0
