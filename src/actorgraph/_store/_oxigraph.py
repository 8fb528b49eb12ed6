"""The ``oxigraph`` store: Oxigraph through pyoxigraph, in memory or on disk (``oxigraph:PATH``).

Loads go through Oxigraph's bulk loader, fed through a named pipe by a background thread
that checks and encodes the N-Triples lines while Oxigraph parses and indexes them
(without the GIL), so the Python side and the engine work at the same time. A load builds a complete new store
and only then replaces the old one: in memory by switching references, on disk by
building ``.NAME.staging-PID-*`` beside ``PATH`` and renaming it into place. An interrupted
swap is repaired when the store is next opened (the previous content comes back), and the
staging of a load killed outright is removed then, once its process is gone.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .._atomic import remove_leftovers
from .._exceptions import StoreError
from .._progress import LoadProgress
from .._sparql import PREFIXES
from ._base import QueryResult, Store, capped
from ._bind import bind
from ._stream import Feeder, Pipe

__all__ = ["FORMATS", "OxigraphStore", "bulk_load", "to_rdflib"]

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
           "json-ld": ox.RdfFormat.JSON_LD}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_OPEN: weakref.WeakValueDictionary[Path, OxigraphStore] = weakref.WeakValueDictionary()


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals plain, as rdflib parses them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))


def _plain(term) -> tuple | None:
    """A pyoxigraph term as plain values, cheap to pickle (see :func:`_from_plain`)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return ("literal", term.value, term.language, term.datatype.value)


def _from_plain(plain: tuple | None):
    """The rdflib term of :func:`_plain`'s values, as :func:`to_rdflib` makes it."""
    if plain is None:
        return None
    if plain[0] == "iri":
        return rdflib.URIRef(plain[1])
    if plain[0] == "bnode":
        return rdflib.BNode(plain[1])
    _, value, language, datatype = plain
    if language:
        return rdflib.Literal(value, lang=language)
    if datatype == XSD_STRING:
        return rdflib.Literal(value)
    return rdflib.Literal(value, datatype=rdflib.URIRef(datatype))


def bulk_load(store: ox.Store, lines: Iterable[str], progress: LoadProgress | None = None, *,
              pipe: bool = hasattr(os, "mkfifo")) -> None:
    """Bulk-load N-Triples lines into an empty store, encoding them in a background thread.

    Through a named pipe (``pipe``, where there are named pipes): Oxigraph reads a path
    without the GIL, so it parses and indexes while Python checks and writes the next
    claims. A file object instead (Windows) takes the GIL for every read.
    """
    if pipe:
        with Pipe(lines, progress) as path:
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        return
    with Feeder(lines, progress) as feed:
        store.bulk_load(feed, ox.RdfFormat.N_TRIPLES)


def _staging_prefix(path: Path) -> str:
    """Stagings are named ``.NAME.staging-PID-RANDOM``: the id of the loading process tells
    a dead load's leftovers from a live one's."""
    return f".{path.name}.staging-"


def _open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """A read-only handle on the store at ``path``, which the handle that writes may be
    compacting: a file the manifest named can be gone by the time it is opened (RocksDB
    then says "No such file or directory" or "Corruption"), and a second try reads the new
    manifest."""
    for attempt in itertools.count(1):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            raced = any(word in str(exc) for word in ("No such file", "Corruption"))
            if not raced or attempt == attempts:
                raise StoreError(f"cannot open the Oxigraph store at {path} to read: {exc}"
                                 ) from None
        time.sleep(0.02 * attempt)


def _previous(path: Path) -> Path:
    return path.parent / f".{path.name}.previous"


def _repair(path: Path) -> None:
    """Finish or undo a swap that was interrupted between its two renames."""
    previous = _previous(path)
    if not previous.exists():
        return
    if path.exists():
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.rename(previous, path)


