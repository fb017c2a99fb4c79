"""Cross-document event linking: statements of one real event, from any document or language, meet on
one canonical event node.

Every statement already denotes a signature event (type, date, participants; see
:func:`kgraph.rdf.iris.event_iri`). After a build, signature events are clustered when their
statements have the same event type, compatible valid times (intervals that overlap; a deadline
"by D" spans from the report to D) and overlapping actors (a shared actor, or shared polities on both
sides); each signature event then points to its cluster's canonical event with ``kg:sameEventAs``.
The links live in one derived graph, rebuilt whole after every build, so they never go stale; each
statement keeps its own document, language, modality and provenance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import pyoxigraph as ox

from kgraph.dates import PartialDate
from kgraph.namespaces import PROV, sparql_prefixes
from kgraph.rdf import terms
from kgraph.rdf.iris import BASE_GRAPH
from kgraph.store import GraphStore

EVENTS_GRAPH = BASE_GRAPH + "events"
UNDATED_WINDOW_DAYS = 3  # undated mentions of one event are reported within a few days of each other

# Lean scans for linking: only what clustering compares (no sentences, labels or offsets), one triple
# pattern per query (a single index scan: joins cost a lookup per row), joined here in dicts, so a
# 100k-document store is read in little time and memory
_P = sparql_prefixes()
SCAN = _P + "SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"
PUBLISHED = _P + "SELECT ?d ?published WHERE { ?d a kg:Document ; dcterms:issued ?published }"
TIME_NODES = _P + "SELECT ?t ?earliest ?latest WHERE { ?t kg:earliest ?earliest ; kg:latest ?latest }"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class LinkRow(NamedTuple):
    """What event linking compares of one statement (a tuple: 585k of them fit in a few hundred MB)."""

    event: str
    type: str
    earliest: dt.date | None
    latest: dt.date | None
    relation: str | None
    reported: dt.date | None
    source_ids: frozenset[str]
    target_ids: frozenset[str]
    source_polities: frozenset[str]
    target_polities: frozenset[str]


def _interval(row: LinkRow) -> tuple[dt.date, dt.date] | None:
    if row.earliest is None or row.latest is None:
        return None
    start = row.earliest
    if row.relation == "by" and row.reported is not None:
        start = min(start, row.reported)
    return start, row.latest


def _actors_compatible(a: LinkRow, b: LinkRow) -> bool:
    if (a.source_ids | a.target_ids) & (b.source_ids | b.target_ids):
        return True
    return bool(a.source_polities & b.source_polities) and (
        bool(a.target_polities & b.target_polities) or not a.target_polities or not b.target_polities)


def cluster_events(rows: Iterable[LinkRow]) -> dict[str, str]:
    """Signature event IRI → canonical event IRI (the smallest IRI of its cluster).

    Two statements are compared only when they have the same type and anchor dates (valid end, else
    report date) at most a calendar month apart. Within a type, dated statements are swept in order of
    interval start, each compared only with the intervals still open (the ones it overlaps), and
    undated ones in order of report date within :data:`UNDATED_WINDOW_DAYS`: the work grows with the
    overlaps, not with the square of the statements in a month.
    """
    uf = _UnionFind()
    by_type: dict[str, list[tuple]] = defaultdict(list)
    seen: set[LinkRow] = set()
    for row in rows:
        uf.find(row.event)
        anchor = row.latest if row.latest is not None else row.reported
        # statements that agree on everything compared (the same event reported the same day) count once
        if anchor is None or row in seen:
            continue
        seen.add(row)
        by_type[row.type].append((_interval(row), anchor.year * 12 + anchor.month, row))
    for entries in by_type.values():
        _sweep(sorted((e for e in entries if e[0] is not None), key=lambda e: e[0][0]), _overlapping, uf)
        _sweep(sorted((e for e in entries if e[0] is None), key=lambda e: e[2].reported), _reported_close, uf)
    return {event: uf.find(event) for event in list(uf.parent)}


def _merge_if_same(a: tuple, b: tuple, uf: _UnionFind) -> None:
    if abs(a[1] - b[1]) <= 1 and uf.find(a[2].event) != uf.find(b[2].event) and _actors_compatible(a[2], b[2]):
        uf.union(a[2].event, b[2].event)


def _sweep(entries: list[tuple], still_open: Callable[[tuple, tuple], bool], uf: _UnionFind) -> None:
    """Compare each entry with the earlier ones ``still_open`` keeps (entries sorted by their start)."""
    window: list[tuple] = []
    for entry in entries:
        window = [other for other in window if still_open(other, entry)]
        for other in window:
            _merge_if_same(other, entry, uf)
        window.append(entry)


def _overlapping(other: tuple, entry: tuple) -> bool:
    """An earlier-starting interval that has not ended before this one starts."""
    return other[0][1] >= entry[0][0]


def _reported_close(other: tuple, entry: tuple) -> bool:
    return (entry[2].reported - other[2].reported).days <= UNDATED_WINDOW_DAYS


def _date(literal: str | None) -> dt.date | None:
    return dt.date.fromisoformat(literal) if literal else None


def _scan(store: GraphStore, predicate: str) -> Iterable[tuple[str, ox.Term]]:
    for r in store.query(SCAN.format(predicate=predicate)):
        yield r["s"].value, r["o"]


# positions in the mutable per-statement lists linking_rows fills before freezing them into LinkRows
_EVENT, _TYPE, _EARLIEST, _LATEST, _RELATION, _REPORTED, _SOURCES, _TARGETS = range(8)


def linking_rows(store: GraphStore) -> list[LinkRow]:
    """One :class:`LinkRow` per statement, read with one single-pattern scan per property."""
    intern: dict = {}  # IRIs and actor sets repeat across statements: keep one copy of each

    def shared(value):
        return intern.setdefault(value, value)

    published = {r["d"].value: PartialDate.parse(r["published"].value).first_day()
                 for r in store.query(PUBLISHED)}
    times = {r["t"].value: (_date(r["earliest"].value), _date(r["latest"].value)) for r in store.query(TIME_NODES)}
    polity = {actor: shared(p.value) for actor, p in _scan(store, "kg:polity")}
    for actor, code in _scan(store, "kg:actorCode"):  # a country's own code (three letters) makes it its own polity
        if len(code.value) == 3:
            polity.setdefault(actor, shared(actor))
    rows: dict[str, list] = {}
    for st, event in _scan(store, "kg:denotes"):
        rows[st] = [shared(event.value), None, None, None, None, None, None, None]

    def filled(predicate: str) -> Iterator[tuple[list, ox.Term]]:
        for st, obj in _scan(store, predicate):
            if st in rows:
                yield rows[st], obj

    for row, obj in filled("sem:eventType"):
        row[_TYPE] = shared(obj.value)
    for row, obj in filled("prov:wasDerivedFrom"):
        row[_REPORTED] = published.get(obj.value)
    for row, obj in filled("kg:validTime"):
        row[_EARLIEST], row[_LATEST] = times.get(obj.value, (None, None))
    for row, obj in filled("kg:timeRelation"):
        row[_RELATION] = shared(obj.value.rsplit("#", 1)[-1].lower())
    for column, predicate in ((_SOURCES, "kg:source"), (_TARGETS, "kg:target")):
        for row, obj in filled(predicate):  # a list only where there is an actor: most rows have few
            if row[column] is None:
                row[column] = []
            row[column].append(shared(obj.value))
    result = []
    while rows:  # emptied as it is read, so the two forms of a row are never all in memory at once
        row = rows.popitem()[1]
        sources, targets = row[_SOURCES] or (), row[_TARGETS] or ()
        result.append(LinkRow(*row[:_SOURCES], shared(frozenset(sources)), shared(frozenset(targets)),
                              shared(frozenset(polity[a] for a in sources if a in polity)),
                              shared(frozenset(polity[a] for a in targets if a in polity))))
    result.reverse()  # popitem takes the last row first: keep the store's order
    return result


def events_linked(store: GraphStore) -> bool:
    """Whether the events graph was written whole (its completion mark is written with it, atomically)."""
    return bool(store.query(f"ASK {{ GRAPH <{EVENTS_GRAPH}> {{ <{EVENTS_GRAPH}> a <{PROV.Entity}> }} }}"))


def link_events(store: GraphStore) -> int:
    """Rebuild the derived events graph; returns the number of events merged into others.

    The old graph is dropped, then the new one goes in with one atomic insert that ends with the
    graph's completion mark (see :func:`events_linked`): no SPARQL text is built or parsed, which kept
    a 600k-quad events graph (100k documents) from doubling the build's peak memory. An interruption
    between the two steps leaves no mark, and the next build relinks.
    """
    canonical = cluster_events(linking_rows(store))
    members: dict[str, list[str]] = defaultdict(list)
    for event, root in canonical.items():
        members[root].append(event)
    del canonical
    merged = sum(len(events) - 1 for events in members.values())
    g = ox.NamedNode(EVENTS_GRAPH)

    def quads() -> Iterator[ox.Quad]:
        for root, events in members.items():
            root_node = ox.NamedNode(root)
            yield ox.Quad(root_node, terms.RDF.type, terms.SEM.Event, g)
            for event in events:
                yield ox.Quad(ox.NamedNode(event), terms.KG.sameEventAs, root_node, g)
        yield ox.Quad(g, terms.RDF.type, terms.PROV.Entity, g)  # the completion mark, last

    store.update(f"DROP SILENT GRAPH <{EVENTS_GRAPH}>")
    store.add_quads(quads())
    return merged
