"""The on-disk store, rebuild determinism, RDF exports in every syntax, and SHACL validation."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kgraph.build import build
from kgraph.document import load_document
from kgraph.errors import KgraphError, StoreError
from kgraph.export import export_rdf
from kgraph.extract import EXTRACTION_GC_THRESHOLDS, collector_for_extraction, extract_quads
from kgraph.namespaces import KG
from kgraph.store import GraphStore, vocabulary_quads
from kgraph.validate import Violation, _to_rdflib, validate_graph, validate_store

SEED_ID = "kadhimi-strategic-dialogue"


@pytest.fixture(scope="module")
def seed_file(repo_root: Path) -> Path:
    return repo_root / "corpus" / f"{SEED_ID}.ckb.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seed_file: Path) -> Iterator[GraphStore]:
    """The seed document built once into an on-disk store for this module."""
    store = GraphStore(tmp_path_factory.mktemp("seed") / "store")
    report = build([seed_file], store)
    assert report.built == [SEED_ID]
    assert report.skipped == []
    assert report.statements > 0
    yield store
    store.close()


def nquad_lines(store: GraphStore) -> list[str]:
    """Every quad of the store as a sorted list of N-Quads lines."""
    data = ox.serialize(list(store.store), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(line for line in data.splitlines() if line.strip())


def test_store_holds_the_document_graphs(built: GraphStore) -> None:
    """The built store lists the seed document and holds its nanopublication graphs."""
    assert built.document_ids() == [SEED_ID]
    graphs = set(built.named_graphs())
    for part in ("head", "assertion", "provenance", "pubinfo"):
        assert f"https://w3id.org/kgraph/doc/{SEED_ID}/{part}" in graphs


def test_no_blank_nodes(built: GraphStore) -> None:
    """Everything is content-addressed: no blank nodes anywhere, so quads compare as plain lines."""
    assert not any(isinstance(term, ox.BlankNode)
                   for quad in built.store for term in (quad.subject, quad.object, quad.graph_name))


def test_unchanged_document_is_skipped(built: GraphStore, seed_file: Path) -> None:
    """Without force, an unchanged document is reported unchanged and the store is untouched."""
    before = nquad_lines(built)
    report = build([seed_file], built)
    assert report.built == []
    assert report.unchanged == [SEED_ID]
    assert nquad_lines(built) == before


def test_split_lines_cuts_only_after_newlines_and_loses_nothing() -> None:
    from kgraph.store import split_lines

    data = b"".join(b"<s> <p> <o%d> <g> .\n" % i for i in range(1000))
    for parts in (1, 2, 3, 7):
        pieces = split_lines(data, parts)
        assert b"".join(pieces) == data and len(pieces) == parts
        assert all(piece.endswith(b"\n") for piece in pieces)
    assert split_lines(b"", 2) == [] and split_lines(b"<s> <p> <o> <g> .\n", 4) == [b"<s> <p> <o> <g> .\n"]


def test_vocabulary_is_rewritten_only_when_the_store_differs_from_it(seed_file: Path, tmp_path: Path) -> None:
    """A build with nothing new writes nothing (the store keeps its revision and its kept tables), and a
    vocabulary graph changed in the store is restored whole."""
    from kgraph.store import VOCABULARY_GRAPHS, read_revision

    path = tmp_path / "store"
    with GraphStore(path) as store:
        build([seed_file], store)
    revision = read_revision(path)
    with GraphStore(path) as store:
        assert build([seed_file], store).unchanged == [SEED_ID]
    assert read_revision(path) == revision
    gazetteer = ox.NamedNode(VOCABULARY_GRAPHS["gazetteer.ttl"])
    with GraphStore(path) as store:
        dropped = next(iter(store.graph_quads(gazetteer)))
        store.store.remove(dropped)
        store.load_vocabulary()
        assert dropped in set(store.graph_quads(gazetteer))
        assert {q for g in VOCABULARY_GRAPHS.values() for q in store.graph_quads(ox.NamedNode(g))} == set(
            vocabulary_quads())
    assert read_revision(path) != revision


def test_forced_rebuild_gives_identical_quads(built: GraphStore, seed_file: Path, tmp_path: Path) -> None:
    """Rebuilding with force=True, in place or into a fresh store, yields exactly the same quads."""
    before = nquad_lines(built)
    report = build([seed_file], built, force=True)
    assert report.built == [SEED_ID]
    after = nquad_lines(built)
    assert len(after) == len(before) == len(built)
    assert after == before
    with GraphStore(tmp_path / "fresh") as fresh:
        build([seed_file], fresh)
        assert nquad_lines(fresh) == before


def test_first_build_bulk_loads_exactly_what_transactional_writes_would(repo_root: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Only an empty store is bulk-loaded, and its quads equal those of the transactional writer."""
    corpus = repo_root / "corpus"
    with GraphStore(tmp_path / "bulk") as store:
        assert store.can_bulk_load()
        report = build([corpus], store)
        assert report.bulk_loaded and len(report.built) == len(list(corpus.glob("*.txt")))
        assert not store.can_bulk_load()  # it now holds documents
        assert not build([corpus], store, force=True).bulk_loaded
        bulk = nquad_lines(store)
    with GraphStore(tmp_path / "foreign") as store:
        store.store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("data not ours")))
        assert not store.can_bulk_load()  # never bulk over data a user put there
    monkeypatch.setattr(GraphStore, "can_bulk_load", lambda self: False)
    with GraphStore(tmp_path / "transactional") as store:
        assert not build([corpus], store).bulk_loaded
        assert nquad_lines(store) == bulk


