"""camps(): exact, deterministic, published optima; agrees with brute force."""

from __future__ import annotations

import itertools

import networkx as nx
from _strategies import signed_graphs
from hypothesis import given, settings

from actorgraph.analysis import camps, frustrated_edges

TRIBES_MINORITY = {"GAVEV", "KOTUN", "NAGAD", "GAMA"}
TRIBES_FRUSTRATED = {frozenset(p) for p in [
    ("GAHUK", "NOTOH"), ("GAHUK", "UHETO"), ("UKUDZ", "SEUVE"), ("NOTOH", "GEHAM"),
    ("KOHIK", "GEHAM"), ("GEHAM", "UHETO"), ("ASARO", "SEUVE")]}


def test_highland_tribes_two_camps(tribes):
    """L = 7 with a unique optimal bipartition (tests/data/highland-tribes.README.md;
    agrees with signnet's frustration score 0.7586207 = 1 - 7/29)."""
    result = camps(tribes)
    assert result.exact and result.frustration == 7 and result.bound == 7
    assert set(map(frozenset, result.partition)) == {
        frozenset(TRIBES_MINORITY), frozenset(set(tribes) - TRIBES_MINORITY)}
    assert {frozenset((u, v)) for u, v, _ in result.frustrated} == TRIBES_FRUSTRATED
    assert all(sign == -1 for *_, sign in result.frustrated)


def test_highland_tribes_three_clusters(tribes):
    """signnet README: ``signed_blockmodel(tribes, k = 3, alpha = 0.5)`` gives membership
    3 3 2 2 1 2 2 2 1 1 2 2 1 1 3 3 and criterion 2 (also graphC's k = 3 ground truth)."""
    result = camps(tribes, k=3)
    assert result.exact and result.frustration == 2
    assert set(map(frozenset, result.partition)) == {
        frozenset({"GAVEV", "KOTUN", "NAGAD", "GAMA"}),
        frozenset({"OVE", "ALIKA", "GAHUK", "MASIL", "UKUDZ", "GEHAM", "ASARO"}),
        frozenset({"NAGAM", "NOTOH", "KOHIK", "UHETO", "SEUVE"})}
    assert {frozenset((u, v)) for u, v, _ in result.frustrated} == {
        frozenset(("NAGAM", "MASIL")), frozenset(("MASIL", "UHETO"))}


def _brute_force(G, k):
    nodes = list(G)
    if not nodes:
        return 0
    best = None
    for labels in itertools.product(range(k), repeat=len(nodes) - 1):
        membership = dict(zip(nodes, (0, *labels)))
        value = sum((d["sign"] > 0) != (membership[u] == membership[v])
                    for u, v, d in G.edges(data=True))
        best = value if best is None else min(best, value)
    return best


@settings(max_examples=80, deadline=None)
@given(signed_graphs(max_nodes=9))
def test_two_camps_equal_brute_force(G):
    result = camps(G)
    assert result.exact
    assert result.frustration == _brute_force(G, 2)
    assert frustrated_edges(G, result.membership) == result.frustrated
    assert set().union(*result.partition) == set(G) if G else result.partition == []


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=7))
def test_three_clusters_equal_brute_force(G):
    result = camps(G, k=3)
    assert result.exact
    assert result.frustration == _brute_force(G, 3)
    assert len(result.partition) <= 3


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=9))
def test_heuristic_is_an_upper_bound(G):
    """Without the integer program, blocks are solved by the heuristic; bridges and trivial
    blocks are still exact, and an ``exact`` claim must then be true."""
    result = camps(G, exact=False)
    optimum = _brute_force(G, 2)
    assert result.bound <= optimum <= result.frustration
    assert not result.exact or result.frustration == optimum


@settings(max_examples=40, deadline=None)
@given(signed_graphs())
def test_deterministic_and_input_untouched(G):
    before = nx.node_link_data(G, edges="edges")
    first, second = camps(G), camps(G)
    assert first == second
    assert nx.node_link_data(G, edges="edges") == before


def test_isolated_nodes_and_components():
    G = nx.Graph()
    G.add_nodes_from(["lone"])
    G.add_edge("a", "b", sign=-1)
    G.add_edge("c", "d", sign=1)
    result = camps(G)
    assert result.frustration == 0 and result.exact
    assert result.membership["a"] != result.membership["b"]
    assert result.membership["c"] == result.membership["d"]
    assert "lone" in result.membership


def test_mixed_node_types_do_not_break_ordering():
    G = nx.Graph()
    G.add_edge(1, "one", sign=1)
    G.add_edge(2, "one", sign=-1)
    G.add_edge(1, 2, sign=-1)
    assert camps(G).frustration == 0


def test_bridges_between_blocks_are_always_satisfied():
    """A core triangle with leaves hung on bridges of both signs: only the core frustrates."""
    G = nx.Graph()
    G.add_edges_from([("x", "y"), ("y", "z")], sign=1)
    G.add_edge("x", "z", sign=-1)
    G.add_edge("z", "leaf+", sign=1)
    G.add_edge("leaf+", "leaf-", sign=-1)
    G.add_edge("x", "far", sign=-1)
    result = camps(G)
    assert result.frustration == 1
    assert all(frozenset(e[:2]) <= {"x", "y", "z"} for e in result.frustrated)


def test_empty_graph():
    result = camps(nx.Graph())
    assert result.partition == [] and result.frustration == 0 and result.exact
