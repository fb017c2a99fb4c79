"""Analysis → RDF quads, one nanopublication per document.

Each document yields three named graphs:

* ``<doc>/assertion``: the statements (event type, PLOVER class, participants by role, modality,
  valid time, attribution) and minimal descriptions of the actors they involve;
* ``<doc>/provenance``: where each assertion comes from: text spans with RFC 5147 / NIF offsets into
  the original text, the quoted sentence, the mentions and time expressions, the extraction activity
  and extractor version;
* ``<doc>/pubinfo``: the document itself (title, language, publication date at its precision,
  source, licence, content hash).

Nodes that many documents share and that are pure functions of their IRI (calendar time nodes,
cross-document event nodes, unlinked people named the same way) go to one shared graph instead, so a
union query sees each of their triples once; gazetteer actors are described by the gazetteer graph.

No wall-clock time is written, so mapping the same document twice gives identical quads.
"""

from __future__ import annotations

import pyoxigraph as ox

from kgraph import EXTRACTOR_VERSION
from kgraph.dates import PartialDate
from kgraph.event_types import event_types
from kgraph.gazetteer import Gazetteer
from kgraph.model import ActorRef, Analysis, Mention, Role, Statement, Timex
from kgraph.rdf import iris
from kgraph.rdf.terms import DCTERMS, KG, KGA, NIF, NP, OWL, PLOVER, PROV, RDF, RDFS, SEM, SKOS, TIME, WD, XSD

_N = ox.NamedNode
_Quad = ox.Quad


