"""The store interface shared by every kind of store."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib

__all__ = ["QueryResult", "Store"]


@dataclass
class QueryResult:
    """The answer to a SPARQL query, whatever the store.

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; SELECT answers fill
    ``vars`` and ``rows`` (tuples of rdflib terms, ``None`` where unbound), ASK answers
    ``boolean``, graph answers ``graph``.
    """

    form: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    def __iter__(self):
        if self.form == "ASK":
            return iter([(self.boolean,)])
        if self.graph is not None:
            return iter(self.graph)
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.graph is None else len(self.graph)

    def dicts(self) -> list[dict]:
        """SELECT rows as dicts of plain Python values (``None`` where unbound)."""
        return [
            {v: (None if t is None else t.toPython()) for v, t in zip(self.vars, row, strict=True)}
            for row in self.rows
        ]


class Store(ABC):
    """What every store does. Bindings map variable names to rdflib terms."""

    kind: str
    #: Whole-graph reads go faster as one scan per predicate joined by hash than as joins
    #: that look each claim up (true of Oxigraph on disk, where a lookup is a RocksDB seek).
    scans_beat_lookups = False

    @abstractmethod
    def replace_with(self, lines: Iterable[str]) -> None:
        """Replace the whole content by these N-Triples lines, all or nothing."""

    @abstractmethod
    def rows(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[tuple]]:
        """Run a trusted SELECT; values as plain strings (IRIs and lexical forms)."""

    @abstractmethod
    def query(self, query: str, bindings: dict | None = None) -> QueryResult:
        """Run any read query; values as rdflib terms."""

    @property
    @abstractmethod
    def rdf(self) -> rdflib.Graph:
        """The content as an rdflib graph."""

    @abstractmethod
    def dump(self, path: Path, fmt: str) -> None:
        """Write the content to ``path`` in ``fmt`` (``turtle``, ``nt``, ``json-ld``)."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of triples."""

    def is_empty(self) -> bool:
        """Whether the store holds no data yet."""
        return len(self) == 0
