"""What the store holds of each document: the digest of its text and the extractor version that read it.

A build skips a document whose fingerprint is unchanged (:mod:`kgraph.build`), and event linking reads
back only the documents whose fingerprint changed since it last ran (:mod:`kgraph.kept_links`).
"""

from __future__ import annotations

from kgraph.namespaces import KG

FINGERPRINTS = (
    f"SELECT ?id ?sha ?version WHERE {{ ?d <http://purl.org/dc/terms/identifier> ?id ; <{KG.sha256}> ?sha . "
    f"?activity <http://www.w3.org/ns/prov#used> ?d ; <{KG.extractorVersion}> ?version }}")


def stored_fingerprints(store) -> dict[str, tuple[str, str]]:
    """Document id → (sha256 of its text, extractor version) for every document in the store, in one query."""
    return {r["id"].value: (r["sha"].value, r["version"].value) for r in store.query(FINGERPRINTS)}


def known_fingerprints(store) -> dict[str, tuple[str, str]]:
    """The same, from what the last linking kept when the store has not been written since (no query;
    see :func:`kgraph.kept_links.fingerprints_if_current`), else from the store."""
    from kgraph.kept_links import fingerprints_if_current  # Arrow, only for stores kept on disk

    kept = fingerprints_if_current(store)
    return kept if kept is not None else stored_fingerprints(store)
