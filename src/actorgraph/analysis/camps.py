"""Camps: the partition of a signed graph with the fewest frustrated edges.

An edge is *frustrated* by a partition when it is positive between two camps or
negative inside one. With two camps the fewest frustrated edges is the frustration
index (line index of balance) L of Harary (1959); with ``k > 2`` clusters the same
count is the criterion of Doreian & Mrvar (1996) with equal weights (``alpha = 0.5``,
reported as the raw number of errors).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from numbers import Integral

import networkx as nx

from .._exceptions import DataError
from ._exact import prove
from ._local import errors, local_search
from ._signed import signed_edges

__all__ = ["CampsResult", "camps", "frustrated_edges"]

#: Blocks up to this many edges are solved exactly when ``exact=None``.
EXACT_EDGES = 5_000


@dataclass(frozen=True)
class CampsResult:
    """The camps of a signed graph, as returned by :func:`camps`.

    Attributes
    ----------
    partition : list of set
        The camps, larger first, ties by their first node in :func:`camps`' node order.
    membership : dict
        Node -> index of its camp in ``partition``.
    frustrated : list of tuple
        The frustrated edges ``(u, v, sign)``, ``u`` before ``v``, sorted.
    frustration : int
        Their number.
    exact : bool
        Whether ``frustration`` is proven minimal.
    bound : int
        A proven lower bound on the minimal frustration; equals ``frustration`` when exact.
    method : str
        ``"optimal"`` (proven), ``"heuristic"`` (a block was not attempted exactly) or
        ``"time-limit"`` (a proof was cut short).
    unplaced : list
        The nodes with no signed tie to another node, in :func:`camps`' node order: nothing
        says which camp they belong to, so they are in none (and not in ``membership``).
    """

    partition: list
    membership: dict
    frustrated: list
    frustration: int
    exact: bool
    bound: int
    method: str
    unplaced: list = field(default_factory=list)


def frustrated_edges(G: nx.Graph, membership: dict) -> list[tuple]:
    """The edges of ``G`` that a partition frustrates.

    An edge is frustrated when it is positive between two camps or negative inside
    one (a negative self-loop always is). This is the error count of the Doreian-Mrvar
    criterion for any number of camps.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, with an integer ``sign`` of +1 or -1 on every edge. Never modified.
    membership : dict
        Node -> camp (any hashable label) for every node that has an edge.

    Returns
    -------
    list of tuple
        ``(u, v, sign)`` with ``u`` before ``v`` in a stable node order (by type, then
        value, or ``repr`` when values do not compare), sorted in that order.

    Raises
    ------
    SignError
        If an edge has no valid ``sign``.
    DataError
        If a node with an edge has no camp in ``membership``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2, {"sign": 1}), (2, 3, {"sign": -1}), (1, 3, {"sign": 1})])
    >>> frustrated_edges(G, {1: "a", 2: "a", 3: "b"})
    [(1, 3, 1)]

    References
    ----------
    .. [1] P. Doreian, A. Mrvar, "A partitioning approach to structural balance",
       *Social Networks* 18(2):149-168, 1996.
    """
    _, edges = signed_edges(G)
    missing = [n for n in G if n not in membership and any(m != n for m in G[n])]
    if missing:
        raise DataError(f"node {missing[0]!r} has no camp in membership")
    return [(u, v, s) for u, v, s in edges
            if (s < 0 if u == v else (membership[u] == membership[v]) != (s > 0))]


def _simple(G: nx.Graph, edges: list[tuple], rank: dict) -> nx.Graph:
    """``G`` without signs or self-loops, nodes and edges in rank order, so that what
    follows does not depend on the order in which ``G`` was built."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G, key=rank.__getitem__))
    H.add_edges_from((u, v) for u, v, _ in edges if u != v)
    return H


def _blocks(H: nx.Graph, edges: list[tuple]):
    """The 2-connected blocks of ``H``, as lists of signed edges."""
    sign = {(u, v): s for u, v, s in edges}
    for block in nx.biconnected_component_edges(H):
        yield [(u, v, sign[u, v]) if (u, v) in sign else (v, u, sign[v, u]) for u, v in block]


