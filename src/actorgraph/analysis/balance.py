"""Structural balance of a signed graph: triangles, walks, and the frustration index."""

from __future__ import annotations

from ._signed import check_signed, node_order

__all__ = ["balance"]


def _triangles(G) -> dict[str, int]:
    rank = {n: i for i, n in enumerate(node_order(G))}
    counts = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    for u in G:
        for v in G[u]:
            if rank[v] <= rank[u]:
                continue
            for w in G[u]:
                if rank[w] <= rank[v] or w not in G[v]:
                    continue
                negatives = sum(s < 0 for s in (G[u][v]["sign"], G[u][w]["sign"], G[v][w]["sign"]))
                counts[("+++", "++-", "+--", "---")[negatives]] += 1
    return counts


def _walk_index(G) -> float | None:
    import numpy as np

    if G.number_of_nodes() == 0 or G.number_of_nodes() > 5000:
        return None
    nodes = node_order(G)
    index = {n: i for i, n in enumerate(nodes)}
    A = np.zeros((len(nodes), len(nodes)))
    for u, v, data in G.edges(data=True):
        A[index[u], index[v]] = A[index[v], index[u]] = data["sign"]
    signed = np.exp(np.linalg.eigvalsh(A)).sum()
    unsigned = np.exp(np.linalg.eigvalsh(np.abs(A))).sum()
    return float(signed / unsigned)


def balance(G, *, time_limit: float = 60) -> dict:
    """How balanced a signed graph is ("the friend of my friend is my friend").

    Parameters
    ----------
    G : networkx.Graph
        Undirected, with ``sign`` +1 or -1 on every edge. Never modified.
    time_limit : float
        Seconds for the exact frustration index (see :func:`camps`).

    Returns
    -------
    dict
        ``triangles`` (count) and ``triangle_signs`` (counts of ``+++``, ``++-``, ``+--``,
        ``---``); ``triangle_index`` (share of balanced triangles, those with an even
        number of negative edges; ``None`` without triangles); ``frustration`` (L, the
        fewest edges whose removal makes the graph balanced) with ``frustration_exact``;
        ``normalised_frustration`` ``1 - 2L/m`` (Aref & Wilson); ``walk_index``
        (Estrada: sum exp(eig(A)) / sum exp(eig(|A|)); ``None`` above 5,000 nodes);
        ``edges`` (m).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=1); G.add_edge("a", "c", sign=-1)
    >>> result = balance(G)
    >>> result["triangle_index"], result["frustration"], result["normalised_frustration"]
    (0.0, 1, 0.33...)

    References
    ----------
    .. [1] D. Cartwright, F. Harary, "Structural balance: a generalization of Heider's
       theory", *Psychological Review* 63(5), 1956.
    .. [2] S. Aref, M. C. Wilson, "Measuring partial balance in signed networks",
       *Journal of Complex Networks* 6(4), 2018.
    .. [3] E. Estrada, M. Benzi, "Walk-based measure of balance in signed networks",
       *Physical Review E* 90, 2014.
    .. [4] D. Schoch, signnet: an R package for signed networks (``balance_score``).
    """
    from .camps import camps

    check_signed(G)
    signs = _triangles(G)
    total = sum(signs.values())
    result = camps(G, time_limit=time_limit)
    m = G.number_of_edges()
    return {
        "edges": m,
        "triangles": total,
        "triangle_signs": signs,
        "triangle_index": (signs["+++"] + signs["+--"]) / total if total else None,
        "frustration": result.frustration,
        "frustration_exact": result.exact,
        "normalised_frustration": 1 - 2 * result.frustration / m if m else None,
        "walk_index": _walk_index(G),
    }
