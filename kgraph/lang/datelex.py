"""A language's date vocabulary compiled for the timex engine (dateparser-style: data, then engine).

Each pack ships ``data/dates.yaml``; :func:`compile_date_lexicon` turns it into key-form lookup tables
with the pack's own normaliser so the engine in :mod:`kgraph.recognise.timex` never sees raw spellings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MonthName:
    calendar: str  # gregorian | solar
    number: int
    ambiguous: bool
    en: str


@dataclass(frozen=True)
class RelativeExpr:
    unit: str  # day | week | month | year
    shift: int
    direction: str  # past | present | future
    edge: str | None
    en: str


@dataclass
class DateLexicon:
    months: dict[str, MonthName] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    day_parts: list[str] = field(default_factory=list)
    relative: dict[str, RelativeExpr] = field(default_factory=dict)
    vague: dict[str, str] = field(default_factory=dict)
    eras: dict[str, str] = field(default_factory=dict)
    year_words: list[str] = field(default_factory=list)
    month_words: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    from_suffix: list[str] = field(default_factory=list)
    not_year_after: set[str] = field(default_factory=set)
    units: dict[str, str] = field(default_factory=dict)
    ago: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    edges: dict[str, str] = field(default_factory=dict)
    anaphoric: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    day_suffix: list[str] = field(default_factory=list)


def compile_date_lexicon(data: dict[str, Any], key: Callable[[str], str]) -> DateLexicon:
    """Key-form tables from a pack's ``dates.yaml`` content."""
    lex = DateLexicon()
    for calendar, section in (("gregorian", "gregorian_months"), ("solar", "solar_months")):
        for month in data.get(section, []):
            for name in month["ckb" if "ckb" in month else "names"]:
                lex.months[key(name)] = MonthName(calendar, int(month["number"]), bool(month.get("ambiguous")),
                                                  str(month.get("en", "")))
    for day in data.get("weekdays", []):
        for name in day["ckb" if "ckb" in day else "names"]:
            lex.weekdays[key(name)] = int(day["number"])
    lex.day_parts = [key(p) for p in data.get("day_parts", [])]
    for rel in data.get("relative", []):
        expr = RelativeExpr(rel["unit"], int(rel["shift"]), rel["direction"], rel.get("edge"), rel.get("en", ""))
        for name in rel["ckb" if "ckb" in rel else "names"]:
            lex.relative[key(name)] = expr
    for vague in data.get("vague", []):
        for name in vague["ckb" if "ckb" in vague else "names"]:
            lex.vague[key(name)] = vague["type"]
    for calendar, words in data.get("eras", {}).items():
        for word in words:
            lex.eras[key(word)] = calendar
    lex.year_words = [key(w) for w in data.get("year_word", [])]
    lex.month_words = [key(w) for w in data.get("month_word", [])]
    lex.relations = {rel: [key(w) for w in words] for rel, words in data.get("relations", {}).items()}
    lex.from_suffix = [key(w) for w in data.get("from_suffix", [])]
    lex.not_year_after = {key(w) for w in data.get("not_year_after", [])}
    counted = data.get("counted", {})
    for unit, words in counted.get("units", {}).items():
        for word in words:
            lex.units[key(word)] = unit
    lex.ago = [key(w) for w in counted.get("ago", [])]
    lex.later = [key(w) for w in counted.get("later", [])]
    lex.numbers = {key(w): int(n) for w, n in counted.get("numbers", {}).items()}
    lex.suffixes = [key(s) for s in data.get("attached_suffixes", [])]
    for edge in data.get("edges", []):
        for word in edge["ckb" if "ckb" in edge else "names"]:
            lex.edges[key(word)] = edge["edge"]
    lex.anaphoric = [key(w) for a in data.get("anaphoric", []) for w in a["ckb" if "ckb" in a else "names"]]
    lex.day_suffix = [key(s) for s in data.get("day_suffix", [])]
    return lex
