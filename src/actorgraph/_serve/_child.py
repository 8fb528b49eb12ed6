"""The entry point of a worker or prepare process: ``python -m actorgraph._serve._child ROLE FD``.

Children are started as fresh interpreters (not with multiprocessing), so they never import
the caller's ``__main__`` (a script calling ``serve()`` needs no ``if __name__`` guard), in a
session of their own (Ctrl-C and SIGHUP at the terminal are the server's to handle). They
talk to the server over the socket ``FD``: the first message says what to load; the first
answer is ``("ready", info)`` or ``("failed", message, details)``; then tasks and replies.
An end of file (the server closed the socket, or died) ends them.
"""

from __future__ import annotations

import sys
import traceback
from multiprocessing.connection import Connection

__all__ = ["main"]


def _failure(exc: BaseException) -> tuple:
    from .._exceptions import ActorGraphError

    if isinstance(exc, ActorGraphError):
        return ("failed", str(exc), None)
    return ("failed", "the dataset could not be opened", traceback.format_exc())


def _worker(conn: Connection, snapshot, max_rows: int) -> None:
    from ._snapshot import open_graph
    from ._tasks import run_task

    try:
        graph = open_graph(snapshot)
        conn.send(("ready", {"triples": len(graph.store), "store": graph.store.kind,
                             "local": graph.store.local}))
    except Exception as exc:  # noqa: BLE001 - reported to the server
        conn.send(_failure(exc))
        return
    while True:
        try:
            task = conn.recv()
            conn.send(run_task(graph, task, max_rows))
        except (EOFError, OSError):  # the server closed the socket (or ended)
            return


def _prepare(conn: Connection, snapshot, updates: tuple[str, ...]) -> None:
    from ._snapshot import prepare

    try:
        prepare(snapshot, updates)
        conn.send(("ready", {}))
    except Exception as exc:  # noqa: BLE001 - reported to the server
        conn.send(_failure(exc))


def main(argv: list[str]) -> int:
    """Run the role named in ``argv`` over the socket whose descriptor ``argv`` gives."""
    role, fd = argv[1], int(argv[2])
    conn = Connection(fd)
    try:
        arguments = conn.recv()
    except (EOFError, OSError):
        return 1
    {"worker": _worker, "prepare": _prepare}[role](conn, *arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
