"""The kinds of store the suite runs on, and the servers started for it."""

from __future__ import annotations

from pathlib import Path

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


def make_spec(kind: str, request, folder: Path) -> str:
    """The store spec for a kind in ``STORES`` (starting the server if needed)."""
    if kind == "oxigraph-disk":
        return f"oxigraph:{folder / 'store'}"
    if kind == "oxigraph-server":
        return "sparql+" + request.getfixturevalue("oxigraph_server")
    if kind == "virtuoso":
        return request.getfixturevalue("virtuoso").spec
    return kind


def fresh_spec(kind: str, request, folder: Path) -> str:
    """The spec of an empty store of a kind in ``STORES``, free to load any data into."""
    if kind == "oxigraph-server":
        return "sparql+" + request.getfixturevalue("fresh_server")
    if kind == "virtuoso":
        return request.getfixturevalue("fresh_virtuoso").spec
    return make_spec(kind, request, folder)
