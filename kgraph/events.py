"""Cross-document event linking: statements of one real event, from any document or language, meet on
one canonical event node.

Every statement already denotes a signature event (type, date, participants; see
:func:`kgraph.rdf.iris.event_iri`). After a build, signature events are clustered when their
statements have the same event type, compatible valid times (intervals that overlap; a deadline
"by D" spans from the report to D) and overlapping actors (a shared actor, or shared polities on both
sides); each signature event then points to its cluster's canonical event with ``kg:sameEventAs``.
The links live in one derived graph, relinked after every build, so they never go stale; each
statement keeps its own document, language, modality and provenance. The links always cover every
statement of the store, but what linking reads of each is kept beside the store
(:mod:`kgraph.kept_links`), and what it reads of the documents a build has just written the build's
workers computed as they extracted them (:func:`statement_links_of`): a build that adds a few
documents to a large store reads nothing back, extends the kept clusters with them
(:func:`extend_clusters`, exact because adding statements only joins clusters), and changes the graph
by the difference when it still holds exactly the links kept (it carries their digest,
``kg:linksDigest``); otherwise the graph is rewritten whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from kgraph.dates import PartialDate
from kgraph.fingerprints import stored_fingerprints
from kgraph.namespaces import KGD, PROV, sparql_prefixes
from kgraph.rdf import terms
from kgraph.rdf.iris import BASE_GRAPH, document_iri, graph_iri
from kgraph.store import GraphStore, insert_data

EVENTS_GRAPH = BASE_GRAPH + "events"
KGD_PREFIX = str(KGD)
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
    return extend_clusters({}, (), rows)


def extend_clusters(clusters: dict[str, str], rows: Iterable[LinkRow], new_rows: Iterable[LinkRow]) -> dict[str, str]:
    """The clusters of ``rows`` and ``new_rows`` together, given ``clusters``, those of ``rows`` alone.

    Adding statements only ever joins clusters, so only pairs with at least one new statement are
    compared: a build that adds 1% to a store compares ~2% of the pairs a full clustering would (the
    100,000-document store has ~28M pairs of open intervals). ``clusters`` must be exactly what
    :func:`cluster_events` gives for ``rows`` (canonical = smallest IRI), and the actors' polities
    the same; the result is then exactly ``cluster_events`` of all the rows (tested).
    """
    uf = _UnionFind()
    uf.parent.update(clusters)
    by_type: dict[str, list[tuple]] = defaultdict(list)
    seen: set[LinkRow] = set()
    for new, group in ((False, rows), (True, new_rows)):
        for row in group:
            uf.find(row.event)
            anchor = row.latest if row.latest is not None else row.reported
            # statements that agree on everything compared (the same event reported the same day) count once
            if anchor is None or row in seen:
                continue
            seen.add(row)
            by_type[row.type].append((_interval(row), anchor.year * 12 + anchor.month, row, new))
    del seen
    for entries in by_type.values():
        _sweep(sorted((e for e in entries if e[0] is not None), key=lambda e: e[0][0]), _overlapping, uf)
        _sweep(sorted((e for e in entries if e[0] is None), key=lambda e: e[2].reported), _reported_close, uf)
    return {event: uf.find(event) for event in list(uf.parent)}


_Row = TypeVar("_Row", LinkRow, "StatementLinks")


def _anchor_month(row: LinkRow | StatementLinks) -> int | None:
    anchor = row.latest if row.latest is not None else row.reported
    return None if anchor is None else anchor.year * 12 + anchor.month


def near_new(rows: Iterable[_Row], new_rows: list[LinkRow]) -> list[_Row]:
    """The ``rows`` that could meet one of ``new_rows``: of the same type, anchored at most a month
    apart (the only pairs :func:`extend_clusters` compares). Passing only these to it gives the same
    clusters: a day's news touches a few months of a few types, not the whole archive."""
    near = {(row.type, month + step) for row in new_rows if (month := _anchor_month(row)) is not None
            for step in (-1, 0, 1)}
    return [row for row in rows if (row.type, _anchor_month(row)) in near]


