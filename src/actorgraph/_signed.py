"""The signed projection of the claims, and its snapshots over time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["signed_projection", "snapshots"]


def _latest(data: dict) -> str:
    from ._dates import PartialDate

    dates = [d for d in (data.get("end"), data.get("start")) if d]
    return max((PartialDate.parse(d).last.isoformat() for d in dates), default="")


def signed_projection(graph, *, as_of=None, min_certainty=None,
                      relations: str | Iterable[str] | None = None):
    """Build the undirected signed graph; see :meth:`actorgraph.Graph.signed_graph`."""
    import networkx as nx

    from ._vocab import CERTAINTY

    M = graph.to_networkx(as_of=as_of, min_certainty=min_certainty, relations=relations)
    S = nx.Graph()
    S.add_nodes_from(M.nodes(data=True))
    evidence: dict[frozenset, dict[int, list]] = {}
    for u, v, data in M.edges(data=True):
        if data["sign"] == 0 or u == v:
            continue
        evidence.setdefault(frozenset((u, v)), {1: [], -1: []})[data["sign"]].append(data)
    for pair, by_sign in sorted(evidence.items(), key=lambda kv: sorted(kv[0])):
        u, v = sorted(pair)
        best = {}
        for sign, edges in by_sign.items():
            if edges:
                rank = min(CERTAINTY[e["certainty"]].rank for e in edges)
                best[sign] = (-rank, max(_latest(e) for e in edges))
        conflict = len(best) == 2
        if conflict:
            sign = 1 if best[1] > best[-1] else -1
        else:
            (sign,) = best
        positive = sorted(c for e in by_sign[1] for c in e["claims"])
        negative = sorted(c for e in by_sign[-1] for c in e["claims"])
        S.add_edge(u, v, sign=sign, claims=sorted(positive + negative), positive=positive,
                   negative=negative, conflict=conflict,
                   relations=sorted({e["relation"] for es in by_sign.values() for e in es}))
    return S


def snapshots(graph, freq: str = "year", **options) -> Iterator[tuple[str, object]]:
    """Yield ``(period, signed graph)`` for each year (or month) the claims' dates span.

    A claim counts in a period when its dates overlap it, each date at its precision;
    undated claims count in every period.
    """
    from ._dates import PartialDate

    if freq not in ("year", "month"):
        raise ValueError(f"freq must be 'year' or 'month', not {freq!r}")
    dates = [PartialDate.parse(d) for c in graph.claims() for d in (c.start, c.end) if d]
    if not dates:
        return
    first, last = min(d.first for d in dates), max(d.last for d in dates)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month if freq == "month" else 12):
        period = f"{year:04d}" if freq == "year" else f"{year:04d}-{month:02d}"
        yield period, signed_projection(graph, as_of=period, **options)
        if freq == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
