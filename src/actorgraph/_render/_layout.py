"""Deterministic node positions for the HTML view, computed in Python.

Each connected component starts from a pivot-MDS embedding (Brandes & Pich 2006: classical
scaling of breadth-first distances to a few pivots), so its global shape is right from the
start, and is then tidied by Fruchterman–Reingold forces, vectorised with numpy. In small
components repulsion acts between all pairs, weighted by degree as in ForceAtlas2 so that a
hub's neighbours spread out, and overlapping labels are then pushed apart; in large ones each
node is pushed only by its nearest neighbours (a k-d tree query), which keeps 10,000 nodes
within seconds. The largest component comes first, the others in columns to its right.

The result depends only on the input and ``seed``: the same graph gives the same picture.

>>> pos = positions(3, [(0, 1), (1, 2)], seed=0)
>>> pos.shape, bool((pos == positions(3, [(0, 1), (1, 2)], seed=0)).all())
((3, 2), True)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

__all__ = ["positions"]

EDGE_LENGTH = 150.0  # ideal distance between neighbours, in vis-network canvas units
_EXACT_LIMIT = 600  # components up to this size get all-pairs repulsion
_PIVOTS = 40
_NEIGHBOURS = 10  # in larger components, each node is pushed away from this many nearest ones


def positions(
    n: int, edges: Iterable[tuple[int, int]], *, seed: int = 0, boxes: np.ndarray | None = None
) -> np.ndarray:
    """Lay out ``n`` nodes joined by ``edges`` (pairs of indices); return an ``(n, 2)`` array.

    Parameters
    ----------
    n : int
        Number of nodes, indexed ``0 … n-1``.
    edges : iterable of (int, int)
        Undirected links; duplicates, both orientations and self-loops are allowed.
    seed : int
        Seeds the choice of the first pivot and the jitter that separates look-alike nodes.
    boxes : numpy.ndarray, optional
        ``(n, 2)`` half-width and half-height of each node with its label: in components small
        enough for labels to be read, overlapping boxes are pushed apart.

    Returns
    -------
    numpy.ndarray
        Integer-valued coordinates, centred on the origin.
    """
    if n == 0:
        return np.zeros((0, 2))
    pairs = np.array([(a, b) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    adjacency = coo_matrix(
        (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)
    ).tocsr()
    adjacency = (adjacency + adjacency.T).tocsr()
    count, labels = connected_components(adjacency, directed=False)
    members = sorted(
        (np.flatnonzero(labels == c) for c in range(count)), key=lambda m: (-len(m), m[0])
    )
    rng = np.random.default_rng(seed)
    half = np.zeros((n, 2)) if boxes is None else np.asarray(boxes, dtype=float)
    blocks = [np.zeros((1, 2)) if len(m) == 1 else _component(adjacency[m][:, m], half[m], rng)
              for m in members]
    out = np.zeros((n, 2))
    packed = _pack(blocks, [half[m] for m in members])
    for m, xy in zip(members, packed, strict=True):
        out[m] = xy
    return np.round(out - (out.min(axis=0) + out.max(axis=0)) / 2)


def _component(adjacency, half: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component, centred on the origin."""
    m = adjacency.shape[0]
    if m <= 2:
        gap = max(EDGE_LENGTH, half[:, 0].sum() + 10)
        return np.array([[-gap / 2, 0.0], [gap / 2, 0.0]])[:m] * (m - 1)
    pos = _pivot_mds(adjacency, rng)
    pos += rng.normal(scale=EDGE_LENGTH / 10, size=pos.shape)
    rows, cols = adjacency.nonzero()
    keep = rows < cols
    if m > _EXACT_LIMIT:
        return _forces(pos, rows[keep], cols[keep], iterations=60)
    return _separate(_forces(pos, rows[keep], cols[keep], iterations=120), half)


def _pivot_mds(adjacency, rng: np.random.Generator) -> np.ndarray:
    """Pivot MDS: classical scaling of hop distances to max-min chosen pivots."""
    m = adjacency.shape[0]
    k = min(_PIVOTS, m)
    pivots = [int(rng.integers(m))]
    dist = np.empty((k, m))
    nearest = np.full(m, np.inf)
    for i in range(k):
        dist[i] = shortest_path(adjacency, unweighted=True, indices=pivots[i])
        nearest = np.minimum(nearest, dist[i])
        if i + 1 < k:
            pivots.append(int(np.argmax(nearest)))
    sq = dist.T**2
    centred = sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean()
    centred *= -0.5
    _, vectors = np.linalg.eigh(centred.T @ centred)
    top = vectors[:, ::-1][:, :2]
    top *= np.sign(top[np.argmax(np.abs(top), axis=0), [0, 1]])  # fix the eigenvector signs
    pos = centred @ top
    pos -= pos.mean(axis=0)
    spread = np.sqrt((pos**2).sum(axis=1).mean()) or 1.0
    return pos * (EDGE_LENGTH * np.sqrt(m / np.pi) / spread)  # about one node per EDGE_LENGTH²