def _sweep(entries: list[tuple], still_open: Callable[[tuple, tuple], bool], uf: _UnionFind) -> None:
    """Merge each entry with the earlier ones ``still_open`` keeps (entries sorted by their start) whose
    anchor months are at most one apart and whose actors are compatible; two earlier entries (both not
    new) are never compared.

    The open entries are held by anchor month, and an entry looks only at its own month and the two
    next to it: two thirds of the open intervals of a type were in other months (10,000 documents:
    1.2M of 1.7M comparisons). Closed entries are dropped from a month when it is next looked at (once
    closed, an entry stays closed: entries come in order of start). The entry's own root is looked up
    once, not once per comparison.
    """
    windows: dict[int, tuple[list[tuple], list[tuple]]] = {}  # month → (earlier entries, new entries)
    for entry in entries:
        month, row, new = entry[1], entry[2], entry[3]
        root = None
        for near in (month - 1, month, month + 1):
            if near not in windows:
                continue
            for part in (windows[near] if new else windows[near][1:]):
                part[:] = [other for other in part if still_open(other, entry)]
                for other in part:
                    if root is None:
                        root = uf.find(row.event)
                    if uf.find(other[2].event) != root and _actors_compatible(other[2], row):
                        uf.union(other[2].event, row.event)
                        root = uf.find(row.event)
        windows.setdefault(month, ([], []))[1 if new else 0].append(entry)


def _overlapping(other: tuple, entry: tuple) -> bool:
    """An earlier-starting interval that has not ended before this one starts."""
    return other[0][1] >= entry[0][0]


def _reported_close(other: tuple, entry: tuple) -> bool:
    return (entry[2].reported - other[2].reported).days <= UNDATED_WINDOW_DAYS


def _date(literal: str | None) -> dt.date | None:
    return dt.date.fromisoformat(literal) if literal else None


class StatementLinks(NamedTuple):
    """What linking reads of one statement, actors not yet mapped to polities (kept between builds)."""

    document: str | None  # the id of the document it was read from
    event: str
    type: str | None
    earliest: dt.date | None
    latest: dt.date | None
    relation: str | None
    reported: dt.date | None
    sources: tuple[str, ...]
    targets: tuple[str, ...]


IRIS_PER_QUERY = 256  # documents or graphs per restricted scan (one VALUES block)
SCAN_IN = _P + "SELECT ?s ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s {predicate} ?o }} }}"
PUBLISHED_IN = _P + "SELECT ?d ?published WHERE {{ VALUES ?d {{ {values} }} ?d dcterms:issued ?published }}"


def _restricted(template: str, iris: list[str], **fields: str) -> list[str]:
    """``template`` once per chunk of ``iris``, given as its ``values``."""
    return [template.format(values=" ".join(f"<{i}>" for i in iris[k:k + IRIS_PER_QUERY]), **fields)
            for k in range(0, len(iris), IRIS_PER_QUERY)]


def _scan(store, predicate: str, graphs: list[str] | None = None) -> Iterator[tuple[str, ox.Term]]:
    """``(subject, object)`` of every ``predicate`` triple, or only of those in ``graphs``."""
    if graphs is None:
        queries = [SCAN.format(predicate=predicate)]
    else:
        queries = _restricted(SCAN_IN, graphs, predicate=predicate)
    for query in queries:
        for r in store.query(query):
            yield r["s"].value, r["o"]


def _published(store, documents: list[str] | None) -> dict[str, dt.date]:
    queries = [PUBLISHED] if documents is None else _restricted(PUBLISHED_IN, [document_iri(d) for d in documents])
    return {r["d"].value: PartialDate.parse(r["published"].value).first_day()
            for query in queries for r in store.query(query)}


# positions in the mutable per-statement lists read_statement_links fills before freezing them
_EVENT, _TYPE, _EARLIEST, _LATEST, _RELATION, _REPORTED, _SOURCES, _TARGETS, _DOCUMENT = range(9)