def test_many_bulk_loads_side_by_side_write_exactly_the_transactional_quads(repo_root: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads of ~2,000 quads, cut in parts loaded side by side with several in flight: nothing lost or doubled."""
    import kgraph.build as building

    corpus = repo_root / "corpus"
    monkeypatch.setattr(building, "BULK_QUADS", 2_000)
    monkeypatch.setattr(building.os, "cpu_count", lambda: 4)  # three cores left to the loads: three parts each
    with GraphStore(tmp_path / "bulk") as store:
        assert build([corpus], store).bulk_loaded
        bulk = nquad_lines(store)
    monkeypatch.setattr(GraphStore, "can_bulk_load", lambda self: False)
    with GraphStore(tmp_path / "transactional") as store:
        build([corpus], store)
        assert nquad_lines(store) == bulk


def _own_graphs(store: GraphStore) -> set[str]:
    return {line for line in nquad_lines(store) if not line.endswith("/graph/shared> .")}


def test_changed_document_replaces_its_old_graphs(seed_file: Path, tmp_path: Path) -> None:
    """A document whose text changed is rewritten whole: its graphs then equal a fresh build of the new
    text (nothing of the old version is left behind), and new documents in the same batch go in too.
    (The shared graph of time and event nodes is only ever added to, by design: it is left out here.)"""
    folder = tmp_path / "docs"
    folder.mkdir()
    text = seed_file.read_text(encoding="utf-8")
    target = folder / f"{SEED_ID}.ckb.txt"
    target.write_text(text, encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        build([folder], store, published="2021-07")
        first = _own_graphs(store)
        target.write_text(text[: len(text) // 2], encoding="utf-8")  # the same document, shortened
        (folder / "other.ckb.txt").write_text(text[len(text) // 2 :], encoding="utf-8")
        report = build([folder], store, published="2021-07")
        assert sorted(report.built) == sorted([SEED_ID, "other"])
        after = _own_graphs(store)
    with GraphStore(tmp_path / "fresh") as fresh:
        build([folder], fresh, published="2021-07")
        assert after == _own_graphs(fresh)
    assert first - after  # the old version's statements are gone


def test_second_writer_is_refused_while_locked(tmp_store: GraphStore) -> None:
    """A second writable GraphStore on an open store's folder raises StoreError about the lock."""
    assert tmp_store.path is not None
    with pytest.raises(StoreError) as info:
        GraphStore(tmp_store.path)
    assert "lock" in str(info.value)
    assert str(tmp_store.path) in str(info.value)
    tmp_store.close()
    with GraphStore(tmp_store.path) as reopened:  # the lock is released on close
        assert len(reopened) == 0


def test_read_only_on_missing_folder(tmp_path: Path) -> None:
    """Opening a store read-only where there is none raises StoreError naming the folder."""
    missing = tmp_path / "nowhere"
    with pytest.raises(StoreError) as info:
        GraphStore(missing, read_only=True)
    assert str(missing) in str(info.value)
    assert not missing.exists()


def test_read_only_store_sees_the_build(built: GraphStore) -> None:
    """A read-only handle opened next to the writer sees the same statements."""
    assert built.path is not None
    built.store.flush()
    reader = GraphStore(built.path, read_only=True)
    try:
        ask = f"ASK {{ ?s a <{KG.Statement}> }}"
        assert bool(reader.query(ask))
    finally:
        reader.close()


def test_turtle_export_parses_with_rdflib_and_oxigraph(built: GraphStore, tmp_path: Path) -> None:
    """Turtle (the union of all graphs) parses with both rdflib and pyoxigraph to the count written."""
    path = tmp_path / "kgraph.ttl"
    count = export_rdf(built, "turtle", path)
    assert count > 0
    graph = rdflib.Graph().parse(path, format="turtle")
    assert len(graph) == count
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == count
    distinct = {(q.subject, q.predicate, q.object) for q in built.store}
    assert count == len(distinct)


def test_trig_export_keeps_every_quad(built: GraphStore, tmp_path: Path) -> None:
    """TriG keeps the named graphs: it parses back to exactly the store's quads."""
    path = tmp_path / "kgraph.trig"
    count = export_rdf(built, "trig", path)
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    assert count == len(quads) == len(built)
    assert set(quads) == set(built.store)


def test_nquads_and_jsonld_exports_parse(built: GraphStore, tmp_path: Path) -> None:
    """N-Quads and JSON-LD (as a dataset) parse with pyoxigraph to the store's quad count."""
    for fmt, name, rdf_format in (("nquads", "kgraph.nq", ox.RdfFormat.N_QUADS),
                                  ("jsonld", "kgraph.jsonld", ox.RdfFormat.JSON_LD)):
        path = tmp_path / name
        count = export_rdf(built, fmt, path)
        assert count == len(built)
        assert len(set(ox.parse(path=str(path), format=rdf_format))) == len(built), fmt


def test_unknown_export_format_is_a_user_error(built: GraphStore, tmp_path: Path) -> None:
    """An unknown format is refused with a KgraphError listing the choices."""
    with pytest.raises(KgraphError, match="turtle"):
        export_rdf(built, "rdfxml", tmp_path / "x.rdf")


def _rapper_count(fmt: str, path: Path) -> int:
    result = subprocess.run(["rapper", "-i", fmt, "-c", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    match = re.search(r"returned (\d+) (?:triples|statements)", result.stderr + result.stdout)
    assert match, result.stderr
    return int(match.group(1))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not on PATH")
def test_rapper_parses_turtle_and_trig(built: GraphStore, tmp_path: Path) -> None:
    """An independent parser (Raptor) reads both exports and counts what kgraph wrote."""
    ttl, trig = tmp_path / "kgraph.ttl", tmp_path / "kgraph.trig"
    ttl_count = export_rdf(built, "turtle", ttl)
    trig_count = export_rdf(built, "trig", trig)
    assert _rapper_count("turtle", ttl) == ttl_count
    assert _rapper_count("trig", trig) == trig_count


# -- SHACL -------------------------------------------------------------------------------------------------

def test_extracted_graph_of_the_seed_conforms(seed_file: Path) -> None:
    """The quads extraction produces for the seed, with the vocabulary, satisfy every shape."""
    document = load_document(seed_file)
    quads = [*extract_quads(document), *vocabulary_quads()]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    violations = validate_graph(_to_rdflib(triples))
    assert [str(v) for v in violations] == []


@pytest.fixture(scope="module")
def store_violations(built: GraphStore) -> list[Violation]:
    """SHACL violations of the built seed store (validated once: pyshacl takes seconds)."""
    return validate_store(built)


def test_built_store_conforms(store_violations: list[Violation]) -> None:
    """validate_store reports zero violations on the store built from the seed."""
    assert [str(v) for v in store_violations[:5]] == []


def _first_statement(store: GraphStore) -> tuple[ox.NamedNode, ox.NamedNode]:
    rows = list(store.query(
        f"SELECT ?st ?g WHERE {{ GRAPH ?g {{ ?st a <{KG.Statement}> ; <{KG.modality}> <{KG.asserted}> }} }} "
        "ORDER BY ?st LIMIT 1"))
    assert rows, "the seed has no asserted statement"
    return rows[0]["st"], rows[0]["g"]


def test_injected_malformed_statement_is_reported(built: GraphStore,
                                                   store_violations: list[Violation]) -> None:
    """A statement given a second modality and a confidence of 1.5 is flagged with itself as focus."""
    copy = GraphStore()  # an in-memory copy: the module's store stays clean
    copy.add_quads(built.store)
    statement, graph = _first_statement(copy)
    baseline = {(v.focus, v.path) for v in store_violations}
    assert not any(focus == statement.value for focus, _ in baseline)
    copy.add_quads([
        ox.Quad(statement, ox.NamedNode(str(KG.modality)), ox.NamedNode(str(KG.planned)), graph),
        ox.Quad(statement, ox.NamedNode(str(KG.confidence)),
                ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), graph),
    ])
    new = {(v.focus, v.path) for v in validate_store(copy)} - baseline
    assert (statement.value, str(KG.modality)) in new
    assert (statement.value, str(KG.confidence)) in new
    assert {focus for focus, _ in new} == {statement.value}
    copy.close()


def test_records_read_from_a_store_of_many_documents_are_those_of_each_document_alone(demo_store) -> None:
    """Each query of a document's records starts from the document (kgraph.rdf.records): what other
    documents hold, including the actors they share, must not change a document's records."""
    from kgraph.extract import extract_records
    from kgraph.rdf.records import document_records

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    checked = 0
    for path in sorted(corpus.glob("*.txt")):
        document = load_document(path)
        alone = extract_records(document)
        assert document_records(demo_store, document.id) == alone, document.id
        checked += any(r["kind"] == "statement" and r["plover"] and r["source"] for r in alone)
    assert checked >= 3  # documents with PLOVER types and actors, so the merged parts are compared


def test_the_collector_is_set_for_extraction_only_while_a_build_runs(tmp_path: Path, monkeypatch) -> None:
    before = gc.get_threshold()
    seen = []
    real = extract_quads

    def spy(document):
        seen.append(gc.get_threshold())
        return real(document)

    monkeypatch.setattr("kgraph.build.extract_quads", spy)
    (tmp_path / "a.ckb.txt").write_text("حکومەتی عێراق ڕایگەیاند کە هەڵبژاردنەکان لە ١٠ی تشرینی یەکەمی ٢٠٢١ دەکرێن.\n",
                                        encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        build([tmp_path / "a.ckb.txt"], store, published="2021-07")
    assert seen == [EXTRACTION_GC_THRESHOLDS]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), collector_for_extraction():
        raise RuntimeError("an error inside")
    assert gc.get_threshold() == before  # restored on errors too
