"""The exceptions actorgraph raises.

Every error is an :class:`ActorGraphError`; leaves also subclass the matching
built-in, so ``except KeyError`` keeps working for callers who do not know us::

    ActorGraphError
    ├── DataError (ValueError)              bad input data or arguments, with every problem found
    │   └── LoadError                       a dataset or RDF file could not be loaded
    ├── UnknownNameError (KeyError)         no actor, source, relation or query by that name
    ├── QueryError (ValueError)             a SPARQL query is malformed
    │   ├── UnsafeQueryError (PermissionError)  SERVICE, LOAD, FROM or an update was refused
    │   └── QueryTimeoutError (TimeoutError)    a query ran past its time limit
    ├── StoreError (OSError)                a store could not be opened, read or written
    └── ExportError (OSError)               a file could not be written
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ActorGraphError",
    "DataError",
    "ExportError",
    "LoadError",
    "Problem",
    "QueryError",
    "QueryTimeoutError",
    "StoreError",
    "UnknownNameError",
    "UnsafeQueryError",
]


def _quoted(value: object, limit: int = 80) -> str:
    r"""A value shown safely in a message: quoted, cut if long, and with control and
    bidirectional control characters escaped once, as Python writes them.

    >>> print(_quoted("a\u202eb"), _quoted("x" * 100)[-4:])
    'a\u202eb' xx…'
    """
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass(frozen=True)
class Problem:
    """One problem found in input data: where it is, what is wrong, what to do.

    ``file`` is the file's name as given, ``line`` the 1-based line where the
    record starts (``None`` when unknown, as in RDF files), ``field`` the column
    or property, ``value`` the offending value, ``record`` names the record where
    there is no line (``claim 'c1'`` in an RDF file).
    """

    file: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    value: str | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.record:
            where += f" ({self.record})"
        if self.field:
            where += f": field '{self.field}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            shown = _quoted(self.value)
            if shown[1:-1] not in text:
                text += f" (value: {shown})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class ActorGraphError(Exception):
    """Base class of every error raised by actorgraph.

    A refusal that a keyword argument would lift (a folder already there: ``overwrite``; a
    query using ``SERVICE``: ``allow_service``) ends its message with that advice, and says
    it as data too, for a front end that spells the argument its own way or has none (the
    command line's ``--overwrite``): ``argument`` names the argument and ``reason`` is the
    message without the advice. Both are ``None`` on other errors.

    >>> error = ExportError("out: already exists", argument="overwrite",
    ...                     advice="pass overwrite=True")
    >>> str(error), error.argument, error.reason
    ('out: already exists; pass overwrite=True', 'overwrite', 'out: already exists')
    """

    #: The keyword argument that would lift this refusal, if one would.
    argument: str | None = None
    #: The message without the advice to pass :attr:`argument`.
    reason: str | None = None

    def __init__(self, *args: object, argument: str | None = None,
                 advice: str | None = None) -> None:
        if argument is not None:
            (reason,) = args
            self.argument, self.reason = argument, str(reason)
            args = (f"{reason}; {advice}",)
        super().__init__(*args)


class DataError(ActorGraphError, ValueError):
    """Input data is invalid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, message: str, problems: list[Problem] | tuple[Problem, ...] = ()):
        self.problems = tuple(problems)
        if self.problems:
            listed = "\n".join(f"  {p}" for p in self.problems[:50])
            more = len(self.problems) - 50
            if more > 0:
                listed += f"\n  … and {more} more"
            message = f"{message}\n{listed}"
        super().__init__(message)


class LoadError(DataError):
    """A dataset or RDF file could not be loaded; nothing was loaded."""


class UnknownNameError(ActorGraphError, KeyError):
    """No actor, source, relation, certainty or named query has that name."""

    def __init__(self, what: str, name: str, suggestions: list[str] | tuple[str, ...] = ()):
        self.what = what
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"unknown {what} {_quoted(name)}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would quote the message again
        return str(self.args[0])


class QueryError(ActorGraphError, ValueError):
    """A SPARQL query is malformed or cannot be run."""


class UnsafeQueryError(QueryError, PermissionError):
    """A query asked for something refused by default: SERVICE, LOAD, FROM, or an update."""


class QueryTimeoutError(QueryError, TimeoutError):
    """A query ran past its time limit and was stopped; no partial result is returned."""


class StoreError(ActorGraphError, OSError):
    """A store could not be opened, read or written."""


class ExportError(ActorGraphError, OSError):
    """An export could not be written; any previous file at the path is intact."""


# Shown under the name users import them by (``actorgraph.LoadError``).
for _public in (ActorGraphError, DataError, LoadError, UnknownNameError, QueryError,
                UnsafeQueryError, QueryTimeoutError, StoreError, ExportError, Problem):
    _public.__module__ = "actorgraph"
