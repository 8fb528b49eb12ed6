"""Camps: the partition of a signed graph that minimises frustration.

For two camps the frustration of a partition is the number of positive edges between
camps plus negative edges within a camp; its minimum is the *frustration index* (line
index of balance) L. For k > 2 the same count is the Doreian–Mrvar criterion with equal
weights. Both are solved exactly as integer programs (SciPy's HiGHS), after two exact
reductions: connected components are solved apart, and for two camps so are the
2-edge-connected components (a bridge can always be satisfied).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from ._signed import check_signed, node_order

__all__ = ["CampsResult", "camps", "frustrated_edges"]


@dataclass(frozen=True)
class CampsResult:
    """The camps found: ``partition`` (largest first), ``membership`` (node → camp index),
    ``frustrated`` edges ``(u, v, sign)``, ``frustration`` (their number), ``exact`` (proven
    optimal), ``bound`` (proven lower bound; equals ``frustration`` when exact), ``method``."""

    partition: list
    membership: dict
    frustrated: list
    frustration: int
    exact: bool
    bound: float
    method: str


def frustrated_edges(G, membership) -> list[tuple]:
    """Edges that break the partition: positive between camps, negative within a camp.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": 1})])
    >>> frustrated_edges(G, {1: 0, 2: 0, 3: 1})
    [(1, 3, 1)]
    """
    check_signed(G)
    out = []
    for u, v, data in G.edges(data=True):
        same = membership[u] == membership[v]
        if (data["sign"] > 0) != same:
            a, b = sorted((u, v), key=lambda n: (type(n).__name__, repr(n)))
            out.append((a, b, int(data["sign"])))
    return sorted(out, key=lambda e: (type(e[0]).__name__, repr(e[0]), type(e[1]).__name__, repr(e[1])))


def _milp_two(nodes, edges, time_limit):
    """Exact two-camp frustration of one block; ``(labels, value, exact, bound)``.

    Odd-cycle cutting planes first tighten the linear relaxation (within half the time
    budget), then the integer program over camp and edge variables keeps those cuts.
    """
    import time

    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, vstack

    from ._cycles import cut_matrix, cycle_cuts

    started = time.monotonic()
    index = {n: i for i, n in enumerate(nodes)}
    n, m = len(nodes), len(edges)
    ends = np.array([(index[u], index[v]) for u, v, _ in edges], dtype=int)
    negative = np.array([sign < 0 for *_, sign in edges], dtype=int)
    cuts, lp_bound = cycle_cuts(n, ends, negative, deadline=started + time_limit / 2)
    proven = math.ceil(lp_bound - 1e-6)
    rows, cols, vals, lower = [], [], [], []
    for k, (i, j) in enumerate(ends.tolist()):
        f = n + k
        # positive: f >= x_i - x_j, f >= x_j - x_i; negative: f >= x_i + x_j - 1, f >= 1 - x_i - x_j
        signs = ((-1, 1), (1, -1)) if not negative[k] else ((-1, -1), (1, 1))
        for r, (si, sj) in enumerate(signs):
            rows += [2 * k + r] * 3
            cols += [f, i, j]
            vals += [1, si, sj]
        lower += [0, 0] if not negative[k] else [-1, 1]
    A = csr_matrix((vals, (rows, cols)), shape=(2 * m, n + m))
    if cuts:
        C, rhs = cut_matrix(cuts, m)
        A = vstack([A, csr_matrix((C.data, C.indices + n, C.indptr), shape=(len(cuts), n + m))])
        lower += rhs.tolist()
    upper_x = np.ones(n + m)
    upper_x[0] = 0  # symmetry: the first node is in camp 0
    remaining = max(time_limit - (time.monotonic() - started), 1.0)
    result = milp(np.concatenate([np.zeros(n), np.ones(m)]),
                  constraints=LinearConstraint(A.tocsr(), np.array(lower), np.inf),
                  integrality=np.ones(n + m), bounds=Bounds(np.zeros(n + m), upper_x),
                  options={"time_limit": remaining, "disp": False})
    if result.x is None:
        labels, value = _heuristic(nodes, edges, 2, 0)
        return labels, value, False, proven
    labels = {node: int(round(result.x[index[node]])) for node in nodes}
    value = int(round(result.fun))
    exact = result.status == 0
    dual = getattr(result, "mip_dual_bound", None) or 0
    return labels, value, exact, value if exact else max(proven, math.ceil(dual - 1e-6))


def _milp_k(nodes, edges, k, time_limit):
    """Exact Doreian–Mrvar clustering into at most k clusters; (labels, value, exact, bound)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    index = {n: i for i, n in enumerate(nodes)}
    n, m = len(nodes), len(edges)
    y = lambda i, c: i * k + c  # noqa: E731 - variable index
    total = n * k + m
    lower, upper = [], []
    A = lil_matrix((n + 2 * m * k, total))
    r = 0
    for i in range(n):  # each node in exactly one cluster
        A[r, [y(i, c) for c in range(k)]] = 1
        lower.append(1)
        upper.append(1)
        r += 1
    for e, (u, v, sign) in enumerate(edges):
        i, j, s = index[u], index[v], n * k + e
        for c in range(k):
            if sign > 0:  # s >= y_ic - y_jc, s >= y_jc - y_ic
                A[r, [s, y(i, c), y(j, c)]] = [1, -1, 1]
                A[r + 1, [s, y(i, c), y(j, c)]] = [1, 1, -1]
                lower += [0, 0]
            else:  # s >= y_ic + y_jc - 1
                A[r, [s, y(i, c), y(j, c)]] = [1, -1, -1]
                A[r + 1, [s]] = [1]
                lower += [-1, 0]
            upper += [np.inf, np.inf]
            r += 2
    ub = np.ones(total)
    for i in range(n):  # symmetry: node i may only use clusters 0..i
        for c in range(i + 1, k):
            ub[y(i, c)] = 0
    cost = np.concatenate([np.zeros(n * k), np.ones(m)])
    result = milp(cost, constraints=LinearConstraint(A[:r].tocsr(), lower, upper),
                  integrality=np.ones(total), bounds=Bounds(np.zeros(total), ub),
                  options={"time_limit": time_limit, "disp": False})
    if result.x is None:
        return None
    labels = {node: int(np.argmax(result.x[index[node] * k:(index[node] + 1) * k]))
              for node in nodes}
    value = int(round(result.fun))
    exact = result.status == 0
    bound = getattr(result, "mip_dual_bound", None)
    return labels, value, exact, value if exact else (bound if bound is not None else 0)


