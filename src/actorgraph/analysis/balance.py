"""Structural balance of a signed graph: triangles, closed walks, and frustration."""

from __future__ import annotations

import networkx as nx

from ._signed import signed_edges
from .camps import camps

__all__ = ["balance"]

#: Largest graph (in nodes) whose walk index is computed.
WALK_NODES = 5_000
_PATTERNS = ("+++", "++-", "+--", "---")  # by number of negative edges


def _triangle_signs(edges: list[tuple], rank: dict) -> dict[str, int]:
    """Count triangles by sign pattern, each once (edges oriented by degree, then rank)."""
    sign, degree = {}, {}
    for u, v, s in edges:
        if u != v:
            sign[u, v] = sign[v, u] = s
            degree[u] = degree.get(u, 0) + 1
            degree[v] = degree.get(v, 0) + 1
    later: dict = {node: {} for node in degree}
    for (u, v), s in sign.items():
        if (degree[u], rank[u]) < (degree[v], rank[v]):
            later[u][v] = s
    counts = dict.fromkeys(_PATTERNS, 0)
    for out in later.values():
        for v, uv in out.items():
            for w, vw in later[v].items():
                if w in out:
                    counts[_PATTERNS[(uv < 0) + (vw < 0) + (out[w] < 0)]] += 1
    return counts


def _walk_index(G: nx.Graph, edges: list[tuple]) -> float:
    """sum(exp(eig(A))) / sum(exp(eig(|A|))), scaled by exp(-max eig(|A|)) against overflow."""
    import numpy as np

    index = {node: i for i, node in enumerate(G)}
    A = np.zeros((len(index), len(index)))
    for u, v, s in edges:
        A[index[u], index[v]] = A[index[v], index[u]] = s
    signed, unsigned = np.linalg.eigvalsh(A), np.linalg.eigvalsh(np.abs(A))
    top = unsigned.max() if len(unsigned) else 0.0
    return float(np.exp(signed - top).sum() / np.exp(unsigned - top).sum())


def balance(G: nx.Graph, *, time_limit: float = 60) -> dict:
    """How balanced a signed graph is: triangles, closed walks and frustration.

    A signed graph is balanced when its nodes split into two camps with every
    positive edge inside a camp and every negative edge between them (Cartwright &
    Harary 1956): "the enemy of my enemy is my friend".

    Parameters
    ----------
    G : networkx.Graph
        Undirected, simple, with an integer ``sign`` of +1 or -1 on every edge.
        Never modified.
    time_limit : float, default 60
        Seconds for proving the frustration index (see :func:`camps`).

    Returns
    -------
    dict
        ``edges``
            m, the number of edges.
        ``triangles``, ``triangle_signs``
            The number of triangles, and their counts by sign pattern ``"+++"``,
            ``"++-"``, ``"+--"``, ``"---"``.
        ``triangle_index``
            The share of balanced triangles (``+++`` and ``+--``): signnet's
            ``balance_score(method = "triangles")``; NaN without triangles.
        ``frustration``, ``frustration_exact``
            The frustration index L, the fewest edges whose removal leaves the graph
            balanced (:func:`camps` with ``k = 2``), and whether it is proven.
        ``normalised_frustration``
            ``1 - 2 L / m`` (Aref & Wilson 2018): 1 when balanced; ``None`` without edges.
        ``walk_index``
            Estrada & Benzi's ``sum(exp(eig(A))) / sum(exp(eig(|A|)))`` with ``A`` the
            signed adjacency matrix: the weight of balanced closed walks, all lengths,
            signnet's ``balance_score(method = "walk")``. It needs the eigenvalues of
            two dense n x n matrices, so it is ``None`` above 5,000 nodes (and for
            the empty graph).

    Raises
    ------
    SignError
        If an edge has no valid ``sign`` (the message names it).
    networkx.NetworkXNotImplemented
        For directed graphs and multigraphs.

    Examples
    --------
    ``b`` is the friend of both ``a`` and ``c``, who are enemies: an unbalanced triangle.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1)
    >>> G.add_edge("b", "c", sign=1)
    >>> G.add_edge("a", "c", sign=-1)
    >>> result = balance(G)
    >>> result["triangle_signs"], result["triangle_index"], result["frustration"]
    ({'+++': 0, '++-': 1, '+--': 0, '---': 0}, 0.0, 1)
    >>> round(result["normalised_frustration"], 4), round(result["walk_index"], 4)
    (0.3333, 0.6858)

    References
    ----------
    .. [1] D. Cartwright, F. Harary, "Structural balance: a generalization of Heider's
       theory", *Psychological Review* 63(5):277-293, 1956.
    .. [2] S. Aref, M. C. Wilson, "Measuring partial balance in signed networks",
       *Journal of Complex Networks* 6(4):566-595, 2018.
    .. [3] E. Estrada, M. Benzi, "Walk-based measure of balance in signed networks:
       detecting lack of balance in social networks", *Physical Review E* 90:042802, 2014.
    .. [4] D. Schoch, "signnet: an R package for analyzing signed networks",
       https://github.com/schochastics/signnet (``balance_score``).
    """
    rank, edges = signed_edges(G)
    signs = _triangle_signs(edges, rank)
    triangles = sum(signs.values())
    frustration = camps(G, time_limit=time_limit)
    m = len(edges)
    return {
        "edges": m,
        "triangles": triangles,
        "triangle_signs": signs,
        "triangle_index": (signs["+++"] + signs["+--"]) / triangles if triangles else None,
        "frustration": frustration.frustration,
        "frustration_exact": frustration.exact,
        "normalised_frustration": 1 - 2 * frustration.frustration / m if m else None,
        "walk_index": _walk_index(G, edges) if 0 < len(G) <= WALK_NODES else None,
    }
