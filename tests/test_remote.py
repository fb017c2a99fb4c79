"""A remote store: the same build, queries and exports against a real SPARQL server over HTTP
(the `oxigraph` package's read-write server on loopback, started by the test)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.build import build
from kgraph.errors import StoreError
from kgraph.export import export_rdf
from kgraph.remote import RemoteStore
from kgraph.store import GraphStore, open_store

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("the oxigraph server is not installed")
    port = _free_port()
    process = subprocess.Popen([str(binary), "serve", "--location", str(tmp_path_factory.mktemp("remote")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def _nquads(quads) -> set[str]:
    return {str(q) for q in quads}


def test_build_on_a_remote_store_equals_the_local_build(server: str, tmp_path: Path) -> None:
    store = open_store(server)
    assert isinstance(store, RemoteStore)
    report = build([REPO / "corpus"], store)
    assert len(report.built) == len(list((REPO / "corpus").glob("*.txt"))) and not report.skipped
    with GraphStore(tmp_path / "local") as local:
        build([REPO / "corpus"], local)
        assert _nquads(store.quads()) == _nquads(local.quads())
        assert store.document_ids() == local.document_ids()
    # rebuilding skips unchanged documents, over HTTP too
    assert build([REPO / "corpus"], store).unchanged == report.built


def test_queries_and_exports_through_the_protocol(server: str, tmp_path: Path) -> None:
    store = open_store(server, read_only=True)
    rows = list(store.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/kgraph/ontology#Statement> }"))
    assert int(rows[0]["n"].value) > 10
    out = tmp_path / "remote.ttl"
    count = export_rdf(store, "turtle", out)
    assert count == len(list(ox.parse(path=str(out))))
    with pytest.raises(StoreError, match="read-only"):
        store.update("CLEAR ALL")


def test_cli_query_accepts_an_endpoint_url(server: str) -> None:
    build([REPO / "corpus"], open_store(server))
    run = subprocess.run([str(Path(sys.executable).parent / "kgraph"), "query", "--named", "commitments",
                          "--store", server, "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "2021-12-31" in run.stdout and "2021-10-10" in run.stdout


def test_unreachable_endpoint_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a reachable SPARQL endpoint"):
        RemoteStore(f"http://127.0.0.1:{_free_port()}")
