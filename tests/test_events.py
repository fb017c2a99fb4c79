"""Cross-document event linking: two reports of one event meet on one canonical event node."""

from __future__ import annotations

from pathlib import Path

from kgraph.build import build
from kgraph.events import EVENTS_GRAPH, link_events
from kgraph.store import GraphStore

SAME_EVENT = """
SELECT ?canonical (COUNT(DISTINCT ?s) AS ?n) (GROUP_CONCAT(DISTINCT ?doc; separator=" ") AS ?docs) WHERE {
  ?s kg:denotes/kg:sameEventAs ?canonical ; prov:wasDerivedFrom/dcterms:identifier ?doc ;
     sem:eventType/skos:notation ?type .
  FILTER(?type = "visit")
} GROUP BY ?canonical
"""


def _write(folder: Path, name: str, text: str, published: str) -> None:
    (folder / f"{name}.ckb.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ckb.meta.yaml").write_text(f'lang: ckb\npublished: "{published}"\n', encoding="utf-8")


def _query(store: GraphStore, sparql: str) -> list[dict[str, str]]:
    from kgraph.namespaces import sparql_prefixes

    result = store.query(sparql_prefixes() + sparql)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def test_two_reports_of_one_visit_share_an_event(tmp_path: Path) -> None:
    """Two outlets, two days, two spellings: Barzani's visit to Baghdad is one event with two sources."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "first", "نێچیرڤان بارزانی ئەمڕۆ سەردانی بەغدای کرد و لەگەڵ سەرۆکوەزیرانی عێراق کۆبووەوە.",
           "2023-01-10")
    _write(corpus, "second", "سەرۆکی هەرێمی کوردستان نێچیرڤان بارزانی دوێنێ سەردانی بەغدای کردووە.", "2023-01-11")
    with GraphStore(tmp_path / "store") as store:
        report = build([corpus], store)
        assert report.built == ["first", "second"]
        rows = _query(store, SAME_EVENT)
    assert len(rows) == 1, rows
    assert rows[0]["n"] == "2" and set(rows[0]["docs"].split()) == {"first", "second"}


def test_unrelated_events_stay_apart(tmp_path: Path) -> None:
    """Different actors on different days: no link."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a", "نێچیرڤان بارزانی ئەمڕۆ سەردانی بەغدای کرد.", "2023-01-10")
    _write(corpus, "b", "وەزیری دەرەوەی تورکیا ئەمڕۆ سەردانی تارانی کرد.", "2023-05-02")
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        rows = _query(store, SAME_EVENT)
    assert len(rows) == 2 and all(r["n"] == "1" for r in rows)


def test_demo_links_the_planned_and_the_held_election(demo_store: GraphStore) -> None:
    rows = _query(demo_store, """
        SELECT DISTINCT ?doc ?modality WHERE {
          ?s kg:denotes/kg:sameEventAs ?c ; sem:eventType/skos:notation "hold-election" ;
             kg:modality/skos:notation ?modality ; prov:wasDerivedFrom/dcterms:identifier ?doc .
          ?other kg:denotes/kg:sameEventAs ?c ; prov:wasDerivedFrom/dcterms:identifier "iraq-election-held" .
        }""")
    assert {("kadhimi-strategic-dialogue", "planned"), ("iraq-election-held", "asserted")} <= {
        (r["doc"], r["modality"]) for r in rows}


