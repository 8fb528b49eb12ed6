"""enemy_of_enemy() and brokers() on small graphs whose answers can be read off by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from actorgraph.analysis import brokers, camps, enemy_of_enemy


@pytest.mark.parametrize("first, second, predicted", [
    (-1, -1, 1),   # the enemy of my enemy is my friend
    (1, -1, -1),   # the friend of my enemy is my enemy
    (1, 1, 1),     # the friend of my friend is my friend
])
def test_enemy_of_enemy_predicts_by_heider(first, second, predicted):
    """Heider (1946): a closed triad is balanced when the product of its signs is positive."""
    G = nx.Graph()
    G.add_edge("u", "w", sign=first)
    G.add_edge("w", "v", sign=second)
    assert enemy_of_enemy(G) == [{"u": "u", "v": "v", "predicted": predicted, "support": 1,
                                  "against": 0, "via": ["w"]}]


def test_enemy_of_enemy_pools_intermediaries_and_skips_linked_pairs():
    G = nx.Graph()
    G.add_edges_from([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b")], sign=-1)
    G.add_edge("a", "z", sign=1)
    G.add_edge("z", "b", sign=-1)
    G.add_edge("x", "y", sign=1)
    rows = {(r["u"], r["v"]): r for r in enemy_of_enemy(G)}
    assert rows[("a", "b")]["predicted"] == 1
    assert (rows[("a", "b")]["support"], rows[("a", "b")]["against"]) == (2, 1)
    assert ("x", "y") not in rows  # already linked


def test_brokers_find_the_actor_allied_across_camps():
    """Two hostile blocs; 'm' is allied with both 'a1' and 'b1' (Burt's structural hole)."""
    G = nx.Graph()
    G.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"),
                      ("b1", "b3"), ("m", "a1"), ("m", "b1")], sign=1)
    G.add_edges_from([("a3", "b3"), ("a2", "b2")], sign=-1)
    result = camps(G)
    rows = {r["actor"]: r for r in brokers(G, result)}
    ally_across = "b1" if result.membership["m"] == result.membership["a1"] else "a1"
    assert rows["m"]["cross_ties"] == 1 and rows[ally_across]["cross_ties"] == 1
    assert rows["m"]["score"] > 0
    scores = [r["score"] for r in brokers(G, result)]
    assert scores == sorted(scores, reverse=True)


def test_brokers_of_a_balanced_two_bloc_graph_are_the_paths_between_them(tribes):
    rows = brokers(tribes)
    assert rows and all(0 <= r["score"] <= 1 for r in rows)
    assert {r["actor"] for r in rows} <= set(tribes)