class OxigraphStore(Store):
    """Oxigraph: fast SPARQL, bulk loading, and an on-disk store that reopens at once."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else None
        self.kind = f"oxigraph:{self.path}" if self.path else "oxigraph"
        self.persistent = self.scans_beat_lookups = self.path is not None
        self.read_only = read_only
        self._reader_handle: ox.Store | None = None
        self._reader_version: object = None
        if read_only and self.path is None:
            raise StoreError("only an Oxigraph store on disk (oxigraph:PATH) opens read-only")
        try:
            if self.path is not None and not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                _repair(self.path)
                # a load killed outright (kill -9) leaves its staging, up to gigabytes
                remove_leftovers(self.path.parent, _staging_prefix(self.path))
            self._store = self._open()
        except OSError as exc:
            hint = ("; another process has it open (Oxigraph allows one at a time): close it "
                    "there, or query that process's `actorgraph serve`"
                    if "lock" in str(exc).lower() else "")
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}{hint}") from None

    @classmethod
    def at(cls, path: str | Path, *, read_only: bool = False) -> OxigraphStore:
        """The store on disk at ``path``: the one already open in this process, if any.

        Oxigraph lets one handle at a time hold a folder, so two graphs loaded into the same
        ``oxigraph:PATH`` share one store (a load into it replaces what both see). Read-only
        handles hold no lock: any number of processes may open one.
        """
        if read_only:
            return cls(path, read_only=True)
        key = Path(path).resolve()
        store = _OPEN.get(key)
        if store is None:
            store = _OPEN[key] = cls(path)
        return store

    def _open(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        if self.read_only:
            return ox.Store.read_only(str(self.path))
        return ox.Store(str(self.path))

    def _replace_with(self, lines: Iterable[str]) -> None:
        progress = LoadProgress(self.kind)
        if self.path is None:
            staged = ox.Store()
            try:
                bulk_load(staged, lines, progress)
            except BaseException:
                progress.finish()
                raise
            self._store = staged
            progress.finish()
            return
        staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(self.path)}{os.getpid()}-",
                                        dir=self.path.parent))
        try:
            staged = ox.Store(str(staging))
            bulk_load(staged, lines, progress)
            staged.flush()
            del staged
        except BaseException:
            progress.finish()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._swap(staging)
        progress.finish()

    def _swap(self, staging: Path) -> None:
        """Put the complete store at ``staging`` in place of ``self.path``."""
        previous = _previous(self.path)
        del self._store  # close it (unless an rdflib view still holds it)
        self._reader_handle = None  # it holds the old files open
        shutil.rmtree(previous, ignore_errors=True)
        if self.path.exists():
            os.rename(self.path, previous)
        os.rename(staging, self.path)
        shutil.rmtree(previous, ignore_errors=True)
        self._store = self._open()

    def _run(self, query: str, bindings: dict | None, store: ox.Store | None = None):
        """Bound in the text, as for a server: Oxigraph's own ``substitutions`` take only
        projected variables, so they cannot give rdflib's ``initBindings`` semantics."""
        form, text = bind(query, bindings)
        return form, (store or self._store).query(text, prefixes=PREFIXES)

    def rows(self, query, bindings=None):
        _, result = self._run(query, bindings)
        names = [v.value for v in result.variables]
        return names, [tuple(None if t is None else t.value for t in row) for row in result]

    def _query(self, query, bindings, max_rows) -> QueryResult:
        form, result = self._run(query, bindings)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows, truncated = capped((tuple(to_rdflib(t) for t in row) for row in result),
                                     max_rows)
            return QueryResult("SELECT", names, rows, truncated=truncated)
        from ._memory import new_graph

        triples, truncated = capped(result, max_rows)
        graph = new_graph()
        for triple in triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return QueryResult(form, graph=graph, truncated=truncated)

    def _child_query(self, query, bindings, max_rows):
        # on disk, the child must not use this handle: it belongs to RocksDB's background
        # threads, which the fork leaves behind (one may hold a lock the child would wait
        # on forever). A read-only handle has no such threads; the child inherits it open.
        store = self._store if self.path is None else self._reader()
        return lambda: self._plain_answer(store, query, bindings, max_rows)

    def _reader(self) -> ox.Store:
        """A read-only handle on the folder, opened again whenever the content changed:
        it sees what was committed when it was opened."""
        if self._reader_version != self._changes:
            self._reader_handle = _open_read_only(self.path)
            self._reader_version = self._changes
        return self._reader_handle

    def _plain_answer(self, store: ox.Store, query, bindings, max_rows):
        """The answer as plain values: rdflib terms cost several times more to pickle and
        to unpickle than to build (10^4 rows of three terms: 330 ms more, measured)."""
        form, result = self._run(query, bindings, store)
        if isinstance(result, ox.QueryBoolean):
            return "ASK", bool(result), False
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows, truncated = capped((tuple(map(_plain, row)) for row in result), max_rows)
            return "SELECT", (names, rows), truncated
        triples, truncated = capped(result, max_rows)
        return form, [(_plain(t.subject), _plain(t.predicate), _plain(t.object))
                      for t in triples], truncated

    def _from_child(self, answer) -> QueryResult:
        form, value, truncated = answer
        if form == "ASK":
            return QueryResult("ASK", boolean=value)
        if form == "SELECT":
            names, rows = value
            return QueryResult("SELECT", names, [tuple(map(_from_plain, row)) for row in rows],
                               truncated=truncated)
        from ._memory import new_graph

        graph = new_graph()
        for triple in value:
            graph.add(tuple(map(_from_plain, triple)))
        return QueryResult(form, graph=graph, truncated=truncated)

    def _update(self, text: str) -> None:
        self._store.update(text, prefixes=PREFIXES)

    @property
    def rdf(self) -> rdflib.Graph:
        from oxrdflib.store import OxigraphStore as RdflibOxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        graph = rdflib.Graph(store=RdflibOxigraphStore(store=self._store),
                             identifier=DATASET_DEFAULT_GRAPH_ID)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def dump(self, path: Path, fmt: str) -> None:
        self._store.dump(str(path), FORMATS[fmt], from_graph=ox.DefaultGraph(),
                         prefixes=PREFIXES)

    def __len__(self) -> int:
        return len(self._store)

    def is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None)), None) is None
