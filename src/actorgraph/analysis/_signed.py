"""Input checks and node ordering shared by the signed-graph functions.

They take an undirected simple :class:`networkx.Graph` whose every edge has an
integer ``sign`` of +1 or -1 (``numpy`` integers count; ``True``, ``1.0`` and ``"+"``
do not). Directed graphs and multigraphs are refused with
:class:`networkx.NetworkXNotImplemented`: folding opposite directions or parallel
ties of different signs into one is a modelling decision left to the caller
(``actorgraph.Graph.signed_graph`` makes it for actorgraph's own graphs).
Self-loops are allowed: a negative one is always frustrated.
"""

from __future__ import annotations

from numbers import Integral

import networkx as nx

from .._exceptions import DataError

__all__ = ["SignError", "node_key", "signed_edges"]

_MISSING = object()


class SignError(DataError, nx.NetworkXError):
    """An edge has no ``sign`` attribute, or one that is not the integer +1 or -1."""


def node_key(G: nx.Graph) -> dict:
    """Rank each node of ``G`` by a stable order that never compares unlike types.

    Nodes are grouped by type (module and qualified name, in that order); each group
    is sorted by its own ``<`` when it can be, else by ``repr``. So ``2, 10, "a"`` rank
    in that order, and mixed labels raise no ``TypeError``.
    """
    groups: dict[tuple[str, str], list] = {}
    for node in G:
        kind = type(node)
        groups.setdefault((kind.__module__, kind.__qualname__), []).append(node)
    ordered = []
    for key in sorted(groups):
        try:
            ordered += sorted(groups[key])
        except TypeError:
            ordered += sorted(groups[key], key=repr)
    return {node: rank for rank, node in enumerate(ordered)}


def _valid(sign: object) -> bool:
    return isinstance(sign, Integral) and not isinstance(sign, bool) and sign in (1, -1)


def signed_edges(G: nx.Graph) -> tuple[dict, list[tuple]]:
    """Check ``G``; return its node ranks and its edges ``(u, v, sign)``, sorted by rank.

    Each edge has ``rank[u] <= rank[v]`` and ``sign`` a plain ``int``. Raises
    :class:`SignError` naming the first bad edge (in that order) and counting the rest.
    """
    if G.is_directed() or G.is_multigraph():
        kind = "directed graphs" if G.is_directed() else "multigraphs"
        raise nx.NetworkXNotImplemented(
            f"not implemented for {kind}: signed-graph functions take an undirected simple "
            "nx.Graph; fold the ties into one signed edge per pair first"
        )
    rank = node_key(G)
    edges, bad = [], []
    for u, v, data in G.edges(data=True):
        if rank[u] > rank[v]:
            u, v = v, u
        sign = data.get("sign", _MISSING)
        if _valid(sign):
            edges.append((u, v, int(sign)))
        else:
            bad.append((u, v, sign))
    if bad:
        u, v, sign = min(bad, key=lambda e: (rank[e[0]], rank[e[1]]))
        got = "no 'sign' attribute" if sign is _MISSING else f"sign {sign!r}"
        more = f" ({len(bad) - 1} other edges are invalid too)" if len(bad) > 1 else ""
        raise SignError(
            f"edge ({u!r}, {v!r}) has {got}; every edge needs an integer sign, +1 or -1{more}"
        )
    edges.sort(key=lambda e: (rank[e[0]], rank[e[1]]))
    return rank, edges
