"""Dates as reports write them, resolved against the publication date at their own precision.

"in August and September of 2019" is the interval 2019-08 to 2019-09; "since April this
year" starts in April of the publication year and is open-ended; "on Tuesday" is the last
Tuesday on or before publication; "in the summer of 2018" is 2018 (a season is not a
precision ISO 8601 has, so the year is kept). Nothing is padded: a month stays a month.

>>> import datetime
>>> [(d.text, d.start, d.end) for d in find_dates(
...     "It began since April this year and ended on Tuesday.", datetime.date(2019, 12, 7))]
[('since April this year', '2019-04', None), ('on Tuesday', '2019-12-03', '2019-12-03')]
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from ._lexicon import lexicon

__all__ = ["DateMention", "find_dates", "resolve"]


@dataclass(frozen=True)
class DateMention:
    """A date expression of the report: where it is, and the interval it gives.

    ``start`` and ``end`` are ISO dates at the written precision; ``None`` is open
    ("since April" has no end, "until last year" no start).
    """

    begin: int
    finish: int
    text: str
    start: str | None
    end: str | None


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern, dict]:
    d = lexicon().dates
    month, weekday = _alt(d["months"]), _alt(d["weekdays"])
    season, rel = _alt(d["seasons"]), _alt(d["relative"])
    qual = _alt(d["qualifiers"])
    year = r"(?:1[89]|20)\d\d"
    yrel = r"this\s+year|last\s+year|next\s+year"
    single = (
        rf"(?:(?:{qual})\s*)?(?:the\s+)?(?:"
        rf"(?P<season>{season})\s+(?:of\s+)?(?:(?P<sy>{year})|(?P<syrel>{yrel}))"
        rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{month})\.?(?:,?\s+(?P<y1>{year}))?"
        rf"|(?P<m2>{month})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>{year}))?"
        rf"|(?P<ma>{month})\s+and\s+(?P<mb>{month})(?:\s+(?:of\s+)?(?:(?P<yab>{year})|(?P<yabrel>{yrel})))?"
        rf"|(?P<m3>{month})\b(?:\s+(?:of\s+)?(?:(?P<y3>{year})|(?P<m3rel>{yrel})))?"
        rf"|(?P<y4>{year})"
        rf"|(?P<rel>{rel})"
        rf"|(?P<wd>{weekday})"
        rf")\b")
    lead = _alt(d["starts"] + d["ends"] + d["points"])
    pattern = re.compile(rf"\b(?:(?P<prep>{lead})\s+)?{single}", re.IGNORECASE)
    return pattern, d


def _month_year(month: int, published: _dt.date) -> int:
    # a month named without a year is the last such month up to publication
    return published.year if month <= published.month else published.year - 1


def _shift_month(day: _dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _one(m: re.Match, published: _dt.date, d: dict) -> tuple[str | None, str | None] | None:
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    months, weekdays = d["months"], d["weekdays"]

    def year_of(value, relative) -> int | None:
        if value:
            return int(value)
        if relative:
            return published.year + {"this": 0, "last": -1, "next": 1}[relative.split()[0]]
        return None

    if g["season"]:
        y = year_of(g["sy"], g["syrel"])
        return (str(y),) * 2 if y else None
    for dk, mk, yk in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if g[dk]:
            month, day = months[g[mk]], int(g[dk])
            y = int(g[yk]) if g[yk] else (
                published.year if (month, day) <= (published.month, published.day)
                else published.year - 1)
            try:
                iso = _dt.date(y, month, day).isoformat()
            except ValueError:
                return None
            return iso, iso
    if g["ma"]:
        a, b = months[g["ma"]], months[g["mb"]]
        y = year_of(g["yab"], g["yabrel"]) or _month_year(b, published)
        return f"{y}-{a:02d}", f"{y}-{b:02d}"
    if g["m3"]:
        month = months[g["m3"]]
        y = year_of(g["y3"], g["m3rel"]) or _month_year(month, published)
        return (f"{y}-{month:02d}",) * 2
    if g["y4"]:
        return (g["y4"],) * 2
    if g["rel"]:
        unit, offset = d["relative"][re.sub(r"\s+", " ", g["rel"])]
        if unit == "year":
            return (str(published.year + offset),) * 2
        if unit == "month":
            y, mo = _shift_month(published, offset)
            return (f"{y}-{mo:02d}",) * 2
        day = (published + _dt.timedelta(days=offset)).isoformat()
        return day, day
    if g["wd"]:
        back = (published.weekday() - weekdays[g["wd"]]) % 7
        day = (published - _dt.timedelta(days=back)).isoformat()
        return day, day
    return None


def find_dates(text: str, published: _dt.date) -> list[DateMention]:
    """Every date expression of ``text``, in order, resolved against ``published``."""
    pattern, d = _grammar()
    starts, ends = set(d["starts"]), set(d["ends"])
    out = []
    for m in pattern.finditer(text):
        if m.group("m3") and m.group("m3").lower() == "may" and not (
                m.group("prep") or m.group("y3") or m.group("m3rel")):
            continue  # the modal verb 'may', not the month
        if m.group("y4") and (re.search(r"\bthe\s+\d{4}$", m.group(0), re.IGNORECASE)
                              or text[:m.start()].lower().endswith("the ")):
            continue  # 'the 2015 peace accord' names an accord, it does not date a claim
        interval = _one(m, published, d)
        if interval is None:
            continue
        first, last = interval
        prep = re.sub(r"\s+", " ", (m.group("prep") or "").lower())
        if prep in starts:
            last = None
        elif prep in ends:
            first = None
        out.append(DateMention(m.start(), m.end(), m.group(0), first, last))
    return out


def resolve(phrase: str, published: _dt.date | str) -> tuple[str | None, str | None] | None:
    """The interval a date phrase gives, as ``(start, end)``; ``None`` if it is not a date.

    >>> resolve("in August and September of 2019", "2019-12-07")
    ('2019-08', '2019-09')
    >>> resolve("until last year", "2019-12-07")
    (None, '2018')
    """
    if isinstance(published, str):
        published = _dt.date.fromisoformat(published)
    found = find_dates(phrase, published)
    return (found[0].start, found[0].end) if found else None