def _lit(value, datatype=None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype is not None:
        return ox.Literal(str(value), datatype=datatype)
    return ox.Literal(str(value))


A = RDF.type
#: Graph of nodes shared by documents (time, events, unlinked people): written with set semantics,
#: never dropped when a document is rebuilt.
SHARED_GRAPH = iris.BASE_GRAPH + "shared"
ACTOR_CLASSES = {
    "person": KG.Person, "organization": KG.Organization, "party": KG.PoliticalParty,
    "armed_group": KG.ArmedGroup, "media": KG.MediaOutlet, "international_organization": KG.InternationalOrganization,
    "country": KG.Country, "region": KG.Region, "group": KG.Group, "post": KG.PostActor,
}
ROLE_TYPES = {"source": KG.SourceRole, "target": KG.TargetRole, "attributed_to": KG.AttributionRole}
ROLE_PROPS = {"source": KG.source, "target": KG.target, "attributed_to": KG.attributedTo}
RELATIONS = {"on": KG.On, "by": KG.By, "from": KG.From, "before": KG.Before, "after": KG.After, "during": KG.During}


def date_literal(date: PartialDate) -> ox.Literal:
    return _lit(date.iso(), XSD[date.xsd_datatype()])


class DocumentMapper:
    """Builds the quads of one analysed document."""

    def __init__(self, analysis: Analysis, gazetteer: Gazetteer):
        self.a = analysis
        self.gaz = gazetteer
        doc = analysis.document
        self.doc_id = doc.id
        self.doc = _N(iris.document_iri(doc.id))
        self.g_assert = _N(iris.graph_iri(doc.id, "assertion"))
        self.g_prov = _N(iris.graph_iri(doc.id, "provenance"))
        self.g_pub = _N(iris.graph_iri(doc.id, "pubinfo"))
        self.g_head = _N(iris.graph_iri(doc.id, "head"))
        self.g_shared = _N(SHARED_GRAPH)
        self.activity = _N(iris.activity_iri(doc.id, doc.sha256, EXTRACTOR_VERSION))
        self.quads: list[ox.Quad] = []
        self._append = self.quads.append  # bound once: add() runs ~400 times a document
        self._seen_actors: set[str] = set()
        self._seen_spans: set[tuple[int, int]] = set()
        self._seen_times: set[str] = set()

    # -- small helpers -----------------------------------------------------------------------------
    def add(self, s: ox.NamedNode, p: ox.NamedNode, o, g: ox.NamedNode) -> None:
        self._append(_Quad(s, p, o, g))

    def span(self, start: int, end: int, kind=None) -> ox.NamedNode:
        node = _N(iris.span_iri(self.doc_id, start, end))
        if (start, end) not in self._seen_spans:
            self._seen_spans.add((start, end))
            g = self.g_prov
            self.add(node, A, NIF.OffsetBasedString, g)
            self.add(node, NIF.beginIndex, _lit(start, XSD.nonNegativeInteger), g)
            self.add(node, NIF.endIndex, _lit(end, XSD.nonNegativeInteger), g)
            self.add(node, NIF.anchorOf, _lit(self.a.text[start:end]), g)
            self.add(node, NIF.referenceContext, self.doc, g)
        if kind is not None:
            self.add(node, A, kind, self.g_prov)
        return node

    def actor(self, ref: ActorRef) -> ox.NamedNode:
        node = _N(ref.iri)
        if ref.iri in self._seen_actors:
            return node
        self._seen_actors.add(ref.iri)
        entry = self.gaz.entries.get(ref.iri)
        if entry is not None and entry.kind != "post":
            return node  # described once, by the gazetteer graph
        doc_scoped = ref.iri.startswith(iris.document_iri(self.doc_id) + "/")
        g = self.g_assert if doc_scoped else self.g_shared
        self.add(node, A, ACTOR_CLASSES.get(ref.kind, KG.Actor), g)
        if entry is not None:  # a post standing for its unknown holder
            return node
        self.add(node, SKOS.prefLabel, _lit(ref.name, lang="en"), g)
        for lang, label in ref.labels.items():
            if lang != "en":
                self.add(node, SKOS.prefLabel, _lit(label, lang=lang), g)
        if ref.code:
            self.add(node, KG.actorCode, _lit(ref.code), g)
        if ref.wikidata:
            self.add(node, OWL.sameAs, WD[ref.wikidata], g)
        if ref.polity:
            self.add(node, KG.polity, _N(ref.polity), g)
        if not ref.linked:
            self.add(node, KG.linked, _lit("false", XSD.boolean), g)
            if doc_scoped:
                self.add(node, KG.mintedIn, self.doc, g)
        return node

    def time(self, value: str, date: PartialDate | None) -> ox.NamedNode:
        node = _N(iris.time_iri(value))
        if value in self._seen_times:
            return node
        self._seen_times.add(value)
        g = self.g_shared
        if date is None:  # an ISO week such as 2022-W30
            self.add(node, A, TIME.Interval, g)
            self.add(node, RDFS.label, _lit(value), g)
            self.add(node, KG.precision, KG.WeekPrecision, g)
            return node
        self.add(node, A, TIME.Instant if date.precision == "day" else TIME.Interval, g)
        prop = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}[date.precision]
        self.add(node, prop, date_literal(date), g)
        self.add(node, KG.precision, {"day": KG.DayPrecision, "month": KG.MonthPrecision,
                                          "year": KG.YearPrecision}[date.precision], g)
        self.add(node, KG.earliest, _lit(date.first_day().isoformat(), XSD.date), g)
        self.add(node, KG.latest, _lit(date.last_day().isoformat(), XSD.date), g)
        return node

    # -- the three graphs ----------------------------------------------------------------------------
    def map(self) -> list[ox.Quad]:
        self._head()
        self._pubinfo()
        for mention in self.a.mentions:
            self._mention(mention)
        for timex in self.a.timexes:
            self._timex(timex)
        for statement in self.a.statements:
            self._statement(statement)
        return self.quads

    def _head(self) -> None:
        g = self.g_head
        np_node = _N(iris.graph_iri(self.doc_id, "nanopub"))
        self.add(np_node, A, NP.Nanopublication, g)
        self.add(np_node, NP.hasAssertion, self.g_assert, g)
        self.add(np_node, NP.hasProvenance, self.g_prov, g)
        self.add(np_node, NP.hasPublicationInfo, self.g_pub, g)

    def _pubinfo(self) -> None:
        doc, g, a = self.a.document, self.g_pub, self.activity
        self.add(self.doc, A, KG.Document, g)
        self.add(self.doc, A, PROV.Entity, g)
        self.add(self.doc, DCTERMS.identifier, _lit(doc.id), g)
        self.add(self.doc, DCTERMS.language, _lit(doc.lang), g)
        self.add(self.doc, KG.sha256, _lit(doc.sha256), g)
        self.add(self.doc, KG.characterCount, _lit(len(doc.text), XSD.integer), g)
        if doc.published is not None:
            self.add(self.doc, DCTERMS.issued, date_literal(doc.published), g)
            self.add(self.doc, KG.reportedAt, self.time(doc.published.iso(), doc.published), self.g_assert)
        for prop, value in ((DCTERMS.title, doc.title), (DCTERMS.source, doc.source),
                            (DCTERMS.license, doc.license), (RDFS.comment, doc.note)):
            if value:
                self.add(self.doc, prop, _lit(value), g)
        if doc.url:
            self.add(self.doc, DCTERMS.references, _N(doc.url) if _is_iri(doc.url) else _lit(doc.url), g)
        self.add(a, A, PROV.Activity, self.g_prov)
        self.add(a, PROV.used, self.doc, self.g_prov)
        self.add(a, KG.extractorVersion, _lit(EXTRACTOR_VERSION), self.g_prov)
        self.add(a, PROV.wasAssociatedWith, KGA["software/kgraph"], self.g_prov)
        self.add(self.g_assert, PROV.wasGeneratedBy, a, self.g_prov)
        self.add(self.g_assert, PROV.wasDerivedFrom, self.doc, self.g_prov)

    def _mention(self, mention: Mention) -> None:
        node = self.span(mention.start, mention.end, KG.ActorMention)
        g = self.g_prov
        actors = mention.members or [mention.actor]
        for ref in actors:
            self.add(node, KG.refersTo, self.actor(ref), g)
        self.add(node, KG.resolvedBy, _lit(mention.via), g)
        if mention.entry and mention.entry != mention.actor.iri:
            self.add(node, KG.matchedEntry, _N(mention.entry), g)
        if not mention.reportable:
            self.add(node, KG.reportable, _lit("false", XSD.boolean), g)

    def _timex(self, timex: Timex) -> None:
        node = self.span(timex.start, timex.end, KG.TimeExpression)
        g = self.g_prov
        self.add(node, KG.timexType, _lit(timex.type), g)
        if timex.value is not None:
            self.add(node, KG.value, _lit(timex.value), g)
            self.add(node, KG.denotesTime, self.time(timex.value, timex.date), g)

    def _statement(self, st: Statement) -> None:
        trig = st.trigger
        node = _N(iris.statement_iri(self.doc_id, trig.start, trig.end, st.event_type))
        ga, gp = self.g_assert, self.g_prov
        etype = event_types()[st.event_type]
        self.add(node, A, KG.Statement, ga)
        self.add(node, SEM.eventType, _N(etype.iri), ga)
        if st.plover:
            self.add(node, KG.plover, PLOVER[st.plover], ga)
        if st.mode:
            self.add(node, KG.ploverMode, PLOVER["mode-" + st.mode], ga)
        for context in st.context:
            self.add(node, KG.ploverContext, PLOVER["context-" + context], ga)
        self.add(node, KG.modality, KG[st.modality], ga)
        self.add(node, KG.polarity, KG.Positive if st.polarity == "positive" else KG.Negative, ga)
        self.add(node, KG.confidence, _lit(f"{st.confidence:.2f}", XSD.decimal), ga)
        self.add(node, PROV.wasDerivedFrom, self.doc, ga)
        if self.a.document.published is not None:
            published = self.a.document.published
            self.add(node, KG.reportedAt, self.time(published.iso(), published), ga)
        participants: list[str] = []
        for role_name, roles in (("source", st.source), ("target", st.target), ("attributed_to", st.attributed_to)):
            for index, role in enumerate(roles):
                self._role(node, role_name, index, role)
                if role_name != "attributed_to":
                    participants.append(role.actor.iri)
        if st.date is not None:
            timex = st.date.timex
            time_node = self.time(timex.value, timex.date)  # type: ignore[arg-type]
            self.add(node, KG.validTime, time_node, ga)
            self.add(node, KG.timeRelation, RELATIONS[st.date.relation], ga)
            if st.date.relation == "by":
                self.add(node, KG.deadline, time_node, ga)
            self.add(node, KG.dateExpression, self.span(timex.start, timex.end), gp)
        date_value = st.date.timex.value if st.date is not None else None
        event = _N(iris.event_iri(st.event_type, date_value, participants))
        self.add(node, KG.denotes, event, ga)
        self.add(event, A, SEM.Event, self.g_shared)
        self.add(event, SEM.eventType, _N(etype.iri), self.g_shared)
        # provenance of the statement
        self.add(node, KG.trigger, self.span(trig.start, trig.end, KG.Trigger), gp)
        sentence = self.a.segmentation.sentences[st.sentence]
        sent_node = self.span(sentence.start, sentence.end, KG.Sentence)
        self.add(node, KG.sentence, sent_node, gp)
        self.add(node, PROV.wasGeneratedBy, self.activity, gp)
        self.add(node, KG.extractorVersion, _lit(EXTRACTOR_VERSION), gp)
        self.add(node, KG.lexeme, _lit(trig.lexeme), gp)

    def _role(self, statement: ox.NamedNode, role_name: str, index: int, role: Role) -> None:
        ga, gp = self.g_assert, self.g_prov
        actor = self.actor(role.actor)
        self.add(statement, ROLE_PROPS[role_name], actor, ga)
        if role_name == "attributed_to":
            self.add(statement, SEM.accordingTo, actor, ga)
        else:
            self.add(statement, SEM.hasActor, actor, ga)
        role_node = _N(f"{statement.value}/role/{role_name}/{index}")
        self.add(statement, KG.hasRole, role_node, ga)
        self.add(role_node, A, SEM.Role, ga)
        self.add(role_node, SEM.roleType, ROLE_TYPES[role_name], ga)
        self.add(role_node, RDF.value, actor, ga)
        if role.mention is not None:
            self.add(role_node, KG.filledBy, self.span(role.mention.start, role.mention.end), gp)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def document_quads(analysis: Analysis, gazetteer: Gazetteer) -> list[ox.Quad]:
    """All quads of one analysed document (its four named graphs)."""
    return DocumentMapper(analysis, gazetteer).map()


def document_graphs(doc_id: str) -> list[str]:
    """IRIs of the named graphs a document owns (dropped and rewritten together on rebuild; the
    shared graph is only ever added to)."""
    return [iris.graph_iri(doc_id, part) for part in ("head", "assertion", "provenance", "pubinfo")]


