"""The ``memory`` store: rdflib's in-memory graph."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.plugins.sparql import prepareQuery

from .._exceptions import QueryError
from .._sparql import PREFIXES
from ._base import QueryResult, Store, capped

__all__ = ["MemoryStore"]

_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}


@lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text, initNs=PREFIXES)


def new_graph() -> rdflib.Graph:
    """An empty rdflib graph with the project's prefixes bound."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


class MemoryStore(Store):
    """rdflib's Memory store: simple, the reference for correctness, slow past ~10^5 claims."""

    kind = "memory"

    def __init__(self) -> None:
        import rdflib.plugins.sparql as sparql

        sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM graphs, whatever the guard says
        self._graph = new_graph()

    def _replace_with(self, lines: Iterable[str]) -> None:
        graph = new_graph()
        graph.parse(data="".join(lines), format="nt")
        self._graph = graph

    def _run(self, query: str, bindings: dict | None):
        initial = {rdflib.Variable(k): v for k, v in (bindings or {}).items()}
        return self._graph.query(_prepared(query), initBindings=initial)

    def rows(self, query, bindings=None):
        result = self._run(query, bindings)
        names = [str(v) for v in result.vars]
        return names, [tuple(None if t is None else str(t) for t in row) for row in result]

    def _query(self, query, bindings, max_rows) -> QueryResult:
        try:
            return self._answer(query, bindings, max_rows)
        except Exception as exc:
            # rdflib evaluates GRAPH only over a dataset, and says so with a bare Exception
            if type(exc) is not Exception or "requiring a dataset" not in str(exc):
                raise
            raise QueryError(
                "GRAPH cannot be evaluated on the memory store: it holds the data in one "
                "default graph and has no named graphs, so GRAPH would match nothing; drop "
                "the GRAPH clause") from None

    def _answer(self, query, bindings, max_rows) -> QueryResult:
        result = self._run(query, bindings)
        if result.type == "ASK":
            return QueryResult("ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            rows, truncated = capped((tuple(r) for r in result), max_rows)
            return QueryResult("SELECT", [str(v) for v in result.vars], rows, truncated=truncated)
        triples, truncated = capped(result, max_rows)
        graph = new_graph()
        for triple in triples:
            graph.add(triple)
        return QueryResult(result.type, graph=graph, truncated=truncated)

    def _update(self, text: str) -> None:
        self._graph.update(text, initNs=PREFIXES)

    @property
    def rdf(self) -> rdflib.Graph:
        return self._graph

    def dump(self, path: Path, fmt: str) -> None:
        self._graph.serialize(destination=str(path), format=_RDFLIB_FORMATS[fmt], encoding="utf-8")

    def __len__(self) -> int:
        return len(self._graph)