def test_events_graph_is_rebuilt_not_accumulated(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a", "نێچیرڤان بارزانی ئەمڕۆ سەردانی بەغدای کرد.", "2023-01-10")
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        first = sorted(str(q) for q in store.store.quads_for_pattern(None, None, None, _graph()))
        build([corpus], store, force=True)
        second = sorted(str(q) for q in store.store.quads_for_pattern(None, None, None, _graph()))
    assert first == second and first


def _graph():
    import pyoxigraph as ox

    return ox.NamedNode(EVENTS_GRAPH)


# -- the sweep is an exact shortcut: it merges what comparing every pair would merge -------------------

def _pairwise_reference(rows: list) -> dict[str, str]:
    """Compare every pair of the same type with anchors at most a month apart (the definition)."""
    from kgraph.events import UNDATED_WINDOW_DAYS, _actors_compatible, _interval, _UnionFind

    def month(row):
        anchor = row.latest if row.latest is not None else row.reported
        return None if anchor is None else anchor.year * 12 + anchor.month

    def dates_compatible(a, b) -> bool:
        ia, ib = _interval(a), _interval(b)
        if ia is not None and ib is not None:
            return ia[0] <= ib[1] and ib[0] <= ia[1]
        if ia is None and ib is None:
            return abs((a.reported - b.reported).days) <= UNDATED_WINDOW_DAYS
        return False

    uf = _UnionFind()
    for row in rows:
        uf.find(row.event)
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if (a.type == b.type and month(a) is not None and month(b) is not None and abs(month(a) - month(b)) <= 1
                    and dates_compatible(a, b) and _actors_compatible(a, b)):
                uf.union(a.event, b.event)
    return {event: uf.find(event) for event in list(uf.parent)}


def _link_rows():
    import datetime as dt

    from hypothesis import strategies as st

    from kgraph.events import LinkRow

    day = st.dates(min_value=dt.date(2021, 1, 20), max_value=dt.date(2021, 3, 10))  # narrow: many touching intervals
    actors = st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=2)
    polities = st.frozensets(st.sampled_from(["IRQ", "USA"]), max_size=2)

    @st.composite
    def row(draw):
        earliest = draw(st.one_of(st.none(), day))
        latest = None if earliest is None else earliest + dt.timedelta(days=draw(st.sampled_from([0, 1, 3, 30, 90])))
        return LinkRow(draw(st.sampled_from([f"e{i}" for i in range(12)])), draw(st.sampled_from(["visit", "meet"])),
                       earliest, latest, draw(st.sampled_from([None, "on", "by"])), draw(st.one_of(st.none(), day)),
                       draw(actors), draw(actors), draw(polities), draw(polities))

    return st.lists(row(), max_size=40)


def test_interval_sweep_merges_exactly_what_pairwise_comparison_merges() -> None:
    from hypothesis import given, settings

    from kgraph.events import cluster_events

    @settings(max_examples=300, deadline=None)
    @given(_link_rows())
    def check(rows) -> None:
        assert cluster_events(rows) == _pairwise_reference(rows)

    check()


