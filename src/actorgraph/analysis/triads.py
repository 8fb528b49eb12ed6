"""Open triads: unlinked pairs whose tie balance theory predicts."""

from __future__ import annotations

import networkx as nx

from ._signed import signed_edges

__all__ = ["enemy_of_enemy"]


def enemy_of_enemy(G: nx.Graph) -> list[dict]:
    """Predict the sign of every unlinked pair that has a common neighbour.

    Each path ``u - w - v`` with no edge ``u - v`` (an open triad) predicts the sign
    that would close it into a balanced triangle: the product of its two signs. The
    enemy of my enemy is my friend, the friend of my enemy my enemy, the friend of my
    friend my friend. The predictions of all intermediaries ``w`` are pooled.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, simple, with an integer ``sign`` of +1 or -1 on every edge.
        Never modified.

    Returns
    -------
    list of dict
        One row per pair: ``u``, ``v`` (``u`` first in a stable node order),
        ``predicted`` (+1 or -1, the majority of the intermediaries; a tie predicts
        -1, the cautious reading), ``support`` and ``against`` (how many
        intermediaries agree and disagree) and ``via`` (the intermediaries, sorted).
        Sorted by ``support - against``, strongest first, then by ``u`` and ``v``.

    Raises
    ------
    SignError
        If an edge has no valid ``sign`` (the message names it).
    networkx.NetworkXNotImplemented
        For directed graphs and multigraphs.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("Alpha", "Beta", sign=-1)
    >>> G.add_edge("Beta", "Gamma", sign=-1)
    >>> G.add_edge("Beta", "Delta", sign=1)
    >>> for row in enemy_of_enemy(G):
    ...     print(row["u"], row["v"], row["predicted"], row["support"], row["via"])
    Alpha Delta -1 1 ['Beta']
    Alpha Gamma 1 1 ['Beta']
    Delta Gamma -1 1 ['Beta']

    References
    ----------
    .. [1] F. Heider, "Attitudes and cognitive organization", *Journal of Psychology*
       21:107-112, 1946.
    .. [2] D. Cartwright, F. Harary, "Structural balance: a generalization of Heider's
       theory", *Psychological Review* 63(5):277-293, 1956.
    .. [3] J. Leskovec, D. Huttenlocher, J. Kleinberg, "Predicting positive and negative
       links in online social networks", *WWW 2010*, 641-650.
    """
    rank, edges = signed_edges(G)
    ties: dict = {}
    for u, v, s in edges:
        if u != v:
            ties.setdefault(u, {})[v] = s
            ties.setdefault(v, {})[u] = s
    votes: dict[tuple, dict[int, list]] = {}
    for w in sorted(ties, key=rank.__getitem__):
        around = sorted(ties[w], key=rank.__getitem__)
        for i, u in enumerate(around):
            for v in around[i + 1:]:
                if v not in ties[u]:
                    pair = votes.setdefault((u, v), {1: [], -1: []})
                    pair[ties[w][u] * ties[w][v]].append(w)
    rows = []
    for (u, v), by_sign in votes.items():
        predicted = 1 if len(by_sign[1]) > len(by_sign[-1]) else -1
        rows.append({"u": u, "v": v, "predicted": predicted,
                     "support": len(by_sign[predicted]), "against": len(by_sign[-predicted]),
                     "via": sorted(by_sign[1] + by_sign[-1], key=rank.__getitem__)})
    rows.sort(key=lambda r: (r["against"] - r["support"], rank[r["u"]], rank[r["v"]]))
    return rows
