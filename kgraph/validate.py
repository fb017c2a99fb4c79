"""SHACL validation of a store (or an RDF file) against ``ontology/shapes.ttl`` with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from kgraph.namespaces import SH
from kgraph.resources import ontology_file
from kgraph.store import GraphStore


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


def _to_rdflib(triples) -> rdflib.Graph:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def validate_graph(data: rdflib.Graph) -> list[Violation]:
    """Violations of the kgraph shapes in an rdflib graph (empty when it conforms)."""
    shapes = rdflib.Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(ontology_file("kgraph.ttl"), format="turtle")
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                         advanced=True, allow_warnings=True)
    if conforms:
        return []
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath)) if report.value(result, SH.resultPath) else None,
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path or ""))
    return violations


def validate_store(store: GraphStore) -> list[Violation]:
    """Validate the union of all graphs of a store."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return validate_graph(_to_rdflib(triples))


def validate_file(path: str | Path) -> list[Violation]:
    """Validate an RDF file (Turtle, TriG, N-Quads, N-Triples, JSON-LD; all graphs merged)."""
    quads = ox.parse(path=str(path))
    triples = [ox.Triple(q.subject, q.predicate, q.object) if isinstance(q, ox.Quad) else q for q in quads]
    return validate_graph(_to_rdflib(triples))