def test_adding_rows_to_known_clusters_equals_clustering_them_all() -> None:
    """Clusters only join when statements are added, so comparing only pairs with a new statement is exact."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kgraph.events import cluster_events, extend_clusters, near_new

    @settings(max_examples=300, deadline=None)
    @given(_link_rows(), st.integers(min_value=0, max_value=40))
    def check(rows, cut) -> None:
        earlier, added = rows[:cut], rows[cut:]
        expected = cluster_events(rows)
        assert extend_clusters(cluster_events(earlier), earlier, added) == expected
        assert extend_clusters(cluster_events(earlier), near_new(earlier, added), added) == expected

    check()


# -- relinking after a build reads back only what changed ---------------------------------------------

VISIT_ERBIL = "نێچیرڤان بارزانی ئەمڕۆ سەردانی بەغدای کرد و لەگەڵ سەرۆکوەزیرانی عێراق کۆبووەوە."
VISIT_ERBIL_AGAIN = "سەرۆکی هەرێمی کوردستان نێچیرڤان بارزانی دوێنێ سەردانی بەغدای کردووە."
TURKISH_VISIT = "وەزیری دەرەوەی تورکیا ئەمڕۆ سەردانی تارانی کرد."


def _two_reports_of_one_visit(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a", VISIT_ERBIL, "2023-01-10")
    _write(corpus, "c", VISIT_ERBIL_AGAIN, "2023-01-11")
    return corpus


def _events_graph(store: GraphStore) -> set[str]:
    return {str(q) for q in store.store.quads_for_pattern(None, None, None, _graph())}


def _reads(monkeypatch, full_read_share: float = 1.0) -> list:
    """Record what each linking reads from the store: ``None`` for everything, else the document ids.

    These stores hold a few documents, so any change is a large share of them: ``full_read_share``
    (1.0: never) sets when a full read is preferred."""
    from kgraph import kept_links

    monkeypatch.setattr(kept_links, "FULL_READ_SHARE", full_read_share)
    calls: list = []
    real = kept_links.read_statement_links

    def spy(store, documents=None):
        calls.append(None if documents is None else sorted(documents))
        return real(store, documents)

    monkeypatch.setattr(kept_links, "read_statement_links", spy)
    return calls


def _clusterings(monkeypatch) -> list[bool]:
    """Record, for each clustering, whether it extended kept clusters (``True``) or started afresh."""
    from kgraph import events

    calls: list[bool] = []
    real = events.extend_clusters

    def spy(clusters, rows, new_rows):
        calls.append(bool(clusters))
        return real(clusters, rows, new_rows)

    monkeypatch.setattr(events, "extend_clusters", spy)
    return calls


def test_relinking_after_new_documents_reads_nothing_back_and_equals_linking_from_scratch(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    first, later, both = (tmp_path / name for name in ("first", "later", "both"))
    for folder in (first, later, both):
        folder.mkdir()
    for folder in (first, both):
        _write(folder, "a", VISIT_ERBIL, "2023-01-10")
        _write(folder, "b", TURKISH_VISIT, "2023-05-02")
    for folder in (later, both):
        _write(folder, "c", VISIT_ERBIL_AGAIN, "2023-01-11")  # the same visit as "a": links across builds
    with GraphStore(tmp_path / "scratch") as store:
        build([both], store)
        expected = _events_graph(store)
    reads, clusterings = _reads(monkeypatch), _clusterings(monkeypatch)
    with GraphStore(tmp_path / "store") as store:
        build([first], store)
        build([later], store)
        assert _events_graph(store) == expected
        rows = _query(store, SAME_EVENT)
        assert reads == []  # what each build wrote comes from its extraction, the rest from the kept file
        assert clusterings == [False, True]  # and the second extends the kept clusters
        link_events(store, rewritten=["c"])  # a caller without "c"'s extraction: only "c" is read back
        assert reads == [["c"]] and _events_graph(store) == expected
    assert {frozenset(r["docs"].split()) for r in rows} == {frozenset({"a", "c"}), frozenset({"b"})}


def test_when_most_documents_changed_the_whole_store_is_read(tmp_path: Path, monkeypatch) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    _write(first, "a", VISIT_ERBIL, "2023-01-10")
    _write(later, "c", VISIT_ERBIL_AGAIN, "2023-01-11")
    reads = _reads(monkeypatch, full_read_share=0.3)
    with GraphStore(tmp_path / "store") as store:
        build([first], store)
        build([later], store)
        assert reads == []  # both builds link what they extracted
        link_events(store, rewritten=["c"])  # one of two documents to read back: more than 30%
    assert reads == [None]


def test_a_rewritten_document_is_read_again_and_its_old_statements_dropped(tmp_path: Path, monkeypatch) -> None:
    corpus = _two_reports_of_one_visit(tmp_path)
    reads, clusterings = _reads(monkeypatch), _clusterings(monkeypatch)
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        _write(corpus, "c", TURKISH_VISIT, "2023-01-11")  # "c" now reports another event
        build([corpus], store)
        relinked = _events_graph(store)
        rows = _query(store, SAME_EVENT)
    with GraphStore(tmp_path / "scratch") as store:
        build([corpus], store)
        assert relinked == _events_graph(store)
    assert reads == [] and clusterings[:2] == [False, False]  # a changed statement may split a cluster
    assert len(rows) == 2 and all(r["n"] == "1" for r in rows)  # "a" no longer shares its event


def test_relinking_without_changes_keeps_the_graph_and_reads_nothing(tmp_path: Path, monkeypatch) -> None:
    from kgraph.events import mapping_digest, stored_links_digest
    from kgraph.kept_links import read

    corpus = _two_reports_of_one_visit(tmp_path)
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        before = _events_graph(store)
        reads = _reads(monkeypatch)
        link_events(store)
        assert reads == [] and _events_graph(store) == before
        assert stored_links_digest(store) == mapping_digest(read(store).canonical)


def test_a_damaged_or_missing_kept_file_means_a_full_read_with_the_same_links(tmp_path: Path, monkeypatch) -> None:
    from kgraph.kept_links import kept_path

    corpus = _two_reports_of_one_visit(tmp_path)
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        before = _events_graph(store)
        reads = _reads(monkeypatch)
        kept_path(store).write_bytes(b"not parquet")
        link_events(store)
        assert _events_graph(store) == before
        kept_path(store).unlink()
        link_events(store)
        assert _events_graph(store) == before
        link_events(store)  # kept again by the last linking
    assert reads == [None, None]


def test_links_are_changed_by_their_difference_when_the_stored_graph_is_the_kept_one(tmp_path: Path) -> None:
    """The events graph is updated in place: the quads that did not change are never removed."""
    from kgraph.events import _write_difference, _write_whole, mapping_digest

    def iris(links: dict[str, str]) -> dict[str, str]:
        return {f"https://example.org/{k}": f"https://example.org/{v}" for k, v in links.items()}

    old = iris({"e1": "e1", "e2": "e1", "e3": "e3"})
    new = iris({"e1": "e1", "e2": "e1", "e3": "e1", "e4": "e1"})
    with GraphStore(tmp_path / "store") as store:
        _write_whole(store, old, mapping_digest(old))
        assert _write_difference(store, old, new, mapping_digest(new), mapping_digest(old))
        graph = _events_graph(store)
    reference = GraphStore()
    _write_whole(reference, new, mapping_digest(new))
    assert graph == _events_graph(reference)


def test_a_changed_polity_means_clustering_every_statement_again(tmp_path: Path, monkeypatch) -> None:
    """Kept clusters were made with the actors' polities of their day: a gazetteer that changed them
    (an actor now counted under another polity) could join clusters that stayed apart."""
    from kgraph import events

    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    _write(first, "a", VISIT_ERBIL, "2023-01-10")
    _write(first, "b", TURKISH_VISIT, "2023-05-02")
    _write(later, "c", VISIT_ERBIL_AGAIN, "2023-01-11")
    _reads(monkeypatch)
    clusterings = _clusterings(monkeypatch)
    with GraphStore(tmp_path / "store") as store:
        build([first], store)
        real = events.read_polities
        monkeypatch.setattr(events, "read_polities", lambda s: {**real(s), "https://example.org/new-actor": "IRQ"})
        build([later], store)  # a polity for an actor no kept statement names changes nothing kept
        _write(later, "d", TURKISH_VISIT, "2023-05-03")
        monkeypatch.setattr(events, "read_polities", lambda s: {a: "https://example.org/elsewhere" for a in real(s)})
        build([later], store)
    assert clusterings == [False, True, False]


def _fingerprint_queries(monkeypatch) -> list[int]:
    """Record each time a build asks the store for its documents' fingerprints."""
    from kgraph import fingerprints

    calls: list[int] = []
    real = fingerprints.stored_fingerprints

    def spy(store):
        calls.append(1)
        return real(store)

    monkeypatch.setattr(fingerprints, "stored_fingerprints", spy)
    return calls


