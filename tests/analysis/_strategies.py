"""Hypothesis strategies for signed graphs."""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st


@st.composite
def signed_graphs(draw, max_nodes: int = 9):
    """Small random signed graphs, nodes 0..n-1, each pair an edge with some probability."""
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u in range(n):
        for v in range(u + 1, n):
            if draw(st.booleans()):
                G.add_edge(u, v, sign=draw(st.sampled_from([1, -1])))
    return G
