"""Time expressions in Sorani news: recognition, resolution to ISO 8601, type and relation.

Every sentence is written for these tests. Expected dates are the true calendar dates (checked against
the calendar, not read off the implementation); jdatetime is used only where the point is the plumbing.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.dates import PartialDate
from kgraph.document import Document
from kgraph.model import Analysis, Timex
from kgraph.recognise.timex import TimexRecogniser, recognise_timexes


def timexes(analyse_text, text: str, published: str | None = "2021-07") -> list[Timex]:
    """The timexes of ``text``, after checking each one's offsets slice the original exactly."""
    found = analyse_text(text, published).timexes
    for t in found:
        assert text[t.start : t.end] == t.text
    return found


def only(analyse_text, text: str, published: str | None = "2021-07") -> Timex:
    found = timexes(analyse_text, text, published)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


# -- explicit dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("کۆبوونەوەکە لە ١٥ی ئازاری ٢٠٢٢ ئەنجامدرا.", "١٥ی ئازاری ٢٠٢٢", "2022-03-15"),
        ("کۆنگرەکە لە ٣ی کانونی دووەمی ٢٠٢٢ دەستی پێکرد.", "٣ی کانونی دووەمی ٢٠٢٢", "2022-01-03"),
        ("کۆنگرەکە لە ٣ی کانوونی دووەمی ٢٠٢٢ دەستی پێکرد.", "٣ی کانوونی دووەمی ٢٠٢٢", "2022-01-03"),
        ("وەزیر لە ٥ی ئۆکتۆبەری ٢٠٢٠ گەیشتە بەغدا.", "٥ی ئۆکتۆبەری ٢٠٢٠", "2020-10-05"),
        ("پەرلەمان لە ٢٠ی ئەیلوولی ٢٠١٩ کۆبووەوە.", "٢٠ی ئەیلوولی ٢٠١٩", "2019-09-20"),
        ("هێزەکان لە ٩ی حوزەیرانی 2014 کشانەوە.", "٩ی حوزەیرانی 2014", "2014-06-09"),
    ],
)
def test_day_month_year(analyse_text, text: str, surface: str, value: str) -> None:
    """Iraqi (Syriac) month names and their spelling variants, and Western loans, with day and year."""
    t = only(analyse_text, text)
    assert (t.text, t.value, t.type) == (surface, value, "DATE")
    assert t.date == PartialDate.parse(value)


def test_month_and_year(analyse_text) -> None:
    """مانگی ئابی ٢٠٢١ is August 2021 at month precision."""
    t = only(analyse_text, "هەڵبژاردن لە مانگی ئابی ٢٠٢١ ئەنجام دەدرێت.")
    assert (t.text, t.value, t.type) == ("مانگی ئابی ٢٠٢١", "2021-08", "DATE")
    assert t.date is not None and t.date.precision == "month"


def test_year_with_year_word(analyse_text) -> None:
    """ساڵی ٢٠١٨ is the year 2018."""
    t = only(analyse_text, "پەرلەمان لە ساڵی ٢٠١٨ هەڵبژێردرا.")
    assert (t.text, t.value) == ("ساڵی ٢٠١٨", "2018")


def test_bare_year_range_in_parentheses_gives_two_timexes(analyse_text) -> None:
    """(2014- 2018): two years, each its own expression."""
    found = timexes(analyse_text, "حکومەتی پێشوو (2014- 2018) ئەم بڕیارەی دا.")
    assert [(t.text, t.value) for t in found] == [("2014", "2014"), ("2018", "2018")]


@pytest.mark.parametrize(
    ("written", "value"),
    [("17-5-2020", "2020-05-17"), ("2021/10/10", "2021-10-10"), ("10/10/2021", "2021-10-10"),
     ("١٧-٥-٢٠٢٠", "2020-05-17")],
)
def test_numeric_dates(analyse_text, written: str, value: str) -> None:
    """Day-month-year and year-month-day numeric dates, in ASCII or Eastern Arabic digits."""
    t = only(analyse_text, f"کۆبوونەوەکە لە {written} ئەنجامدرا.")
    assert (t.text, t.value) == (written, value)


def test_kurdish_solar_date_with_kurdish_year(analyse_text) -> None:
    """١ی خاکەلێوەی ٢٧٢١ی کوردی is Nawroz 2721 = 1 Farvardin 1400 = 21 March 2021."""
    t = only(analyse_text, "پەرلەمان لە ١ی خاکەلێوەی ٢٧٢١ی کوردی کۆبووەوە.")
    assert t.text == "١ی خاکەلێوەی ٢٧٢١ی کوردی"
    assert t.date is not None and t.date.first_day() == dt.date(2021, 3, 21)


