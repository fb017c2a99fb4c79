"""The ontology is consistent under OWL 2 RL and documents every kgraph term the code and shapes use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kgraph.model import Modality
from kgraph.namespaces import KG, PREFIXES, SEM

ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl reports inconsistencies
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
PACKAGE = Path(__file__).resolve().parents[1] / "kgraph"
#: namespaces whose terms kgraph reuses from published vocabularies (not declared in kgraph.ttl)
IMPORTED = (*(ns for prefix, ns in PREFIXES.items() if not prefix.startswith("kg") and prefix != "plover"),
            "http://www.w3.org/ns/shacl#", str(FOAF))


@pytest.fixture(scope="module")
def ontology(repo_root: Path) -> Graph:
    return Graph().parse(repo_root / "ontology" / "kgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def vocabulary(repo_root: Path, ontology: Graph) -> Graph:
    """kgraph.ttl together with event-types.ttl (which types the modalities and defines the schemes)."""
    g = Graph()
    for triple in ontology:
        g.add(triple)
    g.parse(repo_root / "ontology" / "event-types.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def closure(vocabulary: Graph) -> Graph:
    """The OWL 2 RL deductive closure of the vocabulary."""
    g = Graph()
    for triple in vocabulary:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def _declared(g: Graph, term: URIRef) -> bool:
    return (term, RDF.type, None) in g


def _english_label(g: Graph, term: URIRef) -> bool:
    return any(isinstance(o, Literal) and o.language == "en" and str(o).strip()
               for o in g.objects(term, RDFS.label))


def _comment(g: Graph, term: URIRef) -> bool:
    return any(str(o).strip() for p in (RDFS.comment, SKOS.definition) for o in g.objects(term, p))


def test_owl_rl_closure_reports_no_inconsistency(closure: Graph) -> None:
    """owlrl records an inconsistency as an err:ErrorMessage node; there must be none, nor owl:Nothing members."""
    errors = sorted(str(m) for node in closure.subjects(RDF.type, ERR.ErrorMessage)
                    for m in closure.objects(node, ERR.error))
    assert errors == []
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


@pytest.mark.parametrize(("sub", "sup"), [
    (KG.Statement, SEM.Event),
    (KG.Statement, PROV.Entity),
    (KG.Person, KG.Actor),
    (KG.Person, SEM.Actor),
    (KG.Person, PROV.Agent),
    (KG.Person, FOAF.Person),
    (KG.PoliticalParty, KG.Organization),
    (KG.PoliticalParty, ORG.Organization),
    (KG.PoliticalParty, PROV.Agent),
    (KG.Country, KG.Actor),
    (KG.Document, PROV.Entity),
])
def test_expected_subclass_entailments(closure: Graph, sub: URIRef, sup: URIRef) -> None:
    """The class hierarchy entails what queries rely on (a statement is a sem:Event, a person a prov:Agent)."""
    assert (sub, RDFS.subClassOf, sup) in closure


def test_instances_inherit_types_and_property_semantics(vocabulary: Graph) -> None:
    """A kg:Person is a kg:Actor and a prov:Agent; kg:source is a sem:hasActor; domains and ranges apply."""
    g = Graph()
    for triple in vocabulary:
        g.add(triple)
    ex = Namespace("https://example.org/")
    g.add((ex.kadhimi, RDF.type, KG.Person))
    g.add((ex.s, KG.source, ex.kadhimi))
    g.add((ex.s, KG.deadline, ex.t))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    for cls in (KG.Actor, SEM.Actor, PROV.Agent, FOAF.Person):
        assert (ex.kadhimi, RDF.type, cls) in g, cls
    assert (ex.s, SEM.hasActor, ex.kadhimi) in g
    assert (ex.s, RDF.type, KG.Statement) in g  # rdfs:domain of kg:source
    assert (ex.s, RDF.type, SEM.Event) in g
    assert (ex.s, KG.validTime, ex.t) in g  # kg:deadline ⊑ kg:validTime
    assert not list(g.subjects(RDF.type, ERR.ErrorMessage))


def _kg_terms_in_turtle(path: Path) -> set[URIRef]:
    g = Graph().parse(path, format="turtle")
    return {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}


def test_shapes_use_only_documented_terms(repo_root: Path, vocabulary: Graph) -> None:
    """Every kg: term the SHACL shapes mention is declared, with an English label and a comment or definition."""
    used = _kg_terms_in_turtle(repo_root / "ontology" / "shapes.ttl")
    assert KG.Statement in used
    undeclared = sorted(str(t) for t in used if not _declared(vocabulary, t))
    unlabelled = sorted(str(t) for t in used if not _english_label(vocabulary, t))
    uncommented = sorted(str(t) for t in used if not _comment(vocabulary, t))
    assert undeclared == []
    assert unlabelled == []
    assert uncommented == []


def test_shapes_use_only_known_vocabularies(repo_root: Path) -> None:
    """Terms outside kg: in the shapes come from the vocabularies kgraph reuses (SEM, PROV, NIF, OWL-Time …)."""
    g = Graph().parse(repo_root / "ontology" / "shapes.ttl", format="turtle")
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    unknown = sorted(i for i in iris if not i.startswith((str(KG), "https://w3id.org/kgraph/shapes#", *IMPORTED)))
    assert unknown == []


def _kg_names_in_code() -> dict[str, set[str]]:
    """kg: local names used by the package's Python code and named queries, by file."""
    patterns = [re.compile(r"\bKG\.([A-Za-z_]\w*)"), re.compile(r"\bKG\[\s*[\"']([^\"']+)[\"']\s*\]")]
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        names = {m.group(1) for pattern in patterns for m in pattern.finditer(text)}
        if names:
            found[str(path.relative_to(PACKAGE.parent))] = names
    for path in sorted(PACKAGE.rglob("*.rq")):
        names = set(re.findall(r"\bkg:([A-Za-z_][\w-]*)", path.read_text(encoding="utf-8")))
        if names:
            found[str(path.relative_to(PACKAGE.parent))] = names
    return found


