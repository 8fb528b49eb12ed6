"""The store interface shared by every kind of store."""

from __future__ import annotations

import contextlib
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib

from .. import _killable as killable
from .._exceptions import StoreError, UnsafeQueryError
from .._offline import offline, refused

__all__ = ["QueryResult", "Store", "capped"]


@contextlib.contextmanager
def _network_refused(what: str):
    """Turn a connection refused by the switched-off network into a clear error."""
    try:
        yield
    except OSError as exc:
        if not refused(exc):
            raise
        raise UnsafeQueryError(
            f"the {what} tried to open a network connection (SERVICE or LOAD), which queries "
            "and updates run by actorgraph cannot do: it was stopped before connecting",
            argument="allow_service",
            advice="pass allow_service=True to query remote endpoints") from exc


def capped(items: Iterable, max_rows: int | None) -> tuple[list, bool]:
    """The first ``max_rows`` items (all if ``None``) and whether any were left out.

    >>> capped(iter(range(5)), 3), capped(range(2), None)
    (([0, 1, 2], True), ([0, 1], False))
    """
    if max_rows is None:
        return list(items), False
    iterator = iter(items)
    kept = list(itertools.islice(iterator, max_rows))
    return kept, next(iterator, None) is not None


@dataclass
class QueryResult:
    """The answer to a SPARQL query, whatever the store.

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; SELECT answers fill
    ``vars`` and ``rows`` (tuples of rdflib terms, ``None`` where unbound), ASK answers
    ``boolean``, graph answers ``graph``. ``truncated`` is true when a row cap left rows
    (or triples) out.
    """

    __module__ = "actorgraph"

    form: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    truncated: bool = False

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
    """What every store does. Bindings map variable names to rdflib terms.

    Callers (the :class:`~actorgraph.Graph`, ``serve``, the loaders) use only what is
    defined here, never a store's class or private parts.
    """

    #: What ``actorgraph info`` prints: the spec, with a path or address.
    kind: str
    #: The engine runs in this process (rdflib, Oxigraph), so a user's query can be run where
    #: the network is switched off; false for a SPARQL server.
    local = True
    #: The content outlives this process (a folder on disk, a server), so a later
    #: ``load(store=spec)`` without data reopens it.
    persistent = False
    #: Opened for reading only: loads and updates raise :class:`~actorgraph.StoreError`.
    read_only = False
    #: Whole-graph reads go faster as one scan per predicate joined by hash than as joins
    #: that look each claim up (true of Oxigraph on disk, where a lookup is a RocksDB seek).
    scans_beat_lookups = False
    _changes = 0

    @property
    def version(self) -> object:
        """A token that changes whenever the content does (a load, an update), so that a
        :class:`~actorgraph.Graph` knows when what it remembered is stale."""
        return self._changes

    def replace_with(self, lines: Iterable[str]) -> None:
        """Replace the whole content by these N-Triples lines, all or nothing."""
        self._writable("load into")
        try:
            self._replace_with(lines)
        finally:
            self._changes += 1

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise StoreError(f"cannot {what} the {self.kind} store: it is open read-only")

    @abstractmethod
    def _replace_with(self, lines: Iterable[str]) -> None:
        """Replace the content here and now (see :meth:`replace_with`)."""

    @abstractmethod
    def rows(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[tuple]]:
        """Run a trusted SELECT; values as plain strings (IRIs and lexical forms)."""

    def query(self, query: str, bindings: dict | None = None, *, max_rows: int | None = None,
              network: bool = False, timeout: float | None = None) -> QueryResult:
        """Run a read query (a user's, checked by the guard); values as rdflib terms.

        At most ``max_rows`` rows (or triples) are read; ``truncated`` says whether more
        were left. Unless ``network`` is true the query cannot reach the network, whatever
        it says: it runs in a thread whose network is switched off. With a ``timeout``
        (seconds) it runs in a child process instead, killed at the limit
        (:class:`~actorgraph.QueryTimeoutError`); see :mod:`actorgraph._killable`.
        """
        if timeout is not None and killable.available():
            with _network_refused("query"):
                return self._from_child(killable.run(
                    self._child_query(query, bindings, max_rows), timeout=timeout,
                    network=network))
        if network and timeout is None:
            return self._query(query, bindings, max_rows)
        # without fork (Windows) a time limit stops the wait, not the thread
        with _network_refused("query"):
            return offline(self._query, query, bindings, max_rows, timeout=timeout,
                           network=network)

    def _child_query(self, query: str, bindings: dict | None,
                     max_rows: int | None) -> Callable[[], object]:
        """What a child forked from this process runs for a timed query (see
        :meth:`query`); made before the fork. Its answer travels back pickled, and
        :meth:`_from_child` makes it a result."""
        return lambda: self._query(query, bindings, max_rows)

    def _from_child(self, answer) -> QueryResult:
        """The result of a query from what :meth:`_child_query`'s function sent back."""
        return answer

    def update(self, text: str, *, network: bool = False) -> None:
        """Run a SPARQL update (checked by the guard), offline unless ``network``."""
        self._writable("update")
        try:
            if network:
                self._update(text)
                return
            with _network_refused("update"):
                offline(self._update, text)
        finally:
            self._changes += 1

    @abstractmethod
    def _query(self, query: str, bindings: dict | None, max_rows: int | None) -> QueryResult:
        """Run a read query here and now (see :meth:`query`)."""

    @abstractmethod
    def _update(self, text: str) -> None:
        """Run an update here and now (see :meth:`update`)."""

    @property
    @abstractmethod
    def rdf(self) -> rdflib.Graph:
        """The content as an rdflib graph."""

    @abstractmethod
    def dump(self, path: Path, fmt: str) -> None:
        """Write the content to ``path`` in ``fmt`` (``turtle``, ``nt``, ``json-ld``)."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of triples, counted by the store itself."""

    def is_empty(self) -> bool:
        """Whether the store holds no data yet."""
        return len(self) == 0

