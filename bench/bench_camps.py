"""Camps on planted signed graphs: exact at 10^2-10^4 edges, local search at 10^5.

Graphs (``planted``): ``m`` edges over ``n = m / 4`` nodes (mean degree 8) in ``c`` = 3-5
planted camps of equal size (alliance blocs): 70% of the edges join two members of one
camp and are positive, 30% join two camps and are negative, then 10% of all signs are
flipped (noise). Seeded, so every run times the same graphs.

Each graph is split twice: into two camps (``k = 2``: the frustration index, the hard
question when three or more blocs must share two sides) and into its planted number
(``k = c``: the Doreian-Mrvar clustering). Exact rows run ``camps(G, k, exact=True,
time_limit=60)``; a row that hits the limit says ``exact: False`` and gives the proven
``bound``. The 10^5 rows run the local search alone (``exact=False``). ``quick=True``
runs only the 100- and 1,000-edge graphs.
"""

from __future__ import annotations

import random
import time

import networkx as nx

#: (edges, planted camps, exact?)
FULL = [(100, 3, True), (100, 4, True), (100, 5, True),
        (1_000, 3, True), (1_000, 4, True), (1_000, 5, True),
        (10_000, 4, True), (100_000, 4, False)]
QUICK = [row for row in FULL if row[0] <= 1_000]


def planted(edges: int, camps: int, *, noise: float = 0.1, seed: int = 0) -> nx.Graph:
    """A signed graph with ``edges`` edges over ``edges // 4`` nodes in ``camps`` blocs."""
    rng = random.Random(seed)
    n = max(edges // 4, 4 * camps)
    members = [list(range(c, n, camps)) for c in range(camps)]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    added = 0
    while added < edges:
        if rng.random() < 0.7:
            u, v = rng.sample(members[rng.randrange(camps)], 2)
        else:
            u, v = rng.sample(range(n), 2)
            if u % camps == v % camps:
                continue
        if G.has_edge(u, v):
            continue
        sign = 1 if u % camps == v % camps else -1
        G.add_edge(u, v, sign=-sign if rng.random() < noise else sign)
        added += 1
    return G


def run(quick: bool = False) -> list[dict]:
    """Time ``camps`` for two camps and for the planted number, on each planted graph."""
    from actorgraph.analysis import camps

    rows = []
    for edges, c, exact in QUICK if quick else FULL:
        G = planted(edges, c, seed=edges + c)
        for k in (2, c):
            started = time.perf_counter()
            result = camps(G, k=k, exact=exact, time_limit=60)
            rows.append({
                "bench": f"camps k={'2' if k == 2 else 'planted'}",
                "size": G.number_of_nodes(), "edges": edges, "planted": c, "k": k,
                "seconds": round(time.perf_counter() - started, 2),
                "frustration": result.frustration, "exact": result.exact,
                "bound": result.bound, "method": result.method,
            })
    return rows


if __name__ == "__main__":
    import sys

    table = run(quick="--quick" in sys.argv)
    keys = list(table[0])
    print(" | ".join(keys))
    for row in table:
        print(" | ".join(str(row[key]) for key in keys))
