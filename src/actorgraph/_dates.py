"""Dates at the precision a source gives them: ``2019``, ``2019-08`` or ``2019-08-15``.

A partial date stands for an interval (``2019-08`` is all of August 2019). A claim
is in force on a date when its own interval, from the first day of ``start`` to the
last day of ``end``, overlaps it; an empty ``start`` or ``end`` is open.

>>> d = PartialDate.parse("2019-08")
>>> d.first, d.last, d.xsd_type
(datetime.date(2019, 8, 1), datetime.date(2019, 8, 31), 'gYearMonth')
>>> in_force("2019-08", "2019-09", "2019-09-30")
True
>>> in_force("2019-04", None, "2019-01-01")
False
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["UNKNOWN_END", "PartialDate", "in_force"]

#: A claim's ``end`` when its source says the relation ended (or may have) without saying
#: when: distinct from no end (see :meth:`actorgraph._filter.ClaimFilter.interval`).
UNKNOWN_END = "unknown"

# ASCII digits only: ``\d`` also matches ``２０１９`` and ``٢٠٢٠``, which int() reads but no
# XSD date type allows (the value would be stored as an ill-typed literal)
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_XSD = {1: "gYear", 2: "gYearMonth", 3: "date"}


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO 8601 calendar date with its precision (1 = year, 2 = month, 3 = day)."""

    first: _dt.date
    last: _dt.date
    precision: int
    text: str

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` saying why not.

        >>> PartialDate.parse("2019-02-30")
        Traceback (most recent call last):
        ValueError: invalid date '2019-02-30': day is out of range for month
        >>> PartialDate.parse("٢٠٢٠")
        Traceback (most recent call last):
        ValueError: invalid date '٢٠٢٠': expected YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601) in ASCII digits ('2020')
        """
        if not isinstance(text, str):
            raise ValueError(_expected(text))
        return _parse(text)

    @property
    def xsd_type(self) -> str:
        """The XML Schema datatype that keeps this precision."""
        return _XSD[self.precision]

    def __str__(self) -> str:
        return self.text


def _expected(text) -> str:
    message = f"invalid date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601)"
    if isinstance(text, str) and any(ch.isdigit() and not ch.isascii() for ch in text):
        ascii_digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)
        message += f" in ASCII digits ({ascii_digits.strip()!r})"
    return message


@functools.lru_cache(maxsize=65536)  # values are immutable; reports repeat their dates
def _parse(text: str) -> PartialDate:
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError(_expected(text))
    year, month, day = match.groups()
    y = int(year)
    if y < 1:
        raise ValueError(f"invalid date {text!r}: year 0000 does not exist")
    try:
        if day is not None:
            first = last = _dt.date(y, int(month), int(day))
            return PartialDate(first, last, 3, text.strip())
        if month is not None:
            m = int(month)
            first = _dt.date(y, m, 1)
            last = _dt.date(y, m, calendar.monthrange(y, m)[1])
            return PartialDate(first, last, 2, text.strip())
    except ValueError as exc:
        raise ValueError(f"invalid date {text!r}: {exc}") from None
    return PartialDate(_dt.date(y, 1, 1), _dt.date(y, 12, 31), 1, text.strip())


@functools.lru_cache(maxsize=65536)
def first_day(text: str) -> _dt.date:
    """The first day of an ISO date at its precision.

    >>> first_day("2019-02"), last_day("2019-02")
    (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28))
    """
    return _parse(text).first


@functools.lru_cache(maxsize=65536)
def last_day(text: str) -> _dt.date:
    """The last day of an ISO date at its precision (see :func:`first_day`)."""
    return _parse(text).last


def _as_partial(value: str | _dt.date | PartialDate | None) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(value, value, 3, value.isoformat())
    return PartialDate.parse(str(value))


def in_force(
    start: str | PartialDate | None,
    end: str | PartialDate | None,
    as_of: str | _dt.date | PartialDate | None,
) -> bool:
    """Whether a claim dated ``start``–``end`` holds at ``as_of`` (``None``: always).

    Each date counts at its own precision: ``start="2019-08"`` begins on 1 August,
    ``end="2019-09"`` ends on 30 September, and ``as_of="2019"`` asks about any
    day of 2019. A claim with neither date is not excluded by any ``as_of``.

    >>> in_force("2019-08", "2019-09", "2019-10-01")
    False
    >>> in_force(None, None, "1990")
    True
    """
    when = _as_partial(as_of)
    if when is None:
        return True
    s, e = _as_partial(start), _as_partial(end)
    if s is not None and s.first > when.last:
        return False
    return not (e is not None and e.last < when.first)
