"""The exact solver behind :func:`~actorgraph.analysis.camps`: cutting planes, then HiGHS.

One block (a 2-connected piece of the graph) is given as nodes ``0..n-1``, edges
``(i, j, sign)`` and a heuristic labelling with ``H`` errors. Let ``x_e`` be 1 when
edge ``e`` is an error (frustrated). For every cycle ``C`` of the graph and every
set ``F`` of its edges that no labelling can frustrate exactly,

    sum(x_e for e in C - F) + sum(1 - x_e for e in F) >= 1

holds for every labelling ("cycle inequalities"). With two camps the frustrated
edges of a cycle have the parity of its negative edges, so ``F`` is any set of the
other parity (Barahona & Mahjoub 1986). With more clusters a cycle never has
exactly one edge between clusters, so ``F`` is one such edge (Chopra & Rao 1993).

1. **Cutting planes.** Minimise ``sum(x)`` over ``0 <= x <= 1`` and the cycle
   inequalities found so far (HiGHS' interior point method), find the most
   violated ones by shortest paths (in a doubled graph for two camps), add them,
   repeat. Each round's optimum, rounded up, is a proven lower bound: once it
   reaches ``H``, the heuristic labelling is optimal.
   The relaxed solution is also rounded (the ends of each edge it leaves
   unfrustrated kept together) and refined by local search: a better labelling
   lowers ``H``.
2. **Integer program** (HiGHS), if the bound still falls short. Two camps: one
   binary ``y[v]`` per node, the first node (breadth-first from the highest
   degree) fixed to camp 0, and two inequalities per edge: ``x_e >= |y_i - y_j|``
   for a positive edge, ``x_e >= |y_i + y_j - 1|`` for a negative one. More
   clusters: assignment binaries ``y[v, c]`` summing to 1, the ``t``-th node only
   in clusters ``0..t``, and ``x_e >= y[i, c] - y[j, c]`` (positive) or
   ``x_e >= y[i, c] + y[j, c] - 1`` (negative) for each ``c``. Both keep the cuts of
   step 1 and add ``sum(x) <= H - 1``: infeasible means ``H`` is optimal.

Every step is deterministic; only the deadline depends on the machine's speed. A
proof that ends before it gives the same answer everywhere; one cut short returns
the best labelling found so far (never an unproven incumbent of HiGHS) and bound.
"""

from __future__ import annotations

import math
import time
from collections import deque

from ._local import errors, from_groups

__all__ = ["prove"]

_TOL = 1e-6
_ROUNDS = 50


