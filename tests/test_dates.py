"""PartialDate: Gregorian dates known to year, month or day precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.dates import PartialDate, truncate
from kgraph.errors import InputError, KgraphError


@pytest.mark.parametrize(
    ("text", "fields", "precision"),
    [
        ("2021", (2021, None, None), "year"),
        ("2021-07", (2021, 7, None), "month"),
        ("2021-07-27", (2021, 7, 27), "day"),
        (" 2014 ", (2014, None, None), "year"),
    ],
)
def test_parse_fields_and_precision(text: str, fields: tuple, precision: str) -> None:
    """Each ISO form parses into the right fields and reports its precision."""
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == fields
    assert date.precision == precision


@pytest.mark.parametrize("text", ["2021", "2021-07", "2021-07-27", "0999-01-01", "2024-02-29"])
def test_iso_round_trip(text: str) -> None:
    """``iso()`` gives back the text that was parsed, and ``str`` is the same."""
    date = PartialDate.parse(text)
    assert date.iso() == text
    assert str(date) == text
    assert PartialDate.parse(date.iso()) == date


def test_iso_pads_single_digit_month_and_day() -> None:
    """A one-digit month or day written by a user comes out zero-padded."""
    assert PartialDate.parse("2021-7-5").iso() == "2021-07-05"


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
       st.sampled_from(["year", "month", "day"]))
def test_round_trip_any_date_any_precision(value: dt.date, precision: str) -> None:
    """Any calendar date, truncated to any precision, survives iso → parse and covers the original day."""
    date = truncate(value, precision)  # type: ignore[arg-type]
    assert date.precision == precision
    assert PartialDate.parse(date.iso()) == date
    assert date.first_day() <= value <= date.last_day()


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("2021-07", dt.date(2021, 7, 1), dt.date(2021, 7, 31)),
        ("2021-04", dt.date(2021, 4, 1), dt.date(2021, 4, 30)),
        ("2021-07-27", dt.date(2021, 7, 27), dt.date(2021, 7, 27)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # leap year
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2000-02", dt.date(2000, 2, 1), dt.date(2000, 2, 29)),  # divisible by 400: leap
        ("1900-02", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),  # divisible by 100 only: not leap
    ],
)
def test_first_and_last_day(text: str, first: dt.date, last: dt.date) -> None:
    """A partial date denotes the interval from its first to its last calendar day."""
    date = PartialDate.parse(text)
    assert date.first_day() == first
    assert date.last_day() == last


@pytest.mark.parametrize(
    ("text", "datatype"), [("2021", "gYear"), ("2021-07", "gYearMonth"), ("2021-07-27", "date")]
)
def test_xsd_datatype(text: str, datatype: str) -> None:
    """The XML Schema datatype follows the precision."""
    assert PartialDate.parse(text).xsd_datatype() == datatype


def test_ordering_is_chronological_within_a_precision() -> None:
    """Dates of the same precision sort in calendar order."""
    dates = [PartialDate.parse(t) for t in ("2021-10-10", "2014-06-01", "2021-07-27")]
    assert [d.iso() for d in sorted(dates)] == ["2014-06-01", "2021-07-27", "2021-10-10"]


@pytest.mark.parametrize("text", ["2021-13", "2021-00", "2021-02-30", "2023-02-29", "July 2021", "", "21-07",
                                  "2021-07-27T10:00", "0000"])
def test_invalid_input_raises_input_error_with_one_line(text: str) -> None:
    """Malformed or impossible dates raise InputError (a KgraphError) whose message is one line naming it."""
    with pytest.raises(InputError) as info:
        PartialDate.parse(text)
    assert isinstance(info.value, KgraphError)
    message = str(info.value)
    assert message
    assert "\n" not in message
    assert repr(text) in message


def test_constructor_rejects_day_without_month() -> None:
    """A day cannot be known when the month is not."""
    with pytest.raises(ValueError):
        PartialDate(2021, None, 5)
