"""The read-only SPARQL endpoint, exercised with a real client (SPARQLWrapper) over HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kgraph.build import build
from kgraph.serve import Refused, ServerConfig, SparqlEndpoint, check_query
from kgraph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlEndpoint]:
    path = tmp_path_factory.mktemp("serve") / "store"
    with GraphStore(path) as store:
        build([REPO / "corpus"], store)
    with SparqlEndpoint(ServerConfig(path, port=0, timeout_s=10, max_results=5)) as server:
        yield server


def _client(endpoint: SparqlEndpoint) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint.url)
    client.setReturnFormat(JSON)
    return client


def test_binds_to_loopback_by_default(endpoint: SparqlEndpoint) -> None:
    assert endpoint.httpd.server_address[0] == "127.0.0.1"


def test_select_with_sparqlwrapper(endpoint: SparqlEndpoint) -> None:
    client = _client(endpoint)
    client.setQuery("""PREFIX kg: <https://w3id.org/kgraph/ontology#>
        SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Statement }""")
    result = client.queryAndConvert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) > 10  # union default graph


def test_results_are_capped(endpoint: SparqlEndpoint) -> None:
    client = _client(endpoint)
    client.setQuery("SELECT ?s WHERE { ?s ?p ?o }")
    result = client.queryAndConvert()
    assert len(result["results"]["bindings"]) == 5


def test_update_is_refused(endpoint: SparqlEndpoint) -> None:
    client = SPARQLWrapper(endpoint.url, updateEndpoint=endpoint.url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()


@pytest.mark.parametrize("query", ["LOAD <http://example.org/data.ttl>",
                                   "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                                   "DELETE WHERE { ?s ?p ?o }"])
def test_load_service_and_delete_are_refused_over_http(endpoint: SparqlEndpoint, query: str) -> None:
    data = urllib.parse.urlencode({"query": query}).encode()
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(urllib.request.Request(endpoint.url, data=data), timeout=10)
    assert info.value.code in (400, 403)


def test_update_endpoint_paths_are_refused(endpoint: SparqlEndpoint) -> None:
    base = endpoint.url.rsplit("/", 1)[0]
    for path, content_type in (("/update", "application/sparql-update"), ("/query", "application/sparql-update")):
        request = urllib.request.Request(base + path, data=b"CLEAR ALL", method="POST",
                                         headers={"Content-Type": content_type})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        assert info.value.code == 403


def test_store_is_unchanged_after_refused_updates(endpoint: SparqlEndpoint) -> None:
    data = urllib.parse.urlencode({"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).encode()
    request = urllib.request.Request(endpoint.url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["boolean"] is False


def test_check_query_parses_rather_than_pattern_matches() -> None:
    check_query('SELECT * WHERE { ?s ?p "SERVICE INSERT" }')  # words inside literals are fine
    with pytest.raises(Refused):
        check_query("SELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }")


def test_a_slow_query_is_cut_off_by_the_time_out(tmp_path: Path) -> None:
    """A query heavier than the time-out comes back as an error, promptly, not as a hung request."""
    import time

    path = tmp_path / "store"
    with GraphStore(path) as store:
        build([REPO / "corpus"], store)
    with SparqlEndpoint(ServerConfig(path, port=0, timeout_s=1, max_results=5)) as server:
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        data = urllib.parse.urlencode({"query": heavy}).encode()
        started = time.time()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(urllib.request.Request(server.url, data=data), timeout=30)
        assert info.value.code >= 500
        assert time.time() - started < 15
