"""A remote store: any SPARQL 1.1 endpoint with the Update and Graph Store protocols.

Users who outgrow one machine keep the same commands (``--store http://…``) on Fuseki, GraphDB,
Virtuoso, Neptune or an ``oxigraph serve``. A document's graphs are replaced with one SPARQL Update
request (DROP + INSERT DATA: atomic on the stores above); vocabulary graphs are uploaded with Graph
Store Protocol PUTs; queries go through the SPARQL 1.1 Protocol and come back as pyoxigraph results,
so the rest of kgraph cannot tell the difference.

The endpoint must answer queries over the union of its graphs as the default graph (Oxigraph:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB does by default). Paths
follow Oxigraph's layout unless given: ``BASE/query``, ``BASE/update``, ``BASE/store``.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kgraph.errors import StoreError
from kgraph.store import VOCABULARY_GRAPHS, insert_data, replace_update, vocabulary_quads

TIMEOUT_S = 300


class RemoteStore:
    """The :class:`~kgraph.store.GraphStore` interface over HTTP."""

    def __init__(self, base: str, read_only: bool = False, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None):
        base = base.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        self.base = base
        self.read_only = read_only
        self.query_url = query_url or base + "/query"
        self.update_url = update_url or base + "/update"
        self.gsp_url = gsp_url or base + "/store"
        self.path = None
        self.discarded_interrupted_build = False  # never bulk-loaded, so never left half-built
        try:
            self._request(self.query_url, {"query": "ASK { }"}, "application/sparql-results+json")
        except StoreError as exc:
            raise StoreError(f"{base}: not a reachable SPARQL endpoint ({exc})") from None

    # -- protocol -------------------------------------------------------------------------------------
    def _request(self, url: str, fields: dict[str, str] | None, accept: str | None = None, *,
                 data: bytes | None = None, content_type: str | None = None, method: str = "POST") -> bytes:
        if fields is not None:
            data = urllib.parse.urlencode(fields).encode("utf-8")
            content_type = "application/x-www-form-urlencoded"
        headers = {}
        if accept:
            headers["Accept"] = accept
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: {getattr(exc, 'reason', exc)}") from None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.base}: opened read-only")

    # -- GraphStore interface ------------------------------------------------------------------------------
    def query(self, sparql: str):
        """SELECT/ASK as pyoxigraph query results; CONSTRUCT/DESCRIBE as a list of triples."""
        head = sparql.upper()
        graph_query = any(word in head for word in ("CONSTRUCT", "DESCRIBE")) and "SELECT" not in head.split(
            "WHERE")[0]
        if graph_query:
            body = self._request(self.query_url, {"query": sparql}, "application/n-triples")
            return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        body = self._request(self.query_url, {"query": sparql}, "application/sparql-results+json")
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._writable()
        self._request(self.update_url, {"update": sparql})

    def replace_graphs(self, graphs: list[str], quads: Iterable[ox.Quad]) -> None:
        self.update(replace_update(graphs, quads))

    def load_vocabulary(self) -> bool:
        """Upload the ontology, event types and gazetteer with Graph Store Protocol PUTs (replacing them,
        so always reloaded: returns True)."""
        self._writable()
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in vocabulary_quads():
            by_graph.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
        for graph in VOCABULARY_GRAPHS.values():
            body = ox.serialize(by_graph.get(graph, []), format=ox.RdfFormat.N_TRIPLES)
            url = self.gsp_url + "?" + urllib.parse.urlencode({"graph": graph})
            self._request(url, None, data=body, content_type="application/n-triples", method="PUT")
        return True

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self.update(insert_data(quads))

    def add_nquads(self, data: bytes) -> None:
        """One ``INSERT DATA`` request (atomic), as for :meth:`add_quads`."""
        self.add_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS))

    def can_bulk_load(self) -> bool:
        """Never: a remote store is loaded through SPARQL Update only (each request atomic)."""
        return False

    def quads(self) -> Iterator[ox.Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in result:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def named_graphs(self) -> Iterator[str]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"):
            yield row["g"].value

    def document_ids(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?id WHERE { ?d a <https://w3id.org/kgraph/ontology#Document> ; "
                          "<http://purl.org/dc/terms/identifier> ?id }")
        return sorted(row["id"].value for row in rows)

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
