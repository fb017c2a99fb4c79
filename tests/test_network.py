"""Actor network analysis on the demo corpus: graph, centrality, communities, paths, slices, exports."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from kgraph.analysis import network
from kgraph.analysis.table import statement_table
from kgraph.store import GraphStore

A = "https://w3id.org/kgraph/actor/"


@pytest.fixture(scope="module")
def table(demo_store: GraphStore) -> pd.DataFrame:
    return statement_table(demo_store)


def test_signed_weights_follow_plover_quad_classes() -> None:
    rows = pd.DataFrame([
        {"source_ids": ["a"], "target_ids": ["b"], "source": "A", "target": "B", "plover": p, "statement": f"s{i}",
         "reported": pd.Timestamp("2021-01-01")}
        for i, p in enumerate(["AGREE", "SUPPORT", "ACCUSE", None])])
    edge = network.actor_graph(rows)["a"]["b"]
    assert (edge["weight"], edge["signed"], edge["cooperation"], edge["conflict"]) == (4, 1, 2, 1)
    assert edge["types"] == "ACCUSE:1;AGREE:1;OTHER:1;SUPPORT:1"


def test_demo_graph_links_iraq_and_the_united_states(table: pd.DataFrame) -> None:
    graph = network.actor_graph(table)
    assert graph.has_edge(A + "iraq", A + "united-states") or graph.has_edge(A + "united-states", A + "iraq")
    central = network.centrality(graph)
    assert list(central.columns) == ["actor", "name", "degree", "weighted_degree", "betweenness", "eigenvector"]
    assert central["eigenvector"].is_monotonic_decreasing
    assert A + "iraq" in set(central.head(5)["actor"])


def test_as_of_drops_later_reports(table: pd.DataFrame) -> None:
    early = network.actor_graph(table, "2021-08-01")
    late = network.actor_graph(table)
    assert early.number_of_edges() < late.number_of_edges()
    assert not any("United Nations Assistance Mission" in early.nodes[n].get("name", "") for n in early)


def test_connection_is_explained_by_statements(table: pd.DataFrame) -> None:
    graph = network.actor_graph(table)
    steps = network.explain_connection(graph, A + "mustafa-al-kadhimi", A + "united-states")
    assert steps and all(step["statements"] for step in steps)
    assert network.explain_connection(graph, A + "mustafa-al-kadhimi", A + "no-such-actor") == []


def test_communities_partition_the_actors(table: pd.DataFrame) -> None:
    graph = network.actor_graph(table)
    groups = network.communities(graph)
    assert set().union(*groups) == set(graph.nodes)
    assert sum(len(g) for g in groups) == graph.number_of_nodes()


def test_time_slices_and_changes(table: pd.DataFrame) -> None:
    slices = network.time_slices(table, "Q")
    assert {"2021Q3", "2021Q4"} <= set(slices)
    changes = network.slice_changes(slices["2021Q3"], slices["2021Q4"])
    assert set(changes["change"]) <= {"new", "gone", "sign flipped"} and not changes.empty


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_with_networkx(table: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    graph = network.actor_graph(table)
    path = tmp_path / f"actors.{fmt}"
    network.export_graph(graph, str(path), fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def _graphs_with_several_components() -> list[nx.Graph]:
    random_graph = nx.gnp_random_graph(40, 0.08, seed=3)  # several components, some of one or two nodes
    two_triangles = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    star_pair_and_loners = nx.star_graph(5)
    star_pair_and_loners.add_edge("p", "q")
    star_pair_and_loners.add_nodes_from(["l1", "l2"])
    return [random_graph, two_triangles, star_pair_and_loners, nx.path_graph(2), nx.Graph(), nx.path_graph(3)]


@pytest.mark.parametrize("graph", _graphs_with_several_components())
def test_betweenness_by_component_equals_networkx_on_the_whole_graph(graph: nx.Graph) -> None:
    expected = nx.betweenness_centrality(graph)
    got = network.betweenness_by_component(graph)
    assert got.keys() == expected.keys()
    assert got == pytest.approx(expected, abs=1e-12)
    if graph.number_of_nodes() > 2:
        assert any(score > 0 for score in expected.values())
