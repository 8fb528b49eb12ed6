"""The local-search heuristic behind :func:`~actorgraph.analysis.camps`.

Nodes are the integers ``0..n-1`` and edges ``(i, j, sign)`` with ``i != j``; a
labelling puts each node in one of ``k`` clusters, and its errors are the positive
edges between clusters plus the negative edges inside one.

1. **Two starts.** *Greedy*: visit the nodes breadth-first from the
   highest-degree node, and put each into the cluster with the largest net tie
   (positive minus negative ties) to the nodes already placed, or into a new one
   (while fewer than ``k`` are open) when no net tie is positive; on a balanced
   (``k = 2``) or clusterable graph this is already optimal. *Grouped*: find
   clusters without a limit on their number by Louvain-style local moves and
   contraction (Blondel et al. 2008, on this error count), then place the
   clusters as wholes into ``k`` by the greedy rule and step 2 on the contracted
   graph; this moves whole blocs, which single-node moves cannot.
2. **Fiduccia-Mattheyses passes** (the linear-time form of Kernighan-Lin): move
   the unlocked node with the best gain, even a negative one, to its best cluster,
   lock it, and keep the best prefix of the pass; repeat while a pass gains.
3. **Iterated local search** from the better start: relabel a random tenth of the
   nodes of the best labelling at random, repeat step 2, keep the result if it
   has fewer errors.

Groups known to belong together (from a linear relaxation, see :mod:`._exact`)
are placed as in the grouped start. Ties are broken by node index, perturbations
drawn from ``random.Random(seed)``: the result depends only on the input and seed.
"""

from __future__ import annotations

import heapq
import random
from collections import deque

__all__ = ["errors", "from_groups", "local_search"]


def errors(edges: list[tuple[int, int, int]], labels: list[int]) -> int:
    """The positive edges between clusters plus the negative edges inside one."""
    return sum((labels[i] == labels[j]) != (s > 0) for i, j, s in edges)


def _adjacency(n: int, edges) -> list[list[tuple[int, int]]]:
    """Neighbours with weights: positive minus negative edges between the two nodes."""
    weight: dict[tuple[int, int], int] = {}
    for i, j, s in edges:
        if i != j:
            key = (i, j) if i < j else (j, i)
            weight[key] = weight.get(key, 0) + s
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for (i, j), w in sorted(weight.items()):
        if w:
            adj[i].append((j, w))
            adj[j].append((i, w))
    return adj


class _Labelling:
    """Labels, cluster sizes, and each node's net tie to every cluster."""

    def __init__(self, adj: list[list[tuple[int, int]]], k: int, labels: list[int]):
        self.adj, self.k, self.labels = adj, k, labels
        self.size = [0] * k
        self.net = [[0] * k for _ in adj]
        for v, ties in enumerate(adj):
            self.size[labels[v]] += 1
            row = self.net[v]
            for w, s in ties:
                row[labels[w]] += s

    def best_move(self, v: int) -> tuple[int, int | None]:
        """The largest fall in errors from moving ``v`` (may be negative), and where to."""
        here = self.labels[v]
        row = self.net[v]
        gain, target, opened = 0, None, False
        for c in range(self.k):
            if c == here:
                continue
            if self.size[c] == 0:  # one empty cluster stands for all of them
                if opened or self.size[here] == 1:
                    continue
                opened = True
            g = row[c] - row[here]
            if target is None or g > gain:
                gain, target = g, c
        return gain, target

    def move(self, v: int, c: int) -> None:
        here = self.labels[v]
        self.labels[v] = c
        self.size[here] -= 1
        self.size[c] += 1
        for w, s in self.adj[v]:
            row = self.net[w]
            row[here] -= s
            row[c] += s

    def fm_pass(self) -> int:
        """One Fiduccia-Mattheyses pass; returns how many errors it removed."""
        heap = []
        for v in range(len(self.adj)):
            gain, target = self.best_move(v)
            if target is not None:
                heap.append((-gain, v))
        heapq.heapify(heap)
        locked = bytearray(len(self.adj))
        moves: list[tuple[int, int]] = []
        total = best = best_len = 0
        while heap:
            stale, v = heapq.heappop(heap)
            if locked[v]:
                continue
            gain, target = self.best_move(v)
            if target is None:
                continue
            if gain != -stale:
                heapq.heappush(heap, (-gain, v))
                continue
            moves.append((v, self.labels[v]))
            self.move(v, target)
            locked[v] = 1
            total += gain
            if total > best:
                best, best_len = total, len(moves)
            for w, _ in self.adj[v]:
                if not locked[w]:
                    gain, target = self.best_move(w)
                    if target is not None:
                        heapq.heappush(heap, (-gain, w))
        for v, c in reversed(moves[best_len:]):
            self.move(v, c)
        return best

    def improve(self) -> list[int]:
        while self.fm_pass() > 0:
            pass
        return self.labels


