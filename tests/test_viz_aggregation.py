"""Aggregation of large graphs on the HTML page: top-k actors, folding by kind, time window, statement cap.

The page must stay responsive whatever the size of the store, so the network is cut down before it is
rendered; these tests pin down what each option keeps.
"""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from kgraph.cli import app
from kgraph.viz import KIND_NODE, _shown_statements, build_network, network_from_table


def _table(n_actors: int = 12, n_statements: int = 60) -> pd.DataFrame:
    """Statements between actors a0..aN: actor a0 takes part in every other one (the hub)."""
    rows = []
    for i in range(n_statements):
        source, target = f"https://x/a{(i % n_actors)}", "https://x/a0" if i % 2 else f"https://x/a{(i * 7) % n_actors}"
        day = pd.Timestamp("2021-01-01") + pd.Timedelta(days=i)
        rows.append({"statement": f"https://x/s{i}", "doc": f"d{i % 5}", "published": "2021", "type": "meet",
                     "type_label": "meet", "plover": "CONSULT", "modality": "asserted", "date": None,
                     "relation": None, "earliest": day, "reported": day, "source": source[-2:],
                     "target": target[-2:], "attributed_to": "", "source_ids": [source], "target_ids": [target],
                     "attributed_ids": [], "sentence": f"sentence {i}"})
    return pd.DataFrame(rows)


KINDS = {f"https://x/a{i}": "Person" if i % 2 else "Country" for i in range(12)}


def _ids(net, kind: str) -> set[str]:
    return {n["id"] for n in net.nodes if n["kind"] == kind}


def test_top_k_keeps_the_most_central_actors_and_drops_the_rest() -> None:
    net, summary = network_from_table(_table(), {}, max_actors=3)
    actors = _ids(net, "actor")
    assert "https://x/a0" in actors  # the hub is the most central
    # every statement shown touches a kept actor; other actors appear only as its partners
    assert summary["statements"] < 60


def test_collapse_kind_folds_other_actors_into_one_node_per_kind() -> None:
    net, summary = network_from_table(_table(), {}, KINDS, max_actors=2, collapse_kind=True)
    actors = _ids(net, "actor")
    folded = {a for a in actors if a.startswith(KIND_NODE)}
    assert folded <= {KIND_NODE + "Person", KIND_NODE + "Country"} and folded
    assert len(actors) <= 2 + 2
    assert summary["statements"] == 60  # nothing dropped: folded, not cut
    labels = {n["label"] for n in net.nodes if n["id"] in folded}
    assert all("more)" in label for label in labels)


def test_time_window_keeps_statements_inside_it_only() -> None:
    _, everything = network_from_table(_table(), {})
    _, january = network_from_table(_table(), {}, since="2021-01-10", until="2021-01")
    assert everything["statements"] == 60
    assert january["statements"] == 22  # 10 … 31 January
    assert january["dates"][0] == "2021-01-10" and january["dates"][-1] == "2021-01-31"


def test_statement_cap_keeps_the_most_recent() -> None:
    _, summary = network_from_table(_table(), {}, max_statements=5)
    assert summary["statements"] == 5 and summary["all_statements"] == 60
    assert summary["dates"][0] == "2021-02-25"  # the last five days of the 60


@pytest.mark.parametrize(("cap", "expected"), [(3, [2, 3, 5]), (4, [0, 2, 3, 5]), (5, [0, 2, 3, 4, 5]),
                                                (6, [0, 1, 2, 3, 4, 5])])
def test_statement_cap_breaks_ties_in_table_order_and_puts_undated_statements_last(cap, expected) -> None:
    day = {1: pd.Timestamp("2021-01-01"), 2: pd.Timestamp("2021-02-01"), 3: pd.Timestamp("2021-03-01")}
    dates = [day[1], pd.NaT, day[2], day[2], day[1], day[3]]
    table = pd.DataFrame({"earliest": [pd.NaT] * 6, "reported": dates, "source_ids": [[]] * 6,
                          "target_ids": [[]] * 6, "attributed_ids": [[]] * 6, "n": range(6)})
    assert _shown_statements(table, None, cap)["n"].tolist() == expected


def test_statements_shown_are_those_with_a_kept_actor_or_with_no_actor() -> None:
    table = pd.DataFrame({"earliest": [pd.Timestamp("2021-01-01")] * 4, "reported": [pd.NaT] * 4,
                          "source_ids": [["a"], ["b"], [], ["b"]], "target_ids": [[], [], [], []],
                          "attributed_ids": [[], [], [], ["a"]], "n": range(4)})
    assert _shown_statements(table, {"a"}, 10)["n"].tolist() == [0, 2, 3]
    assert _shown_statements(table, None, 10)["n"].tolist() == [0, 1, 2, 3]


@pytest.mark.slow
def test_viz_command_aggregation_options(demo_store, tmp_path) -> None:
    net, summary = build_network(demo_store, max_actors=2, collapse_kind=True)
    assert any(n["id"].startswith(KIND_NODE) for n in net.nodes)
    assert summary["statements"] == summary["all_statements"]
    runner = CliRunner()
    bad = runner.invoke(app, ["viz", "--store", str(demo_store.path), "-o", str(tmp_path / "g.html"),
                              "--since", "July"])
    assert bad.exit_code != 0
    good = runner.invoke(app, ["viz", "--store", str(demo_store.path), "-o", str(tmp_path / "g.html"),
                               "--collapse-kind", "--max-actors", "3", "--since", "2021", "--until", "2021-12"])
    assert good.exit_code == 0, good.output
    assert (tmp_path / "g.html").stat().st_size > 0
