"""Odd-cycle inequalities for the frustration index, separated on the signed double cover.

For two camps, let ``f_e`` in [0, 1] say whether edge ``e`` is frustrated. Around any cycle
with an odd number of negative edges at least one edge is frustrated; more generally, for a
cycle ``C`` and a subset ``F`` of its edges with ``|F|`` of parity opposite to the number
of negative edges on ``C``: ``sum(f_e, e in C - F) + sum(1 - f_e, e in F) >= 1``. These
odd-cycle inequalities describe the cut polytope on planar graphs and tighten the linear
relaxation everywhere, which is what lets the integer program prove optimality quickly.

A violated inequality is a closed walk of length < 1 from ``v`` to its copy in a doubled
graph where each edge, kept (cost ``f_e``) or flipped (cost ``1 - f_e``), switches layer
when its parity is odd (Barahona & Mahjoub 1986).
"""

from __future__ import annotations

import numpy as np

__all__ = ["cycle_cuts", "separate"]


def separate(n: int, ends: np.ndarray, negative: np.ndarray, f: np.ndarray,
             limit: int = 2000) -> list[tuple[tuple[int, int], ...]]:
    """Violated odd-cycle inequalities at the point ``f``, as tuples of ``(edge, flipped)``.

    ``ends`` holds the endpoints (0..n-1) of each edge, ``negative`` 1 for negative edges.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    u, v = ends[:, 0], ends[:, 1]
    rows, cols, weights = [], [], []
    edge_of: dict[tuple[int, int], tuple[int, int]] = {}
    for flip in (0, 1):  # a kept and a flipped arc never join the same two layered nodes
        cost = np.abs(flip - f) + 1e-9
        switch = negative ^ flip
        for layer in (0, 1):
            a, b = u + layer * n, v + (layer ^ switch) * n
            rows += [a, b]
            cols += [b, a]
            weights += [cost, cost]
            for e, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
                edge_of[(x, y)] = edge_of[(y, x)] = (e, flip)
    graph = csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(2 * n, 2 * n))
    found: dict = {}
    for start in range(0, n, 256):
        sources = np.arange(start, min(n, start + 256))
        dist, pred = dijkstra(graph, indices=sources, return_predecessors=True)
        for k, s in enumerate(sources):
            if dist[k, s + n] >= 1 - 1e-6:
                continue
            path = [s + n]
            while path[-1] != s:
                path.append(pred[k, path[-1]])
            nodes = [p % n for p in path]
            if len(set(nodes[:-1])) != len(nodes) - 1:
                continue
            cut = tuple(sorted(edge_of[(b, a)] for a, b in zip(path, path[1:], strict=False)))
            found.setdefault(cut, None)
            if len(found) >= limit:
                return list(found)
    return list(found)


def cycle_cuts(n: int, ends: np.ndarray, negative: np.ndarray, *, rounds: int = 40,
               deadline: float | None = None):
    """Cutting planes for the LP relaxation: ``(cuts, lower_bound)``.

    Repeats: solve the LP over ``f`` with the cuts so far, separate violated odd-cycle
    inequalities, add them; until none is violated, ``rounds`` pass or ``deadline`` (a
    ``time.monotonic()`` value) is reached. The LP value is a valid lower bound.
    """
    import time

    from scipy.optimize import linprog

    m = len(ends)
    cuts: list = []
    seen: set = set()
    f, bound = np.zeros(m), 0.0
    for _ in range(rounds):
        new = [c for c in separate(n, ends, negative, f) if c not in seen]
        if not new:
            break
        seen.update(new)
        cuts += new
        A, rhs = cut_matrix(cuts, m)
        result = linprog(np.ones(m), A_ub=-A, b_ub=-rhs, bounds=(0, 1), method="highs")
        if result.status != 0:
            break
        f, bound = result.x, float(result.fun)
        if deadline is not None and time.monotonic() > deadline:
            break
    return cuts, bound


def cut_matrix(cuts, m: int):
    """The cuts as ``A f >= rhs`` over the edge variables."""
    from scipy.sparse import csr_matrix

    rows, cols, vals, rhs = [], [], [], []
    for i, cut in enumerate(cuts):
        flipped = 0
        for edge, flip in cut:
            rows.append(i)
            cols.append(edge)
            vals.append(-1.0 if flip else 1.0)
            flipped += flip
        rhs.append(1 - flipped)
    return csr_matrix((vals, (rows, cols)), shape=(len(cuts), m)), np.array(rhs, dtype=float)