def read_statement_links(store, documents: Collection[str] | None = None) -> list[StatementLinks]:
    """One :class:`StatementLinks` per statement of the store, or of ``documents`` (ids) only.

    Read with one single-pattern scan per property (restricted to the documents' assertion graphs
    when ``documents`` is given), joined here in dicts.
    """
    intern: dict = {}  # IRIs and actor lists repeat across statements: keep one copy of each

    def shared(value):
        return intern.setdefault(value, value)

    ids = None if documents is None else sorted(documents)
    graphs = None if ids is None else [graph_iri(d, "assertion") for d in ids]
    published = _published(store, ids)
    times = {r["t"].value: (_date(r["earliest"].value), _date(r["latest"].value)) for r in store.query(TIME_NODES)}
    rows: dict[str, list] = {}
    for st, event in _scan(store, "kg:denotes", graphs):
        rows[st] = [shared(event.value), None, None, None, None, None, (), (), None]

    def filled(predicate: str) -> Iterator[tuple[list, ox.Term]]:
        for st, obj in _scan(store, predicate, graphs):
            if st in rows:
                yield rows[st], obj

    for row, obj in filled("sem:eventType"):
        row[_TYPE] = shared(obj.value)
    for row, obj in filled("prov:wasDerivedFrom"):
        row[_REPORTED] = published.get(obj.value)
        if obj.value.startswith(KGD_PREFIX):
            row[_DOCUMENT] = shared(obj.value[len(KGD_PREFIX):])
    for row, obj in filled("kg:validTime"):
        row[_EARLIEST], row[_LATEST] = times.get(obj.value, (None, None))
    for row, obj in filled("kg:timeRelation"):
        row[_RELATION] = shared(obj.value.rsplit("#", 1)[-1].lower())
    for column, predicate in ((_SOURCES, "kg:source"), (_TARGETS, "kg:target")):
        for row, obj in filled(predicate):
            row[column] += (shared(obj.value),)
    result = []
    while rows:  # emptied as it is read, so the two forms of a row are never all in memory at once
        row = rows.popitem()[1]
        result.append(StatementLinks(row[_DOCUMENT], *row[:_SOURCES], shared(_actor_set(row[_SOURCES])),
                                     shared(_actor_set(row[_TARGETS]))))
    result.reverse()  # popitem takes the last row first: keep the store's order
    return result


_KG = terms.KG
_DENOTES, _VALID_TIME, _TIME_RELATION = _KG.denotes.value, _KG.validTime.value, _KG.timeRelation.value
_SOURCE, _TARGET, _EARLIEST_P, _LATEST_P = _KG.source.value, _KG.target.value, _KG.earliest.value, _KG.latest.value
_EVENT_TYPE = terms.SEM.eventType.value
_DERIVED_FROM = terms.PROV.wasDerivedFrom.value
_ISSUED = terms.DCTERMS.issued.value


def statement_links_of(quads: Iterable[ox.Quad]) -> list[StatementLinks]:
    """What :func:`read_statement_links` reads of one document's statements, from the quads written for it.

    A build's workers compute this as they extract, so the linking after a build reads nothing back
    for the documents it has just written (tested to equal reading them back).
    """
    statements: dict[str, list] = {}
    by_predicate: dict[str, list[tuple[str, ox.Term]]] = defaultdict(list)
    times: dict[str, list] = defaultdict(lambda: [None, None])
    issued: dict[str, dt.date] = {}
    for q in quads:
        predicate, subject = q.predicate.value, q.subject.value
        if predicate == _DENOTES:
            statements[subject] = [q.object.value, None, None, None, None, None, (), (), None]
        elif predicate == _EARLIEST_P:
            times[subject][0] = _date(q.object.value)
        elif predicate == _LATEST_P:
            times[subject][1] = _date(q.object.value)
        elif predicate == _ISSUED:
            issued[subject] = PartialDate.parse(q.object.value).first_day()
        else:
            by_predicate[predicate].append((subject, q.object))
    known_times = {node: tuple(pair) for node, pair in times.items() if None not in pair}  # as TIME_NODES reads

    def filled(predicate: str) -> Iterator[tuple[list, str]]:
        for subject, obj in by_predicate.get(predicate, ()):
            if subject in statements:
                yield statements[subject], obj.value

    for row, value in filled(_EVENT_TYPE):
        row[_TYPE] = value
    for row, value in filled(_DERIVED_FROM):
        row[_REPORTED] = issued.get(value)
        if value.startswith(KGD_PREFIX):
            row[_DOCUMENT] = value[len(KGD_PREFIX):]
    for row, value in filled(_VALID_TIME):
        row[_EARLIEST], row[_LATEST] = known_times.get(value, (None, None))
    for row, value in filled(_TIME_RELATION):
        row[_RELATION] = value.rsplit("#", 1)[-1].lower()
    for column, predicate in ((_SOURCES, _SOURCE), (_TARGETS, _TARGET)):
        for row, value in filled(predicate):
            row[column] += (value,)
    return [StatementLinks(row[_DOCUMENT], *row[:_SOURCES], _actor_set(row[_SOURCES]), _actor_set(row[_TARGETS]))
            for row in statements.values()]


