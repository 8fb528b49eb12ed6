"""The one claim filter: which claims a question is about.

``claims``, ``related``, the networkx projections, ``render``, ``serve``'s JSON API and the
analysis functions all take the same options and build a :class:`ClaimFilter` from them,
so the same options mean the same claims everywhere:

- ``relation``: one relation name or several; the hierarchy is followed by default
  (``backs`` also keeps ``arms``, ``trains`` …, as ``rdfs:subPropertyOf`` says), unless
  ``include_subrelations=False``;
- ``min_certainty``: a grade or an alias (``alleged``); keeps that grade and the more
  certain ones, by the ranks of the vocabulary;
- ``as_of``: a date at any precision; keeps the claims in force at some time within it, a
  claim's time anchored to its sources (:meth:`ClaimFilter.interval`: a claim first reported
  in December 2019 is not in force in 2015), unless ``assume_persistence``;
- ``stance``: ``asserts``, ``denies``, or ``None`` for both.

>>> f = ClaimFilter.make(relation="backs", min_certainty="alleged")
>>> sorted(f.relations)[:3], f.min_rank
(['arms', 'backs', 'deploys_forces'], 3)
>>> f.keeps_row("trains", "probable", None, None, "asserts", None)
True
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ._dates import UNKNOWN_END, PartialDate, first_day, last_day
from ._exceptions import DataError, UnknownNameError

__all__ = ["ClaimFilter", "Reported", "certainty_rank", "relation_names", "reported"]

#: The first and last day the sources of a claim were published, or ``None``.
Reported = tuple[date, date] | None


def relation_names(relations: str | Iterable[str] | None,
                   include_subrelations: bool = True) -> frozenset[str] | None:
    """The relation names a filter keeps: those given and, by default, their sub-relations.

    >>> sorted(relation_names("opposes"))
    ['accuses', 'fights', 'opposes']
    >>> sorted(relation_names("opposes", include_subrelations=False))
    ['opposes']
    """
    from ._vocab import RELATIONS

    if relations is None:
        return None
    names = [relations] if isinstance(relations, str) else list(relations)
    out: set[str] = set()
    for name in names:
        if name not in RELATIONS:
            raise UnknownNameError("relation", name, difflib.get_close_matches(name, RELATIONS))
        stack = [name]
        while stack:
            current = stack.pop()
            out.add(current)
            if include_subrelations:
                stack.extend(RELATIONS[current].children)
    return frozenset(out)


def certainty_rank(value: str | None) -> int | None:
    """The rank of a certainty grade or alias (1 = confirmed … 6 = unknown).

    >>> certainty_rank("alleged"), certainty_rank(None)
    (3, None)
    """
    from ._fieldtypes import normalise_certainty
    from ._vocab import CERTAINTY

    if value is None:
        return None
    code = normalise_certainty(str(value))
    if code is None:
        raise UnknownNameError("certainty", str(value),
                               difflib.get_close_matches(str(value), CERTAINTY))
    return CERTAINTY[code].rank


def _date(as_of) -> PartialDate | None:
    """``as_of`` parsed once, up front: a bad date is a :class:`DataError`, not a traceback."""
    from ._dates import _as_partial

    try:
        return _as_partial(as_of)
    except ValueError as exc:
        raise DataError(f"as_of: {exc}") from None


def reported(sources: Iterable[str], published: Mapping[str, str | None]) -> Reported:
    """The first and last day on which the ``sources`` (ids) were published: the span in
    which the claim they state is known to hold (``None`` if none has a date).

    >>> reported(["a", "b"], {"a": "2019-12-07", "b": "2020-05"})
    (datetime.date(2019, 12, 7), datetime.date(2020, 5, 31))
    """
    dates = [published.get(s) for s in sources]
    dates = [d for d in dates if d]
    if not dates:
        return None
    return min(first_day(d) for d in dates), max(last_day(d) for d in dates)


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to keep (see the module documentation); ``None`` keeps all.

    Build it with :meth:`make`, which checks every option and raises a clear error.
    """

    relations: frozenset[str] | None = None
    min_rank: int | None = None
    as_of: PartialDate | None = None
    stance: str | None = None
    assume_persistence: bool = False

    @classmethod
    def make(cls, *, relation: str | Iterable[str] | None = None,
             include_subrelations: bool = True, min_certainty: str | None = None,
             as_of=None, stance: str | None = None,
             assume_persistence: bool = False) -> ClaimFilter:
        """A filter from the options every entry point takes.

        Raises
        ------
        UnknownNameError
            An unknown relation or certainty (with the nearest names).
        DataError
            ``as_of`` is not a date, or ``stance`` is not a stance of the vocabulary.
        """
        from ._vocab import STANCES

        if stance is not None and stance not in STANCES:
            raise DataError(f"stance must be one of {', '.join(STANCES)} (or None for both), "
                            f"not {stance!r}")
        return cls(relation_names(relation, include_subrelations),
                   certainty_rank(min_certainty), _date(as_of), stance,
                   bool(assume_persistence))

    def interval(self, start: str | None, end: str | None,
                 known: Reported) -> tuple[date | None, date | None]:
        """The first and last day a claim is in force (``None``: open), anchored to its
        sources (``known``: the span of their publication, see :func:`reported`).

        A claim holds from its ``start`` (or, undated, from when it was first reported) to
        its ``end`` (or, with no end, until it was last reported — or on, with
        ``assume_persistence``); a source that dates it outside its publication is believed
        (``ended in May``, reported in June: in force in May). Without any date, from the
        claim or its sources, the interval is open. An end ``unknown`` (it ended, or may
        have, at a time the source does not give) never persists: the claim holds until it
        was last reported, even with ``assume_persistence`` — or, with no report date, at
        its start only.

        >>> import datetime
        >>> known = (datetime.date(2019, 12, 7), datetime.date(2019, 12, 7))
        >>> ClaimFilter().interval(None, None, known)
        (datetime.date(2019, 12, 7), datetime.date(2019, 12, 7))
        >>> ClaimFilter().interval("2019-04", None, known)[1]
        datetime.date(2019, 12, 7)
        >>> ClaimFilter(assume_persistence=True).interval("2019-04", None, known)[1] is None
        True
        >>> ClaimFilter(assume_persistence=True).interval("2019-04", "unknown", known)[1]
        datetime.date(2019, 12, 7)
        >>> ClaimFilter().interval(None, "2019-05", known)
        (datetime.date(2019, 5, 1), datetime.date(2019, 5, 31))
        """
        unknown = end == UNKNOWN_END
        if unknown:
            end = None
        first = first_day(start) if start else (known[0] if known else None)
        if not start and end and first is not None and first > last_day(end):
            first = first_day(end)
        if end:
            last = last_day(end)
        elif known is None:
            last = last_day(start) if unknown and start else None
        elif self.assume_persistence and not unknown:
            last = None
        else:
            last = known[1]
            if start and last < first_day(start):
                last = last_day(start)
        return first, last

    def in_force(self, start: str | None, end: str | None, known: Reported) -> bool:
        """Whether a claim is in force at some time within ``as_of`` (always, without one)."""
        if self.as_of is None:
            return True
        first, last = self.interval(start, end, known)
        return not ((first is not None and first > self.as_of.last)
                    or (last is not None and last < self.as_of.first))

    def keeps_row(self, relation: str, certainty: str, start: str | None, end: str | None,
                  stance: str, known: Reported) -> bool:
        """Whether a claim with these fields, stated by sources published over ``known``,
        passes."""
        from ._vocab import CERTAINTY

        if self.relations is not None and relation not in self.relations:
            return False
        if self.min_rank is not None and CERTAINTY[certainty].rank > self.min_rank:
            return False
        if self.stance is not None and stance != self.stance:
            return False
        return self.in_force(start, end, known)

    def keeps(self, claim, published: Mapping[str, str | None]) -> bool:
        """Whether a :class:`~actorgraph.Claim` passes; ``published`` maps source ids to
        their publication dates."""
        return self.keeps_row(claim.relation, claim.certainty, claim.start, claim.end,
                              claim.stance, reported(claim.sources, published))

    def asserting(self) -> ClaimFilter:
        """This filter, keeping asserting claims only (what support and opposition count)."""
        return dataclasses.replace(self, stance="asserts")