def _forces(pos: np.ndarray, a: np.ndarray, b: np.ndarray, *, iterations: int) -> np.ndarray:
    """Fruchterman–Reingold iterations with a cooling step limit and a weak pull to the centre.

    ``a`` and ``b`` are the edges' ends; repulsion is weighted by ``sqrt(1 + degree)``
    (normalised to a mean of 1) in small components, and nearest-neighbour only in large ones.
    """
    m = len(pos)
    k2 = EDGE_LENGTH**2
    mass = np.sqrt(1 + np.bincount(a, minlength=m) + np.bincount(b, minlength=m))
    mass /= mass.mean()
    step = EDGE_LENGTH * 2.0
    for it in range(iterations):
        if m <= _EXACT_LIMIT:
            delta = pos[:, None, :] - pos[None, :, :]
            d2 = np.maximum((delta**2).sum(axis=-1), 1.0)
            disp = (delta * (k2 * mass[:, None] * mass[None, :] / d2)[..., None]).sum(axis=1)
        else:
            if it % 4 == 0:  # neighbours change slowly: look them up every fourth step
                from scipy.spatial import cKDTree  # imported only where a layout needs it

                j = cKDTree(pos).query(pos, k=_NEIGHBOURS + 1)[1][:, 1:].ravel()
                i = np.repeat(np.arange(m), _NEIGHBOURS)
            disp = _spread(i, j, pos[i] - pos[j], k2, m) / 2
        disp -= _spread(a, b, pos[a] - pos[b], None, m)
        disp -= pos * (0.02 / np.sqrt(m))
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        limit = step * (1 - it / iterations) + 1.0
        pos = pos + disp * (np.minimum(length, limit) / length)[:, None]
    return pos - pos.mean(axis=0)


def _separate(pos: np.ndarray, half: np.ndarray, *, iterations: int = 60) -> np.ndarray:
    """Push apart nodes whose label boxes overlap, each along the axis where they overlap least."""
    pos = pos.copy()
    reach = half[:, None, :] + half[None, :, :]
    order = np.sign(np.arange(len(pos))[:, None] - np.arange(len(pos))[None, :])
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        overlap = reach - np.abs(delta)
        hit = (overlap > 0).all(axis=-1)
        if not hit.any():
            break
        axis = overlap[..., 1] < overlap[..., 0]  # True: separate vertically
        direction = np.where(delta != 0, np.sign(delta), order[..., None])
        push = np.zeros_like(delta)
        push[..., 0] = np.where(hit & ~axis, overlap[..., 0] * direction[..., 0], 0)
        push[..., 1] = np.where(hit & axis, overlap[..., 1] * direction[..., 1], 0)
        pos += push.sum(axis=1) * 0.3
    return pos - pos.mean(axis=0)


def _spread(i: np.ndarray, j: np.ndarray, delta: np.ndarray, k2: float | None, m: int):
    """Sum pairwise forces onto nodes: repulsion ``k²/d`` (when ``k2``) or attraction ``d²/k``."""
    d2 = np.maximum((delta**2).sum(axis=1), 1.0)
    scale = k2 / d2 if k2 is not None else np.sqrt(d2) / EDGE_LENGTH
    force = delta * scale[:, None]
    out = np.empty((m, 2))
    for axis in (0, 1):
        out[:, axis] = np.bincount(i, force[:, axis], m) - np.bincount(j, force[:, axis], m)
    return out


def _pack(blocks: list[np.ndarray], half: list[np.ndarray]) -> list[np.ndarray]:
    """Place component layouts, largest first, then the others in columns to its right."""
    low = [blk.min(axis=0) - h.max(axis=0) for blk, h in zip(blocks, half, strict=True)]
    sizes = [blk.max(axis=0) + h.max(axis=0) - lo + EDGE_LENGTH / 2
             for blk, h, lo in zip(blocks, half, low, strict=True)]
    height = max(sizes[0][1], np.sqrt(sum(s[0] * s[1] for s in sizes[1:])))
    x, y, column = 0.0, 0.0, 0.0
    placed = []
    for blk, lo, size in zip(blocks, low, sizes, strict=True):
        if y > 0 and y + size[1] > height:
            x, y, column = x + column, 0.0, 0.0
        placed.append(blk - lo + [x, y])
        y += size[1]
        column = max(column, size[0])
    return placed
