"""RDF namespaces, declared once (the rdflib ``_PROV.py`` idea: never scatter IRIs as strings)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/kgraph/"

KG = Namespace(BASE + "ontology#")  # classes and properties of the kgraph ontology
KGA = Namespace(BASE + "actor/")  # gazetteer actors, posts and tenures
KGD = Namespace(BASE + "doc/")  # documents and everything extracted from them
KGE = Namespace(BASE + "event/")  # cross-document event nodes
KGT = Namespace(BASE + "event-type/")  # the project's own event taxonomy (SKOS)
PLOVER = Namespace(BASE + "plover/")  # PLOVER event types, modes and contexts (SKOS)
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
NP = Namespace("http://www.nanopub.org/nschema#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kga": str(KGA),
    "kgd": str(KGD),
    "kge": str(KGE),
    "kgt": str(KGT),
    "plover": str(PLOVER),
    "sem": str(SEM),
    "nif": str(NIF),
    "np": str(NP),
    "wd": str(WD),
    "prov": str(PROV),
    "time": str(TIME),
    "skos": str(SKOS),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """``PREFIX`` lines for every namespace above, to prepend to SPARQL queries."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
