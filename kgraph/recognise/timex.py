"""Time expressions: find them in the key text, resolve them against the publication date.

The engine is language-agnostic: every word it looks for comes from the pack's date lexicon. It finds
explicit dates (day–month–year in either order, month–year, numeric dates, years with an era), relative
expressions (today, end of this year, next month, three days ago) and vague references (recently, as
soon as possible), merges a relative day, weekday and explicit date written together into one
expression, and resolves each to ISO 8601 at the precision the text and the publication date support.
Solar Hijri and Kurdish years are converted with ``jdatetime``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime

from kgraph.dates import PartialDate
from kgraph.lang.datelex import DateLexicon, RelativeExpr
from kgraph.model import Analysis, Timex

KURDISH_YEAR_OFFSET = 1321  # Kurdish year = Solar Hijri year + 1321
SOLAR_HIJRI_OFFSET = 621  # a Solar Hijri year starts in March of (year + 621)


def _alt(words) -> str:
    """Regex alternation of key-form words, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered if w)


@dataclass
class _Candidate:
    kstart: int
    kend: int
    kind: str  # date | relative | vague | weekday | counted
    value: PartialDate | None = None
    timex_type: str = "DATE"
    week: str | None = None
    end_of_period: bool = False
    explicit: bool = True


class TimexRecogniser:
    """Compiled patterns for one language's date lexicon."""

    def __init__(self, lex: DateLexicon):
        self.lex = lex
        b, e = r"(?<![^\W_])", r"(?![^\W_])"
        suf = _alt(lex.suffixes)
        tail = rf"(?:{suf})?{e}" if suf else e
        months = _alt(lex.months)
        day_suf = _alt(lex.day_suffix)
        era = _alt(lex.eras)
        year_word = _alt(lex.year_words)
        month_word = _alt(lex.month_words)
        y = r"(?P<year>\d{4})"
        year_part = rf"(?:\s*(?:{year_word})?\s*{y}(?:\s*(?:ی\s*)?(?P<era>{era}))?)"
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("dmy", re.compile(
                rf"{b}(?<!\d)(?P<day>[0-3]?\d)(?!\d)\s*(?:{day_suf})?\s*(?:{month_word}\s*)?(?P<month>{months})"
                rf"(?:\s*ی)?{year_part}?{tail}")),
            ("mdy", re.compile(
                rf"{b}(?P<month>{months})\s+(?P<day>[0-3]?\d)(?!\d)\s*[,،]?\s*{y}{tail}")),
            ("my", re.compile(rf"{b}(?:(?P<mw>{month_word})\s*)?(?P<month>{months})(?:\s*ی)?{year_part}{tail}")),
            ("m", re.compile(rf"{b}(?P<mw>{month_word})\s*(?P<month>{months}){tail}")),
            ("numeric_dmy", re.compile(
                r"(?<![\d/.-])(?P<day>[0-3]?\d)\s*(?P<sep>[-/.])\s*(?P<month>[01]?\d)\s*(?P=sep)\s*"
                rf"(?P<year>\d{{4}})(?![\d/.-])(?:\s*(?:ی\s*)?(?P<era>{era}))?{tail}")),
            ("numeric_ymd", re.compile(
                r"(?<![\d/.-])(?P<year>\d{4})\s*(?P<sep>[-/.])\s*(?P<month>[01]?\d)\s*(?P=sep)\s*"
                rf"(?P<day>[0-3]?\d)(?![\d/.-])(?:\s*(?:ی\s*)?(?P<era>{era}))?{tail}")),
            ("year", re.compile(
                rf"(?:{b}(?P<yw>{year_word})\s*)?(?<![\d/.])(?<!\d-){y}(?![\d/.]|-\d)(?:\s*(?:ی\s*)?(?P<era>{era}))?{tail}")),
            ("month_rel", re.compile(
                rf"{b}(?:(?P<mw>{month_word})\s*)?(?P<month>{months})(?:\s*ی)?\s+(?P<rel>{_alt(self._year_relatives(lex))})"
                rf"{tail}")),
            ("anaphoric", re.compile(rf"{b}(?P<ana>{_alt(lex.anaphoric)}){tail}")) if lex.anaphoric else None,
            # a relative expression followed by a number is part of an explicit date (سەرەتای ساڵی 2022)
            ("relative", re.compile(rf"{b}(?P<rel>{_alt(lex.relative)}){tail}(?!\s*\d)")),
            ("vague", re.compile(rf"{b}(?P<vague>{_alt(lex.vague)}){tail}")),
            ("weekday", re.compile(rf"{b}(?P<weekday>{_alt(lex.weekdays)}){tail}")),
            ("counted", re.compile(
                rf"{b}(?P<count>\d+|{_alt(lex.numbers)})\s+(?P<unit>{_alt(lex.units)})\s*(?:ی\s*|\s)"
                rf"(?P<dir>{_alt(lex.ago + lex.later)}){tail}")),
        ]
        self.patterns = [p for p in self.patterns if p[1] is not None]
        self._day_part = re.compile(rf"(?:{_alt(lex.day_parts)})\s*$") if lex.day_parts else None
        self._edge = re.compile(rf"(?:{_alt(lex.edges)})\s*$") if lex.edges else None
        self._not_year_after = lex.not_year_after

    @staticmethod
    def _year_relatives(lex: DateLexicon) -> list[str]:
        """Relative expressions that name a whole year (this year, last year, next year)."""
        return [w for w, e in lex.relative.items() if e.unit == "year" and e.edge is None]

    # -- finding ---------------------------------------------------------------------------------
    def find(self, key: str, published: PartialDate | None) -> list[_Candidate]:
        candidates: list[_Candidate] = []
        for kind, pattern in self.patterns:
            for match in pattern.finditer(key):
                cand = self._interpret(kind, match, key, published)
                if cand is not None:
                    candidates.append(cand)
        chosen = _longest_non_overlapping(candidates)
        merged = self._merge_adjacent(chosen, key)
        self._apply_edges(merged, key)
        _resolve_anaphora(merged)
        return merged

    def _apply_edges(self, cands: list[_Candidate], key: str) -> None:
        """"end of September 2025" → its last day; "beginning of 2022" → its first day."""
        if self._edge is None:
            return
        for cand in cands:
            if cand.kind != "date" or cand.value is None or cand.value.precision == "day":
                continue
            head = self._edge.search(key, max(0, cand.kstart - 30), cand.kstart)
            if not head:
                continue
            edge = self.lex.edges[_squash(head.group().strip())]
            day = cand.value.last_day() if edge == "end" else cand.value.first_day()
            cand.value = PartialDate.from_date(day)
            cand.kstart = head.start()
            cand.end_of_period = edge == "end"

    def _interpret(self, kind: str, m: re.Match[str], key: str, pub: PartialDate | None) -> _Candidate | None:
        start, end = m.span()
        g = m.groupdict()
        try:
            if kind in ("dmy", "mdy", "my", "m"):
                month = self.lex.months[_squash(g["month"])]
                has_day = bool(g.get("day"))
                has_year = bool(g.get("year"))
                if month.ambiguous and not (has_day or has_year or g.get("mw")):
                    return None
                value = self._calendar_date(month.calendar, g.get("year"), month.number,
                                            int(g["day"]) if has_day else None, g.get("era"), pub)
                return _Candidate(start, end, "date", value)
            if kind in ("numeric_dmy", "numeric_ymd"):
                year, mon, day = int(g["year"]), int(g["month"]), int(g["day"])
                era = self.lex.eras.get(_squash(g["era"])) if g.get("era") else None
                if era in ("solar_hijri", "kurdish") or (era is None and 1300 <= year <= 1500):
                    return _Candidate(start, end, "date", _solar(year, mon, day, era))
                return _Candidate(start, end, "date", PartialDate(year, mon, day))
            if kind == "year":
                year = int(g["year"])
                era = self.lex.eras.get(_squash(g["era"])) if g.get("era") else None
                if era is None and not g.get("yw") and (
                        not 1900 <= year <= 2100 or self._counts_things(key, end)):
                    return None
                return _Candidate(start, end, "date", _year_value(year, era))
            if kind == "month_rel":
                month = self.lex.months[_squash(g["month"])]
                expr = self.lex.relative[_squash(g["rel"])]
                if pub is None or month.calendar != "gregorian":
                    return None
                return _Candidate(start, end, "date", PartialDate(pub.year + expr.shift, month.number))
            if kind == "anaphoric":
                return _Candidate(start, end, "anaphoric", None, "DATE", explicit=False)
            if kind == "relative":
                return self._relative(start, end, self.lex.relative[_squash(g["rel"])], pub)
            if kind == "vague":
                return _Candidate(start, end, "vague", None, self.lex.vague[_squash(g["vague"])], explicit=False)
            if kind == "weekday":
                return _Candidate(start, end, "weekday", _weekday(self.lex.weekdays[_squash(g["weekday"])], pub),
                                  "DATE", explicit=False)
            if kind == "counted":
                return self._counted(start, end, g, pub)
        except (ValueError, KeyError, OverflowError):
            return None
        return None

    def _counts_things(self, key: str, end: int) -> bool:
        """2000 کەس / 2000 کەسی: a number before a counted noun (any inflection) is not a year."""
        following = key[end : end + 30].split()
        return bool(following) and any(following[0].startswith(word) for word in self._not_year_after)

    def _calendar_date(self, calendar: str, year_text: str | None, month: int, day: int | None,
                       era_text: str | None, pub: PartialDate | None) -> PartialDate | None:
        era = self.lex.eras.get(_squash(era_text)) if era_text else None
        if calendar == "solar" or era in ("solar_hijri", "kurdish"):
            if year_text is None:
                if pub is None:
                    return None
                sh_year = jdatetime.date.fromgregorian(date=pub.first_day()).year
                return _solar(sh_year, month, day, "solar_hijri", nearest_to=pub)
            return _solar(int(year_text), month, day, era)
        if year_text is not None:
            return PartialDate(int(year_text), month, day)
        if pub is None:
            return None
        return _nearest_year(month, day, pub)

    def _relative(self, start: int, end: int, expr: RelativeExpr, pub: PartialDate | None) -> _Candidate:
        types = {"past": "PAST_REF", "future": "FUTURE_REF", "present": "PRESENT_REF"}
        value = _shift(pub, expr.unit, expr.shift, expr.edge) if pub else None
        cand = _Candidate(start, end, "relative", None, "DATE", explicit=False, end_of_period=expr.edge == "end")
        if isinstance(value, str):
            cand.week = value
        elif value is not None:
            cand.value = value
        else:
            cand.timex_type = types[expr.direction]
        return cand

    def _counted(self, start: int, end: int, g: dict, pub: PartialDate | None) -> _Candidate:
        count_text = g["count"]
        count = int(count_text) if count_text.isdigit() else self.lex.numbers[_squash(count_text)]
        unit = self.lex.units[_squash(g["unit"])]
        past = _squash(g["dir"]) in self.lex.ago
        shift = -count if past else count
        value = _shift(pub, unit, shift, None) if pub else None
        cand = _Candidate(start, end, "counted", None, "DATE", explicit=False)
        if isinstance(value, PartialDate):
            cand.value = value
        elif isinstance(value, str):
            cand.week = value
        else:
            cand.timex_type = "PAST_REF" if past else "FUTURE_REF"
        return cand

    def _merge_adjacent(self, cands: list[_Candidate], key: str) -> list[_Candidate]:
        """Join "today, Sunday 17-5-2020" into one expression whose value is the most explicit part."""
        merged: list[_Candidate] = []
        for cand in cands:
            if merged:
                prev = merged[-1]
                gap = key[prev.kend : cand.kstart]
                joinable = prev.kind in ("relative", "weekday") or cand.kind == "weekday"
                if joinable and re.fullmatch(r"[\s،,\-]*", gap) and "\n" not in gap:
                    best = cand if (cand.explicit or prev.value is None) and cand.value is not None else prev
                    if prev.explicit and prev.value is not None:
                        best = prev
                    merged[-1] = _Candidate(prev.kstart, cand.kend, best.kind, best.value, best.timex_type,
                                            best.week, best.end_of_period, prev.explicit or cand.explicit)
                    if merged[-1].value is None and merged[-1].week is None:
                        merged[-1].timex_type = prev.timex_type if prev.timex_type != "DATE" else cand.timex_type
                    continue
            merged.append(cand)
        if self._day_part is not None:
            for cand in merged:
                head = self._day_part.search(key, max(0, cand.kstart - 40), cand.kstart)
                if head and re.fullmatch(r"\s*", key[head.end() : cand.kstart]):
                    cand.kstart = head.start()
        return merged




