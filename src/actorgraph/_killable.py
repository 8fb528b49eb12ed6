"""Run a user's query in a child process that can be stopped: the time limit of ``g.query``.

A thread cannot be stopped, and an engine may not listen: Oxigraph evaluates a query while
its solutions are read, holding the GIL, so neither a signal (Ctrl-C) nor a timer reaches
Python until it is done; only killing the process stops it. So a query with a time limit
runs in a child forked from the caller: it inherits the loaded store as it is (nothing is
copied or loaded again), runs the query, and sends the answer back through a pipe. Past the
limit the child is killed and :class:`~actorgraph.QueryTimeoutError` is raised — never a
partial result.

The child switches its network off (:func:`actorgraph._offline.deny_network`) unless the
query may use ``SERVICE``; then every socket it opens times out with the query. It ignores
Ctrl-C (the caller decides, and kills it) and, on Linux, dies with the thread that forked
it, so a query never outlives the program that asked for it.

POSIX only (``os.fork``); see :func:`available`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import socket
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from typing import TypeVar

from ._exceptions import ActorGraphError, QueryError, QueryTimeoutError
from ._offline import deny_network

__all__ = ["ChildTraceback", "available", "run"]

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1
_READ_BYTES = 1 << 20


class ChildTraceback(Exception):
    """The traceback of an error raised in the child, chained to the error raised here."""

    def __str__(self) -> str:
        return f"\n\nin the query's process:\n{self.args[0]}"


def available() -> bool:
    """Whether queries can run in a child that can be killed (``os.fork`` exists)."""
    return hasattr(os, "fork")


def _die_with_parent(parent: int) -> None:
    """Linux: be killed when the thread that forked us ends (a killed or crashed caller)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the caller ended before the line above took effect
        os._exit(1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _child(fn: Callable[[], T], fd: int, parent: int, network: bool,
           socket_timeout: float | None) -> None:
    """Run ``fn`` and send ``(ok, value, traceback text)``; never returns."""
    try:
        _die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # what the engine's generators say as they are closed by a failure ("Exception
        # ignored in …", a screenful after a MemoryError) stays here: the error travels back
        sys.unraisablehook = lambda _: None
        if network:
            socket.setdefaulttimeout(socket_timeout)  # rdflib's SERVICE calls urllib
        else:
            deny_network()
        try:
            payload = (True, fn(), None)
        except BaseException as exc:  # noqa: BLE001 - sent to the caller, raised there
            if network and isinstance(exc, TimeoutError):  # a socket of a SERVICE call
                exc = QueryTimeoutError(f"a SERVICE endpoint did not answer within the "
                                        f"query's time limit ({socket_timeout:g} s): {exc}")
            payload = (False, exc, traceback.format_exc())
        try:
            data = pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
            if not payload[0]:
                pickle.loads(data)  # an error whose class takes other arguments fails here
        except Exception as exc:  # noqa: BLE001 - an answer or error that cannot travel
            data = pickle.dumps((False, RuntimeError(
                f"the query's {'answer' if payload[0] else 'error'} could not be sent back: "
                f"{exc!r}"), payload[2] or traceback.format_exc()))
        _write_all(fd, data)
        # the answer is complete now, not when the exit has unmapped a copy of the
        # caller's memory (tens of milliseconds for a large graph)
        os.close(fd)
    finally:
        # no clean-up of the caller's state (atexit, buffered output, open stores): the
        # child is a copy, and only its answer may leave it
        os._exit(0)


def _receive(fd: int, deadline: float | None) -> bytes | None:
    """Everything the child writes until it closes the pipe; ``None`` past the deadline."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks = []
    while True:
        wait = None if deadline is None else max(int((deadline - time.monotonic()) * 1000), 0)
        if not poller.poll(wait):
            if deadline is not None and time.monotonic() >= deadline:
                return None
            continue
        chunk = os.read(fd, _READ_BYTES)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> int:
    """Wait for the child to end; its wait status (0 if something else reaped it)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # reaped by a SIGCHLD handler of the program
        return 0


def _ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        name = signal.Signals(-code).name
        hint = " (the system may have run out of memory)" if -code == signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    return f"ended with exit code {code}"


def run(fn: Callable[[], T], *, timeout: float | None, network: bool = False) -> T:
    """``fn()`` in a forked child; its value, or the error it raised.

    Parameters
    ----------
    fn : callable
        Runs in the child, on the state the caller had when it was called. Its value must
        be picklable.
    timeout : float or None
        Seconds before the child is killed and :class:`~actorgraph.QueryTimeoutError` is
        raised; ``None`` waits as long as it takes.
    network : bool
        Let the child reach the network (a query allowed to use ``SERVICE``); its sockets
        then time out after ``timeout`` seconds.
    """
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    reader, writer = os.pipe()
    parent = os.getpid()
    with warnings.catch_warnings():
        # Python 3.12 warns when a process with threads forks. The threads are the
        # engine's own (RocksDB's background threads): the child uses none of them, and
        # opens a store on disk afresh, read-only.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os.close(reader)
        _child(fn, writer, parent, network, timeout)
    os.close(writer)
    data = None
    try:
        data = _receive(reader, deadline)
        if data is None:
            raise QueryTimeoutError(f"the query ran past its time limit ({timeout:g} s) and "
                                    "was stopped; no partial result is returned")
    finally:
        os.close(reader)
        if data:  # answered: the child is exiting; reaped meanwhile, not waited for
            threading.Thread(target=_reap, args=(pid,), name="actorgraph-reap",
                             daemon=True).start()
        else:  # timed out, interrupted (Ctrl-C), failed here, or ended without answering
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            status = _reap(pid)
    if not data:
        raise QueryError(f"the query's process {_ended(status)} before answering")
    ok, value, remote = pickle.loads(data)
    if ok:
        return value
    if remote is not None and not isinstance(value, ActorGraphError):
        raise value from ChildTraceback(remote)
    raise value
