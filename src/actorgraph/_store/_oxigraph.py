"""The ``oxigraph`` store: Oxigraph through pyoxigraph, in memory or on disk (``oxigraph:PATH``)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .._exceptions import StoreError
from .._sparql import PREFIXES
from ._base import LineReader, QueryResult, Store

__all__ = ["OxigraphStore", "to_oxigraph", "to_rdflib"]

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
            "json-ld": ox.RdfFormat.JSON_LD}


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


class OxigraphStore(Store):
    """Oxigraph: fast SPARQL, bulk loading, and an on-disk store that reopens at once."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.kind = f"oxigraph:{self.path}" if self.path else "oxigraph"
        try:
            self._store = ox.Store(str(self.path)) if self.path else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}") from None

    def replace_with(self, lines: Iterable[str]) -> None:
        if self.path is None:
            staged = ox.Store()
            staged.bulk_load(LineReader(lines), ox.RdfFormat.N_TRIPLES)
            self._store = staged
            return
        parent = self.path.parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.staging-", dir=parent))
        try:
            staged = ox.Store(str(staging))
            staged.bulk_load(LineReader(lines), ox.RdfFormat.N_TRIPLES)
            staged.flush()
            del staged
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = parent / f".{self.path.name}.old"
        del self._store
        if self.path.exists():
            shutil.rmtree(old, ignore_errors=True)
            self.path.rename(old)
        staging.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._store = ox.Store(str(self.path))

    def _run(self, query: str, bindings: dict | None):
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        return self._store.query(query, prefixes=PREFIXES, substitutions=substitutions)

    def rows(self, query, bindings=None):
        result = self._run(query, bindings)
        names = [v.value for v in result.variables]
        return names, [tuple(None if t is None else t.value for t in row) for row in result]

    def query(self, query, bindings=None) -> QueryResult:
        result = self._run(query, bindings)
        if isinstance(result, bool):
            return QueryResult("ASK", boolean=result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return QueryResult("SELECT", names, [tuple(to_rdflib(t) for t in row) for row in result])
        from ._memory import new_graph

        graph = new_graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return QueryResult("CONSTRUCT", graph=graph)

    @property
    def rdf(self) -> rdflib.Graph:
        from oxrdflib.store import OxigraphStore as RdflibOxigraphStore

        graph = rdflib.Graph(store=RdflibOxigraphStore(store=self._store))
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def dump(self, path: Path, fmt: str) -> None:
        self._store.dump(str(path), _FORMATS[fmt], from_graph=ox.DefaultGraph(),
                         prefixes=PREFIXES)

    def __len__(self) -> int:
        return len(self._store)

    def is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None)), None) is None
