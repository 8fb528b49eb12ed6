"""Camps on planted signed graphs: exact integer programs at 10^2-10^4 edges, heuristic at 10^5.

Graphs: ``n = m / 4`` nodes in planted camps, edges drawn at random, positive within a camp
and negative across, with 10% of signs flipped (noise); seeded. Two planted camps is the
frustration index's own question (how far from two-camp balance); four planted camps asked
for two is a max-cut-like instance, the hard case, reported with its proven bound.
"""

from __future__ import annotations

import random
import time

import networkx as nx

SIZES = [(100, 2, "exact"), (1_000, 2, "exact"), (10_000, 2, "exact"), (1_000, 4, "exact"),
         (100_000, 2, "heuristic")]
QUICK = [(100, 2, "exact"), (1_000, 2, "exact"), (10_000, 2, "heuristic")]


def planted(edges: int, k: int, *, seed: int = 0, noise: float = 0.1) -> nx.Graph:
    """A signed graph with ``edges`` edges over ``edges // 4`` nodes and ``k`` planted camps."""
    rng = random.Random(seed)
    n = max(edges // 4, 10)
    camp = [rng.randrange(k) for _ in range(n)]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    added = 0  # G.number_of_edges() is O(n) per call
    while added < edges:
        u, v = rng.randrange(n), rng.randrange(n)
        if u == v or G.has_edge(u, v):
            continue
        sign = 1 if camp[u] == camp[v] else -1
        G.add_edge(u, v, sign=-sign if rng.random() < noise else sign)
        added += 1
    return G


def run(quick: bool = False) -> list[dict]:
    """Time ``camps`` (two camps, the frustration index) on planted graphs."""
    from actorgraph.analysis import camps

    rows = []
    for edges, k, mode in QUICK if quick else SIZES:
        G = planted(edges, k, seed=edges)
        started = time.perf_counter()
        result = camps(G, exact=(mode == "exact"), time_limit=60)
        seconds = time.perf_counter() - started
        rows.append({"bench": "camps", "size": G.number_of_nodes(), "edges": edges,
                     "planted_camps": k, "mode": mode, "seconds": round(seconds, 3),
                     "frustration": result.frustration, "exact": result.exact,
                     "bound": round(float(result.bound), 1), "method": result.method})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
