"""The signed projection of the claims, and its snapshots over time."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from ._dates import last_day
from ._exceptions import DataError
from ._filter import ClaimFilter
from ._gc import gc_paused

__all__ = ["signed_projection", "snapshots"]


def _latest(data: dict) -> date:
    """The last day of an edge's latest date (``date.min`` if undated)."""
    dates = [last_day(d) for d in (data["end"], data["start"]) if d]
    return max(dates, default=date.min)


def signed_projection(graph, keep: ClaimFilter):
    """Build the undirected signed graph of the claims ``keep`` keeps; see
    :meth:`actorgraph.Graph.signed_graph`."""
    import networkx as nx

    with gc_paused():
        return _build(nx.Graph(), graph, keep)


def _build(S, graph, keep: ClaimFilter):
    """Add the actors and the signed pairs of ``graph``'s claims to ``S``."""
    from ._vocab import CERTAINTY

    S.add_nodes_from(graph._node_attributes())
    evidence: dict[tuple[str, str], dict[int, list]] = {}
    edges = graph._edges(keep)
    for (u, v, _), data in edges.items():
        sign = data["sign"]
        if sign == 0 or u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        found = evidence.get(pair)
        if found is None:
            found = evidence[pair] = {1: [], -1: []}
        found[sign].append(data)
    ranks = {code: c.rank for code, c in CERTAINTY.items()}
    S.add_edges_from(_signed_edges(evidence, ranks))
    return S


def _signed_edges(evidence: dict, ranks: dict) -> Iterator[tuple[str, str, dict]]:
    """``(u, v, attributes)`` of each pair, in sorted order: its sign from its evidence."""
    for (u, v), by_sign in sorted(evidence.items()):
        conflict = bool(by_sign[1] and by_sign[-1])
        if conflict:
            best = {sign: (-min(ranks[e["certainty"]] for e in found),
                           max(_latest(e) for e in found)) for sign, found in by_sign.items()}
            sign = 1 if best[1] > best[-1] else -1
        else:
            sign = 1 if by_sign[1] else -1
        positive = sorted(c for e in by_sign[1] for c in e["claims"])
        negative = sorted(c for e in by_sign[-1] for c in e["claims"])
        yield u, v, {"sign": sign, "claims": sorted(positive + negative), "positive": positive,
                     "negative": negative, "conflict": conflict,
                     "relations": sorted({e["relation"] for es in by_sign.values() for e in es})}


def snapshots(graph, freq: str, keep: ClaimFilter) -> Iterator[tuple[str, object]]:
    """Yield ``(period, signed graph)`` for each year (or month) the claims' dates span.

    A claim counts in a period when it is in force at some time within it (``keep`` with
    ``as_of`` the period); the periods run from the first date of a claim or a source to
    the last.
    """
    from ._dates import UNKNOWN_END, PartialDate

    if freq not in ("year", "month"):
        raise DataError(f"freq must be 'year' or 'month', not {freq!r}")
    dates = [PartialDate.parse(d) for c in graph.claims() for d in (c.start, c.end)
             if d and d != UNKNOWN_END]
    dates += [PartialDate.parse(s.published) for s in graph.sources() if s.published]
    if not dates:
        return
    first, last = min(d.first for d in dates), max(d.last for d in dates)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month if freq == "month" else 12):
        period = f"{year:04d}" if freq == "year" else f"{year:04d}-{month:02d}"
        yield period, signed_projection(graph, dataclasses.replace(
            keep, as_of=PartialDate.parse(period)))
        if freq == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
