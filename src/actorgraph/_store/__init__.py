"""Stores: where the triples live. One interface, three kinds.

- ``memory``: rdflib's in-memory graph (the default for small datasets);
- ``oxigraph`` / ``oxigraph:PATH``: Oxigraph through pyoxigraph, in memory or on disk;
- ``sparql+http://host:port/path``: any SPARQL 1.1 server (Query, Update, Graph Store protocols).

Every store answers the same internal calls (see :class:`Store`), so the API, the named
queries and the analysis give the same answers whichever holds the data.
"""

from __future__ import annotations

from ._base import QueryResult, Store

__all__ = ["QueryResult", "Store", "open_store"]


def open_store(spec: str | Store = "memory") -> Store:
    """Open a store from its spec: ``memory``, ``oxigraph``, ``oxigraph:PATH`` or ``sparql+http://…``."""
    if not isinstance(spec, str):
        return spec
    if spec == "memory":
        from ._memory import MemoryStore

        return MemoryStore()
    if spec == "oxigraph" or spec.startswith("oxigraph:"):
        from ._oxigraph import OxigraphStore

        path = spec.partition(":")[2] or None
        return OxigraphStore.at(path) if path else OxigraphStore()
    if spec.startswith(("sparql+http://", "sparql+https://")):
        from ._http import HttpStore

        return HttpStore(spec.removeprefix("sparql+"))
    from .._exceptions import StoreError

    raise StoreError(f"unknown store {spec!r}: use 'memory', 'oxigraph', 'oxigraph:PATH' "
                     "or 'sparql+http://host:port/dataset'")
