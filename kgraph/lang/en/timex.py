"""English time expressions: found by patterns built from ``data/dates.yaml``, resolved against the
publication date with the shared resolution helpers of :mod:`kgraph.recognise.timex`.

Month-first dates (``Oct. 10, 2021``), day-first dates (``10 October 2021``), numeric dates (day-first
``30/11/2021``; month-first only when the day is above 12; ISO ``2021-11-30``), month–year, bare months
(nearest to publication), years, quarters and halves (``Q1 2024``, ``the first half of 2022``), relative
expressions (``last week``, ``the end of the year``), weekdays, counted expressions (``three days ago``),
anaphoric ones (``the same night``) and vague references (``the coming days``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from kgraph.dates import PartialDate
from kgraph.lang.data import load_yaml
from kgraph.model import Analysis, Timex
from kgraph.recognise.timex import _nearest_year, _shift, _weekday

_B, _E = r"(?<![\w.])", r"(?![\w])"


def _alt(words, case_insensitive: bool = False) -> str:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    parts = []
    for word in ordered:
        pattern = re.escape(word).replace(r"\ ", r"\s+")
        parts.append(f"(?i:{pattern})" if case_insensitive else pattern)
    return "|".join(parts)


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    value: PartialDate | None = None
    label: str | None = None  # a value with no PartialDate: ISO week, quarter, half
    timex_type: str = "DATE"
    end_of_period: bool = False


@dataclass
class EnglishDates:
    """The compiled date vocabulary of ``dates.yaml``."""

    months: dict[str, tuple[int, bool]] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    relative: dict[str, dict] = field(default_factory=dict)
    vague: dict[str, str] = field(default_factory=dict)
    edges: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls) -> EnglishDates:
        data = load_yaml("en", "dates.yaml")
        lex = cls()
        lex.data = data  # type: ignore[attr-defined]
        for month in data["months"]:
            for name in month["names"]:
                for form in (name, name.upper()):
                    lex.months[form] = (int(month["number"]), bool(month.get("ambiguous")))
        for day in data["weekdays"]:
            for name in day["names"]:
                for form in (name, name.upper()):
                    lex.weekdays[form] = int(day["number"])
        for rel in data["relative"]:
            for name in rel["names"]:
                lex.relative[_low(name)] = rel
        for vague in data["vague"]:
            for name in vague["names"]:
                lex.vague[_low(name)] = vague["type"]
        for edge in data["edges"]:
            for name in edge["names"]:
                lex.edges[_low(name)] = edge["edge"]
        lex.relations = sorted(((_low(w), rel) for rel, words in data["relations"].items() for w in words),
                               key=lambda p: -len(p[0]))
        return lex


def _low(text: str) -> str:
    return " ".join(text.lower().split())


class EnglishTimexRecogniser:
    """Compiled patterns for English dates; :meth:`recognise` adds :class:`Timex` records."""

    def __init__(self, lex: EnglishDates):
        self.lex = lex
        data = lex.data  # type: ignore[attr-defined]
        months = _alt(lex.months)
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        year = r"(?P<year>(?:1[89]|20|21)\d\d)"
        q = data["quarters"]
        ordinals = _alt(q["ordinals"], True)
        counted = data["counted"]
        units = {w: u for u, ws in counted["units"].items() for w in ws}
        self._units = units
        self._numbers = {k.lower(): int(v) for k, v in counted["numbers"].items()}
        self._ago = {_low(w) for w in counted["ago"]}
        self._not_year_after = {w.lower() for w in data["not_year_after"]}
        self._weekday_next = {_low(w) for w in data["weekday_next"]}
        self._weekday_last = {_low(w) for w in data["weekday_last"]}
        self._future = re.compile(rf"(?i:{_B}(?:{_alt(data['weekday_future_cues'])}){_E})")
        edge = rf"(?:(?P<edge>{_alt(lex.edges, True)})\s+)?"
        wd_mod = _alt(list(data["weekday_next"]) + list(data["weekday_last"]), True)
        fiscal = _alt(q["fiscal_words"], True)
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("mdy", re.compile(rf"{_B}{edge}(?P<month>{months})\s+{day},?\s+{year}{_E}")),
            ("dmy", re.compile(rf"{_B}{edge}{day}\s+(?:of\s+)?(?P<month>{months}),?\s+{year}{_E}")),
            ("md", re.compile(rf"{_B}(?P<month>{months})\s+{day}{_E}")),
            ("dm", re.compile(rf"{_B}{day}\s+(?:of\s+)?(?P<month>{months}){_E}")),
            ("my", re.compile(rf"{_B}{edge}(?P<month>{months})\s+(?:of\s+)?{year}{_E}")),
            ("m", re.compile(rf"{_B}{edge}(?P<month>{months}){_E}")),
            ("numeric", re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)"
                                   rf"{year}(?![\w/-]|\.\d)")),
            ("iso", re.compile(r"(?<![\w/.-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])")),
            ("quarter", re.compile(
                rf"(?i:{_B}(?:the\s+)?(?P<ord>{ordinals})\s+(?P<part>quarter|half)\s+(?:of\s+)?){year}{_E}")),
            ("quarter", re.compile(rf"{_B}(?:(?i:the\s+)?(?P<ord>{ordinals})\s+)?(?P<qn>Q[1-4]|H[12])\s*(?:of\s+)?"
                                   rf"(?:{fiscal}\s*)?{year}{_E}")),
            ("fiscal", re.compile(rf"{_B}(?:{fiscal})\s*{year}{_E}")),
            ("year", re.compile(rf"{_B}{edge}(?<![\d,.$€£])(?<!\d\s){year}(?![\d,]\d|\.\d|-\d|%)")),
            ("weekday", re.compile(rf"{_B}(?:(?P<mod>{wd_mod})\s+)?(?P<weekday>{_alt(lex.weekdays)}){_E}")),
            ("relative", re.compile(rf"{_B}(?P<rel>{_alt(lex.relative, True)}){_E}")),
            ("anaphoric", re.compile(rf"{_B}(?P<ana>{_alt(data['anaphoric'], True)}){_E}")),
            ("counted", re.compile(
                rf"{_B}(?P<count>\d+|{_alt(self._numbers, True)})\s+(?P<unit>{_alt(units, True)})\s+"
                rf"(?P<dir>{_alt(list(counted['ago']) + list(counted['later']), True)}){_E}")),
            ("vague", re.compile(rf"{_B}(?P<vague>{_alt(lex.vague, True)}){_E}")),
        ]
        self._day_part = re.compile(rf"^\s+(?:{_alt(data['day_parts'], True)}){_E}")

    # -- finding ---------------------------------------------------------------------------------
    def find(self, text: str, pub: PartialDate | None) -> list[_Cand]:
        cands: list[_Cand] = []
        for kind, pattern in self.patterns:
            for match in pattern.finditer(text):
                try:
                    cand = self._interpret(kind, match, text, pub)
                except (ValueError, KeyError, OverflowError):
                    cand = None
                if cand is not None:
                    cands.append(cand)
        chosen = _longest(cands)
        for cand in chosen:
            part = self._day_part.match(text, cand.end)
            if part and cand.kind in ("weekday", "date", "relative"):
                cand.end = part.end()
        _anaphora(chosen)
        return chosen

    def _interpret(self, kind: str, m: re.Match[str], text: str, pub: PartialDate | None) -> _Cand | None:
        g = m.groupdict()
        start, end = m.span()
        if kind in ("mdy", "dmy", "md", "dm", "my", "m"):
            number, ambiguous = self.lex.months[g["month"]]
            has_day, has_year = bool(g.get("day")), bool(g.get("year"))
            if ambiguous and not (has_day or has_year):
                return None
            day = int(g["day"]) if has_day else None
            if has_year:
                value = PartialDate(int(g["year"]), number, day)
            elif pub is None:
                return None
            else:
                value = _nearest_year(number, day, pub)
                if self._future_deadline(text, start) and value.last_day() < pub.first_day():
                    value = PartialDate(value.year + 1, number, day)  # "troops will leave by March"
            return self._edged(_Cand(start, end, "date", value), g)
        if kind == "numeric":
            a, b, year = int(g["a"]), int(g["b"]), int(g["year"])
            day, month = (b, a) if b > 12 >= a else (a, b)  # day-first unless only month-first parses
            return _Cand(start, end, "date", PartialDate(year, month, day))
        if kind == "iso":
            return _Cand(start, end, "date", PartialDate(int(g["year"]), int(g["m"]), int(g["d"])))
        if kind == "quarter":
            year = int(g["year"])
            if g.get("qn"):
                label = f"{year}-{g['qn'].upper()}"
            else:
                n = self.lex.data["quarters"]["ordinals"][g["ord"].lower()]  # type: ignore[attr-defined]
                if g["part"].lower() == "half" and n > 2:
                    return None
                label = f"{year}-{'Q' if g['part'].lower() == 'quarter' else 'H'}{n}"
            return _Cand(start, end, "date", None, label)
        if kind == "fiscal":
            return _Cand(start, end, "date", PartialDate(int(g["year"])))
        if kind == "year":
            following = text[end : end + 20].split()
            if following and following[0].lower().strip(".,;:") in self._not_year_after:
                return None
            return self._edged(_Cand(start, end, "date", PartialDate(int(g["year"]))), g)
        if kind == "weekday":
            return self._weekday(start, end, g, pub, self._future_clause(text, start))
        if kind == "relative":
            rel = self.lex.relative[_low(g["rel"])]
            value = _shift(pub, rel["unit"], int(rel["shift"]), rel.get("edge")) if pub else None
            cand = _resolved(start, end, "relative", value, rel["direction"])
            cand.end_of_period = rel.get("edge") == "end"
            return cand
        if kind == "anaphoric":
            return _Cand(start, end, "anaphoric")
        if kind == "counted":
            count_text = g["count"].lower()
            count = int(count_text) if count_text.isdigit() else self._numbers[count_text]
            past = _low(g["dir"]) in self._ago
            unit = self._units[g["unit"].lower()]
            value = _shift(pub, unit, -count if past else count, None) if pub else None
            return _resolved(start, end, "counted", value, "past" if past else "future")
        if kind == "vague":
            return _Cand(start, end, "vague", None, None, self.lex.vague[_low(g["vague"])])
        return None

    def _edged(self, cand: _Cand, g: dict) -> _Cand:
        edge = g.get("edge")
        if edge and cand.value is not None and cand.value.precision != "day":
            kind = self.lex.edges[_low(edge)]
            day = cand.value.last_day() if kind == "end" else cand.value.first_day()
            cand.value = PartialDate.from_date(day)
            cand.end_of_period = kind == "end"
        return cand

    def _future_deadline(self, text: str, start: int) -> bool:
        """A bare month or day after a deadline word ("by", "until", "after", "beyond") in a future clause is
        the next one, not the nearest: "no troops will remain after March" written in July."""
        before = text[max(0, start - 40) : start].lower().split()
        last = " ".join(before[-3:])
        deadline = any(last == w or last.endswith(" " + w) for w, rel in self.lex.relations
                       if rel in ("by", "before", "after"))
        return deadline and self._future_clause(text, start)

    def _future_clause(self, text: str, start: int) -> bool:
        """A future cue among the eight words before, in the same sentence."""
        window = text[max(0, start - 80) : start]
        window = re.split(r"[.;!?]", window)[-1]
        words = window.split()[-8:]
        return bool(self._future.search(" ".join(words)))

    def _weekday(self, start: int, end: int, g: dict, pub: PartialDate | None, future: bool = False) -> _Cand:
        number = self.lex.weekdays[g["weekday"]]
        mod = _low(g["mod"]) if g.get("mod") else None
        if pub is None or pub.precision != "day":
            return _Cand(start, end, "weekday", None)
        day = pub.first_day()
        if mod in self._weekday_next:
            ahead = (number - day.weekday()) % 7 or 7
            return _Cand(start, end, "weekday", PartialDate.from_date(day + dt.timedelta(days=ahead)))
        if mod in self._weekday_last:
            back = (day.weekday() - number) % 7 or 7
            return _Cand(start, end, "weekday", PartialDate.from_date(day - dt.timedelta(days=back)))
        if future:
            ahead = (number - day.weekday()) % 7
            return _Cand(start, end, "weekday", PartialDate.from_date(day + dt.timedelta(days=ahead)))
        return _Cand(start, end, "weekday", _weekday(number, pub))

    # -- records ---------------------------------------------------------------------------------
    def recognise(self, analysis: Analysis) -> None:
        """Add :class:`Timex` records (token ranges widened to whole tokens) with their relations."""
        tokens = analysis.tokens
        text = analysis.text
        ends = [t.end for t in tokens]
        for cand in self.find(text, analysis.document.published):
            first = bisect.bisect_right(ends, cand.start)  # the first token ending after the start
            last = first
            while last < len(tokens) and tokens[last].start < cand.end:
                last += 1
            if last == first:
                continue
            value = cand.label if cand.label is not None else (cand.value.iso() if cand.value else None)
            timex_type = "DATE" if value is not None or cand.kind in ("weekday", "relative") else cand.timex_type
            if value is None and cand.kind == "anaphoric":
                timex_type = "PAST_REF"
            relation = self.relation(analysis, first)
            analysis.timexes.append(Timex(cand.start, cand.end, first, last, text[cand.start : cand.end], value,
                                          timex_type, relation, cand.value, cand.end_of_period))

    def relation(self, analysis: Analysis, first: int) -> str:
        """The relation set by the words just before a time expression (``by``, ``before`` …)."""
        words = [t.text.lower() for t in analysis.tokens[max(0, first - 4) : first]]
        for phrase, relation in self.lex.relations:
            n = len(phrase.split())
            if len(words) >= n and " ".join(words[-n:]) == phrase:
                return relation
        return "on"


def _resolved(start: int, end: int, kind: str, value: PartialDate | str | None, direction: str) -> _Cand:
    types = {"past": "PAST_REF", "future": "FUTURE_REF", "present": "PRESENT_REF"}
    if isinstance(value, str):
        return _Cand(start, end, kind, None, value)
    if value is None:
        return _Cand(start, end, kind, None, None, types[direction])
    return _Cand(start, end, kind, value)


def _longest(cands: list[_Cand]) -> list[_Cand]:
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), c.start))
    taken: set[int] = set()
    chosen = []
    for cand in cands:
        span = range(cand.start, cand.end)
        if taken.isdisjoint(span):
            chosen.append(cand)
            taken.update(span)
    return sorted(chosen, key=lambda c: c.start)


def _anaphora(cands: list[_Cand]) -> None:
    """"The same night" is the last day-precision date before it."""
    last_day: PartialDate | None = None
    for cand in cands:
        if cand.kind == "anaphoric":
            cand.value = last_day
        elif cand.value is not None and cand.value.precision == "day":
            last_day = cand.value