def test_a_build_takes_the_fingerprints_the_last_linking_kept_while_the_store_is_unwritten(
        tmp_path: Path, monkeypatch) -> None:
    from kgraph.fingerprints import stored_fingerprints
    from kgraph.kept_links import fingerprints_if_current

    corpus = _two_reports_of_one_visit(tmp_path)
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
    with GraphStore(tmp_path / "store", read_only=True) as store:
        assert fingerprints_if_current(store) == stored_fingerprints(store)
        assert len(fingerprints_if_current(store)) == 2
    queries = _fingerprint_queries(monkeypatch)
    more = tmp_path / "more"
    more.mkdir()
    _write(more, "b", TURKISH_VISIT, "2023-05-02")
    with GraphStore(tmp_path / "store") as store:
        report = build([corpus, more], store)
    assert queries == [] and report.unchanged == ["a", "c"] and report.built == ["b"]
    with GraphStore(tmp_path / "store", read_only=True) as store:  # stamped again by that build
        assert fingerprints_if_current(store) == stored_fingerprints(store)
        assert len(fingerprints_if_current(store)) == 3


def test_kept_fingerprints_are_not_trusted_once_the_store_is_written_without_linking(tmp_path: Path) -> None:
    from kgraph.kept_links import fingerprints_if_current

    corpus = _two_reports_of_one_visit(tmp_path)
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store)
        store.update('INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> '
                     '<https://example.org/p> "written after linking kept its input" } }')
    more = tmp_path / "more"
    more.mkdir()
    _write(more, "b", TURKISH_VISIT, "2023-05-02")
    with GraphStore(tmp_path / "store") as store:
        assert fingerprints_if_current(store) is None  # written after the keep: never stamped
        build([corpus, more], store)  # a new document: linking keeps and stamps what it read
    with GraphStore(tmp_path / "store") as store:
        assert fingerprints_if_current(store) is not None
        store.update('INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> '
                     '<https://example.org/p> "a later session" } }')
    with GraphStore(tmp_path / "store") as store:
        assert fingerprints_if_current(store) is None  # a new revision: the stamp names the old one


