"""Ontology documentation: pyLODE's page for kgraph.ttl and the SKOS page for event-types.ttl, offline."""

from __future__ import annotations

import logging
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph

from kgraph.namespaces import KG
from kgraph.ontodoc import write_ontology_docs


class ResourceCollector(HTMLParser):
    """Collects what a browser would load: <script src>, <link href>, <img src>, <iframe src>."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.loaded.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.loaded.append(attributes["href"])
        if tag in ("img", "iframe") and attributes.get("src"):
            self.loaded.append(attributes["src"])
        if tag == "h3":
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[-1] += data


def english_label(g: Graph, term) -> str:
    return next(str(o) for o in g.objects(term, RDFS.label) if getattr(o, "language", None) == "en")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both pages, generated with every network connection refused."""
    out = tmp_path_factory.mktemp("docs")
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    refuse = pytest.MonkeyPatch()

    def no_connect(self, address):
        raise AssertionError(f"documentation generation tried to connect to {address}")

    refuse.setattr(socket.socket, "connect", no_connect)
    refuse.setattr(socket, "create_connection", lambda *a, **k: no_connect(None, a[0] if a else k))
    try:
        paths = write_ontology_docs(out)
    finally:
        refuse.undo()
    assert root.level == level and root.handlers == handlers, "pyLODE's logging setup leaked"
    assert [p.name for p in paths] == ["ontology.html", "event-types.html"]
    return {p.name: p for p in paths}


@pytest.fixture(scope="module")
def ontology(repo_root: Path) -> Graph:
    return Graph().parse(repo_root / "ontology" / "kgraph.ttl", format="turtle")


@pytest.mark.parametrize("name", ["ontology.html", "event-types.html"])
def test_pages_are_utf8_and_self_contained(pages: dict[str, Path], name: str) -> None:
    """Each page exists, decodes as UTF-8 and loads nothing from another host."""
    text = pages[name].read_bytes().decode("utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")
    collector = ResourceCollector()
    collector.feed(text)
    remote = [url for url in collector.loaded if url.strip().lower().startswith(("http:", "https:", "//"))]
    assert remote == []


def test_ontology_page_documents_the_classes_and_properties(pages: dict[str, Path], ontology: Graph) -> None:
    """pyLODE's page shows kg:Statement by its label and every declared class and property."""
    text = pages["ontology.html"].read_text(encoding="utf-8")
    assert english_label(ontology, KG.Statement) == "statement"
    assert str(KG.Statement) in text
    collector = ResourceCollector()
    collector.feed(text)
    headings = {h.strip().rsplit("\n", 1)[0].strip() for h in collector.headings}
    assert "statement" in headings  # one title per term: the Sorani label is not glued onto it
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            assert str(term) in text, term
            assert english_label(ontology, term) in headings, term
    assert "ڕاگەیەندراو" in text  # Sorani labels are kept (as notes)
    assert "kgraph: policy-timeline knowledge graph ontology" in text


def test_vocabulary_page_lists_every_concept(pages: dict[str, Path], repo_root: Path) -> None:
    """The event-types page lists every concept scheme and concept with its labels in every language."""
    vocabulary = Graph().parse(repo_root / "ontology" / "event-types.ttl", format="turtle")
    text = pages["event-types.html"].read_text(encoding="utf-8")
    concepts = set(vocabulary.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        for notation in vocabulary.objects(concept, SKOS.notation):
            assert f"<code>{notation}</code>" in text, concept
        for label in vocabulary.objects(concept, SKOS.prefLabel):
            assert str(label).replace("'", "&#39;") in text, (concept, label)
    for scheme in vocabulary.subjects(RDF.type, SKOS.ConceptScheme):
        assert str(scheme) in text
