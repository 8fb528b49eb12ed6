"""Stores: where the triples live. One interface, three kinds.

- ``memory``: rdflib's in-memory graph (the default for small datasets);
- ``oxigraph`` / ``oxigraph:PATH``: Oxigraph through pyoxigraph, in memory or on disk;
- ``sparql+http://host:port/path``: any SPARQL 1.1 server (Query, Update, Graph Store protocols).

Every store answers the same internal calls (see :class:`Store`), so the API, the named
queries and the analysis give the same answers whichever holds the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._exceptions import StoreError
from ._base import QueryResult, Store

__all__ = ["QueryResult", "Store", "StoreSpec", "open_store"]


@dataclass(frozen=True)
class StoreSpec:
    """A store spec, read: which engine, and where.

    >>> StoreSpec.parse("oxigraph:kg.db")
    StoreSpec(engine='oxigraph', location='kg.db')
    >>> StoreSpec.parse("oxigraph").persistent, StoreSpec.parse("sparql+http://h:7878").persistent
    (False, True)
    """

    engine: str
    location: str | None = None

    @classmethod
    def parse(cls, spec: str) -> StoreSpec:
        """Read ``memory``, ``oxigraph``, ``oxigraph:PATH`` or ``sparql+http(s)://…``."""
        if spec == "memory":
            return cls("memory")
        if spec == "oxigraph" or spec.startswith("oxigraph:"):
            return cls("oxigraph", spec.partition(":")[2] or None)
        if spec.startswith(("sparql+http://", "sparql+https://")):
            return cls("sparql", spec.removeprefix("sparql+"))
        raise StoreError(f"unknown store {spec!r}: use 'memory', 'oxigraph', 'oxigraph:PATH' "
                         "or 'sparql+http://host:port/dataset'")

    @property
    def persistent(self) -> bool:
        """Whether the content outlives the process (a folder on disk, a server)."""
        return self.location is not None


def open_store(spec: str | Store = "memory", *, read_only: bool = False) -> Store:
    """Open a store from its spec: ``memory``, ``oxigraph``, ``oxigraph:PATH`` or
    ``sparql+http://…``; ``read_only`` refuses loads and updates (and, on disk, takes no
    lock, so that other processes may read the folder too)."""
    if not isinstance(spec, str):
        return spec
    parsed = StoreSpec.parse(spec)
    if parsed.engine == "memory":
        from ._memory import MemoryStore

        return MemoryStore()
    if parsed.engine == "oxigraph":
        from ._oxigraph import OxigraphStore

        if parsed.location is None:
            return OxigraphStore()
        return OxigraphStore.at(parsed.location, read_only=read_only)
    from ._http import HttpStore

    return HttpStore(parsed.location, read_only=read_only)