def _actor_set(actors: tuple[str, ...]) -> tuple[str, ...]:
    """A statement's sources or targets in one order whatever order they were read in, each once (the
    store holds a triple once however often it was written)."""
    return tuple(sorted(set(actors)))


def interned(statements: Iterable[StatementLinks], intern: dict) -> list[StatementLinks]:
    """The same rows sharing one object for each repeated value (document ids, types, dates, relations,
    actor lists): rows unpickled from the workers' results each bring their own copies, ~115 MB more
    at 100,000 documents than the rows :func:`read_statement_links` makes."""
    shared = intern.setdefault
    make = tuple.__new__  # StatementLinks._make without its length check
    return [make(StatementLinks, (shared(s.document, s.document), s.event, shared(s.type, s.type),
                                  shared(s.earliest, s.earliest), shared(s.latest, s.latest),
                                  shared(s.relation, s.relation), shared(s.reported, s.reported),
                                  shared(s.sources, s.sources), shared(s.targets, s.targets)))
            for s in statements]


def read_polities(store) -> dict[str, str]:
    """Actor IRI → its polity's IRI; a country (an actor with a three-letter code) is its own polity."""
    polity = {actor: p.value for actor, p in _scan(store, "kg:polity")}
    for actor, code in _scan(store, "kg:actorCode"):
        if len(code.value) == 3:
            polity.setdefault(actor, actor)
    return polity


def to_link_rows(statements: Iterable[StatementLinks], polity: dict[str, str]) -> Iterator[LinkRow]:
    """The :class:`LinkRow` of each statement: actor sets and their polities (one copy of each set)."""
    intern: dict = {}

    def shared(value):
        return intern.setdefault(value, value)

    for s in statements:
        yield LinkRow(s.event, s.type, s.earliest, s.latest, s.relation, s.reported,
                      shared(frozenset(s.sources)), shared(frozenset(s.targets)),
                      shared(frozenset(polity[a] for a in s.sources if a in polity)),
                      shared(frozenset(polity[a] for a in s.targets if a in polity)))


def events_linked(store: GraphStore) -> bool:
    """Whether the events graph was written whole (its completion mark is written with it, atomically)."""
    return bool(store.query(f"ASK {{ GRAPH <{EVENTS_GRAPH}> {{ <{EVENTS_GRAPH}> a <{PROV.Entity}> }} }}"))


def mapping_digest(mapping: dict[str, str]) -> str:
    """A digest of an IRI → IRI mapping: the links (event → canonical event) name the events graph by
    its content, and the actors' polities tell whether kept clusters still hold."""
    h = hashlib.sha256()
    for key in sorted(mapping):
        h.update(f"{key} {mapping[key]}\n".encode())
    return h.hexdigest()[:32]


def polities_digest(statements: Iterable[StatementLinks], polity: dict[str, str]) -> str:
    """A digest of the polities of the actors these statements name: kept clusters hold while it is the
    same (new documents bring new actors with their polities, which change nothing kept)."""
    actors: set[str] = set()
    for group in {s.sources for s in statements} | {s.targets for s in statements}:
        actors.update(group)
    return mapping_digest({a: polity[a] for a in actors if a in polity})


def stored_links_digest(store) -> str | None:
    """The digest the events graph in the store carries (``None``: none, or not written whole)."""
    rows = list(store.query(f"SELECT ?d WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ <{EVENTS_GRAPH}> a <{PROV.Entity}> ; "
                            f"<{terms.KG.linksDigest.value}> ?d }} }}"))
    return rows[0]["d"].value if len(rows) == 1 else None


