"""HTML documentation of the kgraph vocabulary: the OWL ontology with pyLODE, the SKOS event taxonomy.

``write_ontology_docs(output_dir)`` writes two self-contained pages (no network when generating, none
when viewing: styles are inlined, no scripts or stylesheets are loaded from elsewhere):

``ontology.html``
    ``ontology/kgraph.ttl`` rendered by pyLODE's ``OntPub`` profile (OWL ontologies). pyLODE shows every
    ``rdfs:label`` of a term as its title, so the page is made from a copy of the ontology in which
    labels in other languages (Sorani) become ``skos:note`` lines, and each class lists its named
    individuals (``kg:asserted`` for ``kg:Modality``, ``kg:By`` for ``kg:TimeRelation`` …).
``event-types.html``
    ``ontology/event-types.ttl`` (the SKOS concept schemes: kgraph event types, PLOVER types, modes and
    contexts, statement modalities). pyLODE's ``VocPub`` profile in the releases available for Python
    3.11 (3.3.x) shows only the concept schemes' metadata, none of their concepts, so this page comes
    from kgraph's own template, ``templates/vocabulary.html.j2``.

pyLODE quirks handled here: importing it calls ``logging.basicConfig(level=DEBUG)`` (the root logger is
restored afterwards), and release 3.4.1 cannot be imported from a wheel (it reads ``pyproject.toml``
from ``site-packages``), hence the version constraint in ``pyproject.toml``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL

from kgraph import __version__
from kgraph.errors import KgraphError
from kgraph.namespaces import BASE, PREFIXES
from kgraph.resources import ontology_file

ONTDOC = Namespace("https://w3id.org/profile/ontdoc/")
ONTOLOGY_PAGE = "ontology.html"
VOCABULARY_PAGE = "event-types.html"

#: ``<script src=…>`` or ``<link href=…>`` that would load something from another host.
REMOTE_RESOURCE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
# concept schemes in reading order; any others follow by IRI
SCHEME_ORDER = ("https://w3id.org/kgraph/event-type/scheme", "https://w3id.org/kgraph/plover/scheme",
                "https://w3id.org/kgraph/plover/modes", "https://w3id.org/kgraph/plover/contexts",
                "https://w3id.org/kgraph/ontology#modalities")
# shown in their own columns of the vocabulary page
CONCEPT_OWN_COLUMNS = {RDF.type, SKOS.prefLabel, SKOS.notation, SKOS.inScheme, SKOS.definition, SKOS.topConceptOf}
# names for the SKOS mapping properties (kgraph.ttl labels its own properties)
SKOS_LABELS = {
    SKOS.broadMatch: "broader match (skos:broadMatch)", SKOS.narrowMatch: "narrower match (skos:narrowMatch)",
    SKOS.exactMatch: "exact match (skos:exactMatch)", SKOS.closeMatch: "close match (skos:closeMatch)",
    SKOS.relatedMatch: "related match (skos:relatedMatch)", SKOS.broader: "broader (skos:broader)",
    SKOS.altLabel: "other label (skos:altLabel)", SKOS.scopeNote: "scope note",
}


def write_ontology_docs(output_dir: Path) -> list[Path]:
    """Write ``ontology.html`` (pyLODE) and ``event-types.html`` into ``output_dir``; return their paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    ontology_graph = Graph().parse(ontology_file("kgraph.ttl"), format="turtle")
    pages = {
        output_dir / ONTOLOGY_PAGE: ontology_html(ontology_graph),
        output_dir / VOCABULARY_PAGE: vocabulary_html(
            Graph().parse(ontology_file("event-types.ttl"), format="turtle"), ontology_graph
        ),
    }
    for path, html in pages.items():
        match = REMOTE_RESOURCE.search(html)
        if match:  # pragma: no cover - guards against a pyLODE upgrade that adds CDN assets
            raise KgraphError(f"{path.name}: page would load a remote resource: {match.group(0)}")
        path.write_text(html, encoding="utf-8")
    return list(pages)


# -- ontology.html (pyLODE) -----------------------------------------------------------------------------


def _import_ontpub():
    """``pylode.OntPub``, imported without keeping the root-logger changes pyLODE makes on import."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover
        raise KgraphError(f"pyLODE is needed for the ontology documentation: {exc}") from None
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return OntPub


def documentation_graph(ontology: Graph) -> Graph:
    """A copy of ``ontology`` arranged for pyLODE (one title per term, individuals listed by class)."""
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    g.bind("ontdoc", ONTDOC)
    g.bind("kgraph", BASE)  # the namespace of the ontology IRI itself
    for triple in ontology:
        g.add(triple)
    for onto in list(g.subjects(RDF.type, OWL.Ontology)):
        if (onto, DCTERMS.title, None) in g:  # the title is the heading; labels would be appended to it
            g.remove((onto, RDFS.label, None))
    for subject, label in list(g.subject_objects(RDFS.label)):
        if isinstance(label, Literal) and label.language and not label.language.lower().startswith("en"):
            g.remove((subject, RDFS.label, label))
            g.add((subject, SKOS.note, Literal(f"label ({label.language}): {label}")))
    classes = set(g.subjects(RDF.type, OWL.Class))
    for individual, cls in list(g.subject_objects(RDF.type)):
        if cls in classes and isinstance(individual, URIRef):
            g.add((cls, ONTDOC.hasInstance, individual))
    return g


def ontology_html(ontology: Graph) -> str:
    """pyLODE's OntPub page for ``ontology`` (CSS inlined)."""
    OntPub = _import_ontpub()
    return OntPub(ontology=documentation_graph(ontology), sort_subjects=True).make_html(include_css=True)


