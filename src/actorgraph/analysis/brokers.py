"""Brokers: actors on the shortest paths between camps."""

from __future__ import annotations

import networkx as nx

from .._exceptions import DataError
from ._signed import signed_edges
from .camps import camps

__all__ = ["brokers"]


def brokers(G: nx.Graph, camps_result=None) -> list[dict]:
    """Actors that bridge camps, by betweenness over cross-camp shortest paths.

    The score of an actor ``v`` is the share of shortest paths through ``v`` summed
    over all pairs of actors in different camps, divided by the number of such pairs
    that do not include ``v``: Brandes' (2008) subset betweenness with the sources in
    one camp and the targets in another, on the graph with signs ignored (hostile
    ties carry contact too), normalised to [0, 1]. It measures brokerage across
    Burt's structural holes between the camps. ``cross_ties`` counts the actor's
    positive ties to other camps: alliances that the camps do not explain.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, simple, with an integer ``sign`` of +1 or -1 on every edge.
        Never modified.
    camps_result : CampsResult, optional
        The camps, from :func:`camps` on ``G``; by default ``camps(G)`` (two camps).

    Returns
    -------
    list of dict
        ``actor``, ``camp`` (index in the partition), ``score``, ``cross_ties``: one
        row per actor with a positive score or a cross-camp tie, sorted by score
        (highest first), then by actor in a stable node order.

    Raises
    ------
    SignError
        If an edge has no valid ``sign`` (the message names it).
    networkx.NetworkXNotImplemented
        For directed graphs and multigraphs.
    DataError
        If ``camps_result`` leaves out a node of ``G``.

    Examples
    --------
    Two blocs fighting on two fronts; ``m`` is allied to ``a1`` and to ``b1`` but hostile
    to ``b2``, so it sits in the first camp, and its alliance with ``b1`` crosses camps:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"),
    ...                   ("b2", "b3"), ("b1", "b3"), ("m", "a1"), ("m", "b1")], sign=1)
    >>> G.add_edges_from([("a3", "b3"), ("a2", "b2"), ("m", "b2")], sign=-1)
    >>> for row in brokers(G):
    ...     print(row["actor"], row["camp"], f"{row['score']:.3f}", row["cross_ties"])
    b2 1 0.250 0
    b3 1 0.188 0
    a3 0 0.167 0
    m 0 0.167 1
    a2 0 0.111 0
    b1 1 0.062 1

    References
    ----------
    .. [1] U. Brandes, "On variants of shortest-path betweenness centrality and their
       generic computation", *Social Networks* 30(2):136-145, 2008.
    .. [2] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press, 1992.
    """
    rank, edges = signed_edges(G)
    result = camps_result if camps_result is not None else camps(G)
    membership = result.membership
    missing = [n for n in G if n not in membership and any(m != n for m in G[n])]
    if missing:
        raise DataError(f"node {missing[0]!r} is in no camp of camps_result")
    H = nx.Graph()  # the placed actors (an unplaced one has no tie to broker)
    H.add_nodes_from(sorted((n for n in G if n in membership), key=rank.__getitem__))
    H.add_edges_from((u, v) for u, v, _ in edges if u != v)
    members = [sorted((n for n in G if membership.get(n) == c), key=rank.__getitem__)
               for c in range(len(result.partition))]
    paths = dict.fromkeys(H, 0.0)
    for c, sources in enumerate(members):
        others = [n for d, group in enumerate(members) if d != c for n in group]
        # undirected: networkx halves each count, and each pair is met from both camps
        for node, value in nx.betweenness_centrality_subset(H, sources, others).items():
            paths[node] += value
    cross = dict.fromkeys(H, 0)
    for u, v, s in edges:
        if u != v and s > 0 and membership[u] != membership[v]:
            cross[u] += 1
            cross[v] += 1
    n = len(H)
    cross_pairs = (n * n - sum(len(g) ** 2 for g in members)) // 2
    rows = []
    for node in H:
        pairs = cross_pairs - (n - len(members[membership[node]]))
        score = paths[node] / pairs if pairs else 0.0
        if score > 1e-12 or cross[node]:
            rows.append({"actor": node, "camp": membership[node], "score": score,
                         "cross_ties": cross[node]})
    rows.sort(key=lambda r: (-round(r["score"], 12), rank[r["actor"]]))
    return rows
