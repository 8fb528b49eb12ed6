"""The backend: the current pool of workers, and the reloads and updates that replace it.

Requests read one reference, the current :class:`~._workers.Pool`, and run their task on it.
A reload or an update builds a new snapshot; for in-memory stores a new pool loads it while
the old one keeps answering, and only when every new worker is ready is the reference
swapped (readers see the old data or the new, never a mix or a half-loaded graph). A
persistent store cannot be written while workers read it, so there requests wait (up to the
time limit) while the store is rewritten, all or nothing, and the pool restarted.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
import time
from pathlib import Path

from .._store import StoreSpec
from ._snapshot import Snapshot, copy_dataset, dataset_name, is_persistent
from ._tasks import Reply, Task
from ._workers import Busy, Pool, Retired, StartError, run_prepare

__all__ = ["Backend"]

log = logging.getLogger("actorgraph.serve")


class Backend:
    """Runs tasks on the current snapshot's workers; reloads and updates make new snapshots.

    Parameters
    ----------
    dataset : str or Path, optional
        The dataset folder or RDF file (default: the bundled dataset).
    store : str, optional
        The store spec (see :func:`actorgraph.load`).
    workers : int
        Worker processes per snapshot.
    timeout : float
        Seconds a task may run, and may wait for a free worker.
    max_rows : int
        The row cap.
    offline : bool
        Whether queries and updates run where the network is switched off.
    """

    def __init__(self, dataset, store: str | None, workers: int, timeout: float, max_rows: int,
                 offline: bool = True):
        self.dataset = (None if dataset is None else
                        [str(d) for d in dataset] if isinstance(dataset, (list, tuple))
                        else str(dataset))
        self.name = dataset_name(dataset)
        self.store = store
        self.workers = workers
        self.timeout = timeout
        self.max_rows = max_rows
        self.offline = offline
        self.generation = 0
        self._pool: Pool | None = None
        self._closed = False
        self._available = threading.Condition()
        self._changing = threading.Lock()

    # -- serving ---------------------------------------------------------------------------
    def run(self, task: Task, wait: float | None = None) -> Reply:
        """Run ``task`` on the current snapshot.

        Raises :class:`~._workers.Busy` when no worker is free within ``wait`` seconds (the
        time limit by default) and :class:`~._workers.TaskTimeout` when the task ran past
        the time limit.
        """
        deadline = time.monotonic() + (self.timeout if wait is None else max(wait, 0))
        while True:
            with self._available:
                if not self._available.wait_for(lambda: self._pool is not None or self._closed,
                                                timeout=max(deadline - time.monotonic(), 0)):
                    raise Busy()
                if self._closed:  # the server is stopping: no worker will come
                    raise Busy()
                pool = self._pool
            try:
                return pool.run(task, self.timeout, wait=deadline - time.monotonic())
            except Retired:
                continue

    @property
    def owns_content(self) -> bool:
        """Whether the served content changes only through this server — by a reload or an
        update, each a new :attr:`generation` — so that what was computed from one
        generation stays true of it. True where the store's engine runs in the workers
        (in memory; Oxigraph on disk, which the workers open read-only and the server
        rewrites itself); false for a SPARQL server, which others may load into at any
        time, and while no snapshot is served."""
        pool = self._pool
        return pool is not None and bool(pool.info.get("local"))

    def status(self) -> dict:
        """What ``/health`` reports: never a path."""
        pool = self._pool
        spec = self.store or (pool.info.get("store") if pool is not None else None)
        info = {
            "status": "ok" if pool is not None else "reloading",
            "dataset": self.name,
            "store": StoreSpec.parse(spec).engine if spec else None,
            "generation": self.generation,
            "workers": self.workers,
        }
        if pool is not None:
            info.update(triples=pool.info.get("triples"), busy=pool.busy,
                        updates=len(pool.snapshot.updates))
        return info

    # -- changing the snapshot -------------------------------------------------------------
    def start(self) -> None:
        """Load the first snapshot; raises :class:`StartError` if it cannot be loaded."""
        with self._changing:
            self._install(self._snapshot())

    def reload(self) -> dict:
        """Load the dataset again (dropping updates) and swap it in; :class:`StartError`
        if it cannot be loaded, in which case the current snapshot stays."""
        with self._changing:
            self._install(self._snapshot())
        log.info("reloaded %s: generation %d", self.name, self.generation)
        return self.status()

    def update(self, text: str) -> dict:
        """Apply a checked SPARQL update as a new snapshot; :class:`StartError` if it fails."""
        with self._changing:
            current = self._pool.snapshot
            if current.persistent:
                self._install(current, updates=(text,))
            else:
                self._install(dataclasses.replace(current, updates=(*current.updates, text)),
                              keep_files=True)
        log.info("applied an update: generation %d", self.generation)
        return self.status()

    def close(self) -> None:
        """Stop every worker and remove the private copies of the dataset."""
        with self._available:
            pool, self._pool = self._pool, None
            self._closed = True
            self._available.notify_all()
        if pool is not None:
            pool.retire()
            pool.wait_idle(0)
            pool.remove_files()

    def _snapshot(self) -> Snapshot:
        if self.dataset is None or is_persistent(self.store):
            return Snapshot(self.dataset, self.store, self.name, offline=self.offline)
        path, folder = copy_dataset(self.dataset)
        return Snapshot(path, self.store, self.name, folder=folder, offline=self.offline)

    def _scrub(self, message: str, snapshot: Snapshot) -> str:
        """A load error's message without the server's paths."""
        given = self.dataset if isinstance(self.dataset, list) else [self.dataset]
        paths = [snapshot.folder, *(str(Path(d).parent) for d in given if d)]
        location = self.store and StoreSpec.parse(self.store).location
        if location:
            paths.append(str(Path(location).parent))
        for path in filter(None, paths):
            message = message.replace(path.rstrip("/") + "/", "")
        return message

    def _install(self, snapshot: Snapshot, updates: tuple[str, ...] = (),
                 keep_files: bool = False) -> None:
        try:
            if snapshot.persistent:
                self._install_persistent(snapshot, updates)
            else:
                self._install_in_memory(snapshot, keep_files)
        except StartError as exc:
            if exc.log:
                log.error("loading %s failed: %s\n%s", self.name, exc.message, exc.log)
            raise StartError(self._scrub(exc.message, snapshot), exc.log) from None
        self.generation += 1

    def _swap(self, pool: Pool | None) -> Pool | None:
        with self._available:
            old, self._pool = self._pool, pool
            self._available.notify_all()
        return old

    def _install_in_memory(self, snapshot: Snapshot, keep_files: bool) -> None:
        try:
            pool = Pool(snapshot, self.workers, self.max_rows).start()
        except StartError:
            if snapshot.folder and not keep_files:
                shutil.rmtree(snapshot.folder, ignore_errors=True)
            raise
        old = self._swap(pool)
        if old is not None:
            threading.Thread(target=self._drain, args=(old, keep_files), daemon=True,
                             name="actorgraph-drain").start()

    def _drain(self, old: Pool, keep_files: bool) -> None:
        """End a replaced pool: its tasks under way finish (on the old data), then it goes."""
        old.retire()
        old.wait_idle(self.timeout)
        if not keep_files:
            old.remove_files()

    def _install_persistent(self, snapshot: Snapshot, updates: tuple[str, ...]) -> None:
        old = self._swap(None)
        if old is not None:
            old.retire()
            old.wait_idle(self.timeout)
        try:
            if updates:
                run_prepare(dataclasses.replace(snapshot, dataset=None), updates)
            else:
                run_prepare(snapshot)
        finally:
            self._swap(Pool(snapshot, self.workers, self.max_rows).start())