def _doubled(n, E, neg, x):
    """Arcs of the doubled graph: layer = parity; an arc keeps (cost x) or complements (1 - x)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rows, cols, costs = [], [], []
    for flip in (0, 1):
        cost = np.abs(flip - x) + 1e-9
        toggle = neg ^ flip
        for layer in (0, 1):
            a, b = E[:, 0] + layer * n, E[:, 1] + (layer ^ toggle) * n
            rows += [a, b]
            cols += [b, a]
            costs += [cost, cost]
    return csr_matrix((np.concatenate(costs), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(2 * n, 2 * n))


def _odd_cycles(n, E, neg, x, index, deadline):
    """Violated cycle inequalities for two camps: ``(left-hand side, cut)`` pairs."""
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    graph = _doubled(n, E, neg, x)
    found = []
    batch = max(1, 2_000_000 // (2 * n))
    for first in range(0, n, batch):
        if time.monotonic() >= deadline:
            break
        sources = np.arange(first, min(n, first + batch))
        dist, pred = dijkstra(graph, indices=sources, return_predecessors=True)
        mine = np.nonzero((E[:, 0] >= first) & (E[:, 0] < first + batch))[0]
        for flip in (0, 1):
            toggle = neg[mine] ^ flip
            target = E[mine, 1] + (1 ^ toggle) * n
            total = np.abs(flip - x[mine]) + dist[E[mine, 0] - first, target]
            for i in np.nonzero(total < 1 - _TOL)[0]:
                e = int(mine[i])
                path = [target[i]]
                while path[-1] != E[e, 0]:
                    path.append(pred[E[e, 0] - first, path[-1]])
                cut = _cycle(path, n, neg, index, e, flip)
                if cut:
                    found.append((total[i], cut))
    return found


def _cycle(path, n, neg, index, e, flip):
    """The cut of a closed walk through the doubled graph, or None if it is not a cycle."""
    nodes = [p % n for p in path]
    if len(set(nodes)) != len(nodes):
        return None
    cut = [(e, flip)]
    for a, b in zip(path, path[1:]):
        f = index[a % n, b % n]
        if f == e:
            return None
        cut.append((f, int((a >= n) != (b >= n)) ^ int(neg[f])))
    return tuple(sorted(cut))


def _multicuts(n, E, neg, x, index, deadline):
    """Violated cycle inequalities for any number of clusters: an edge between clusters
    ``g`` whose ends are joined by a path of edges that are mostly inside clusters."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    between = np.where(neg == 1, 1 - x, x)
    weights = np.concatenate([between, between]) + 1e-9
    graph = csr_matrix((weights, (np.concatenate([E[:, 0], E[:, 1]]),
                                  np.concatenate([E[:, 1], E[:, 0]]))), shape=(n, n))
    candidates = np.nonzero(between > _TOL)[0]
    sources = np.unique(E[candidates, 0])
    found = []
    batch = max(1, 2_000_000 // n)
    for first in range(0, len(sources), batch):
        if time.monotonic() >= deadline:
            break
        chunk = sources[first:first + batch]
        dist, pred = dijkstra(graph, indices=chunk, return_predecessors=True)
        row = {s: r for r, s in enumerate(chunk)}
        for g in candidates.tolist():
            r = row.get(E[g, 0])
            if r is None or dist[r, E[g, 1]] >= between[g] - _TOL:
                continue
            path = [E[g, 1]]
            while path[-1] != E[g, 0]:
                path.append(pred[r, path[-1]])
            cut = [(g, 1 - int(neg[g]))]
            cut += [(index[a, b], int(neg[index[a, b]])) for a, b in zip(path, path[1:])]
            found.append((dist[r, E[g, 1]] + 1 - between[g], tuple(sorted(cut))))
    return found


def _rows(cuts, m):
    """The cuts as rows ``A x >= lower``."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rows, cols, vals, lower = [], [], [], []
    for r, cut in enumerate(cuts):
        for e, complemented in cut:
            rows.append(r)
            cols.append(e)
            vals.append(-1.0 if complemented else 1.0)
        lower.append(1.0 - sum(c for _, c in cut))
    return csr_matrix((vals, (rows, cols)), shape=(len(cuts), m)), np.array(lower)


def _breadth_first(n, edges):
    adj = [[] for _ in range(n)]
    for i, j, _ in edges:
        adj[i].append(j)
        adj[j].append(i)
    start = max(range(n), key=lambda v: (len(adj[v]), -v))
    order, seen, queue = [], {start}, deque([start])
    while queue:
        v = queue.popleft()
        order.append(v)
        for w in sorted(adj[v]):
            if w not in seen:
                seen.add(w)
                queue.append(w)
    return order


def _integer_program(n, edges, k, cuts, cutoff, seconds):
    """Solve the integer program; returns the scipy result and the labels (or None)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    width = 1 if k == 2 else k  # two camps: y[v] is the camp itself
    m = len(edges)
    rows, cols, vals, lower, upper = [], [], [], [], []

    def row(terms, low, high=np.inf):
        for col, val in terms:
            rows.append(len(lower))
            cols.append(col)
            vals.append(val)
        lower.append(low)
        upper.append(high)

    if k > 2:
        for v in range(n):  # one cluster per node
            row([(v * k + c, 1.0) for c in range(k)], 1.0, 1.0)
    for e, (i, j, sign) in enumerate(edges):
        x, t = n * width + e, 1.0 if sign > 0 else -1.0
        if k == 2:  # positive: x >= |y_i - y_j|; negative: x >= |y_i + y_j - 1|
            row([(x, 1.0), (i, -1.0), (j, t)], 0.0 if sign > 0 else -1.0)
            row([(x, 1.0), (i, 1.0), (j, -t)], 0.0 if sign > 0 else 1.0)
        else:  # positive: x >= y_ic - y_jc; negative: x >= y_ic + y_jc - 1
            for c in range(k):
                row([(x, 1.0), (i * k + c, -1.0), (j * k + c, t)], 0.0 if sign > 0 else -1.0)
    row([(n * width + e, 1.0) for e in range(m)], -np.inf, cutoff)  # beat the heuristic
    for cut in cuts:
        row([(n * width + e, -1.0 if c else 1.0) for e, c in cut], 1.0 - sum(c for _, c in cut))
    size = n * width + m
    ub = np.ones(size)
    order = _breadth_first(n, edges)
    if k == 2:
        ub[order[0]] = 0  # symmetry: the first node is in camp 0
    for t, v in enumerate(order[:k] if k > 2 else ()):
        ub[v * k + t + 1:v * k + k] = 0  # symmetry: the t-th node uses clusters 0..t
    result = milp(np.concatenate([np.zeros(n * width), np.ones(m)]),
                  integrality=np.ones(size), bounds=Bounds(np.zeros(size), ub),
                  constraints=LinearConstraint(csr_matrix((vals, (rows, cols)),
                                                          shape=(len(lower), size)),
                                               lower, upper),
                  options={"time_limit": max(seconds, 0.01), "mip_rel_gap": 0.0})
    if result.status != 0:
        return result, None
    if k == 2:
        return result, [int(round(result.x[v])) for v in range(n)]
    return result, [int(np.argmax(result.x[v * k:v * k + k])) for v in range(n)]


def _rounded(n, edges, k, x):
    """Round a relaxed solution: keep together the ends of every edge it leaves unbroken."""
    parent = list(range(n))

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for (i, j, sign), value in zip(edges, x):
        if (value < 0.5) == (sign > 0):
            parent[root(i)] = root(j)
    ids: dict[int, int] = {}
    group = [ids.setdefault(root(v), len(ids)) for v in range(n)]
    return from_groups(n, edges, k, group)


def prove(n, edges, k, labels, found, deadline):
    """Prove ``labels`` (with ``found`` errors) optimal, or find a better labelling.

    Returns ``(labels, bound, exact)``: ``bound`` is a proven lower bound on the
    errors, and ``exact`` tells whether it equals the errors of the returned labels.
    ``deadline`` (a :func:`time.monotonic` value) stops the proof early.
    """
    import numpy as np
    from scipy.optimize import linprog

    if found == 0:
        return labels, 0, True
    E = np.array([(i, j) for i, j, _ in edges], dtype=np.int64)
    neg = np.array([s < 0 for *_, s in edges], dtype=np.int64)
    index = {}
    for e, (i, j, _) in enumerate(edges):
        index[i, j] = index[j, i] = e
    separate = _odd_cycles if k == 2 else _multicuts
    m = len(edges)
    x = np.zeros(m)
    cuts, bound, history = [], 0, []
    for _ in range(_ROUNDS):
        have = set(cuts)
        violated = {cut: lhs for lhs, cut in separate(n, E, neg, x, index, deadline)
                    if cut not in have}
        if not violated or time.monotonic() >= deadline:
            break
        cuts += sorted(violated, key=lambda cut: (violated[cut], cut))[:m]  # most violated
        A, lower = _rows(cuts, m)
        lp = linprog(np.ones(m), A_ub=-A, b_ub=-lower, bounds=(0, 1), method="highs-ipm",
                     options={"time_limit": max(deadline - time.monotonic(), 0.01)})
        if lp.status != 0:
            break
        x = lp.x
        cuts = [cut for cut, slack in zip(cuts, A @ x - lower) if slack < _TOL]  # keep tight
        bound = max(bound, math.ceil(lp.fun - _TOL))
        rounded = _rounded(n, edges, k, x)
        if errors(edges, rounded) < found:
            labels, found = rounded, errors(edges, rounded)
        if bound >= found:
            return labels, found, True
        history.append(lp.fun)
        if len(history) > 3 and history[-1] - history[-4] < 0.5:
            break  # stalled: branching has to close the gap
    seconds = deadline - time.monotonic()
    if seconds <= 0:
        return labels, bound, False
    result, better = _integer_program(n, edges, k, cuts, found - 1, seconds)
    if better is not None:
        return better, round(result.fun), True
    if result.status == 2:  # infeasible: nothing beats the labels we have
        return labels, found, True
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and not math.isnan(dual):
        bound = max(bound, min(found, math.ceil(dual - _TOL)))
    return labels, bound, bound >= found
