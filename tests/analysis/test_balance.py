"""balance(): Read's Highland Tribes against the values published by signnet, and invariants."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from _strategies import signed_graphs
from hypothesis import given, settings

from actorgraph.analysis import balance


def test_highland_tribes_published_values(tribes):
    """signnet README / CRAN vignette, ``data("tribes")``: ``balance_score`` gives 0.8676471
    (triangles), 0.3575761 (walk) and 0.7586207 (frustration, = 1 - 7/29, so L = 7).
    Triangle sign counts 19/2/40/7 of 68 as computed in tests/data/highland-tribes.README.md."""
    result = balance(tribes)
    assert result["edges"] == 58
    assert result["triangles"] == 68
    assert result["triangle_signs"] == {"+++": 19, "++-": 2, "+--": 40, "---": 7}
    assert result["triangle_index"] == pytest.approx(0.8676471, abs=5e-8)
    assert result["walk_index"] == pytest.approx(0.3575761, abs=5e-8)
    assert result["frustration"] == 7 and result["frustration_exact"]
    assert result["normalised_frustration"] == pytest.approx(0.7586207, abs=5e-8)


def _balanced(G, seed):
    """Re-sign G from a random 2-colouring: then every cycle is balanced."""
    import random

    rng = random.Random(seed)
    side = {n: rng.random() < 0.5 for n in G}
    H = G.copy()
    for u, v in H.edges:
        H.edges[u, v]["sign"] = 1 if side[u] == side[v] else -1
    return H


@settings(max_examples=60, deadline=None)
@given(signed_graphs())
def test_balanced_graphs_have_no_frustration(G):
    H = _balanced(G, seed=len(G))
    result = balance(H)
    assert result["frustration"] == 0
    assert result["triangle_index"] in (None, 1.0)
    if H.number_of_edges():
        assert result["normalised_frustration"] == 1.0


@settings(max_examples=60, deadline=None)
@given(signed_graphs())
def test_input_is_never_modified(G):
    before = nx.node_link_data(G, edges="edges")
    balance(G)
    assert nx.node_link_data(G, edges="edges") == before


def test_empty_graph():
    result = balance(nx.Graph())
    assert result["triangles"] == 0 and result["triangle_index"] is None
    assert result["frustration"] == 0 and result["normalised_frustration"] is None


@pytest.mark.parametrize("graph, message", [
    (nx.Graph([(1, 2)]), "edge (1, 2) has sign None"),
    (nx.Graph([(1, 2, {"sign": 0})]), "has sign 0"),
    (nx.Graph([(1, 2, {"sign": "+"})]), "has sign '+'"),
])
def test_invalid_signs_name_the_edge(graph, message):
    with pytest.raises(nx.NetworkXError, match=re.escape(message)):
        balance(graph)


@pytest.mark.parametrize("graph", [nx.DiGraph([(1, 2, {"sign": 1})]),
                                   nx.MultiGraph([(1, 2, {"sign": 1})])])
def test_directed_and_multigraphs_are_refused(graph):
    with pytest.raises(nx.NetworkXNotImplemented):
        balance(graph)
