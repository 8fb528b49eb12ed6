"""The kinds of store the suite runs on, and the servers started for it."""

from __future__ import annotations

STORES = ["memory", "oxigraph", "oxigraph-disk", "oxigraph-server", "virtuoso"]
SERVERS = ["oxigraph-server", "virtuoso"]
PERSISTENT = ["oxigraph-disk", *SERVERS]
_RUNNING: dict[str, object] = {}  # base URL -> the server started there


def started(server):
    """Remember a server the fixtures started (see :func:`server_graphs`)."""
    _RUNNING[server.url] = server
    return server


def server_graphs(spec: str) -> set[str]:
    """The graphs holding triples on the server of a spec, less those it held when new
    (Virtuoso's own)."""
    base = spec.removeprefix("sparql+").partition("?")[0]
    server = next(s for url, s in _RUNNING.items() if base.startswith(url))
    return server.graphs() - server.system_graphs
