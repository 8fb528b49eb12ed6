"""Shared fixtures: Read's Highland Tribes, a brute-force optimum, an input-change check."""

from __future__ import annotations

import contextlib
import copy
import csv
import itertools
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import strategies as st

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="session")
def tribes() -> nx.Graph:
    """Read's Highland Tribes (Gahuku-Gama, 1954) as in UCINET's GAMA: 16 tribes, 58 edges.

    Provenance and published values: tests/data/highland-tribes.README.md.
    """
    G = nx.Graph()
    with open(DATA / "highland-tribes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            G.add_edge(row["source"], row["target"], sign=int(row["sign"]))
    return G


_LABELS = (lambda i: i, lambda i: f"n{i}", lambda i: ("t", i))  # ints, strings, tuples


@st.composite
def _graphs(draw, max_nodes: int = 9, *, mixed: bool = False, loops: bool = False,
            balanced: bool = False) -> nx.Graph:
    n = draw(st.integers(min_value=0, max_value=max_nodes))
    nodes = [_LABELS[i % 3](i) if mixed else i for i in range(n)]
    side = [draw(st.booleans()) for _ in nodes]
    G = nx.Graph()
    G.add_nodes_from(nodes)
    for i, j in itertools.combinations(range(n), 2):
        if draw(st.booleans()):
            sign = 1 if side[i] == side[j] else -1
            G.add_edge(nodes[i], nodes[j], sign=sign if balanced else draw(st.sampled_from([1, -1])))
    for i in range(n) if loops else ():
        if draw(st.integers(0, 4)) == 0:
            G.add_edge(nodes[i], nodes[i], sign=draw(st.sampled_from([1, -1])))
    return G


@pytest.fixture(scope="session")
def graphs():
    """``graphs(max_nodes, mixed=, loops=, balanced=)``: a strategy for small signed graphs.

    ``mixed`` labels nodes with ints, strings and tuples; ``loops`` adds some self-loops;
    ``balanced`` signs every edge from a random 2-colouring (positive inside a colour).
    Draw with ``@given(data=st.data())`` and ``data.draw(graphs(...))``.
    """
    return _graphs


def _errors(G: nx.Graph, membership: dict) -> int:
    return sum((membership[u] == membership[v]) != (s > 0) for u, v, s in G.edges(data="sign"))


@pytest.fixture(scope="session")
def brute_force():
    """``brute_force(G, k)``: the fewest errors over every labelling with ``k`` labels."""

    def solve(G: nx.Graph, k: int) -> int:
        nodes = list(G)
        if not nodes:
            return 0
        return min(_errors(G, dict(zip(nodes, (0, *rest))))
                   for rest in itertools.product(range(k), repeat=len(nodes) - 1))

    return solve


@pytest.fixture(scope="session")
def unchanged():
    """``with unchanged(G): ...`` fails if the block changes G: nodes, edges, data or order."""

    @contextlib.contextmanager
    def check(G: nx.Graph):
        before = copy.deepcopy(G)
        order = (list(G), list(G.edges))
        yield
        assert nx.utils.graphs_equal(G, before)
        assert (list(G), list(G.edges)) == order

    return check