@pytest.mark.parametrize("year", ["١٤٠٠", "٢٧٢١"])
def test_solar_month_conversion_plumbing(analyse_text, year: str) -> None:
    """A Solar Hijri or Kurdish year on a solar month converts through the Solar Hijri calendar."""
    t = only(analyse_text, f"وەزیر لە ١٥ی گەلاوێژی {year} گەیشتە تاران.")
    expected = jdatetime.date(1400, 5, 15).togregorian()
    assert t.value == expected.isoformat()


def test_solar_hijri_year(analyse_text) -> None:
    """١٤٠٠ی هەتاوی names the Solar Hijri year that began in March 2021."""
    t = only(analyse_text, "بودجەی ساڵی ١٤٠٠ی هەتاوی پەسەند کرا.")
    assert t.value == "2021"


# -- relative and vague ----------------------------------------------------------------------------------

def test_today_with_day_precision(analyse_text) -> None:
    """ئەمڕۆ is the publication day."""
    t = only(analyse_text, "سەرۆک ئەمڕۆ گەیشتە بەغدا.", "2021-07-27")
    assert (t.text, t.value, t.type) == ("ئەمڕۆ", "2021-07-27", "DATE")


def test_today_with_month_precision(analyse_text) -> None:
    """With only the publication month known, ئەمڕۆ resolves to that month."""
    t = only(analyse_text, "سەرۆک ئەمڕۆ گەیشتە بەغدا.", "2021-07")
    assert (t.value, t.type) == ("2021-07", "DATE")


@pytest.mark.parametrize(
    ("text", "day_value", "unresolved_type"),
    [
        ("سەرۆک دوێنێ گەیشتە بەغدا.", "2021-07-26", "PAST_REF"),
        ("سەرۆک سبەینێ دەگاتە بەغدا.", "2021-07-28", "FUTURE_REF"),
        ("وەزیر پێرێ گەیشتە بەغدا.", "2021-07-25", "PAST_REF"),
    ],
)
def test_yesterday_tomorrow(analyse_text, text: str, day_value: str, unresolved_type: str) -> None:
    """Day-relative words resolve against a day-precision date and stay typed but null otherwise."""
    resolved = only(analyse_text, text, "2021-07-27")
    assert (resolved.value, resolved.type) == (day_value, "DATE")
    unresolved = only(analyse_text, text, "2021-07")
    assert (unresolved.value, unresolved.type) == (None, unresolved_type)
    assert unresolved.text == resolved.text


def test_end_of_this_year(analyse_text) -> None:
    """کۆتایی ئەمساڵ is 31 December of the publication year."""
    t = only(analyse_text, "هێزەکان تا کۆتایی ئەمساڵ دەکشێنەوە.", "2021-07")
    assert (t.text, t.value) == ("کۆتایی ئەمساڵ", "2021-12-31")


def test_next_year(analyse_text) -> None:
    """ساڵی داهاتوو is the year after publication."""
    t = only(analyse_text, "هەڵبژاردن ساڵی داهاتوو ئەنجام دەدرێت.", "2021-07")
    assert (t.text, t.value) == ("ساڵی داهاتوو", "2022")


@pytest.mark.parametrize(("published", "value"), [("2021-07", "2021-06"), ("2021-01-15", "2020-12")])
def test_last_month(analyse_text, published: str, value: str) -> None:
    """مانگی ڕابردوو is the month before publication, at month precision (across a year boundary too)."""
    t = only(analyse_text, "وەزیر مانگی ڕابردوو سەردانی تارانی کرد.", published)
    assert t.value == value
    assert t.date is not None and t.date.precision == "month"


def test_next_week_is_an_iso_week(analyse_text) -> None:
    """هەفتەی داهاتوو from Tuesday 27 July 2021 is ISO week 2021-W31 (Monday 2 August); null without a day."""
    t = only(analyse_text, "وەزیر هەفتەی داهاتوو سەردانی تاران دەکات.", "2021-07-27")
    assert (t.value, t.type) == ("2021-W31", "DATE")
    unresolved = only(analyse_text, "وەزیر هەفتەی داهاتوو سەردانی تاران دەکات.", "2021-07")
    assert (unresolved.value, unresolved.type) == (None, "FUTURE_REF")


