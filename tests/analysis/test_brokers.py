"""brokers(): cross-camp betweenness (Brandes 2008) against its definition."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.analysis import SignError, brokers, camps


def _by_definition(G, membership):
    """Mean share of shortest paths through each node over cross-camp pairs without it (an
    actor in no camp, with no tie, is in no cross-camp pair)."""
    H = nx.Graph(G.edges)
    H.add_nodes_from(G)
    H.remove_edges_from(nx.selfloop_edges(H))
    H.remove_nodes_from([n for n in G if n not in membership])
    through = dict.fromkeys(H, 0.0)
    pairs = dict.fromkeys(H, 0)
    for s, t in itertools.combinations(H, 2):
        if membership[s] == membership[t]:
            continue
        paths = list(nx.all_shortest_paths(H, s, t)) if nx.has_path(H, s, t) else []
        for v in H:
            if v not in (s, t):
                pairs[v] += 1
                if paths:
                    through[v] += sum(v in p for p in paths) / len(paths)
    return {v: through[v] / pairs[v] if pairs[v] else 0.0 for v in H}


def test_a_hub_between_two_blocs_carries_every_path():
    """'m' is allied to one bloc and hostile to the other, which have no other contact:
    every path between the camps runs through it (score 1)."""
    G = nx.Graph()
    G.add_edges_from([("a1", "a2"), ("b1", "b2"), ("m", "a1"), ("m", "a2")], sign=1)
    G.add_edges_from([("m", "b1"), ("m", "b2")], sign=-1)
    assert brokers(G) == [{"actor": "m", "camp": 0, "score": 1.0, "cross_ties": 0}]


def test_cross_camp_alliances_are_counted(tribes):
    """Highland Tribes with three clusters: the two frustrated edges are alliances across
    clusters (MASIL-NAGAM, MASIL-UHETO; signnet README's blockmodel, criterion 2)."""
    result = camps(tribes, k=3)
    rows = {r["actor"]: r for r in brokers(tribes, result)}
    assert {a: r["cross_ties"] for a, r in rows.items() if r["cross_ties"]} == {
        "MASIL": 2, "NAGAM": 1, "UHETO": 1}
    expected = _by_definition(tribes, result.membership)
    assert all(r["score"] == pytest.approx(expected[a]) for a, r in rows.items())


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 3))
def test_agrees_with_the_definition(data, k, graphs, unchanged):
    G = data.draw(graphs(8, mixed=True, loops=True))
    with unchanged(G):
        result = camps(G, k=k)
        rows = brokers(G, result)
        assert brokers(G, result) == rows
    expected = _by_definition(G, result.membership)
    assert set(result.unplaced) == {v for v in G if all(u == v for u in G[v])}
    assert {r["actor"] for r in rows} == {
        v for v in expected if expected[v] > 1e-12 or any(
            s > 0 and u != v and result.membership[u] != result.membership[v]
            for u, s in ((u, G.edges[v, u]["sign"]) for u in G[v]))}
    for row in rows:
        assert row["score"] == pytest.approx(expected[row["actor"]])
        assert 0 <= row["score"] <= 1 + 1e-12
        assert row["camp"] == result.membership[row["actor"]]
    scores = [r["score"] for r in rows]  # by score, ties (to 12 decimals) in node order
    assert all(a >= b - 1e-12 for a, b in zip(scores, scores[1:]))


def test_default_camps_are_two():
    G = nx.Graph()
    G.add_edges_from([(1, 2), (2, 3)], sign=-1)
    assert brokers(G) == brokers(G, camps(G))


def test_one_camp_has_no_brokers():
    G = nx.Graph()
    G.add_edges_from([(1, 2), (2, 3)], sign=1)
    assert brokers(G) == [] and brokers(nx.Graph()) == []


def test_camps_must_cover_the_graph():
    G = nx.Graph()
    G.add_edge("a", "b", sign=1)
    partial = camps(G)
    G.add_node("lone")  # no tie: in no camp, and rightly so
    assert [r["actor"] for r in brokers(G, partial)] == []
    G.add_edge("c", "a", sign=-1)
    with pytest.raises(ValueError, match="node 'c' is in no camp"):
        brokers(G, partial)


def test_invalid_sign_names_the_edge():
    G = nx.Graph()
    G.add_edge("a", "b", sign=-2)
    with pytest.raises(SignError, match=r"edge \('a', 'b'\) has sign -2"):
        brokers(G)
