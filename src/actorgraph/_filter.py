"""The one claim filter: which claims a question is about.

``claims``, ``related``, the networkx projections, ``render``, ``serve``'s JSON API and the
analysis functions all take the same options and build a :class:`ClaimFilter` from them,
so the same options mean the same claims everywhere:

- ``relation``: one relation name or several; the hierarchy is followed by default
  (``backs`` also keeps ``arms``, ``trains`` …, as ``rdfs:subPropertyOf`` says), unless
  ``include_subrelations=False``;
- ``min_certainty``: a grade or an alias (``alleged``); keeps that grade and the more
  certain ones, by the ranks of the vocabulary;
- ``as_of``: a date at any precision; keeps the claims in force at some time within it;
- ``stance``: ``asserts``, ``denies``, or ``None`` for both.

>>> f = ClaimFilter.make(relation="backs", min_certainty="alleged")
>>> sorted(f.relations)[:3], f.min_rank
(['arms', 'backs', 'deploys_forces'], 3)
>>> f.keeps_row("trains", "probable", None, None)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ._dates import PartialDate, in_force
from ._exceptions import DataError, UnknownNameError

__all__ = ["ClaimFilter", "STANCES", "relation_names"]

#: The stances a claim can take, from the vocabulary's point of view.
STANCES = ("asserts", "denies")


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


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to keep (see the module documentation); ``None`` keeps all.

    Build it with :meth:`make`, which checks every option and raises a clear error.
    """

    relations: frozenset[str] | None = None
    min_rank: int | None = None
    as_of: PartialDate | None = None
    stance: str | None = None

    @classmethod
    def make(cls, *, relation: str | Iterable[str] | None = None,
             include_subrelations: bool = True, min_certainty: str | None = None,
             as_of=None, stance: str | None = None) -> ClaimFilter:
        """A filter from the options every entry point takes.

        Raises
        ------
        UnknownNameError
            An unknown relation or certainty (with the nearest names).
        DataError
            ``as_of`` is not a date, or ``stance`` is not one of :data:`STANCES`.
        """
        if stance is not None and stance not in STANCES:
            raise DataError(f"stance must be one of {', '.join(STANCES)} (or None for both), "
                            f"not {stance!r}")
        return cls(relation_names(relation, include_subrelations),
                   certainty_rank(min_certainty), _date(as_of), stance)

    def keeps_row(self, relation: str, certainty: str, start: str | None, end: str | None,
                  stance: str = "asserts") -> bool:
        """Whether a claim with these fields passes."""
        from ._vocab import CERTAINTY

        if self.relations is not None and relation not in self.relations:
            return False
        if self.min_rank is not None and CERTAINTY[certainty].rank > self.min_rank:
            return False
        if self.stance is not None and stance != self.stance:
            return False
        return self.as_of is None or in_force(start, end, self.as_of)

    def keeps(self, claim) -> bool:
        """Whether a :class:`~actorgraph.Claim` passes."""
        return self.keeps_row(claim.relation, claim.certainty, claim.start, claim.end)
