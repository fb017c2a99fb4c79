"""Calendar dates known to a precision: a year, a month or a day.

News gives dates at the precision the writer knew ("in 2014", "next month", "on 10 October 2021"),
and publication dates are often only known to the month. Keeping the precision explicit lets the graph
say exactly what the text supports and lets later comparisons ("due by 2021-12-31") treat a month as the
interval it is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from kgraph.errors import InputError

Precision = Literal["year", "month", "day"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A Gregorian date known to year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises ValueError on 31 Feb etc.

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """ISO 8601 at this precision: ``2021``, ``2021-07`` or ``2021-07-27``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = iso

    def first_day(self) -> dt.date:
        """The first calendar day this date may denote."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last calendar day this date may denote."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def xsd_datatype(self) -> str:
        """Local name of the XML Schema datatype that carries this precision."""
        return {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`InputError` otherwise."""
        match = _ISO.match(str(text).strip())
        if not match:
            raise InputError(f"malformed date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError as exc:
            raise InputError(f"malformed date {text!r}: {exc}") from None


def truncate(value: dt.date, precision: Precision) -> PartialDate:
    """The date ``value`` reduced to ``precision``."""
    if precision == "year":
        return PartialDate(value.year)
    if precision == "month":
        return PartialDate(value.year, value.month)
    return PartialDate.from_date(value)
