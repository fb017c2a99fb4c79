"""JSON-LD export: compact, with the published kgraph context, and exactly the store's dataset.

Three independent JSON-LD processors (pyoxigraph, rdflib and pyld) must read the exported file back to
the same quads, offline, and the published context file must work as a remote context.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld as pyld

from kgraph.export import export_rdf
from kgraph.jsonld import CONTEXT_IRI, dataset_document, load_context, write_jsonld
from kgraph.namespaces import PREFIXES
from kgraph.store import GraphStore


def no_network(url: str, options: Any = None) -> dict:
    raise AssertionError(f"the JSON-LD processor tried to load {url}")


def nquad_lines(quads) -> set[str]:
    data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return {line for line in data.splitlines() if line.strip()}


def rdflib_lines(dataset: rdflib.Dataset) -> set[str]:
    return {line for line in dataset.serialize(format="nquads").splitlines() if line.strip()}


def pyld_quads(document: dict, loader=no_network) -> set[ox.Quad]:
    nquads = pyld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return set(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def exported(demo_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jsonld") / "kgraph.jsonld"
    count = export_rdf(demo_store, "jsonld", path)
    assert count == len(demo_store)
    return path


@pytest.fixture(scope="module")
def document(exported: Path) -> dict:
    return json.loads(exported.read_text(encoding="utf-8"))


def test_context_file_is_the_embedded_context(repo_root: Path, document: dict) -> None:
    """The export embeds exactly the published context (ontology/context.jsonld), first in the file."""
    published = json.loads((repo_root / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert list(published) == ["@context"]
    assert document["@context"] == published["@context"] == load_context()
    assert list(document) == ["@context", "@graph"]


def test_context_declares_the_kgraph_prefixes() -> None:
    """Every prefix kgraph uses in Turtle and SPARQL is a prefix of the context too, with the same IRI."""
    context = load_context()
    for prefix, namespace in PREFIXES.items():
        assert context.get(prefix) == namespace, prefix
    # a term may not shadow a prefix: "plover:AGREE" must stay a compact IRI
    assert context["ploverType"] == {"@id": "kg:plover", "@type": "@id"}


def test_named_graphs_are_kept(demo_store: GraphStore, document: dict) -> None:
    """Each named graph of the store is one {"@id", "@graph"} object of the top-level @graph."""
    context = document["@context"]
    names = set()
    for g in document["@graph"]:
        assert set(g) == {"@id", "@graph"}  # the store has no default-graph triples
        prefix, _, local = g["@id"].partition(":")
        names.add(context[prefix] + local)
    assert names == set(demo_store.named_graphs())
    assert "kgd:kadhimi-strategic-dialogue/assertion" in {g["@id"] for g in document["@graph"]}


def test_statements_use_the_context_terms(document: dict) -> None:
    """Statements read as compact JSON: type term, IRIs as compact strings, typed values as plain strings."""
    assertion = next(g for g in document["@graph"] if g["@id"] == "kgd:kadhimi-strategic-dialogue/assertion")
    statements = [n for n in assertion["@graph"] if n.get("@type") == "Statement"]
    assert statements
    for node in statements:
        assert node["eventType"].startswith("kgt:")
        assert node["modality"].startswith("kg:")
        assert isinstance(node["confidence"], str) and 0 <= float(node["confidence"]) <= 1
        assert node["wasDerivedFrom"] == "kgd:kadhimi-strategic-dialogue"


def test_pyoxigraph_reads_the_store_dataset(demo_store: GraphStore, exported: Path) -> None:
    """pyoxigraph parses the file to exactly the store's quads (compared as N-Quads lines)."""
    quads = list(ox.parse(path=str(exported), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(demo_store)
    assert nquad_lines(quads) == nquad_lines(demo_store.store)


def test_rdflib_reads_the_store_dataset(demo_store: GraphStore, exported: Path) -> None:
    """rdflib parses the file to the same dataset as the store's N-Quads export read by rdflib."""
    from_jsonld = rdflib.Dataset()
    from_jsonld.parse(str(exported), format="json-ld")
    reference = rdflib.Dataset()
    reference.parse(data="\n".join(sorted(nquad_lines(demo_store.store))), format="nquads")
    lines = rdflib_lines(from_jsonld)
    assert len(lines) == len(demo_store)
    assert lines == rdflib_lines(reference)


def test_pyld_reads_the_store_dataset(demo_store: GraphStore, document: dict) -> None:
    """pyld (the JSON-LD reference processor) reads the same quads, without fetching anything."""
    assert pyld_quads(document) == set(demo_store.store)


def test_published_context_works_as_a_remote_context(repo_root: Path, demo_store: GraphStore,
                                                      document: dict) -> None:
    """Referring to https://w3id.org/kgraph/context.jsonld instead of embedding gives the same dataset."""
    published = json.loads((repo_root / "ontology" / "context.jsonld").read_text(encoding="utf-8"))

    def loader(url: str, options: Any = None) -> dict:
        assert url == CONTEXT_IRI
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": published}

    remote = {"@context": CONTEXT_IRI, "@graph": document["@graph"]}
    assert pyld_quads(remote, loader) == set(demo_store.store)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


KG = PREFIXES["kg"]
XSD = PREFIXES["xsd"]
SKOS = PREFIXES["skos"]
NIF = PREFIXES["nif"]
EDGE_GRAPH = _n("https://w3id.org/kgraph/doc/edge/assertion")
S = _n("https://w3id.org/kgraph/doc/edge/statement/1")
EDGE_CASES = [
    # values a term's coercion does not fit must stay explicit
    (S, _n(KG + "confidence"), ox.Literal("0.5")),
    # (canonical form: pyld rewrites every xsd:double value to its canonical lexical form)
    (S, _n(KG + "confidence"), ox.Literal("5.0E-1", datatype=_n(XSD + "double"))),
    (S, _n(KG + "confidence"), ox.Literal("0.75", datatype=_n(XSD + "decimal"))),
    (S, _n(KG + "source"), ox.Literal("not an IRI")),
    (S, _n(KG + "source"), _n("urn:isbn:0451450523")),
    (S, _n(KG + "source"), _n("https://example.org/actor")),
    (S, _n(NIF + "beginIndex"), ox.Literal("7", datatype=_n(XSD + "nonNegativeInteger"))),
    (S, _n(NIF + "endIndex"), ox.Literal("9", datatype=_n(XSD + "integer"))),
    # language maps take only language-tagged strings
    (S, _n(SKOS + "prefLabel"), ox.Literal("plain label")),
    (S, _n(SKOS + "prefLabel"), ox.Literal("ڕاگەیەندراو", language="ckb")),
    (S, _n(SKOS + "prefLabel"), ox.Literal("statement", language="en")),
    (S, _n(SKOS + "prefLabel"), ox.Literal("déclaration", language="fr")),
    # rdf:type with a type term, a compact IRI and a literal; a predicate without a term
    (S, _n(PREFIXES["rdf"] + "type"), _n(KG + "Statement")),
    (S, _n(PREFIXES["rdf"] + "type"), _n("https://example.org/Thing")),
    (S, _n(PREFIXES["rdf"] + "type"), ox.Literal("odd")),
    (S, _n("https://example.org/p"), ox.Literal("1", datatype=_n(XSD + "integer"))),
    (S, _n("https://example.org/p"), ox.Literal("true", datatype=_n(XSD + "boolean"))),
    (S, _n("https://example.org/p"), ox.Literal("multi\nline \"quoted\" \\ text")),
    # the namespace IRI itself cannot be written as "kgt:"
    (S, _n(PREFIXES["sem"] + "eventType"), _n(PREFIXES["kgt"])),
    (S, _n(PREFIXES["sem"] + "eventType"), _n(PREFIXES["kgt"] + "meet")),
]


@pytest.mark.parametrize("graph", [EDGE_GRAPH, ox.DefaultGraph()], ids=["named", "default"])
def test_edge_cases_round_trip(graph, tmp_path: Path) -> None:
    """Literals that do not fit a term's coercion, odd IRIs and the default graph all read back exactly."""
    quads = {ox.Quad(s, p, o, graph) for s, p, o in EDGE_CASES}
    path = tmp_path / "edge.jsonld"
    write_jsonld(quads, path)
    assert set(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)) == quads
    assert pyld_quads(json.loads(path.read_text(encoding="utf-8"))) == quads
    from_jsonld = rdflib.Dataset()
    from_jsonld.parse(str(path), format="json-ld")
    reference = rdflib.Dataset()
    reference.parse(data="\n".join(nquad_lines(quads)), format="nquads")
    assert rdflib_lines(from_jsonld) == rdflib_lines(reference)


def test_output_is_deterministic() -> None:
    """The same quads in any order give the same document."""
    quads = [ox.Quad(s, p, o, EDGE_GRAPH) for s, p, o in EDGE_CASES]
    assert dataset_document(quads) == dataset_document(reversed(quads))
    assert json.dumps(dataset_document(quads)) == json.dumps(dataset_document(reversed(quads)))


@pytest.mark.parametrize("store_kind", ["demo", "empty"])
def test_a_store_is_written_graph_by_graph_as_the_whole_document_would_be(demo_store, tmp_path, store_kind) -> None:
    from kgraph.store import GraphStore

    store = demo_store if store_kind == "demo" else GraphStore()
    streamed, whole = tmp_path / "streamed.jsonld", tmp_path / "whole.jsonld"
    count = export_rdf(store, "jsonld", streamed)
    quads = list(store.quads())
    write_jsonld(quads, whole)
    assert count == len(quads)
    assert streamed.read_bytes() == whole.read_bytes()
