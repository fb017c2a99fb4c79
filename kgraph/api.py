"""Python API for notebooks and scripts: the same answers as the CLI.

>>> from kgraph.api import KGraph
>>> kg = KGraph.open("store")                    # doctest: +SKIP
>>> kg.query_df("SELECT ?s WHERE { ?s a kg:Statement }").head()   # doctest: +SKIP
>>> kg.commitments("2022-01-15")                 # doctest: +SKIP
>>> kg.show()                                    # doctest: +SKIP  (the graph, inline in Jupyter)
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
    def open(cls, location: str | Path) -> KGraph:
        """Open a store folder read-only, or a SPARQL endpoint URL."""
        from kgraph.store import open_store

        return cls(open_store(location, read_only=True))

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

    def named(self, name: str, **params: str) -> pd.DataFrame:
        """A query of the library (``kgraph/queries``) by name, as a DataFrame."""
        from kgraph.queries import get_query

        return self.query_df(get_query(name).render({k: str(v) for k, v in params.items()}))

    def timeline(self) -> pd.DataFrame:
        """One row per statement: dates, actors, types, modality and the source sentence."""
        from kgraph.analysis.table import statement_table

        return statement_table(self.store)

    def commitments(self, as_of: str) -> pd.DataFrame:
        """The commitment ledger at a date (pending, due, fulfilled with evidence, overdue)."""
        from kgraph.analysis.commitments import commitment_ledger

        return commitment_ledger(self.timeline(), as_of)

    def actor_graph(self, as_of: str | None = None):
        """The actor network as a networkx DiGraph (see :mod:`kgraph.analysis.network`)."""
        from kgraph.analysis.network import actor_graph

        return actor_graph(self.timeline(), as_of)

    def html(self, max_actors: int = 300) -> str:
        """The interactive graph page as a string of self-contained HTML."""
        import tempfile

        from kgraph.viz import write_html

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "graph.html"
            write_html(self.store, path, max_actors=max_actors)
            return path.read_text(encoding="utf-8")

    def show(self, height: int = 700, max_actors: int = 300):
        """Display the graph inline in Jupyter (a sandboxed iframe holding the self-contained page)."""
        from html import escape

        from IPython.display import HTML

        return HTML(f'<iframe sandbox="allow-scripts" style="width:100%;height:{height}px;border:0" '
                    f'srcdoc="{escape(self.html(max_actors), quote=True)}"></iframe>')

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
