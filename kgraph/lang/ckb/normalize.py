"""Sorani key normalisation with an exact offset map (see ``data/orthography.yaml``).

The key is for matching only: letter variants folded, digits in ASCII, joiners and diacritics removed,
doubled vowel letters collapsed, Latin letters lower-cased. Each key character maps back to the original
characters it came from (:class:`kgraph.text.NormalizedText`).
"""

from __future__ import annotations

import re
from functools import cache

from kgraph.lang.data import load_yaml
from kgraph.text import KeyBuilder, NormalizedText

_DELETED = "\x00"


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str], dict[str, str]]:
    data = load_yaml("ckb", "orthography.yaml")
    table: dict[int, str] = {ord(src): dst for src, dst in data["fold"].items()}
    for ch in data["delete"]:
        table[ord(ch)] = _DELETED
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for src, dst in list(table.items()):
        if len(dst) != 1:
            raise ValueError(f"orthography fold must map one character to one: {chr(src)!r} -> {dst!r}")
    collapse = {seq: seq[0] for seq in data["collapse"]}
    # Doubled letters may be interrupted by deleted characters (و‌و); fold those away first.
    doubled = "|".join(re.escape(s[0]) + _DELETED + "*" + re.escape(s[1:]) for s in collapse)
    pattern = re.compile(doubled + "|" + _DELETED + "+")
    return table, pattern, collapse


def normalize(text: str) -> NormalizedText:
    """Return the key form of ``text`` with its map back to original offsets."""
    table, pattern, collapse = _tables()
    mapped = text.translate(table)
    builder = KeyBuilder(text)
    pos = 0
    for match in pattern.finditer(mapped):
        start, end = match.span()
        if start > pos:
            builder.copy(mapped[pos:start], pos)
        seq = match.group()
        if seq[0] != _DELETED:
            builder.emit(collapse[seq.replace(_DELETED, "")], start, end)
        pos = end
    if pos < len(mapped):
        builder.copy(mapped[pos:], pos)
    return builder.build()


def key(text: str) -> str:
    """Key form of a lexicon string (labels, triggers, month names), whitespace collapsed."""
    return " ".join(normalize(text).key.split())
