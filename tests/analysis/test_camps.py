"""camps() and frustrated_edges(): published optima, brute force, and edge cases."""

from __future__ import annotations

import importlib
import itertools
import random
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.analysis import CampsResult, SignError, camps, frustrated_edges

camps_module = importlib.import_module("actorgraph.analysis.camps")

MINORITY = {"GAVEV", "KOTUN", "NAGAD", "GAMA"}
# tests/data/highland-tribes.README.md, "Values computed here"
FRUSTRATED = [("ASARO", "SEUVE", -1), ("GAHUK", "NOTOH", -1), ("GAHUK", "UHETO", -1),
              ("GEHAM", "KOHIK", -1), ("GEHAM", "NOTOH", -1), ("GEHAM", "UHETO", -1),
              ("SEUVE", "UKUDZ", -1)]
# UCINET row order, the order of signnet's membership vector
UCINET = ["GAVEV", "KOTUN", "OVE", "ALIKA", "NAGAM", "GAHUK", "MASIL", "UKUDZ", "NOTOH",
          "KOHIK", "GEHAM", "ASARO", "UHETO", "SEUVE", "NAGAD", "GAMA"]


def _check(G: nx.Graph, result: CampsResult, k: int) -> None:
    """What every result must satisfy, whatever the graph."""
    assert sorted(len(c) for c in result.partition) == [len(c) for c in result.partition][::-1]
    tied = {n for n in G if any(m != n for m in G[n])}
    assert 0 < len(result.partition) <= k or not tied
    assert all(result.partition)
    assert {n: i for i, c in enumerate(result.partition) for n in c} == result.membership
    assert set(result.membership) == tied
    assert set(result.unplaced) == set(G) - tied
    assert frustrated_edges(G, result.membership) == result.frustrated
    assert result.frustration == len(result.frustrated)
    assert 0 <= result.bound <= result.frustration
    assert result.exact == (result.bound == result.frustration)


def test_highland_tribes_two_camps(tribes):
    """L = 7, with a unique optimal bipartition and its 7 frustrated edges (all negative,
    inside the 12-tribe camp): tests/data/highland-tribes.README.md. Published as signnet's
    ``balance_score(tribes, method = "frustration")`` = 0.7586207 = 1 - 7/29 (signnet
    README, https://github.com/schochastics/signnet)."""
    result = camps(tribes)
    _check(tribes, result, 2)
    assert (result.frustration, result.bound, result.exact, result.method) == (7, 7, True, "optimal")
    assert result.partition == [set(tribes) - MINORITY, MINORITY]
    assert result.frustrated == FRUSTRATED


def test_highland_tribes_three_camps(tribes):
    """signnet README: ``signed_blockmodel(tribes, k = 3, alpha = 0.5)`` prints membership
    ``3 3 2 2 1 2 2 2 1 1 2 2 1 1 3 3`` and criterion 2; DataLab12/graphC's
    highland_ground_truth_k3.csv is the same partition. It is the unique optimum, and both
    errors are positive ties between clusters (tests/data/highland-tribes.README.md)."""
    signnet = [3, 3, 2, 2, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 3, 3]
    expected = [{t for t, c in zip(UCINET, signnet) if c == label} for label in (2, 1, 3)]
    result = camps(tribes, k=3)
    _check(tribes, result, 3)
    assert (result.frustration, result.exact) == (2, True)
    assert result.partition == expected  # sizes 7, 5, 4
    assert result.frustrated == [("MASIL", "NAGAM", 1), ("MASIL", "UHETO", 1)]


@pytest.mark.parametrize("k, errors", [(1, 29), (2, 7), (3, 2), (4, 2), (5, 2)])
def test_highland_tribes_errors_by_number_of_camps(tribes, k, errors):
    """tests/data/highland-tribes.README.md, "Clustering with more than two camps"."""
    result = camps(tribes, k=k)
    _check(tribes, result, k)
    assert (result.frustration, result.exact) == (errors, True)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_two_camps_equal_brute_force(data, graphs, brute_force):
    G = data.draw(graphs(10, mixed=True, loops=True))
    result = camps(G)
    _check(G, result, 2)
    assert result.exact and result.frustration == brute_force(G, 2)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), k=st.integers(3, 4))
def test_more_camps_equal_brute_force(data, k, graphs, brute_force):
    G = data.draw(graphs(7, loops=True))
    result = camps(G, k=k)
    _check(G, result, k)
    assert result.exact and result.frustration == brute_force(G, k)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 3))
def test_local_search_alone_is_bounded_and_honest(data, k, graphs, brute_force):
    G = data.draw(graphs(8))
    result = camps(G, k=k, exact=False)
    _check(G, result, k)
    assert result.bound <= brute_force(G, k) <= result.frustration
    assert result.method == ("optimal" if result.exact else "heuristic")


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 3))
def test_balanced_graphs_have_no_frustration(data, k, graphs):
    G = data.draw(graphs(10, mixed=True, balanced=True))
    result = camps(G, k=k)
    assert (result.frustration, result.exact) == (0, True)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 3))
def test_deterministic_and_input_unchanged(data, k, graphs, unchanged):
    G = data.draw(graphs(10, mixed=True, loops=True))
    with unchanged(G):
        first = camps(G, k=k)
        assert camps(G, k=k) == first
    rebuilt = nx.Graph()  # the same graph, built in the opposite order
    rebuilt.add_nodes_from(reversed(list(G)))
    rebuilt.add_edges_from((v, u, d) for u, v, d in reversed(list(G.edges(data=True))))
    assert camps(rebuilt, k=k) == first


