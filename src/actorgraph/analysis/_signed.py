"""Shared checks and helpers for signed graphs (any networkx graph with a ``sign`` edge attribute)."""

from __future__ import annotations

import networkx as nx

__all__ = ["check_signed", "node_order", "sign_of"]


def check_signed(G) -> None:
    """Raise if ``G`` is not an undirected simple graph whose every edge has sign +1 or -1."""
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented(
            "signed-graph functions take an undirected simple graph (nx.Graph); project a "
            "directed or multi graph first, e.g. with actorgraph's Graph.signed_graph()")
    for u, v, data in G.edges(data=True):
        sign = data.get("sign")
        if sign not in (1, -1) or isinstance(sign, bool):
            raise nx.NetworkXError(
                f"edge ({u!r}, {v!r}) has sign {sign!r}; every edge needs sign +1 or -1")


def sign_of(G, u, v) -> int:
    """The sign of edge (u, v) as an int."""
    return int(G.edges[u, v]["sign"])


def node_order(nodes) -> list:
    """Nodes in a deterministic order that never compares mixed types with ``<``."""
    return sorted(nodes, key=lambda n: (type(n).__name__, repr(n)))