# -- event-types.html (SKOS) ----------------------------------------------------------------------------


def _curie(iri: str) -> str:
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and iri != ns),
               key=lambda item: len(item[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _anchor(iri: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", _curie(iri)).strip("-")


def _labels(g: Graph, subject, predicate=SKOS.prefLabel) -> list[dict[str, str]]:
    order = {"en": 0, "ckb": 1, "ar": 2}
    values = [o for o in g.objects(subject, predicate) if isinstance(o, Literal)]
    values.sort(key=lambda o: (order.get(o.language or "", 9), o.language or "", str(o)))
    return [{"lang": o.language or "", "text": str(o)} for o in values]


def _english(g: Graph, subject, *predicates) -> str | None:
    for predicate in predicates or (SKOS.prefLabel, RDFS.label):
        values = [o for o in g.objects(subject, predicate) if isinstance(o, Literal)]
        for literal in sorted(values, key=lambda o: (o.language not in (None, "en"), str(o))):
            return str(literal)
    return None


def vocabulary_html(vocabulary: Graph, ontology: Graph | None = None) -> str:
    """A page listing every concept scheme of ``vocabulary`` and its concepts."""
    ontology = ontology if ontology is not None else Graph()
    members: dict[URIRef, list[URIRef]] = defaultdict(list)
    for concept, scheme in vocabulary.subject_objects(SKOS.inScheme):
        members[scheme].append(concept)
    local = {c for cs in members.values() for c in cs}

    def value(o) -> dict[str, str | None]:
        if isinstance(o, URIRef):
            label = _english(vocabulary, o) or _english(ontology, o)
            text = f"{label} ({_curie(str(o))})" if label else _curie(str(o))
            return {"text": text, "href": f"#{_anchor(str(o))}" if o in local else str(o)}
        return {"text": str(o), "href": None}

    def concept_row(concept: URIRef) -> dict:
        properties = defaultdict(list)
        for predicate, o in vocabulary.predicate_objects(concept):
            if predicate not in CONCEPT_OWN_COLUMNS:
                properties[predicate].append(o)
        return {
            "anchor": _anchor(str(concept)),
            "curie": _curie(str(concept)),
            "notation": _english(vocabulary, concept, SKOS.notation) or _curie(str(concept)),
            "labels": _labels(vocabulary, concept),
            "definition": _english(vocabulary, concept, SKOS.definition) or "",
            "properties": [
                {"label": SKOS_LABELS.get(p) or _english(ontology, p, RDFS.label) or _english(vocabulary, p, RDFS.label)
                 or _curie(str(p)),
                 "values": [value(o) for o in sorted(objs, key=str)]}
                for p, objs in sorted(properties.items(), key=lambda item: _curie(str(item[0])))
            ],
        }

    scheme_iris = set(vocabulary.subjects(RDF.type, SKOS.ConceptScheme)) | set(members)
    rank = {iri: i for i, iri in enumerate(SCHEME_ORDER)}
    schemes = []
    for scheme in sorted(scheme_iris, key=lambda s: (rank.get(str(s), len(rank)), str(s))):
        concepts = sorted(members.get(scheme, []),
                          key=lambda c: (_english(vocabulary, c, SKOS.notation) or str(c)).lower())
        schemes.append({
            "iri": str(scheme),
            "anchor": _anchor(str(scheme)),
            "label": _english(vocabulary, scheme) or _curie(str(scheme)),
            "labels": _labels(vocabulary, scheme),
            "descriptions": [str(d) for d in vocabulary.objects(scheme, DCTERMS.description)],
            "sources": [str(s) for s in vocabulary.objects(scheme, DCTERMS.source)],
            "concepts": [concept_row(c) for c in concepts],
        })
    env = Environment(loader=PackageLoader("kgraph", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("vocabulary.html.j2").render(
        title="kgraph event types and PLOVER vocabulary",
        intro=("The event taxonomy kgraph extracts, each type mapped to PLOVER (skos:broadMatch) and CAMEO, "
               "with PLOVER's own types, modes and contexts and the statement modalities."),
        source_file="ontology/event-types.ttl",
        schemes=schemes,
        concept_count=len(local),
        version=__version__,
    )