def link_events(store, rewritten: Collection[str] = (),
                fingerprints: dict[str, tuple[str, str]] | None = None,
                extracted: dict[str, list[StatementLinks]] | None = None) -> int:
    """Relink the events of the store (see the module docstring); returns the events merged into others.

    ``rewritten`` names the documents the caller has just (re)written; ``fingerprints``, when the caller
    knows them, are those of every document now in the store (saves a query); ``extracted``, what the caller
    computed of the statements of documents it has just written (:func:`statement_links_of`), which are
    then not read back. What the last linking read is
    kept next to an on-disk store (:mod:`kgraph.kept_links`), so only documents that are new, rewritten
    or changed since are read back. When documents were only added (and no actor's polity changed), the
    kept clusters are extended (:func:`extend_clusters`) instead of clustering every statement again.
    The events graph is then changed by the difference when the kept links are the stored ones, else
    rewritten whole.
    """
    from kgraph import kept_links

    kept = kept_links.read(store)
    if not kept_links.can_keep(store):
        fingerprints = None
    elif fingerprints is None:
        fingerprints = stored_fingerprints(store)
    found = kept_links.statements_now(store, kept, fingerprints, rewritten, extracted or {})
    statements = found.kept + found.read
    polity = read_polities(store)
    if kept is not None and found.only_added and kept.polities_digest == polities_digest(found.kept, polity):
        new_rows = list(to_link_rows(found.read, polity))
        canonical = extend_clusters(kept.canonical, to_link_rows(near_new(found.kept, new_rows), polity), new_rows)
    else:
        canonical = cluster_events(to_link_rows(statements, polity))
    digest = mapping_digest(canonical)
    old = kept.canonical if kept is not None and kept.links_digest == stored_links_digest(store) else None
    if old is None or not _write_difference(store, old, canonical, digest, kept.links_digest):
        _write_whole(store, canonical, digest)
    if fingerprints is not None:
        kept_links.keep(store, statements, fingerprints, canonical, digest, polities_digest(statements, polity))
    return len(canonical) - len(set(canonical.values()))


MAX_DIFFERENCE = 50_000  # quads: a larger change is written as a new graph (SPARQL text would be large)


def _link_quads(canonical: dict[str, str], events: Iterable[str], roots: Iterable[str]) -> Iterator[ox.Quad]:
    g = ox.NamedNode(EVENTS_GRAPH)
    for root in roots:
        yield ox.Quad(ox.NamedNode(root), terms.RDF.type, terms.SEM.Event, g)
    for event in events:
        yield ox.Quad(ox.NamedNode(event), terms.KG.sameEventAs, ox.NamedNode(canonical[event]), g)


def _mark(digest: str) -> list[ox.Quad]:
    """The completion mark and the digest of the links, written last (or in one update with them)."""
    g = ox.NamedNode(EVENTS_GRAPH)
    return [ox.Quad(g, terms.KG.linksDigest, ox.Literal(digest), g),
            ox.Quad(g, terms.RDF.type, terms.PROV.Entity, g)]


def _write_whole(store, canonical: dict[str, str], digest: str) -> None:
    """Drop the events graph, then insert the new one ending with its mark, with one atomic insert.

    No SPARQL text is built or parsed, which kept a 600k-quad events graph (100k documents) from
    doubling the build's peak memory. An interruption between the two steps leaves no mark, and the
    next build relinks.
    """
    store.update(f"DROP SILENT GRAPH <{EVENTS_GRAPH}>")
    roots = sorted(set(canonical.values()))
    store.add_quads(itertools.chain(_link_quads(canonical, canonical, roots), _mark(digest)))


def _write_difference(store, old: dict[str, str], new: dict[str, str], digest: str, old_digest: str) -> bool:
    """Change the stored links ``old`` into ``new`` with one atomic update; ``False`` when it is too large."""
    if digest == old_digest:
        return True
    gone = [e for e in old if new.get(e) != old[e]]
    came = [e for e in new if old.get(e) != new[e]]
    old_roots, new_roots = set(old.values()), set(new.values())
    if len(gone) + len(came) + len(old_roots ^ new_roots) > MAX_DIFFERENCE:
        return False
    delete = insert_data(itertools.chain(_link_quads(old, gone, sorted(old_roots - new_roots)), _mark(old_digest)[:1]),
                         keyword="DELETE")
    insert = insert_data(itertools.chain(_link_quads(new, came, sorted(new_roots - old_roots)), _mark(digest)))
    store.update(f"{delete} ;\n{insert}")
    return True
