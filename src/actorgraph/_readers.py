"""Readers: what turns a file or folder into records, behind one interface.

:func:`actorgraph.load` does not know which formats exist: it asks the registry for the
reader of each path (by an explicit ``format`` name, or by asking each reader in turn
whether it takes the path), and every reader gives the same :class:`RecordStream`: actors
and sources checked at once, claims checked as they stream, every problem with its file,
line and field. A new format — an importer, a candidate folder — is one more reader
registered with :func:`register_reader`.

>>> [r.name for r in readers()][:4]
['dataset', 'turtle', 'ntriples', 'jsonld']
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ._exceptions import LoadError, Problem
from ._model import Actor, Claim, Source
from ._records import Origins

__all__ = ["Reader", "RecordStream", "reader_for", "readers", "register_reader"]


@dataclass
class RecordStream:
    """What a reader gives: a dataset's records, checked, with where each came from.

    ``claims()`` yields the valid claims once, checking each as it is read; ``verify()``
    then raises :class:`~actorgraph.LoadError` listing every problem found (in actors,
    sources and claims). ``extra`` holds N-Triples lines the format carries besides records
    (kept as they are); ``files`` the paths read, so that a copy can be made of them.
    """

    name: str
    actors: list[Actor]
    sources: list[Source]
    claims: Callable[[], Iterator[Claim]]
    verify: Callable[[], None]
    origins: Origins
    files: tuple[Path, ...]
    extra: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counted: Callable[[], int] = lambda: 0


class Reader(ABC):
    """A format actorgraph can load: a name for ``format=``, and how to read it."""

    #: The name given as ``load(path, format=NAME)`` or ``--format NAME``.
    name: str
    #: What the format is, for error messages and ``--help``.
    description: str

    @abstractmethod
    def accepts(self, path: Path) -> bool:
        """Whether ``path`` looks like this format (no format was named)."""

    @abstractmethod
    def read(self, path: Path) -> RecordStream:
        """The records at ``path``; :class:`~actorgraph.LoadError` if it cannot be read."""

    def files(self, path: Path) -> tuple[Path, ...]:
        """The files :meth:`read` reads at ``path`` (what a copy of the data must hold)."""
        return (path,)


class DatasetFolderReader(Reader):
    """actorgraph's own format: a folder of ``actors.csv``, ``sources.csv``, ``claims.csv``."""

    name = "dataset"
    description = "a dataset folder (actors.csv, sources.csv, claims.csv)"

    def accepts(self, path: Path) -> bool:
        return path.is_dir()

    def files(self, path: Path) -> tuple[Path, ...]:
        from ._schema import FILES

        return tuple(path / name for name in FILES.values() if (path / name).is_file())

    def read(self, path: Path) -> RecordStream:
        from ._csvload import DatasetStream

        stream = DatasetStream(path)
        claims = stream.claims()
        if stream.problems:  # in actors or sources: list the claims' problems too
            claims = _drained(claims)
        return RecordStream(path.name, stream.actors, stream.sources, lambda: claims,
                            stream.verify, stream.origins, self.files(path),
                            warnings=stream.warnings, problems=stream.problems,
                            counted=lambda: stream.count)


def _drained(claims: Iterator[Claim]) -> Iterator[Claim]:
    """Read (and so check) every claim, keeping none: actors or sources failed already."""
    for _ in claims:
        pass
    return iter(())


class RdfFileReader(Reader):
    """One RDF file in the project's shape (Turtle, N-Triples or JSON-LD), read offline."""

    def __init__(self, name: str, suffixes: tuple[str, ...], description: str):
        self.name, self.suffixes, self.description = name, suffixes, description

    def accepts(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in self.suffixes

    def read(self, path: Path) -> RecordStream:
        from ._rdfload import read_rdf

        dataset, extra, warnings = read_rdf(path, self.name)
        return RecordStream(path.name, dataset.actors, dataset.sources,
                            lambda: iter(dataset.claims), lambda: None, dataset.origins,
                            (path,), extra, warnings, counted=lambda: len(dataset.claims))


_REGISTRY: list[Reader] = [
    DatasetFolderReader(),
    RdfFileReader("turtle", (".ttl",), "a Turtle file (.ttl)"),
    RdfFileReader("ntriples", (".nt",), "an N-Triples file (.nt)"),
    RdfFileReader("jsonld", (".jsonld", ".json"), "a JSON-LD file (.jsonld)"),
]


def _registry() -> list[Reader]:
    """The registry, with the importers of other datasets (``actorgraph._import``) in it:
    registered on first use, as they import this module."""
    from . import _import  # noqa: F401 - registers them

    return _REGISTRY


def readers() -> list[Reader]:
    """Every registered reader, in the order they are asked."""
    return list(_registry())


def register_reader(reader: Reader) -> None:
    """Add a reader (an importer, a candidate folder …); one of the same name is replaced."""
    _REGISTRY[:] = [r for r in _REGISTRY if r.name != reader.name] + [reader]


def reader_for(path: Path, format: str | None = None) -> Reader:  # noqa: A002 - load()'s word
    """The reader of ``path``: the one named ``format``, or the first that accepts it.

    Raises
    ------
    LoadError
        No such path, no reader of that name, or none that takes the path.
    """
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder", [
            Problem(str(path), None, None, "no such file or folder",
                    "give a dataset folder or a .ttl, .nt or .jsonld file")])
    names = {r.name: r for r in _registry()}
    if format is not None:
        if format not in names:
            import difflib

            close = difflib.get_close_matches(format, names)
            raise LoadError(f"{path}: unknown format {format!r}", [Problem(
                str(path), None, None, f"unknown format {format!r}",
                f"use one of: {', '.join(names)}"
                + (f"; did you mean {close[0]!r}?" if close else ""))])
        return names[format]
    for reader in _registry():
        if reader.accepts(path):
            return reader
    known = "; ".join(f"{r.name}: {r.description}" for r in _registry())
    raise LoadError(f"{path}: not a format actorgraph reads", [Problem(
        path.name, None, None, f"unknown format {path.suffix or '(no suffix)'!r}",
        f"give one of these, or name the format with format=: {known}")])
