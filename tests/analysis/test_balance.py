"""balance(): Read's Highland Tribes against signnet's published values, and invariants."""

from __future__ import annotations

import importlib
import itertools
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.analysis import SignError, balance

balance_module = importlib.import_module("actorgraph.analysis.balance")


def test_highland_tribes_published_values(tribes):
    """signnet README and CRAN vignette (https://github.com/schochastics/signnet), for
    ``data("tribes")``: ``balance_score`` is 0.8676471 by triangles, 0.3575761 by walks and
    0.7586207 by frustration (= 1 - 7/29: L = 7). The triangle counts 19/2/40/7 of 68 are
    from tests/data/highland-tribes.README.md."""
    result = balance(tribes)
    assert result["edges"] == 58
    assert result["triangles"] == 68
    assert result["triangle_signs"] == {"+++": 19, "++-": 2, "+--": 40, "---": 7}
    assert result["triangle_index"] == pytest.approx(0.8676471, abs=5e-8) == 59 / 68
    assert result["walk_index"] == pytest.approx(0.3575761, abs=5e-8)
    assert (result["frustration"], result["frustration_exact"]) == (7, True)
    assert result["normalised_frustration"] == pytest.approx(0.7586207, abs=5e-8) == 22 / 29


@pytest.mark.parametrize("signs, pattern", [
    ((1, 1, 1), "+++"), ((1, 1, -1), "++-"), ((1, -1, -1), "+--"), ((-1, -1, -1), "---"),
])
def test_each_triangle_pattern(signs, pattern):
    G = nx.Graph()
    for (u, v), sign in zip([("a", "b"), ("b", "c"), ("a", "c")], signs):
        G.add_edge(u, v, sign=sign)
    result = balance(G)
    assert result["triangle_signs"] == {p: int(p == pattern) for p in ("+++", "++-", "+--", "---")}
    balanced = pattern in ("+++", "+--")
    assert result["triangle_index"] == float(balanced)
    assert result["frustration"] == int(not balanced)


def _triangles_by_brute_force(G):
    counts = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    for a, b, c in itertools.combinations(G, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and G.has_edge(a, c):
            negative = sum(G.edges[e]["sign"] < 0 for e in [(a, b), (b, c), (a, c)])
            counts[("+++", "++-", "+--", "---")[negative]] += 1
    return counts


def _walk_index_by_expm(G):
    """Estrada & Benzi's index as Tr(exp(A)) / Tr(exp(|A|)), without eigenvalues."""
    from scipy.linalg import expm

    A = nx.to_numpy_array(G, weight="sign")
    return expm(A).trace() / expm(abs(A)).trace()


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_agrees_with_definitions(data, graphs, brute_force):
    G = data.draw(graphs(9, mixed=True, loops=True))
    result = balance(G)
    counts = _triangles_by_brute_force(G)
    assert result["triangle_signs"] == counts
    assert result["triangles"] == sum(counts.values())
    assert result["edges"] == G.number_of_edges()
    assert result["frustration"] == brute_force(G, 2) and result["frustration_exact"]
    if G:
        assert result["walk_index"] == pytest.approx(_walk_index_by_expm(G), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_balanced_graphs_score_one(data, graphs):
    """Signs from a 2-colouring: every triangle and closed walk is balanced (a switching
    turns A into |A|, so the two spectra are equal)."""
    G = data.draw(graphs(10, mixed=True, balanced=True))
    result = balance(G)
    assert result["frustration"] == 0
    assert result["triangle_index"] in (None, 1.0)
    assert result["normalised_frustration"] in (None, 1.0)
    assert result["walk_index"] is None or result["walk_index"] == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_input_unchanged_and_deterministic(data, graphs, unchanged):
    G = data.draw(graphs(9, mixed=True, loops=True))
    with unchanged(G):
        assert balance(G) == balance(G)


def test_empty_and_edgeless_graphs():
    empty = balance(nx.Graph())
    assert empty == {"edges": 0, "triangles": 0,
                     "triangle_signs": {"+++": 0, "++-": 0, "+--": 0, "---": 0},
                     "triangle_index": None, "frustration": 0, "frustration_exact": True,
                     "normalised_frustration": None, "walk_index": None}
    assert balance(nx.empty_graph(3))["walk_index"] == 1.0


def test_one_negative_edge_is_balanced():
    G = nx.Graph()
    G.add_edge("a", "b", sign=-1)
    result = balance(G)
    assert (result["frustration"], result["normalised_frustration"]) == (0, 1.0)
    assert result["triangle_index"] is None


def test_walk_index_is_left_out_for_large_graphs(tribes, monkeypatch):
    monkeypatch.setattr(balance_module, "WALK_NODES", 15)
    assert balance(tribes)["walk_index"] is None


@pytest.mark.parametrize("attrs, message", [
    ({}, "edge (1, 2) has no 'sign' attribute"),
    ({"sign": 0}, "edge (1, 2) has sign 0"),
    ({"sign": "+"}, "edge (1, 2) has sign '+'"),
    ({"sign": True}, "edge (1, 2) has sign True"),
    ({"sign": 1.0}, "edge (1, 2) has sign 1.0"),
    ({"sign": None}, "edge (1, 2) has sign None"),
])
def test_invalid_signs_name_the_edge(attrs, message):
    G = nx.Graph()
    G.add_edge(1, 0, sign=1)
    G.add_edge(2, 1, **attrs)
    with pytest.raises(SignError, match=re.escape(message)) as raised:
        balance(G)
    assert isinstance(raised.value, nx.NetworkXError) and isinstance(raised.value, ValueError)


def test_numpy_integer_signs_are_accepted():
    np = pytest.importorskip("numpy")
    G = nx.Graph()
    G.add_edge("a", "b", sign=np.int64(-1))
    assert balance(G)["frustration"] == 0


def test_every_invalid_edge_is_counted():
    G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    with pytest.raises(SignError, match=r"edge \(1, 2\).*\(2 other edges are invalid too\)"):
        balance(G)


@pytest.mark.parametrize("G", [nx.DiGraph([(1, 2, {"sign": 1})]),
                               nx.MultiGraph([(1, 2, {"sign": 1})])])
def test_directed_and_multigraphs_are_refused(G):
    with pytest.raises(nx.NetworkXNotImplemented):
        balance(G)
