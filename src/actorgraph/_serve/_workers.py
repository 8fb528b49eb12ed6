"""Query workers: processes that each hold a loaded graph, and the pool that runs tasks on them.

A task runs in a worker process (a child interpreter, see :mod:`._child`) so that it can be stopped: past the time limit the worker
is killed (the query never answers as if complete) and a fresh worker, loaded from the same
snapshot, takes its place in the background, while the other workers go on answering.
A pool serves one snapshot; a new snapshot gets a new pool, and the old one is *retired*:
it takes no new task, and each of its workers ends when its current task is done.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from ._snapshot import Snapshot
from ._tasks import Reply, Task

__all__ = ["Busy", "Pool", "Retired", "StartError", "TaskTimeout", "WorkerDied", "run_prepare"]

log = logging.getLogger("actorgraph.serve")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding actorgraph/


class StartError(RuntimeError):
    """Workers could not load the snapshot. ``message`` is safe to show; ``log`` is not."""

    def __init__(self, message: str, log_text: str | None = None):
        super().__init__(message)
        self.message = message
        self.log = log_text


class TaskTimeout(Exception):
    """A task ran past its time limit; its worker was killed."""


class WorkerDied(Exception):
    """A worker ended while running a task (killed from outside, out of memory …)."""


class Busy(Exception):
    """No worker became free in time."""


class Retired(Exception):
    """The pool was retired; run the task on the current pool instead."""


class Child:
    """A child interpreter (see :mod:`._child`) and the socket to it.

    Parameters
    ----------
    role : {"worker", "prepare"}
        What the child does.
    arguments : tuple
        Its first message: what to load.
    """

    def __init__(self, role: str, arguments: tuple):
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT,
                                                          env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "actorgraph._serve._child", role, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL,
                start_new_session=True)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(arguments)
        self.info: dict = {}
        # a task's thread and a stopping server may end the child at once: closing the
        # socket twice would close whatever descriptor took its number meanwhile
        self._ending = threading.RLock()

    def wait_ready(self) -> None:
        """Block until the child has loaded what it was sent; :class:`StartError` if it failed."""
        try:
            status, *details = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise StartError("a worker ended while loading the dataset",
                             f"exit code {self.process.returncode}") from None
        if status != "ready":
            self.kill()
            raise StartError(*details)
        self.info = details[0]

    def call(self, task: Task, timeout: float) -> Reply:
        """Run ``task``; :class:`TaskTimeout` (the child is killed) past ``timeout`` seconds."""
        try:
            self.conn.send(task)
            if not self.conn.poll(timeout):
                self.kill()
                raise TaskTimeout()
            return self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerDied() from None

    def close(self) -> None:
        """End the child once it is idle: closing the socket makes it leave its loop."""
        with self._ending:
            self.conn.close()
            try:
                self.process.wait(2)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """End the child now."""
        with self._ending:
            self.process.kill()
            self.process.wait()
            self.conn.close()


def run_prepare(snapshot: Snapshot, updates: tuple[str, ...] = ()) -> None:
    """Write a persistent store in a process of its own (so its lock is surely released)."""
    child = Child("prepare", (snapshot, updates))
    try:
        child.wait_ready()
    finally:
        child.close()


class Pool:
    """The workers serving one snapshot.

    Parameters
    ----------
    snapshot : Snapshot
        What every worker loads.
    size : int
        How many workers (and so how many tasks at once).
    max_rows : int
        The row cap each worker applies.
    """

    def __init__(self, snapshot: Snapshot, size: int, max_rows: int):
        self.snapshot = snapshot
        self.size = size
        self.max_rows = max_rows
        self.info: dict = {}
        self.retired = False
        # the worker freed last runs the next task: a worker's first task of a kind loads
        # what it needs (the page's rendering libraries, a query's parse); one client's
        # requests in turn go to the same warm worker instead of warming each in turn
        self._idle: queue.LifoQueue[Child] = queue.LifoQueue()
        self._all: set[Child] = set()
        self._lock = threading.Lock()

    def start(self) -> Pool:
        """Start every worker and wait until all have loaded; :class:`StartError` if any failed."""
        workers = [Child("worker", (self.snapshot, self.max_rows)) for _ in range(self.size)]
        failure = None
        for worker in workers:
            try:
                worker.wait_ready()
            except StartError as exc:
                failure = failure or exc
        if failure is not None:
            for worker in workers:
                worker.kill()
            raise failure
        self.info = workers[0].info
        for worker in workers:
            self._all.add(worker)
            self._idle.put(worker)
        return self

    @property
    def busy(self) -> int:
        """How many workers are running a task."""
        return len(self._all) - self._idle.qsize()

    def run(self, task: Task, timeout: float, wait: float) -> Reply:
        """Run ``task`` on a free worker.

        Waits up to ``wait`` seconds for a free worker (:class:`Busy`), then up to
        ``timeout`` seconds for the answer (:class:`TaskTimeout`: the worker is killed and
        replaced). :class:`Retired` if the pool was retired meanwhile.
        """
        worker = self._acquire(wait)
        try:
            reply = worker.call(task, timeout)
        except (TaskTimeout, WorkerDied):
            self._replace(worker)
            raise
        self._release(worker)
        return reply

    def _acquire(self, wait: float) -> Child:
        deadline = time.monotonic() + wait
        while True:
            if self.retired:
                raise Retired()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Busy()
            try:
                worker = self._idle.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue
            if self.retired:
                self._release(worker)
                raise Retired()
            return worker

    def _release(self, worker: Child) -> None:
        with self._lock:
            if not self.retired:
                self._idle.put(worker)
                return
            self._all.discard(worker)
        threading.Thread(target=worker.close, name="actorgraph-close", daemon=True).start()

    def _replace(self, worker: Child) -> None:
        with self._lock:
            self._all.discard(worker)
            if self.retired:
                return
        threading.Thread(target=self._respawn, name="actorgraph-respawn", daemon=True).start()

    def _respawn(self) -> None:
        worker = Child("worker", (self.snapshot, self.max_rows))
        try:
            worker.wait_ready()
        except StartError as exc:
            log.error("could not start a replacement worker: %s %s", exc.message, exc.log or "")
            return
        with self._lock:
            if not self.retired:
                self._all.add(worker)
                self._idle.put(worker)
                return
        worker.close()

    def retire(self) -> None:
        """Take no new task; close idle workers now, busy ones when their task is done."""
        with self._lock:
            self.retired = True
            idle = []
            while True:
                try:
                    idle.append(self._idle.get_nowait())
                except queue.Empty:
                    break
            self._all.difference_update(idle)
        for worker in idle:
            worker.close()

    def wait_idle(self, timeout: float) -> None:
        """After :meth:`retire`: wait for busy workers to finish, then kill any still running."""
        deadline = time.monotonic() + timeout
        while self._all and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            left, self._all = list(self._all), set()
        for worker in left:
            worker.kill()

    def remove_files(self) -> None:
        """Remove the snapshot's private copy of the dataset, if it has one."""
        if self.snapshot.folder:
            shutil.rmtree(self.snapshot.folder, ignore_errors=True)
