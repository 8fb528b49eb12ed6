"""What a worker does with a task: run a query, answer an API call, render the page.

Runs in the worker process, on the worker's own :class:`~actorgraph.Graph`. Every answer is
a :class:`Reply` with its body already written, so the HTTP layer only relays bytes. Errors
a client can act on (an unknown actor, a bad date) come back with their message; anything
else comes back as a generic 500 whose details (``log``) go to the server log only.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass, field

from rdflib.plugins.sparql.sparql import SPARQLError

from .._exceptions import ActorGraphError, UnknownNameError
from ._results import FormatError, write_boolean, write_graph, write_rows

__all__ = ["Reply", "Task", "run_task"]

JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Task:
    """A unit of work for a worker: ``kind`` (``sparql``, ``actors``, ``actor``,
    ``related``, ``claims``, ``page``) and its parameters."""

    kind: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """A worker's answer: an HTTP status, the body and its type, whether rows were cut.

    An error reply has an ``error`` message for the client (no body); ``log`` holds what
    only the server log may see (a traceback).
    """

    status: int
    body: bytes = b""
    content_type: str = JSON
    truncated: bool | None = None
    error: str | None = None
    log: str | None = None


def _sparql(graph, text: str, form: str, fmt: str, max_rows: int, offline: bool) -> Reply:
    from .._sparql import prefixed
    from ._negotiate import MEDIA_TYPES

    media_type = MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv", "turtle",
                                                                   "nt") else "")
    # one row past the cap, so that the writer sees that rows were left out
    answer = graph.store.query(prefixed(text), max_rows=max_rows + 1, network=not offline)
    if form == "ASK":
        return Reply(200, write_boolean(fmt, answer.boolean), media_type, truncated=False)
    if form == "SELECT":
        body, truncated = write_rows(fmt, answer.vars, iter(answer.rows), max_rows)
    else:
        body, truncated = write_graph(fmt, iter(answer.graph), max_rows)
    return Reply(200, body, media_type, truncated=truncated)


def _listing(items: list, max_rows: int) -> Reply:
    kept = items[:max_rows]
    body = json.dumps([i.to_dict() for i in kept], ensure_ascii=False)
    return Reply(200, body.encode("utf-8"), truncated=len(items) > max_rows)


def _page(graph, options: dict) -> bytes:
    """The page, built every time it is asked for: the HTTP layer keeps what it may (see
    :mod:`._pages`), and only it knows when the content changed."""
    return graph.render_html(title=graph.dataset or "actorgraph", **options).encode("utf-8")


def _run(graph, task: Task, max_rows: int) -> Reply:
    p = task.params
    if task.kind == "sparql":
        return _sparql(graph, p["query"], p["form"], p["format"], max_rows, p["offline"])
    if task.kind == "actors":
        return _listing(graph.actors(), max_rows)
    if task.kind == "actor":
        body = json.dumps(graph.actor(p["name"]).to_dict(), ensure_ascii=False)
        return Reply(200, body.encode("utf-8"))
    if task.kind == "related":
        return _listing(graph.related(**p), max_rows)
    if task.kind == "claims":
        return _listing(graph.claims(**p), max_rows)
    if task.kind == "page":
        return Reply(200, _page(graph, p), "text/html; charset=utf-8")
    raise ValueError(f"unknown task {task.kind!r}")


def run_task(graph, task: Task, max_rows: int) -> Reply:
    """Do ``task`` on ``graph``; never raises (an error becomes an error reply)."""
    try:
        return _run(graph, task, max_rows)
    except UnknownNameError as exc:
        status = 404 if exc.what == "actor" else 400
        return Reply(status, error=str(exc))
    except FormatError as exc:
        return Reply(406, error=str(exc))
    except RecursionError:
        return Reply(400, error="query too complex (recursion limit reached)")
    except SyntaxError as exc:  # Oxigraph's parser, stricter than rdflib's on some points
        return Reply(400, error=f"SPARQL syntax error: {exc.msg if exc.msg else exc}")
    except SPARQLError as exc:
        return Reply(400, error=f"the query could not be evaluated: {exc}")
    except ActorGraphError as exc:
        return Reply(400, error=str(exc))
    except Exception:  # noqa: BLE001 - reported to the server log, not to the client
        return Reply(500, error="the request failed inside the server",
                     log=traceback.format_exc())
