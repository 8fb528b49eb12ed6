"""Brokers: actors on the paths between camps."""

from __future__ import annotations

import networkx as nx

from ._signed import check_signed, node_order

__all__ = ["brokers"]


def brokers(G, camps_result=None, *, k: int = 2) -> list[dict]:
    """Actors that bridge camps, by cross-camp betweenness.

    The score of an actor is its betweenness counted only over shortest paths whose ends
    lie in different camps (Brandes' subset betweenness, on the unsigned graph), divided
    by the number of cross-camp pairs; ``cross_ties`` counts its positive ties into other
    camps. Camps come from ``camps_result`` (a :class:`CampsResult`) or are computed.

    Returns
    -------
    list of dict
        ``actor``, ``camp``, ``score``, ``cross_ties`` — actors with a positive score or a
        cross-camp tie, highest score first.

    Examples
    --------
    Two hostile triangles, and ``m`` allied with one actor on each side; ``m`` joins the
    first camp, and ``b1``, its ally across, carries the most cross-camp paths:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"),
    ...                   ("b2", "b3"), ("b1", "b3"), ("m", "a1"), ("m", "b1")], sign=1)
    >>> G.add_edges_from([("a3", "b3"), ("a2", "b2")], sign=-1)
    >>> [(row["actor"], row["cross_ties"]) for row in brokers(G)][:1]
    [('b1', 1)]

    References
    ----------
    .. [1] U. Brandes, "On variants of shortest-path betweenness centrality and their
       generic computation", *Social Networks* 30(2), 2008.
    .. [2] R. S. Burt, *Structural Holes*, Harvard University Press, 1992.
    """
    from .camps import camps

    check_signed(G)
    result = camps_result if camps_result is not None else camps(G, k=k)
    membership = result.membership
    groups = [node_order(p) for p in result.partition]
    score = dict.fromkeys(G, 0.0)
    pairs = 0
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            part = nx.betweenness_centrality_subset(G, a, b, normalized=False)
            for node, value in part.items():
                score[node] += value
            pairs += len(a) * len(b)
    rows = []
    for node in node_order(G):
        cross = sum(1 for other in G[node]
                    if G[node][other]["sign"] > 0 and membership[other] != membership[node])
        value = score[node] / pairs if pairs else 0.0
        if value > 0 or cross:
            rows.append({"actor": node, "camp": membership[node], "score": value,
                         "cross_ties": cross})
    return sorted(rows, key=lambda r: (-r["score"], -r["cross_ties"],
                                       type(r["actor"]).__name__, repr(r["actor"])))
