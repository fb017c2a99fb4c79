"""The gazetteer: actors, posts, office holders and generic references, read from ``gazetteer.ttl``.

The Turtle file is the single source of truth (SKOS labels in ckb/en/ar, W3C ORG posts, kg:Tenure
terms). This module turns it into plain Python records for the recognisers and answers the questions
that reference resolution asks: who held this post on that date, which institution has this function in
that polity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kgraph.errors import KgraphError
from kgraph.namespaces import KG, ORG, OWL, RDF, SKOS, WD
from kgraph.resources import ontology_file

#: Actor classes of the gazetteer and the ``kind`` each is reported as.
ACTOR_KINDS = {
    str(KG.Person): "person",
    str(KG.Organization): "organization",
    str(KG.PoliticalParty): "party",
    str(KG.ArmedGroup): "armed_group",
    str(KG.MediaOutlet): "media",
    str(KG.InternationalOrganization): "international_organization",
    str(KG.Country): "country",
    str(KG.Region): "region",
    str(KG.Group): "group",
    str(ORG.Post): "post",
    str(KG.GenericReference): "reference",
    str(KG.GenericGroup): "generic_group",
}
POLITY_KINDS = frozenset({"country", "region"})


@dataclass
class Entry:
    """One gazetteer resource: an actor, a post, or a generic reference."""

    iri: str
    kind: str
    name: str
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> labels (pref first)
    code: str | None = None
    wikidata: str | None = None
    polity: str | None = None
    functions: set[str] = field(default_factory=set)
    parent: str | None = None
    office_of: str | None = None
    post_in: str | None = None
    sector: str | None = None
    refers_to_function: str | None = None
    resolve_polity: str | None = None
    participants_of: str | None = None  # event type whose participants this group is (meetings)
    place_labels: dict[str, list[str]] = field(default_factory=dict)  # capitals used for governments

    @property
    def is_polity(self) -> bool:
        return self.kind in POLITY_KINDS


@dataclass(frozen=True)
class Tenure:
    post: str
    holder: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """True when the tenure overlaps the period ``[first, last]``."""
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)


class Gazetteer:
    """Entries by IRI plus indexes for post holders and institutional functions."""

    def __init__(self, entries: dict[str, Entry], tenures: list[Tenure], source: str = ""):
        self.entries = entries
        self.tenures = tenures
        self.source = source
        self._tenures_by_post: dict[str, list[Tenure]] = defaultdict(list)
        for tenure in tenures:
            self._tenures_by_post[tenure.post].append(tenure)
        self._by_function: dict[tuple[str | None, str], list[Entry]] = defaultdict(list)
        for entry in entries.values():
            for function in entry.functions:
                self._by_function[(entry.polity, function)].append(entry)

    def __getitem__(self, iri: str) -> Entry:
        return self.entries[iri]

    def __contains__(self, iri: object) -> bool:
        return iri in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def actors(self) -> list[Entry]:
        """Entries that are actors in their own right (not posts or generic references)."""
        return [e for e in self.entries.values() if e.kind not in ("post", "reference", "generic_group")]

    def holders(self, post: str, first: dt.date, last: dt.date) -> list[str]:
        """Holders of ``post`` during ``[first, last]``, latest term first."""
        found = [t for t in self._tenures_by_post.get(post, []) if t.covers(first, last)]
        found.sort(key=lambda t: t.start or dt.date.min, reverse=True)
        return [t.holder for t in found]

    def with_function(self, polity: str | None, function: str) -> list[Entry]:
        """Institutions or posts that have ``function`` in ``polity``."""
        return self._by_function.get((polity, function), [])

    def polity_of(self, iri: str) -> str | None:
        """The polity an entry belongs to: itself for polities, else its (or its parent's) polity."""
        seen = set()
        while iri and iri not in seen:
            seen.add(iri)
            entry = self.entries.get(iri)
            if entry is None:
                return None
            if entry.is_polity and entry.polity is None:
                return entry.iri
            if entry.polity:
                return entry.polity if not entry.is_polity else entry.iri
            iri = entry.parent or entry.post_in or ""
        return None


def _literal_date(term: ox.Literal) -> dt.date:
    return dt.date.fromisoformat(term.value)


def parse_gazetteer(path: Path) -> Gazetteer:
    """Read a gazetteer Turtle file; malformed entries raise :class:`KgraphError` naming the IRI."""
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise KgraphError(f"cannot read gazetteer {path}: {exc}") from None
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            by_subject[triple.subject.value].append(triple)
    entries: dict[str, Entry] = {}
    tenures: list[Tenure] = []
    rdf_type, tenure_class = str(RDF.type), str(KG.Tenure)
    for subject, props in by_subject.items():
        types = {t.object.value for t in props if t.predicate.value == rdf_type}
        if tenure_class in types:
            tenures.append(_tenure(subject, props))
            continue
        kinds = [ACTOR_KINDS[t] for t in types if t in ACTOR_KINDS]
        if not kinds:
            continue
        if len(kinds) > 1:
            raise KgraphError(f"gazetteer entry {subject} has several actor classes: {sorted(kinds)}")
        entries[subject] = _entry(subject, kinds[0], props)
    for entry in entries.values():
        for ref in (entry.polity, entry.parent, entry.office_of, entry.post_in):
            if ref and ref not in entries:
                raise KgraphError(f"gazetteer entry {entry.iri} refers to unknown {ref}")
    for tenure in tenures:
        for ref in (tenure.post, tenure.holder):
            if ref not in entries:
                raise KgraphError(f"gazetteer tenure of {tenure.post} refers to unknown {ref}")
    return Gazetteer(entries, tenures, str(path))


def _entry(subject: str, kind: str, props: list[ox.Triple]) -> Entry:
    labels: dict[str, list[str]] = defaultdict(list)
    entry = Entry(subject, kind, name="")
    label_order = {str(SKOS.prefLabel): 0, str(SKOS.altLabel): 1, str(SKOS.hiddenLabel): 2}
    ranked: list[tuple[int, str, str]] = []
    pref_en = []
    for t in props:
        p, o = t.predicate.value, t.object
        if p in label_order and isinstance(o, ox.Literal):
            lang = o.language or "und"
            ranked.append((label_order[p], lang, o.value))
            if p == str(SKOS.prefLabel) and lang == "en":
                pref_en.append(o.value)
        elif p == str(KG.actorCode):
            entry.code = o.value
        elif p == str(OWL.sameAs) and o.value.startswith(str(WD)):
            entry.wikidata = o.value[len(str(WD)) :]
        elif p == str(KG.polity):
            entry.polity = o.value
        elif p == str(KG.function):
            entry.functions.add(o.value)
        elif p == str(ORG.subOrganizationOf):
            entry.parent = o.value
        elif p == str(KG.officeOf):
            entry.office_of = o.value
        elif p == str(ORG.postIn):
            entry.post_in = o.value
        elif p == str(KG.sector):
            entry.sector = o.value
        elif p == str(KG.refersToFunction):
            entry.refers_to_function = o.value
        elif p == str(KG.resolvePolity):
            entry.resolve_polity = o.value
        elif p == str(KG.placeLabel) and isinstance(o, ox.Literal):
            entry.place_labels.setdefault(o.language or "und", []).append(o.value)
        elif p == str(KG.participantsOf):
            entry.participants_of = o.value.rsplit("/", 1)[-1]
    if len(pref_en) != 1:
        raise KgraphError(f"gazetteer entry {subject} needs exactly one English skos:prefLabel, has {len(pref_en)}")
    entry.name = pref_en[0]
    for _, lang, value in sorted(ranked, key=lambda r: r[0]):
        if value not in labels[lang]:
            labels[lang].append(value)
    entry.labels = dict(labels)
    return entry


def _tenure(subject: str, props: list[ox.Triple]) -> Tenure:
    values = {t.predicate.value: t.object for t in props}
    try:
        post = values[str(KG.post)].value
        holder = values[str(KG.holder)].value
    except KeyError as exc:
        raise KgraphError(f"gazetteer tenure {subject} lacks {exc.args[0]}") from None
    start = values.get(str(KG.termStart))
    end = values.get(str(KG.termEnd))
    try:
        return Tenure(
            post,
            holder,
            _literal_date(start) if isinstance(start, ox.Literal) else None,
            _literal_date(end) if isinstance(end, ox.Literal) else None,
        )
    except ValueError as exc:
        raise KgraphError(f"gazetteer tenure {subject} has a malformed date: {exc}") from None


@cache
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The bundled gazetteer (or another file), parsed once per process."""
    return parse_gazetteer(Path(path) if path else ontology_file("gazetteer.ttl"))
