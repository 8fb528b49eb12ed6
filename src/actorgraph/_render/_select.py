"""Which actors and claims a view shows: relation, certainty, date and neighbourhood filters."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from .._dates import PartialDate, in_force
from .._exceptions import UnknownNameError
from .._model import Actor, Claim

__all__ = ["certainty_rank", "select"]


def certainty_rank(code: str | None) -> int | None:
    """The rank (1 = confirmed … 6 = unknown) of a certainty code or alias; ``None`` stays ``None``."""
    from .._vocab import CERTAINTY, CERTAINTY_ALIASES

    if code is None:
        return None
    info = CERTAINTY.get(CERTAINTY_ALIASES.get(code, code))
    if info is None:
        raise UnknownNameError("certainty", code, difflib.get_close_matches(code, CERTAINTY))
    return info.rank


def select(
    actors: Mapping[str, Actor],
    claims: Sequence[Claim],
    *,
    focus: str | None = None,
    depth: int | None = None,
    as_of: PartialDate | None = None,
    relations: Collection[str] | None = None,
    min_rank: int | None = None,
) -> tuple[list[str], list[Claim]]:
    """Keep the claims that pass the filters and the actors to draw.

    Parameters
    ----------
    actors : mapping of str to Actor
        Every known actor by id.
    claims : sequence of Claim
        Claims; those naming an actor missing from ``actors`` are left out.
    focus : str, optional
        An actor id: keep only actors within ``depth`` hops of it (over the kept claims).
    depth : int, optional
        Hops from ``focus``; default 1.
    as_of : PartialDate, optional
        Keep claims in force at some time within this date.
    relations : collection of str, optional
        Keep claims with these relation names only.
    min_rank : int, optional
        Keep claims at least this certain (rank at most this).

    Returns
    -------
    (list of str, list of Claim)
        Actor ids in id order, and the kept claims in id order.
    """
    kept = [
        c for c in sorted(claims, key=lambda c: c.id)
        if c.subject in actors and c.object in actors
        and (relations is None or c.relation in relations)
        and (min_rank is None or certainty_rank(c.certainty) <= min_rank)
        and (as_of is None or in_force(c.start, c.end, as_of))
    ]
    if focus is None:
        return sorted(actors), kept
    if focus not in actors:
        raise UnknownNameError("actor", focus, difflib.get_close_matches(focus, list(actors)))
    near = _neighbourhood(focus, kept, 1 if depth is None else depth)
    return sorted(near), [c for c in kept if c.subject in near and c.object in near]


def _neighbourhood(start: str, claims: Sequence[Claim], depth: int) -> set[str]:
    """Actors within ``depth`` hops of ``start``, whatever the direction of the claims."""
    links: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        links[c.subject].add(c.object)
        links[c.object].add(c.subject)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for a in frontier for n in links[a]} - seen
        seen |= frontier
    return seen
