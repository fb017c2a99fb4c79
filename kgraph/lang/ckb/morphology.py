"""Sorani suffix morphology, built from ``data/morphology.yaml``."""

from __future__ import annotations

from functools import cache

from kgraph.lang.ckb.normalize import key
from kgraph.lang.data import load_yaml
from kgraph.lang.morphology import SuffixMorphology, expand_chain


@cache
def morphology() -> SuffixMorphology:
    data = load_yaml("ckb", "morphology.yaml")
    strip = data["nonfinal_strip"]
    return SuffixMorphology(
        final_suffixes=expand_chain(data["final_chain"], key),
        ezafe=tuple(key(s) for s in strip["ezafe"]),
        markers=tuple(key(s) for s in strip["markers"]),
        trailing=tuple(key(s) for s in strip["trailing_vowels"]),
        min_stem=int(data["min_stem"]),
        short_label_suffixes=frozenset(key(s) for s in data.get("short_label_suffixes", [])),
    )
