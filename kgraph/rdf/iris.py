"""Stable, content-addressed IRIs for everything a document contributes to the graph.

Re-ingesting the same text with the same extractor yields the same IRIs, so rebuilding never
duplicates anything; character-offset IRIs follow RFC 5147 (``doc#char=start,end``) as NIF does.
"""

from __future__ import annotations

import hashlib

from kgraph.dates import PartialDate
from kgraph.namespaces import BASE, KGD, KGE

BASE_GRAPH = BASE + "graph/"


def digest(*parts: object, size: int = 16) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:size]


def document_iri(doc_id: str) -> str:
    return f"{KGD}{doc_id}"


def graph_iri(doc_id: str, part: str) -> str:
    """One of the document's nanopublication graphs: ``assertion``, ``provenance`` or ``pubinfo``."""
    return f"{KGD}{doc_id}/{part}"


def span_iri(doc_id: str, start: int, end: int) -> str:
    return f"{KGD}{doc_id}#char={start},{end}"


def statement_iri(doc_id: str, start: int, end: int, event_type: str) -> str:
    return f"{KGD}{doc_id}/statement/{digest(start, end, event_type, size=12)}"


def time_iri(value: str) -> str:
    """A shared node per calendar value (``2021-12-31``, ``2021-10``, ``2014``, ``2022-W30``)."""
    return f"{BASE}time/{value}"


def event_iri(event_type: str, date: PartialDate | str | None, participants: list[str]) -> str:
    """The cross-document event a statement denotes: same type, date and participants, same IRI."""
    return f"{KGE}{digest(event_type, date or '', *sorted(participants))}"


def activity_iri(doc_id: str, sha256: str, version: str) -> str:
    return f"{KGD}{doc_id}/extraction/{digest(sha256, version, size=12)}"
