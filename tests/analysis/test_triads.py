"""enemy_of_enemy(): Heider's rule on open triads, pooled and ranked."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.analysis import SignError, enemy_of_enemy


@pytest.mark.parametrize("first, second, predicted", [
    (-1, -1, 1),  # the enemy of my enemy is my friend
    (-1, 1, -1),  # the friend of my enemy is my enemy
    (1, -1, -1),  # the enemy of my friend is my enemy
    (1, 1, 1),  # the friend of my friend is my friend
])
def test_heider_rule(first, second, predicted):
    """Heider (1946); Cartwright & Harary (1956): a triangle is balanced when the product
    of its signs is positive, so an open triad predicts that product."""
    G = nx.Graph()
    G.add_edge("u", "w", sign=first)
    G.add_edge("w", "v", sign=second)
    assert enemy_of_enemy(G) == [
        {"u": "u", "v": "v", "predicted": predicted, "support": 1, "against": 0, "via": ["w"]}]


def test_intermediaries_are_pooled_and_ties_predict_enmity():
    G = nx.Graph()
    G.add_edges_from([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b")], sign=-1)  # 2 say +
    G.add_edge("a", "z", sign=1)
    G.add_edge("z", "b", sign=-1)  # 1 says -
    G.add_edge("c", "x", sign=1)
    G.add_edge("c", "y", sign=-1)  # c - b: x says -, y says +: a tie
    G.add_edge("x", "y", sign=1)
    rows = {(r["u"], r["v"]): r for r in enemy_of_enemy(G)}
    assert rows["a", "b"] == {"u": "a", "v": "b", "predicted": 1, "support": 2, "against": 1,
                              "via": ["x", "y", "z"]}
    assert rows["b", "c"] == {"u": "b", "v": "c", "predicted": -1, "support": 1, "against": 1,
                              "via": ["x", "y"]}
    assert ("x", "y") not in rows and ("a", "c") in rows


def test_linked_pairs_are_never_predicted(tribes):
    rows = enemy_of_enemy(tribes)
    assert rows and not any(tribes.has_edge(r["u"], r["v"]) for r in rows)
    assert rows[0]["support"] - rows[0]["against"] == 5  # the strongest: five intermediaries


def _by_brute_force(G):
    rows = {}
    for u, v in itertools.combinations(G, 2):
        if G.has_edge(u, v) or u == v:
            continue
        votes = [G.edges[u, w]["sign"] * G.edges[w, v]["sign"]
                 for w in G if w not in (u, v) and G.has_edge(u, w) and G.has_edge(w, v)]
        if votes:
            rows[frozenset((u, v))] = (votes.count(1), votes.count(-1))
    return rows


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_agrees_with_brute_force_and_is_ordered(data, graphs, unchanged):
    G = data.draw(graphs(9, mixed=True, loops=True))
    with unchanged(G):
        rows = enemy_of_enemy(G)
        assert enemy_of_enemy(G) == rows
    expected = _by_brute_force(G)
    assert len(rows) == len(expected)
    for row in rows:
        positive, negative = expected[frozenset((row["u"], row["v"]))]
        assert row["predicted"] == (1 if positive > negative else -1)
        assert (row["support"], row["against"]) == (max(positive, negative), min(positive, negative))
        assert set(row["via"]) == set(nx.common_neighbors(G, row["u"], row["v"])) - {row["u"], row["v"]}
    margins = [r["support"] - r["against"] for r in rows]
    assert margins == sorted(margins, reverse=True)


def test_mixed_labels_are_ordered_without_comparing_them():
    G = nx.Graph()
    G.add_edge(1, "hub", sign=-1)
    G.add_edge(("t", 0), "hub", sign=-1)
    G.add_edge("a", "hub", sign=1)
    rows = enemy_of_enemy(G)
    # equal margins: by node order, ints before strings before tuples
    assert [(r["u"], r["v"], r["predicted"]) for r in rows] == [
        (1, "a", -1), (1, ("t", 0), 1), ("a", ("t", 0), -1)]


def test_invalid_sign_names_the_edge():
    G = nx.Graph()
    G.add_edge("a", "b")
    with pytest.raises(SignError, match=r"edge \('a', 'b'\)"):
        enemy_of_enemy(G)
