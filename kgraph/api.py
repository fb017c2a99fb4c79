"""Python API for notebooks and scripts: the same answers as the CLI.

>>> from kgraph.api import KGraph
>>> kg = KGraph.open("store")                    # doctest: +SKIP
>>> kg.query_df("SELECT ?s WHERE { ?s a kg:Statement }").head()   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox

from kgraph.document import Document
from kgraph.extract import extract_records
from kgraph.namespaces import sparql_prefixes
from kgraph.rdf.records import document_records
from kgraph.store import GraphStore


class KGraph:
    """A read-only view of a kgraph store."""

    def __init__(self, store: GraphStore):
        self.store = store

    @classmethod
    def open(cls, path: str | Path) -> KGraph:
        return cls(GraphStore(path, read_only=True))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sparql: str):
        """Raw pyoxigraph results of a SPARQL query (kgraph prefixes added when missing)."""
        if "PREFIX" not in sparql.upper():
            sparql = sparql_prefixes() + sparql
        return self.store.query(sparql)

    def query_df(self, sparql: str) -> pd.DataFrame:
        """A SELECT query as a pandas DataFrame of plain values (IRIs and literals as strings)."""
        result = self.query(sparql)
        columns = [v.value for v in result.variables]
        rows = [[None if s[c] is None else s[c].value for c in columns] for s in result]
        return pd.DataFrame(rows, columns=columns)

    def documents(self) -> list[str]:
        return self.store.document_ids()

    def records(self, doc_id: str) -> list[dict[str, Any]]:
        """The contract records (mentions, timexes, statements) of one document."""
        return document_records(self.store, doc_id)

    def rdflib_dataset(self):
        """The store as an rdflib ``Dataset`` backed by Oxigraph (``oxrdflib``): the rdflib API at
        Oxigraph's speed. The store must have been opened read-only or be otherwise unused."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store.store), default_union=True)


def extract(document: Document) -> list[dict[str, Any]]:
    """Extract one document in memory (no store) and return its contract records."""
    return extract_records(document)


def parse_results(data: bytes, fmt: str = "json") -> Any:
    """Parse SPARQL results serialised by the CLI or an endpoint (helper for tests and notebooks)."""
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON if fmt == "json" else fmt)
