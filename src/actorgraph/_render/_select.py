"""Which actors and claims a view shows: relation, certainty, date and neighbourhood filters."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping, Sequence

from .._exceptions import UnknownNameError
from .._filter import ClaimFilter
from .._model import Actor, Claim

__all__ = ["select"]


def select(
    actors: Mapping[str, Actor],
    claims: Sequence[Claim],
    keep: ClaimFilter,
    published: Mapping[str, str | None],
    *,
    focus: str | None = None,
    depth: int | None = None,
) -> tuple[list[str], list[Claim]]:
    """Keep the claims that pass the filter and the actors to draw.

    Parameters
    ----------
    actors : mapping of str to Actor
        Every known actor by id.
    claims : sequence of Claim
        Claims; those naming an actor missing from ``actors`` are left out.
    keep : ClaimFilter
        Which claims to keep.
    published : mapping of str to str
        When each source was published (a claim's time is anchored to its sources).
    focus : str, optional
        An actor id: keep only actors within ``depth`` hops of it (over the kept claims).
    depth : int, optional
        Hops from ``focus``; default 1.

    Returns
    -------
    (list of str, list of Claim)
        Actor ids in id order, and the kept claims in id order.
    """
    kept = [c for c in sorted(claims, key=lambda c: c.id)
            if c.subject in actors and c.object in actors and keep.keeps(c, published)]
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