def test_planted_blocs_are_proven_beyond_brute_force():
    """90 nodes in three planted blocs (ties mostly inside a bloc, positive inside and
    negative across, 10% of signs flipped), ~530 edges: far past brute force, the cutting
    planes (or HiGHS) still prove the optimum, for two camps and for three."""
    rng = random.Random(0)
    G = nx.Graph()
    for u, v in itertools.combinations(range(90), 2):
        same = u % 3 == v % 3
        if rng.random() < (0.3 if same else 0.05):
            G.add_edge(u, v, sign=(1 if same else -1) * (-1 if rng.random() < 0.1 else 1))
    for k in (2, 3):
        result = camps(G, k=k)
        _check(G, result, k)
        assert result.exact and result.method == "optimal"


def test_time_limit_returns_the_local_search_honestly(tribes):
    result = camps(tribes, time_limit=0)
    _check(tribes, result, 2)
    assert result.method == "time-limit" and not result.exact and result.bound == 0
    assert camps(tribes, time_limit=0) == result


def test_blocks_above_the_size_limit_use_the_local_search(tribes, monkeypatch):
    monkeypatch.setattr(camps_module, "EXACT_EDGES", 10)
    result = camps(tribes)
    assert result.method == "heuristic" and result.frustration >= 7
    assert camps(tribes, exact=True).exact


def test_blocks_join_at_cut_nodes():
    """Two unbalanced triangles sharing node 'c', with trees hung on bridges of both signs:
    each triangle frustrates one edge, the bridges none, so L = 2 (blocks add up)."""
    G = nx.Graph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")], sign=1)
    G.add_edges_from([("a", "c"), ("c", "e"), ("e", "f"), ("f", "g"), ("a", "h")], sign=-1)
    result = camps(G)
    _check(G, result, 2)
    assert (result.frustration, result.exact) == (2, True)
    assert result.membership["e"] != result.membership["f"] != result.membership["g"]
    assert result.membership["e"] == result.membership["g"]


def test_components_and_isolated_nodes():
    """Components are solved apart; isolated nodes are unplaced: nothing ties them to a
    camp (issue 14: the GNA's own leader was put in Haftar's camp for want of a signed tie)."""
    G = nx.Graph()
    G.add_nodes_from(["lone", 7])
    G.add_edge("a", "b", sign=-1)
    G.add_edges_from([("c", "d"), ("d", "e")], sign=1)
    result = camps(G)
    _check(G, result, 2)
    assert result.frustration == 0 and result.exact
    assert result.partition[0] >= {"c", "d", "e"}
    assert result.unplaced == ["lone", 7] or set(result.unplaced) == {"lone", 7}
    assert "lone" not in result.membership
    assert result.membership["a"] != result.membership["b"]


@pytest.mark.parametrize("sign, frustrated", [(1, []), (-1, [])])
def test_one_edge(sign, frustrated):
    G = nx.Graph()
    G.add_edge("u", "v", sign=sign)
    result = camps(G)
    assert result.frustrated == frustrated and result.exact
    assert len(result.partition) == (1 if sign > 0 else 2)


def test_empty_graph():
    assert camps(nx.Graph()) == CampsResult([], {}, [], 0, True, 0, "optimal", [])


def test_negative_self_loops_are_always_frustrated():
    G = nx.Graph()
    G.add_edge("a", "a", sign=-1)
    G.add_edge("a", "b", sign=1)
    G.add_edge("b", "b", sign=1)
    result = camps(G)
    assert result.frustrated == [("a", "a", -1)] and result.bound == 1 and result.exact


def test_mixed_node_types_are_ordered_without_comparing_them():
    G = nx.Graph()
    G.add_edge(10, "x", sign=1)
    G.add_edge(2, "x", sign=-1)
    G.add_edge(10, (1, "t"), sign=-1)
    G.add_edge(2, 10, sign=-1)
    result = camps(G)
    assert result.frustration == 0
    assert result.partition == [{2, (1, "t")}, {10, "x"}]  # same size: 2 ranks first


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "2"])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(ValueError, match="k must be a positive integer"):
        camps(nx.Graph(), k=k)


def test_invalid_sign_names_the_edge():
    G = nx.Graph()
    G.add_edge("a", "b", sign=1)
    G.add_edge("b", "c", sign=2)
    with pytest.raises(SignError, match=r"edge \('b', 'c'\) has sign 2"):
        camps(G)


@pytest.mark.parametrize("G", [nx.DiGraph([(1, 2, {"sign": 1})]),
                               nx.MultiGraph([(1, 2, {"sign": 1})])])
def test_directed_and_multigraphs_are_refused(G):
    with pytest.raises(nx.NetworkXNotImplemented):
        camps(G)


def test_frustrated_edges_takes_any_labels_and_needs_every_tied_node():
    G = nx.Graph()
    G.add_edge("a", "b", sign=1)
    G.add_edge("b", "c", sign=-1)
    G.add_node("lone")
    assert frustrated_edges(G, {"a": "x", "b": "y", "c": "y"}) == [("a", "b", 1), ("b", "c", -1)]
    with pytest.raises(ValueError, match="node 'c' has no camp"):
        frustrated_edges(G, {"a": 0, "b": 0})


def test_importing_the_package_leaves_numpy_and_scipy_for_later():
    code = "import sys, actorgraph.analysis; print(sorted({'numpy', 'scipy'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