def _solve(block, k, rank, *, proof, deadline, seed):
    """Labels for the nodes of one block: ``(labels, bound, exact)``."""
    nodes = sorted({n for u, v, _ in block for n in (u, v)}, key=rank.__getitem__)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v], s) for u, v, s in block]
    restarts = min(20, max(2, 200_000 // len(edges)))
    labels = local_search(len(nodes), edges, k, seed, restarts)
    found = errors(edges, labels)
    bound, exact = 0, found == 0
    if proof and not exact and time.monotonic() < deadline:
        labels, bound, exact = prove(len(nodes), edges, k, labels, found, deadline)
    return dict(zip(nodes, labels)), bound, exact


def _join(blocks: list[dict], rank: dict) -> dict:
    """Join block labellings at their shared (cut) nodes by renaming labels.

    Blocks meet only at cut nodes and form a tree, so walking it breadth-first each
    new block shares exactly one labelled node; swapping two labels in the block makes
    them agree and leaves its frustrated edges unchanged.
    """
    of = {}
    for b, labels in enumerate(blocks):
        for node in labels:
            of.setdefault(node, []).append(b)
    joined: dict = {}
    done = [False] * len(blocks)
    for start in sorted(range(len(blocks)), key=lambda b: min(rank[n] for n in blocks[b])):
        if done[start]:
            continue
        done[start] = True
        queue = deque([start])
        while queue:
            labels = blocks[queue.popleft()]
            shared = next((n for n in labels if n in joined), None)
            swap = {}
            if shared is not None and labels[shared] != joined[shared]:
                swap = {labels[shared]: joined[shared], joined[shared]: labels[shared]}
            for node, label in labels.items():
                joined[node] = swap.get(label, label)
                for b in of[node]:
                    if not done[b]:
                        done[b] = True
                        queue.append(b)
    return joined


def _order(groups: list[list], rank: dict) -> list[list]:
    """Larger first, ties by the first node; each group sorted."""
    groups = [sorted(g, key=rank.__getitem__) for g in groups if g]
    return sorted(groups, key=lambda g: (-len(g), rank[g[0]]))


def _partition(H: nx.Graph, labels: dict, rank: dict) -> list[set]:
    """Camps from the labels: each connected component's camps ordered larger first,
    then merged by position (no edge joins two components). Nodes without an edge have no
    label and are in no camp."""
    merged: list[list] = []
    for component in nx.connected_components(H):
        by_label: dict = {}
        for node in component:
            if node in labels:
                by_label.setdefault(labels[node], []).append(node)
        for i, group in enumerate(_order(list(by_label.values()), rank)):
            if i == len(merged):
                merged.append([])
            merged[i] += group
    return [set(g) for g in _order(merged, rank)]


def camps(G: nx.Graph, k: int = 2, *, time_limit: float = 60, exact: bool | None = None,
          seed: int = 0) -> CampsResult:
    """Split a signed graph into at most ``k`` camps with the fewest frustrated edges.

    A partition frustrates the positive edges between camps and the negative edges
    inside a camp. For ``k = 2`` the least frustration is the frustration index L (the
    fewest edges whose removal leaves the graph balanced); for ``k > 2`` it is the
    Doreian-Mrvar criterion with equal weights (``alpha = 0.5``) as a raw error count.

    **Method.** The graph is cut into its 2-connected blocks (blocks share only cut
    nodes, so optima of the blocks join into an optimum of the graph; bridges and
    trees cost nothing); isolated nodes join camp 0. Each block is labelled by a
    seeded local search (a greedy start and a Louvain-style grouped start, then
    Fiduccia-Mattheyses passes and iterated perturbation). That labelling is then
    proven optimal, or bettered, by a linear relaxation with cycle inequalities
    added as cutting planes (odd cycles for two camps, Barahona & Mahjoub; cycles
    with one edge between clusters for more, Chopra & Rao) and rounded, and if the
    rounded-up relaxation does not reach the best value found, by HiGHS' integer
    program: for two camps one binary per node (the first node fixed) and one per
    edge with two inequalities per edge; for more, assignment binaries where the
    ``t``-th node (breadth-first) may only use clusters ``0..t``.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, simple, with an integer ``sign`` of +1 or -1 on every edge. Any
        node labels (mixed types are fine). Never modified.
    k : int, default 2
        The most camps allowed. ``partition`` holds only the non-empty ones.
    time_limit : float, default 60
        Seconds for all proofs together (the local search is not timed). When it
        runs out the local-search result is returned with ``exact=False``.
    exact : bool or None, default None
        ``None``: prove blocks of up to 5,000 edges (enough for 1,000-edge graphs
        within a minute on planted instances; see ``bench/bench_camps.py``) and use
        the local search alone above; ``True``: prove every block; ``False``: local
        search only (a zero-frustration block is still proven optimal).
    seed : int, default 0
        Seed of the local search's perturbations.

    Returns
    -------
    CampsResult
        Deterministic for a given graph, ``k`` and ``seed`` whenever the time limit is
        not reached (when it is, how far the proof got, and so ``bound`` and perhaps
        the partition, depends on the machine's speed). Among several optimal
        partitions the one returned may depend on ``seed``.

    Raises
    ------
    SignError
        If an edge has no valid ``sign`` (the message names it).
    networkx.NetworkXNotImplemented
        For directed graphs and multigraphs.
    DataError
        If ``k`` is not a positive integer.

    Examples
    --------
    Two allied pairs at war, and ``e``, an ally of ``d`` but an enemy of ``a`` and ``c``:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a", "b"), ("c", "d"), ("d", "e")], sign=1)
    >>> G.add_edges_from([("a", "c"), ("b", "d"), ("a", "d"), ("a", "e"), ("c", "e")], sign=-1)
    >>> result = camps(G)
    >>> [sorted(camp) for camp in result.partition], result.membership["e"]
    ([['c', 'd', 'e'], ['a', 'b']], 0)
    >>> result.frustrated, result.frustration, result.exact, result.bound
    ([('c', 'e', -1)], 1, True, 1)

    Three mutual enemies need three camps:

    >>> G = nx.Graph()
    >>> G.add_edges_from([("x", "y"), ("y", "z"), ("x", "z")], sign=-1)
    >>> camps(G).frustration, camps(G, k=3).frustration
    (1, 0)

    References
    ----------
    .. [1] F. Harary, "On the measurement of structural balance", *Behavioral Science*
       4(4):316-323, 1959.
    .. [2] P. Doreian, A. Mrvar, "A partitioning approach to structural balance",
       *Social Networks* 18(2):149-168, 1996.
    .. [3] S. Aref, A. J. Mason, M. C. Wilson, "A modeling and computational study of
       the frustration index in signed networks", *Networks* 75(1):95-110, 2020.
    .. [4] F. Barahona, A. R. Mahjoub, "On the cut polytope", *Mathematical
       Programming* 36:157-173, 1986.
    .. [5] S. Chopra, M. R. Rao, "The partition problem", *Mathematical Programming*
       59:87-115, 1993.
    .. [6] C. M. Fiduccia, R. M. Mattheyses, "A linear-time heuristic for improving
       network partitions", *19th Design Automation Conference*, 1982.
    .. [7] V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding
       of communities in large networks", *J. Stat. Mech.* P10008, 2008.
    """
    if not isinstance(k, Integral) or isinstance(k, bool) or k < 1:
        raise DataError(f"k must be a positive integer, not {k!r}")
    rank, edges = signed_edges(G)
    deadline = time.monotonic() + time_limit
    labels: dict = {}
    bound = sum(s < 0 for u, v, s in edges if u == v)  # negative self-loops
    blocks, method = [], "optimal"
    H = _simple(G, edges, rank)
    for block in _blocks(H, edges) if k > 1 else ():
        proof = exact if exact is not None else len(block) <= EXACT_EDGES
        block_labels, block_bound, block_exact = _solve(
            block, k, rank, proof=proof, deadline=deadline, seed=seed)
        blocks.append(block_labels)
        bound += block_bound
        if not block_exact and method != "time-limit":
            method = "time-limit" if proof else "heuristic"
    labels = _join(blocks, rank) if k > 1 else {n: 0 for n in H if H.degree(n)}
    partition = _partition(H, labels, rank)
    membership = {node: i for i, camp in enumerate(partition) for node in camp}
    unplaced = [n for n in H if n not in membership]
    frustrated = [(u, v, s) for u, v, s in edges
                  if (s < 0 if u == v else (membership[u] == membership[v]) != (s > 0))]
    if method == "optimal" or k == 1:
        bound = len(frustrated)
    return CampsResult(partition, membership, frustrated, len(frustrated),
                       bound == len(frustrated), bound, method, unplaced)
