"""The Python API gives the CLI's answers as DataFrames and graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kgraph.api import KGraph
from kgraph.build import build
from kgraph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("api") / "store"
    with GraphStore(path) as store:
        build([REPO / "corpus"], store)
    graph = KGraph.open(path)
    yield graph
    graph.close()


def test_dataframes(kg: KGraph) -> None:
    assert len(kg.documents()) == len(list((REPO / "corpus").glob("*.txt")))  # Sorani and English
    timeline = kg.timeline()
    assert {"statement", "type", "sentence", "earliest"} <= set(timeline.columns)
    ledger = kg.commitments("2022-01-15")
    assert set(ledger.loc[ledger["type"] == "withdraw", "status"]) == {"fulfilled"}
    named = kg.named("dated-statements")
    assert "2021-12-31" in set(named["date"])


def test_networkx_and_rdflib_views(kg: KGraph) -> None:
    graph = kg.actor_graph()
    assert isinstance(graph, nx.DiGraph) and graph.number_of_edges() > 5
    ds = kg.rdflib_dataset()
    assert len(ds) > 1000


def test_html_for_notebooks(kg: KGraph) -> None:
    page = kg.html()
    assert page.startswith("<!DOCTYPE html>") and "عێراق" in page
    ipython = pytest.importorskip("IPython")
    assert ipython is not None
    shown = kg.show()
    assert "srcdoc=" in shown.data and "<script" not in shown.data.split("srcdoc=")[1][:50]
