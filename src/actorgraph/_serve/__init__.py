"""``actorgraph serve``: a SPARQL 1.1 endpoint, a JSON API and the interactive page over HTTP.

Queries run in worker processes, each holding its own loaded graph, so a query past the
time limit is stopped by killing its worker while the others go on answering. The server is
read-only unless started with a token, listens on 127.0.0.1 unless told otherwise, refuses
``SERVICE``, ``LOAD`` and ``FROM`` before evaluation, caps result rows (marking the answer
truncated) and query size, and reloads data without ever showing a half-loaded graph.

The HTTP layer is a Starlette application under uvicorn (imported only when a server
starts); the blocking work of a request runs in threads, so the event loop never waits.

Layout: ``_server`` (the server, ``make_server``, ``serve``), ``_app`` (the Starlette
application: routing, headers, errors), ``_params`` (request parameters), ``_guard`` (query
checks), ``_negotiate`` (result formats), ``_results`` (writers), ``_service`` (service
description), ``_backend`` (snapshots and swaps), ``_workers`` (processes), ``_child`` (a
worker's entry point), ``_tasks`` (what a worker does), ``_snapshot`` (what a worker loads).
"""

from ._server import Server, make_server, serve

__all__ = ["Server", "make_server", "serve"]