def _squash(text: str) -> str:
    return " ".join(text.split())


def _resolve_anaphora(cands: list[_Candidate]) -> None:
    """"That same night" is the last date before it (at day precision), or stays unresolved."""
    last_day: PartialDate | None = None
    for cand in cands:
        if cand.kind == "anaphoric":
            cand.value = last_day
            if last_day is None:
                cand.timex_type = "PAST_REF"
        elif cand.value is not None and cand.value.precision == "day":
            last_day = cand.value


def _longest_non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest candidates first, each kept if none of its characters is taken (linear in the text)."""
    cands = sorted(cands, key=lambda c: (-(c.kend - c.kstart), c.kstart))
    taken: set[int] = set()
    chosen: list[_Candidate] = []
    for cand in cands:
        span = range(cand.kstart, cand.kend)
        if taken.isdisjoint(span):
            chosen.append(cand)
            taken.update(span)
    return sorted(chosen, key=lambda c: c.kstart)


def _solar(year: int, month: int, day: int | None, era: str | None,
           nearest_to: PartialDate | None = None) -> PartialDate:
    """Gregorian date of a Solar Hijri / Kurdish date; a month alone maps to the month of its 15th day."""
    if era == "kurdish" or (year > 2000 and era != "solar_hijri" and year - KURDISH_YEAR_OFFSET > 1200):
        year -= KURDISH_YEAR_OFFSET
    gregorian = jdatetime.date(year, month, day or 15).togregorian()
    if nearest_to is not None:
        # no year written: pick the Solar Hijri year that puts the date nearest to publication
        best = min(
            (jdatetime.date(y, month, day or 15).togregorian() for y in (year - 1, year, year + 1)),
            key=lambda d: abs((d - nearest_to.first_day()).days),
        )
        gregorian = best
    if day is None:
        return PartialDate(gregorian.year, gregorian.month)
    return PartialDate.from_date(gregorian)


def _year_value(year: int, era: str | None) -> PartialDate:
    if era == "kurdish":
        return PartialDate(year - KURDISH_YEAR_OFFSET + SOLAR_HIJRI_OFFSET)
    if era == "solar_hijri":
        return PartialDate(year + SOLAR_HIJRI_OFFSET)
    return PartialDate(year)


def _nearest_year(month: int, day: int | None, pub: PartialDate) -> PartialDate:
    anchor = pub.first_day() if pub.month else dt.date(pub.year, 7, 1)
    options = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(PartialDate(year, month, day))
        except ValueError:
            continue
    best = min(options, key=lambda d: abs((d.first_day() - anchor).days))
    if pub.month is None:
        best = PartialDate(pub.year, month, day)
    return best


def _weekday(weekday: int, pub: PartialDate | None) -> PartialDate | None:
    """The last such weekday on or before a day-precision publication date (news reports the past)."""
    if pub is None or pub.precision != "day":
        return None
    day = pub.first_day()
    return PartialDate.from_date(day - dt.timedelta(days=(day.weekday() - weekday) % 7))


def _shift(pub: PartialDate, unit: str, shift: int, edge: str | None) -> PartialDate | str | None:
    """Resolve a relative expression, or ``None`` when the publication date is too coarse."""
    if unit == "year":
        year = pub.year + shift
        if edge == "end":
            return PartialDate(year, 12, 31)
        if edge == "start":
            return PartialDate(year, 1)
        return PartialDate(year)
    if unit == "month":
        if pub.month is None:
            return None
        index = pub.year * 12 + pub.month - 1 + shift
        value = PartialDate(index // 12, index % 12 + 1)
        if edge == "end":
            return PartialDate(value.year, value.month, value.last_day().day)
        return value
    if unit == "week":
        if pub.day is None:
            return None
        year, week, _ = (pub.first_day() + dt.timedelta(weeks=shift)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "day":
        if shift == 0:
            return pub  # "today" is the publication date at whatever precision it is known
        if pub.day is None:
            return None
        return PartialDate.from_date(pub.first_day() + dt.timedelta(days=shift))
    return None


def recognise_timexes(analysis: Analysis, recogniser: TimexRecogniser) -> None:
    """Add :class:`Timex` records for every time expression of the document."""
    norm, tokens = analysis.norm, analysis.tokens
    starts = {t.key_start: t.index for t in tokens}
    published = analysis.document.published
    for cand in recogniser.find(norm.key, published):
        first = starts.get(cand.kstart)
        if first is None:
            continue
        last = first
        while last < len(tokens) and tokens[last].key_start < cand.kend:
            last += 1
        start, end = tokens[first].start, tokens[last - 1].end
        if cand.week is not None:
            value, date = cand.week, None
        else:
            date = cand.value
            value = date.iso() if date else None
        timex_type = "DATE" if value is not None else (cand.timex_type if cand.timex_type != "DATE" else "DATE")
        if value is None and cand.kind == "weekday":
            timex_type = "DATE"
        relation = _relation(recogniser.lex, tokens, first, last)
        analysis.timexes.append(
            Timex(start, end, first, last, analysis.text[start:end], value, timex_type, relation, date,
                  cand.end_of_period)
        )


def _relation(lex: DateLexicon, tokens, first: int, last: int) -> str:
    """How an event relates to the date, from the words before it and a from-suffix after it."""
    before = [t.text for t in tokens[max(0, first - 3) : first] if t.is_word]
    last_word = tokens[last - 1].text
    after = tokens[last].text if last < len(tokens) and tokens[last].is_word else ""
    has_from_suffix = any(last_word.endswith(s) for s in lex.from_suffix) or after in lex.from_suffix
    for n in (3, 2, 1):
        phrase = " ".join(before[-n:]) if len(before) >= n else None
        if phrase is None:
            continue
        for relation in ("by", "before", "after", "during"):
            if phrase in lex.relations.get(relation, []):
                return relation
        if phrase in lex.relations.get("from", []) and has_from_suffix:
            return "from"
    if has_from_suffix and before and before[-1] in lex.relations.get("from", []):
        return "from"
    return "on"