def _flip_descent(A, spins, rng) -> None:
    """Two camps as spins +1/-1: flip any node whose flip frustrates fewer of its edges.

    With local fields ``h = A s`` (A the signed adjacency), flipping node i changes the
    frustration by ``s_i h_i``; each flip lowers it by at least one, so this ends.
    """
    field = A @ spins
    indptr, indices, data = A.indptr, A.indices, A.data
    while True:
        candidates = np.flatnonzero(spins * field < 0)
        if candidates.size == 0:
            return
        rng.shuffle(candidates)
        for i in candidates:
            if spins[i] * field[i] < 0:
                spins[i] = -spins[i]
                lo, hi = indptr[i], indptr[i + 1]
                field[indices[lo:hi]] += 2 * spins[i] * data[lo:hi]


def _heuristic(nodes, edges, k, seed, restarts=8):
    """Spectral start plus local moves, best of a few seeded restarts (any k)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import eigsh

    rng = np.random.default_rng(seed)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    u = np.array([index[a] for a, _, _ in edges])
    v = np.array([index[b] for _, b, _ in edges])
    signs = np.array([s for *_, s in edges], dtype=float)
    A = coo_matrix((np.r_[signs, signs], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    starts = []
    if n > 2:
        try:
            _, vectors = eigsh(A, k=1, which="LA", v0=np.ones(n))
            starts.append((vectors[:, 0] < 0).astype(int) % k)
        except Exception:  # ARPACK may not converge; random starts remain
            pass
    while len(starts) < restarts:
        starts.append(rng.integers(0, k, n))
    best, best_value = None, None
    for start in starts:
        if k == 2:
            spins = np.where(start == 0, 1.0, -1.0)
            _flip_descent(A, spins, rng)
            labels = (spins < 0).astype(int)
        else:
            labels = _move_descent(A, start.copy(), k, rng)
        same = labels[u] == labels[v]
        value = int(np.sum((signs > 0) != same))
        if best_value is None or value < best_value:
            best, best_value = labels, value
    return {node: int(best[index[node]]) for node in nodes}, best_value


def _move_descent(A, labels, k, rng):
    """k camps: move any node to the camp where fewest of its edges are frustrated."""
    indptr, indices, data = A.indptr, A.indices, A.data
    improved = True
    while improved:
        improved = False
        for i in rng.permutation(A.shape[0]):
            nbrs, signs = indices[indptr[i]:indptr[i + 1]], data[indptr[i]:indptr[i + 1]]
            if nbrs.size == 0:
                continue
            cost = [np.sum((signs > 0) != (labels[nbrs] == c)) for c in range(k)]
            best = int(np.argmin(cost))
            if cost[best] < cost[labels[i]]:
                labels[i] = best
                improved = True
    return labels


def _blocks(G, k):
    """Exact independent pieces: connected components; for k=2 their 2-edge-connected parts."""
    for component in nx.connected_components(G):
        H = G.subgraph(component)
        if k != 2:
            yield H, []
            continue
        bridges = list(nx.bridges(H))
        R = H.copy()
        R.remove_edges_from(bridges)
        yield from ((R.subgraph(c), None) for c in nx.connected_components(R))
        yield None, [(u, v, H.edges[u, v]["sign"]) for u, v in bridges]


def _relabel(G, labels, k):
    """Order camps largest first, ties by their first node, so results are deterministic."""
    groups = {}
    for node in node_order(labels):
        groups.setdefault(labels[node], []).append(node)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), repr(g[0])))
    return {node: i for i, g in enumerate(ordered) for node in g}, [set(g) for g in ordered]


def camps(G, k: int = 2, *, time_limit: float = 60, exact: bool | None = None, seed: int = 0):
    """Split a signed graph into at most ``k`` camps with the fewest frustrated edges.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, with ``sign`` +1 or -1 on every edge. Never modified.
    k : int
        Number of camps (2: the frustration index; more: the Doreian–Mrvar criterion).
    time_limit : float
        Seconds for the integer program of each independent block.
    exact : bool, optional
        ``None`` (default): exact for blocks up to 5,000 edges, heuristic beyond;
        ``True``: always try the integer program; ``False``: heuristic only.
    seed : int
        Seed of the heuristic (the exact result does not depend on it).

    Returns
    -------
    CampsResult
        ``exact`` is True when every block was solved to optimality; otherwise ``bound``
        is the proven lower bound (HiGHS' dual bound, 0 for heuristic blocks).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a", "b"), ("c", "d")], sign=1)
    >>> G.add_edges_from([("a", "c"), ("b", "d"), ("a", "d")], sign=-1)
    >>> result = camps(G)
    >>> [sorted(camp) for camp in result.partition], result.frustration, result.exact
    ([['a', 'b'], ['c', 'd']], 0, True)

    References
    ----------
    .. [1] F. Harary, "On the measurement of structural balance", *Behavioral Science*
       4(4), 1959.
    .. [2] S. Aref, A. J. Mason, M. C. Wilson, "Computing the line index of balance using
       integer programming optimisation", in *Optimization Problems in Graph Theory*,
       Springer, 2018.
    .. [3] P. Doreian, A. Mrvar, "A partitioning approach to structural balance",
       *Social Networks* 18(2), 1996.
    """
    check_signed(G)
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    labels: dict = {}
    bridges: list = []
    all_exact, bound, methods = True, 0.0, set()
    for block, block_bridges in _blocks(G, k):
        if block is None:
            bridges.extend(block_bridges)
            continue
        nodes = node_order(block)
        edges = [(u, v, int(d["sign"])) for u, v, d in block.edges(data=True)]
        if k == 1 or not edges:
            labels.update({n: 0 for n in nodes})
            bound += sum(s < 0 for *_, s in edges) if k == 1 else 0
            continue
        use_exact = exact if exact is not None else len(edges) <= 5000
        solved = None
        if use_exact:
            solved = (_milp_two(nodes, edges, time_limit) if k == 2
                      else _milp_k(nodes, edges, k, time_limit))
        if solved is not None:
            block_labels, value, block_exact, block_bound = solved
            methods.add("integer program (HiGHS)")
            if not block_exact:
                h_labels, h_value = _heuristic(nodes, edges, k, seed)
                if h_value < value:
                    block_labels, value = h_labels, h_value
        else:
            block_labels, value = _heuristic(nodes, edges, k, seed)
            block_exact, block_bound = False, 0
            methods.add("heuristic (spectral start, local moves)")
        labels.update(block_labels)
        all_exact &= block_exact
        bound += block_bound
    if bridges:
        _satisfy_bridges(G, labels, bridges)
    membership, partition = _relabel(G, labels, k)
    frustrated = frustrated_edges(G, membership)
    frustration = len(frustrated)
    method = " + ".join(sorted(methods)) or "trivial"
    return CampsResult(partition, membership, frustrated, frustration, all_exact,
                       frustration if all_exact else bound, method)


def _satisfy_bridges(G, labels, bridges) -> None:
    """Flip whole 2-edge-connected blocks, root outwards, so that every bridge holds.

    Blocks joined by bridges form a forest; walking it from a root block, each child block
    is flipped (all its nodes change camp) when the bridge to its parent would otherwise be
    frustrated. Flipping a block changes no edge inside it, so the total stays optimal.
    """
    R = G.copy()
    R.remove_edges_from((u, v) for u, v, _ in bridges)
    block = {}
    members = []
    for i, component in enumerate(sorted(nx.connected_components(R),
                                         key=lambda c: (-len(c), repr(node_order(c)[0])))):
        members.append(component)
        for node in component:
            block[node] = i
    T = nx.Graph()
    T.add_nodes_from(range(len(members)))
    for u, v, sign in bridges:
        T.add_edge(block[u], block[v], bridge=(u, v, sign))
    for tree in sorted(nx.connected_components(T), key=min):
        for parent, child in nx.bfs_edges(T, min(tree)):
            u, v, sign = T.edges[parent, child]["bridge"]
            inner, outer = (u, v) if block[u] == parent else (v, u)
            want = labels[inner] if sign > 0 else 1 - labels[inner]
            if labels[outer] != want:
                for node in members[child]:
                    labels[node] = 1 - labels[node]