def _greedy(adj: list[list[tuple[int, int]]], k: int) -> list[int]:
    n = len(adj)
    labels = [-1] * n
    opened = 0
    for start in sorted(range(n), key=lambda v: -len(adj[v])):
        if labels[start] >= 0:
            continue
        queue = deque([start])
        seen = {start}
        while queue:
            v = queue.popleft()
            net = [0] * max(opened, 1)
            for w, s in adj[v]:
                if labels[w] >= 0:
                    net[labels[w]] += s
                elif w not in seen:
                    seen.add(w)
                    queue.append(w)
            c = max(range(len(net)), key=lambda c: (net[c], -c))
            if opened < k and (opened == 0 or net[c] <= 0):
                c, opened = opened, opened + 1
            labels[v] = c
    return labels


def _groups(adj: list[list[tuple[int, int]]]) -> list[int]:
    """Clusters without a limit on their number, Louvain-style: move each node to the
    neighbouring cluster it has the largest net tie to, until none moves; contract the
    clusters into nodes and repeat, until nothing merges. Returns each node's cluster."""
    group = list(range(len(adj)))
    while True:
        labels = list(range(len(adj)))
        moved = True
        while moved:
            moved = False
            for v, ties in enumerate(adj):
                net: dict[int, int] = {}
                for w, s in ties:
                    net[labels[w]] = net.get(labels[w], 0) + s
                best = max(net, key=lambda c: (net[c], -c), default=labels[v])
                if net.get(best, 0) > net.get(labels[v], 0):
                    labels[v], moved = best, True
        ids: dict[int, int] = {}
        labels = [ids.setdefault(c, len(ids)) for c in labels]
        if len(ids) == len(adj):
            return group
        group = [labels[g] for g in group]
        adj = _adjacency(len(ids), [(labels[v], labels[w], s)
                                    for v, ties in enumerate(adj) for w, s in ties if v < w])


def _search(adj, edges, k: int, labels: list[int], seed: int, restarts: int) -> list[int]:
    best = _Labelling(adj, k, labels).improve()
    best_errors = errors(edges, best)
    rng = random.Random(seed)
    n = len(adj)
    for _ in range(restarts):
        if best_errors == 0:
            break
        labels = best[:]
        for v in rng.sample(range(n), max(1, n // 10)):
            labels[v] = rng.randrange(k)
        _Labelling(adj, k, labels).improve()
        found = errors(edges, labels)
        if found < best_errors:
            best, best_errors = labels, found
    return best


def local_search(n: int, edges, k: int, seed: int, restarts: int) -> list[int]:
    """A labelling of ``0..n-1`` with at most ``k`` clusters and few errors."""
    adj = _adjacency(n, edges)
    start = _Labelling(adj, k, _greedy(adj, k)).improve()
    grouped = from_groups(n, edges, k, _groups(adj))
    if errors(edges, grouped) < errors(edges, start):
        start = grouped
    return _search(adj, edges, k, start, seed, restarts)


def from_groups(n: int, edges, k: int, group: list[int]) -> list[int]:
    """A labelling that starts by keeping each group (``group[v]``, ``0..g-1``) together."""
    size = max(group) + 1
    contracted = _adjacency(size, [(group[i], group[j], s) for i, j, s in edges])
    placed = _Labelling(contracted, k, _greedy(contracted, k)).improve()
    return _search(_adjacency(n, edges), edges, k, [placed[group[v]] for v in range(n)], 0, 0)
