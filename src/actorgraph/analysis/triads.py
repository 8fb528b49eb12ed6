"""Open triads: pairs that balance theory predicts as allies or enemies."""

from __future__ import annotations

from collections import defaultdict

from ._signed import check_signed, node_order

__all__ = ["enemy_of_enemy"]


def enemy_of_enemy(G) -> list[dict]:
    """Unlinked pairs with common neighbours, and the sign balance theory predicts for them.

    For each path u – w – v with no edge u – v, the predicted sign of u – v is the product of
    the two signs: the enemy of my enemy is my friend, the friend of my enemy my enemy.
    Predictions are pooled over all intermediaries w.

    Returns
    -------
    list of dict
        ``u``, ``v``, ``predicted`` (+1 or -1, the majority; ties predict -1, the cautious
        reading), ``support`` and ``against`` (intermediaries agreeing and disagreeing),
        ``via`` (the intermediaries) — sorted by ``support - against``, strongest first.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("Alpha", "Beta", sign=-1); G.add_edge("Beta", "Gamma", sign=-1)
    >>> enemy_of_enemy(G)
    [{'u': 'Alpha', 'v': 'Gamma', 'predicted': 1, 'support': 1, 'against': 0, 'via': ['Beta']}]

    References
    ----------
    .. [1] F. Heider, "Attitudes and cognitive organization", *Journal of Psychology* 21, 1946.
    .. [2] J. Leskovec, D. Huttenlocher, J. Kleinberg, "Predicting positive and negative links
       in online social networks", WWW 2010.
    """
    check_signed(G)
    rank = {n: i for i, n in enumerate(node_order(G))}
    votes: dict[tuple, dict[int, list]] = defaultdict(lambda: {1: [], -1: []})
    for w in G:
        neighbours = sorted(G[w], key=rank.__getitem__)
        for i, u in enumerate(neighbours):
            for v in neighbours[i + 1:]:
                if v not in G[u]:
                    votes[(u, v)][G[w][u]["sign"] * G[w][v]["sign"]].append(w)
    rows = []
    for (u, v), by_sign in votes.items():
        predicted = 1 if len(by_sign[1]) > len(by_sign[-1]) else -1
        rows.append({"u": u, "v": v, "predicted": predicted,
                     "support": len(by_sign[predicted]), "against": len(by_sign[-predicted]),
                     "via": node_order(by_sign[1] + by_sign[-1])})
    return sorted(rows, key=lambda r: (r["against"] - r["support"], rank[r["u"]], rank[r["v"]]))
