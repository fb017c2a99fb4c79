"""The commitment ledger: what was planned, committed to or demanded with a due date, and whether a
later report says it happened.

A commitment is a statement whose modality is *planned* or *demanded* and whose valid time is known.
Its status at an as-of date uses only what had been reported by then (the "as of" view):

* **fulfilled**: a statement of another document, reported no earlier than the commitment and by the
  as-of date, asserts an event of a fulfilling type (the same type, or one the taxonomy declares with
  ``kg:fulfilledBy``), with compatible actors, happening no later than the due date; the evidence
  (sentence, document, date) is given;
* **pending**: not fulfilled and the due period has not begun;
* **due**: the as-of date falls in the due period (the day, or the month or year at the date's precision);
* **overdue**: the due period has passed without a reported fulfilment.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pyoxigraph as ox

from kgraph.namespaces import KG, KGT
from kgraph.resources import ontology_file

STATUS_ORDER = ["fulfilled", "due", "overdue", "pending"]
COMMITMENT_MODALITIES = ("planned", "demanded")


@cache
def fulfilment_types() -> dict[str, set[str]]:
    """Event type → the event types whose reported occurrence fulfils it (itself included)."""
    table: dict[str, set[str]] = {}
    prefix = str(KGT)
    for triple in ox.parse(path=str(ontology_file("event-types.ttl")), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == str(KG.fulfilledBy):
            table.setdefault(triple.subject.value[len(prefix) :], set()).add(triple.object.value[len(prefix) :])
    return table


def _fulfils(commitment_type: str, event_type: str) -> bool:
    return event_type == commitment_type or event_type in fulfilment_types().get(commitment_type, set())


def _compatible(commitment: pd.Series, event: pd.Series) -> bool:
    """Actors compatible: the sources' polities overlap, or one side names none."""
    a = set(commitment["source_polities"]) or set(commitment["target_polities"])
    b = set(event["source_polities"]) or set(event["target_polities"])
    return not a or not b or bool(a & b)


def _sources_by_event(known: pd.DataFrame) -> dict[str, str]:
    """Canonical event → its reports, e.g. ``doc-a (ckb, planned); doc-b (en, asserted)``, oldest first."""
    sources: dict[str, list[str]] = {}
    for row in known.sort_values(["reported", "doc"]).itertuples(index=False):
        label = f"{row.doc} ({row.lang or '?'}, {row.modality})"
        reports = sources.setdefault(row.canonical, [])
        if label not in reports:
            reports.append(label)
    return {event: "; ".join(reports) for event, reports in sources.items()}


def commitment_ledger(table: pd.DataFrame, as_of: dt.date | str) -> pd.DataFrame:
    """The ledger at ``as_of`` from a statement table (:func:`kgraph.analysis.table.statement_table`)."""
    as_of = pd.Timestamp(as_of)
    known = table[table["reported"].notna() & (table["reported"] <= as_of)]
    wanted = known[known["modality"].isin(COMMITMENT_MODALITIES) & known["latest"].notna()]
    # a pledge and the pledged event share sentence and date: list the pledged event once
    pledged = set(zip(wanted.loc[wanted["type"] != "commit", "sentence"],
                      wanted.loc[wanted["type"] != "commit", "date"], strict=True))
    duplicate = [t == "commit" and (s, d) in pledged
                 for t, s, d in zip(wanted["type"], wanted["sentence"], wanted["date"], strict=True)]
    wanted = wanted[~pd.Series(duplicate, index=wanted.index, dtype=bool)]
    # one row per real event: reports of one commitment in several documents or languages were merged
    # into one canonical event (kgraph.events); the earliest report stands for it, all are listed
    wanted = wanted.sort_values(["reported", "doc", "trigger_start"]).drop_duplicates("canonical")
    sources = _sources_by_event(known)
    outcomes = known[(known["modality"] == "asserted") & (known["polarity"] == "positive")]
    rows = []
    for _, c in wanted.iterrows():
        due_start = c["earliest"] if c["relation"] != "by" else c["latest"]
        due_end = c["latest"]
        evidence = None
        for _, e in outcomes.iterrows():
            if e["statement"] == c["statement"] or not _fulfils(c["type"], e["type"]):
                continue
            happened = e["latest"] if pd.notna(e["latest"]) else e["reported_latest"]
            if pd.isna(happened) or happened > due_end or not _compatible(c, e):
                continue
            if e["doc"] == c["doc"] or e["reported"] < c["reported"]:
                continue  # the evidence is a later report, not the commitment's own wording
            if evidence is None or happened < evidence[0]:
                evidence = (happened, e)
        if evidence is not None:
            status = "fulfilled"
        elif as_of < due_start:
            status = "pending"
        elif as_of <= due_end:
            status = "due"
        else:
            status = "overdue"
        e = evidence[1] if evidence else None
        rows.append({
            "status": status, "due": c["date"], "relation": c["relation"], "type": c["type"],
            "plover": c["plover"], "modality": c["modality"], "source": c["source"], "target": c["target"],
            "attributed_to": c["attributed_to"], "reported": c["published"], "doc": c["doc"],
            "sentence": c["sentence"], "statement": c["statement"], "event": c["canonical"],
            "sources": sources.get(c["canonical"], c["doc"]),
            "evidence_statement": e["statement"] if e is not None else None,
            "evidence_doc": e["doc"] if e is not None else None,
            "evidence_date": (e["date"] or e["published"]) if e is not None else None,
            "evidence_sentence": e["sentence"] if e is not None else None,
        })
    ledger = pd.DataFrame(rows, columns=["status", "due", "relation", "type", "plover", "modality", "source",
                                         "target", "attributed_to", "reported", "doc", "sentence", "statement",
                                         "event", "sources", "evidence_statement", "evidence_doc", "evidence_date",
                                         "evidence_sentence"])
    return ledger.sort_values(["due", "type"]).reset_index(drop=True)
