"""The event taxonomy (``ontology/event-types.ttl``) as Python records for the recognisers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from kgraph.errors import KgraphError
from kgraph.namespaces import KG, KGT, PLOVER, SKOS
from kgraph.resources import ontology_file


@dataclass(frozen=True)
class EventType:
    id: str
    iri: str
    plover: str | None
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@cache
def event_types() -> dict[str, EventType]:
    """Event types by local name (``withdraw``, ``demand``, ...)."""
    path = ontology_file("event-types.ttl")
    props: dict[str, dict[str, list]] = {}
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        subject = triple.subject.value
        if subject.startswith(str(KGT)):
            props.setdefault(subject, {}).setdefault(triple.predicate.value, []).append(triple.object)
    types: dict[str, EventType] = {}
    for iri, p in props.items():
        local = iri[len(str(KGT)) :]
        if local == "scheme":
            continue

        def one(pred, p=p):
            values = p.get(str(pred), [])
            return values[0].value if values else None

        plover = one(SKOS.broadMatch)
        mode = one(KG.ploverMode)
        types[local] = EventType(
            id=local,
            iri=iri,
            plover=plover[len(str(PLOVER)) :] if plover else None,
            mode=mode[len(str(PLOVER) + "mode-") :] if mode else None,
            cameo=one(KG.cameoCode),
            contexts=tuple(sorted(c.value[len(str(PLOVER) + "context-") :] for c in p.get(str(KG.ploverContext), []))),
            labels={o.language: o.value for o in p.get(str(SKOS.prefLabel), []) if isinstance(o, ox.Literal)},
        )
    if not types:
        raise KgraphError(f"no event types in {path}")
    return types
