"""A generator of realistic Sorani news documents from our own template sentences and the gazetteer.

Benchmarks need corpora of 1k–100k documents; the bundled corpus has four. Documents are composed from
``bench/templates.yaml`` (sentences written for kgraph) with slots filled from the gazetteer's Sorani
labels, so every actor the extractor can resolve appears, in the proportion of eventive and background
sentences of real reports. Generation is seeded: the same size always gives the same corpus, which the
benchmark cache relies on. Nothing is read from third-party texts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import yaml

from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.resources import ontology_file

TEMPLATES = Path(__file__).with_name("templates.yaml")
DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
KG = "https://w3id.org/kgraph/ontology#"
SLOT_CLASSES = {
    "person": ("Person",),
    "org": ("Organization", "PoliticalParty", "InternationalOrganization", "ArmedGroup"),
    "country": ("Country",),
}


@cache
def templates() -> dict:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


@cache
def gazetteer_labels() -> dict[str, tuple[str, ...]]:
    """Sorani preferred labels of gazetteer actors, by slot (person / org / country)."""
    by_class: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    pref = "http://www.w3.org/2004/02/skos/core#prefLabel"
    for t in ox.parse(path=str(ontology_file("gazetteer.ttl")), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == rdf_type and t.object.value.startswith(KG):
            types[t.subject.value] = t.object.value[len(KG):]
        elif t.predicate.value == pref and isinstance(t.object, ox.Literal) and t.object.language == "ckb":
            labels[t.subject.value] = t.object.value
    for iri, kind in sorted(types.items()):
        if iri in labels:
            by_class.setdefault(kind, []).append(labels[iri])
    return {slot: tuple(x for c in classes for x in by_class.get(c, ())) for slot, classes in SLOT_CLASSES.items()}


def sorani_date(day: dt.date) -> str:
    month = templates()["months"][day.month - 1]
    return f"{day.day}ی {month}ی {day.year}".translate(DIGITS)


def _fill(template: str, rng: random.Random, published: dt.date) -> str:
    data, labels = templates(), gazetteer_labels()
    pick = {slot: rng.sample(labels[slot], 2) for slot in labels}
    later = published + dt.timedelta(days=rng.randint(5, 400))
    return template.format(
        person=pick["person"][0], person2=pick["person"][1], org=pick["org"][0], org2=pick["org"][1],
        country=pick["country"][0], country2=pick["country"][1], date=sorani_date(later),
        when=rng.choice(data["when"]), city=rng.choice(data["cities"]), topic=rng.choice(data["topics"]),
        number=str(rng.randint(2, 900)).translate(DIGITS),
    )


def document_text(index: int, seed: int = 7, published: dt.date | None = None) -> tuple[str, dt.date]:
    """The text and publication date of document ``index`` (deterministic); ``published`` dates it on
    that day instead of a day drawn from five years (a day's news)."""
    rng = random.Random(seed * 1_000_003 + index)
    drawn = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
    published = published or drawn
    data = templates()
    sentences = [_fill(rng.choice(data["events"]), rng, published) for _ in range(rng.randint(3, 6))]
    sentences += [_fill(rng.choice(data["filler"]), rng, published) for _ in range(rng.randint(1, 3))]
    rng.shuffle(sentences)
    return " ".join(sentences), published


def documents(n: int, seed: int = 7) -> Iterator[Document]:
    """``n`` generated documents as :class:`~kgraph.document.Document` objects (no files)."""
    for i in range(n):
        text, published = document_text(i, seed)
        yield Document(id=f"bench-{i:06d}", text=text, lang="ckb", published=PartialDate.parse(published.isoformat()))


def write_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """Write ``n`` documents (``.ckb.txt`` plus a ``.meta.yaml`` with the date) once; reuse if complete."""
    folder = Path(folder)
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        write_document(folder / f"{i // 1000:03d}", f"bench-{i:06d}", i, seed)
    marker.write_text(str(n))
    return folder


def write_document(folder: Path, name: str, index: int, seed: int = 7, published: dt.date | None = None) -> None:
    """Document ``index`` as ``name.ckb.txt`` plus its ``.meta.yaml`` (language and date) in ``folder``."""
    text, day = document_text(index, seed, published)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ckb.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ckb.meta.yaml").write_text(f'lang: ckb\npublished: "{day.isoformat()}"\n', encoding="utf-8")
