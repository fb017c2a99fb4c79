"""Cross-document event linking: two reports of one event meet on one canonical event node."""

from __future__ import annotations

from pathlib import Path

from kgraph.build import build
from kgraph.events import EVENTS_GRAPH
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