def test_mapping_uses_only_declared_terms(ontology: Graph) -> None:
    """The RDF mapping writes no kg: class or property that kgraph.ttl does not declare."""
    names = _kg_names_in_code()["kgraph/rdf/mapping.py"]
    assert {"Statement", "source", "validTime"} <= names
    missing = sorted(n for n in names if not _declared(ontology, KG[n]))
    assert missing == []


def test_package_and_queries_use_only_declared_terms(vocabulary: Graph) -> None:
    """No module or named query of the package uses an undeclared kg: term."""
    missing = sorted(f"{where}: kg:{name}" for where, names in _kg_names_in_code().items() for name in names
                     if not _declared(vocabulary, KG[name]))
    assert missing == []


def test_declared_classes_and_properties_are_labelled(ontology: Graph) -> None:
    """Every class and property kgraph.ttl declares has an English label (what the documentation shows)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(KG))}
    assert len(terms) > 50
    assert sorted(str(t) for t in terms if not _english_label(ontology, t)) == []


def test_modality_individuals_match_shapes_and_code(repo_root: Path, vocabulary: Graph) -> None:
    """The modalities the shapes allow are exactly the kg:Modality individuals, each a concept of kg:modalities."""
    shapes = (repo_root / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    allowed = set(re.search(r"kg:modality[^(]*\(([^)]*)\)", shapes).group(1).split())
    declared = {f"kg:{str(s)[len(str(KG)):]}" for s in vocabulary.subjects(RDF.type, KG.Modality)}
    assert allowed == declared
    assert {f"kg:{m}" for m in get_args(Modality)} == declared  # what kgraph.rdf.mapping writes as KG[st.modality]
    for name in declared:
        assert (KG[name[3:]], SKOS.inScheme, KG.modalities) in vocabulary
