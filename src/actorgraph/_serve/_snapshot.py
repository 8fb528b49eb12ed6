"""Snapshots: what one generation of workers serves, and how a worker opens it.

A snapshot is immutable. For an in-memory store (``memory``, ``oxigraph``) the dataset is
first copied to a private folder, so that every worker of a generation — including one
started later to replace a killed worker — loads the very same files, whatever happens to
the originals meanwhile; then each worker loads it and replays the updates accepted since.
A persistent store (``oxigraph:PATH``, ``sparql+http://…``) is written once by a short
``prepare`` process; workers then open it as it is (Oxigraph on disk read-only, so they
never fight over its lock).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Snapshot", "apply_update", "copy_dataset", "dataset_name", "is_persistent",
           "open_graph", "prepare"]



@dataclass(frozen=True)
class Snapshot:
    """One version of the served data.

    Attributes
    ----------
    dataset : str, tuple of str, or None
        What the workers load: a private copy of the dataset (of each dataset, merged), or
        ``None`` for the bundled
        dataset (or, with a persistent store, for the store as it is).
    store : str or None
        The store spec, as :func:`actorgraph.load` takes it.
    name : str
        The dataset's name, as shown to clients (never a path).
    updates : tuple of str
        Updates accepted since the dataset was loaded, replayed in order (in-memory stores).
    folder : str or None
        The private folder holding the copy, removed when the generation ends.
    offline : bool
        Whether queries and updates run where the network is switched off (the guard's
        second line; only the tests of the guard alone switch it off).
    """

    dataset: str | tuple[str, ...] | None
    store: str | None
    name: str
    updates: tuple[str, ...] = ()
    folder: str | None = field(default=None, compare=False)
    offline: bool = True

    @property
    def persistent(self) -> bool:
        """Whether the store outlives the server (workers open it, never load it)."""
        return is_persistent(self.store)


def is_persistent(store: str | None) -> bool:
    """Whether a store spec names a store that outlives the server (on disk, or remote).

    >>> is_persistent("oxigraph"), is_persistent("oxigraph:kg.db")
    (False, True)
    """
    from .._store import StoreSpec

    return store is not None and StoreSpec.parse(store).persistent


def dataset_name(dataset: str | Path | list | None) -> str:
    """A dataset's name for clients and logs: its folder or file name, never a full path
    (several merged: their names joined by ``+``).

    >>> dataset_name("/srv/data/libya-2019/"), dataset_name(["a/libya-2019", "b/more.ttl"])
    ('libya-2019', 'libya-2019+more.ttl')
    """
    if dataset is None:
        return "libya-2019"
    if isinstance(dataset, (list, tuple)):
        return "+".join(Path(d).name for d in dataset)
    return Path(dataset).name


def copy_dataset(dataset: str | Path | list) -> tuple[str | tuple[str, ...], str]:
    """Copy what a dataset's reader reads (a folder's files, or one file) — or several
    datasets' — to a new private folder.

    Returns ``(path or paths to load, folder)``; the caller removes the folder.
    """
    from .._readers import reader_for

    sources = [Path(d) for d in dataset] if isinstance(dataset, (list, tuple)) else \
        [Path(dataset)]
    folder = tempfile.mkdtemp(prefix="actorgraph-serve-")
    targets = []
    try:
        for i, source in enumerate(sources):
            target = Path(folder) / str(i) / source.name
            target.parent.mkdir()
            if source.is_dir():
                target.mkdir()
            for path in reader_for(source).files(source):
                shutil.copyfile(path, target / path.name if source.is_dir() else target)
            targets.append(str(target))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return (tuple(targets) if isinstance(dataset, (list, tuple)) else targets[0]), folder


def apply_update(graph, text: str, offline: bool = True) -> None:
    """Run a (checked) SPARQL update on a graph's store, where it cannot reach the network
    (unless ``offline`` is false)."""
    from .._sparql import prefixed

    graph.store.update(prefixed(text), network=not offline)


def open_graph(snapshot: Snapshot):
    """The :class:`~actorgraph.Graph` a worker serves (called in the worker process)."""
    from .._graph import Graph
    from .._load import load
    from .._store import open_store

    if snapshot.persistent:  # written by ``prepare``; read-only here, so workers share it
        return Graph(open_store(snapshot.store, read_only=True), dataset=snapshot.name)
    graph = load(snapshot.dataset, store=snapshot.store)
    for text in snapshot.updates:
        apply_update(graph, text, snapshot.offline)
    graph.dataset = snapshot.name
    return graph


def prepare(snapshot: Snapshot, updates: tuple[str, ...] = ()) -> None:
    """Write a persistent store: load the dataset into it (all or nothing), apply updates.

    Run in a process of its own, so that the store's lock is released when it ends.
    """
    from .._load import load

    graph = load(snapshot.dataset, store=snapshot.store)
    for text in updates:
        apply_update(graph, text, snapshot.offline)