def test_weekday_merged_with_explicit_date(analyse_text) -> None:
    """ئەمڕۆ یەکشەممە ١٧ی ئایاری ٢٠٢٠ is one expression; its value is the explicit date (a Sunday)."""
    text = "ئەمڕۆ یەکشەممە ١٧ی ئایاری ٢٠٢٠، پەرلەمان کۆبووەوە."
    t = only(analyse_text, text, "2020-05-17")
    assert t.text == "ئەمڕۆ یەکشەممە ١٧ی ئایاری ٢٠٢٠"
    assert t.value == "2020-05-17"
    assert dt.date(2020, 5, 17).weekday() == 6  # the sentence is true to the calendar


def test_weekday_alone_is_the_last_such_day(analyse_text) -> None:
    """یەکشەممە in a report of Tuesday 19 May 2020 is Sunday 17 May 2020."""
    t = only(analyse_text, "وەزیر یەکشەممە گەیشتە بەغدا.", "2020-05-19")
    assert (t.text, t.value) == ("یەکشەممە", "2020-05-17")


@pytest.mark.parametrize(
    ("text", "surface", "timex_type"),
    [
        ("وەزیر ئەم دواییە سەردانی تارانی کرد.", "ئەم دواییە", "PAST_REF"),
        ("حکومەت لە زووترین کات وەڵام دەداتەوە.", "زووترین کات", "FUTURE_REF"),
    ],
)
def test_vague_references_are_typed_and_null(analyse_text, text: str, surface: str, timex_type: str) -> None:
    """Vague expressions are kept with a type but never a value."""
    t = only(analyse_text, text, "2021-07-27")
    assert (t.text, t.value, t.type) == (surface, None, timex_type)


def test_counted_days_ago_with_digits(analyse_text) -> None:
    """٣ ڕۆژ لەمەوبەر is three days before publication."""
    t = only(analyse_text, "وەزیر ٣ ڕۆژ لەمەوبەر گەیشتە بەغدا.", "2021-07-27")
    assert t.value == "2021-07-24"


def test_counted_days_ago_with_number_word_two(analyse_text) -> None:
    """دوو ڕۆژ لەمەوبەر is two days before publication."""
    t = only(analyse_text, "وەزیر دوو ڕۆژ لەمەوبەر گەیشتە بەغدا.", "2021-07-27")
    assert t.value == "2021-07-25"


@pytest.mark.parametrize(
    ("text", "value"),
    [("وەزیر سێ ڕۆژ لەمەوبەر گەیشتە بەغدا.", "2021-07-24"),
     ("پێنج ساڵ لەمەوبەر یاساکە دەرچوو.", "2016")],
)
def test_counted_with_number_words_containing_e(analyse_text, text: str, value: str) -> None:
    """Number words with ێ (سێ three, پێنج five) count units back from publication."""
    t = only(analyse_text, text, "2021-07-27")
    assert t.value == value


# -- relations -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("هێزەکان تاوەکو ٣١ی کانوونی یەکەمی ٢٠٢١ دەکشێنەوە.", "by"),
        ("هێزەکان تا کۆتایی ئەمساڵ دەکشێنەوە.", "by"),
        ("لە ١ی ئابی ٢٠٢١ـەوە یاساکە جێبەجێ دەکرێت.", "from"),
        ("لە ساڵی ٢٠١٤ ـەوە هێزەکان لە عێراقن.", "from"),
        ("پێش ١٠ی تشرینی یەکەمی ٢٠٢١ لایەنەکان کۆدەبنەوە.", "before"),
        ("دوای ١٠ی تشرینی یەکەمی ٢٠٢١ حکومەت پێکدێت.", "after"),
        ("لە ١٠ی تشرینی یەکەمی ٢٠٢١ هەڵبژاردن ئەنجامدرا.", "on"),
        ("هەڵبژاردن ١٠ی تشرینی یەکەمی ٢٠٢١ ئەنجامدرا.", "on"),
    ],
)
def test_relation_from_surrounding_words(analyse_text, text: str, relation: str) -> None:
    """تاوەکو/تا → by, لە …ـەوە → from, پێش → before, دوای → after, otherwise on."""
    assert only(analyse_text, text).relation == relation