def test_a_writer_that_dies_leaves_no_trusted_fingerprints(tmp_path: Path) -> None:
    from kgraph.kept_links import fingerprints_if_current

    corpus = _two_reports_of_one_visit(tmp_path)
    store = GraphStore(tmp_path / "store")
    build([corpus], store)
    store.store.flush()
    store.store = None  # the process "dies": Oxigraph lets go, but kgraph never closes (no revision, no stamp)
    store._lock.release()
    with GraphStore(tmp_path / "store") as reopened:
        assert fingerprints_if_current(reopened) is None
        assert build([corpus], reopened).unchanged == ["a", "c"]  # the store is asked instead


def test_what_a_worker_computes_for_linking_equals_reading_it_back() -> None:
    """:func:`statement_links_of` replaces reading just-written documents back: on the bundled corpus (both
    languages) and generated documents, per statement, it gives exactly what the store gives."""
    from bench.corpus_gen import documents
    from kgraph.document import load_document
    from kgraph.events import read_statement_links, statement_links_of
    from kgraph.extract import extract_quads
    from kgraph.store import vocabulary_quads

    corpus = [load_document(p) for p in sorted((Path(__file__).parent.parent / "corpus").glob("*.txt"))]
    store = GraphStore()
    store.add_quads(vocabulary_quads())
    computed = []
    for document in [*corpus, *documents(60)]:
        quads = extract_quads(document)
        store.add_quads(quads)
        computed.extend(statement_links_of(quads))
    assert len(computed) > 300 and any(s.earliest for s in computed) and any(s.targets for s in computed)
    assert sorted(map(repr, computed)) == sorted(map(repr, read_statement_links(store)))


def test_interned_rows_are_equal_and_share_their_repeated_values() -> None:
    import datetime as dt
    import pickle

    from kgraph.events import StatementLinks, interned

    row = StatementLinks("doc-1", "https://example.org/e1", "https://example.org/type/meet", dt.date(2023, 1, 10),
                         dt.date(2023, 1, 10), "on", dt.date(2023, 1, 9), ("https://example.org/a",), ())
    copies = [pickle.loads(pickle.dumps(row)) for _ in range(3)]  # as they come from the workers
    assert copies[0].type is not copies[1].type
    shared = interned(copies, {})
    assert shared == copies
    assert shared[0].type is shared[1].type and shared[0].sources is shared[2].sources
    assert shared[0].reported is shared[1].reported