# -- things that are not dates ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "2000 کەس لە خۆپیشاندانەکەدا بەشدار بوون.",
        "حکومەت ٢٠٠٠ دۆلار بە هەر خێزانێک دەدات.",
        "خەڵکی شارەکە ئازار و ناخۆشی زۆریان چەشتووە.",
        "ئابووری عێراق لاواز بووە.",
        "پارتی دیموکراتی کوردستان بەشداری هەڵبژاردن دەکات.",
    ],
)
def test_not_a_timex(analyse_text, text: str) -> None:
    """Counted four-digit numbers, ئازار meaning pain, ئابووری and پارتی are not time expressions."""
    assert timexes(analyse_text, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "2000 کەسی تر لە خۆپیشاندانەکەدا بەشدار بوون.",
        "نزیکەی ٢٠٠٠ سەربازی ئەمریکی لە عێراق دەمێننەوە.",
        "حکومەت ٢٠٠٠ دۆلاری بە هەر خێزانێک دا.",
    ],
)
def test_counted_number_with_inflected_noun_is_not_a_year(analyse_text, text: str) -> None:
    """A four-digit number before an inflected counted noun (ezafe -ی) counts things; it is not a year."""
    assert timexes(analyse_text, text) == []


# -- robustness ------------------------------------------------------------------------------------------

_DATEY = st.sampled_from(["ی", "ـ", " ", "-", "/", ".", "٢٠٢١", "2021", "١٠", "ئازار", "ساڵی", "مانگی", "ەوە",
                          "کانوونی یەکەم", "هەتاوی", "کوردی", "ئەمڕۆ", "دوێنێ", "کۆتایی ئەمساڵ", "تاوەکو",
                          "لە", "\n", "\u200c", "،", "(", ")", "کەس", "سێ ڕۆژ لەمەوبەر", "یەکشەممە", "31"])


@pytest.fixture(scope="module")
def recogniser(pack) -> TimexRecogniser:
    return TimexRecogniser(pack.date_lexicon)


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(st.text(max_size=60), st.lists(_DATEY, max_size=14).map("".join),
                   st.lists(st.one_of(_DATEY, st.text(max_size=3)), max_size=12).map(" ".join)),
    published=st.one_of(st.none(), st.sampled_from(["2021", "2021-07", "2021-07-27", "2020-12-31"])),
)
def test_recognising_random_text_never_raises(pack, recogniser, text: str, published: str | None) -> None:
    """On any text, timexes lie inside the text with start < end and their text is the original slice."""
    norm = pack.normalize(text)
    tokens = pack.tokenize(norm)
    document = Document(id="h", text=text, lang="ckb",
                        published=PartialDate.parse(published) if published else None)
    analysis = Analysis(document, norm, tokens, pack.segment(tokens, norm))
    recognise_timexes(analysis, recogniser)
    for t in analysis.timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
        assert t.type in {"DATE", "PAST_REF", "FUTURE_REF", "PRESENT_REF"}


# -- edges, months of relative years, anaphoric dates ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("هێزەکان تا کۆتایی ئەیلوولی ٢٠٢٥ دەکشێنەوە.", "2024-09", "2025-09-30"),
        ("یاساکە لە سەرەتای ساڵی 2022 جێبەجێ دەکرێت.", "2021-11", "2022-01-01"),
        ("بودجەکە لە کۆتایی ئابی ٢٠٢٣ پەسند کرا.", "2023-09", "2023-08-31"),
    ],
)
def test_end_and_beginning_of_an_explicit_period(analyse_text, text: str, published: str, value: str) -> None:
    """کۆتایی/سەرەتای before a month or year pick its last/first day, as "end of this year" does."""
    assert only(analyse_text, text, published).value == value


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [("هەڵبژاردنەکان لە حوزەیرانی ئەمساڵ ئەنجام دران.", "2022-10", "2022-06"),
     ("ڕێککەوتنەکە لە ئابی ساڵی ڕابردوو واژۆ کرا.", "2023-02-01", "2022-08"),
     ("کۆنگرەکە لە ئازاری ساڵی داهاتوو دەبەسترێت.", "2021-11", "2022-03")],
)
def test_month_of_a_relative_year(analyse_text, text: str, published: str, value: str) -> None:
    assert only(analyse_text, text, published).value == value


def test_that_same_night_repeats_the_last_date(analyse_text) -> None:
    found = timexes(analyse_text, "پەرلەمان شەوی یەکشەممە 12-6-2022 کۆبووەوە و هەر هەمان شەو بڕیارەکەی دا.",
                    "2022-06-13")
    assert [(t.value, t.type) for t in found] == [("2022-06-12", "DATE"), ("2022-06-12", "DATE")]


def test_that_same_day_without_a_date_before_stays_unresolved(analyse_text) -> None:
    t = only(analyse_text, "هەمان ڕۆژ سەرۆک گەڕایەوە.", "2022-06")
    assert (t.value, t.type) == (None, "PAST_REF")
