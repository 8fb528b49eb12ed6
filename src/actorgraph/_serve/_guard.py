"""What a query or update must pass before any worker sees it.

In order: a size cap (413), a nesting cap (a lexical count, so the parser never recurses
deeply), then the library's guard: :func:`actorgraph._sparql.check_query` (syntax,
``SERVICE``, ``FROM``, updates) or, for updates (allowed only with the token),
:func:`actorgraph._sparql.check_update` (no ``LOAD``, ``SERVICE`` or ``USING``). Both return
the text that runs — the very text they checked — and only that text reaches a worker.
The guard also refuses a prefix used without a declaration, in the text or among the
predeclared ones: the engines disagree otherwise (rdflib knows dozens of prefixes of its
own, Oxigraph none).
"""

from __future__ import annotations

import re

from .._exceptions import QueryError, UnsafeQueryError
from .._sparql import MAX_QUERY_CHARS, CheckedQuery, canonical, check_query, check_update
from ._errors import HttpError

__all__ = ["MAX_DEPTH", "check_read", "check_update_text"]

MAX_DEPTH = 32  # rdflib's parser overflows the stack near 36 nested groups

_LEXEMES = re.compile(r'''
    """(?:[^"\\]|\\.|"(?!""))*"""     # long strings
  | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
  | "(?:[^"\\\n]|\\.)*"                # short strings
  | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>          # IRIs
  | \#[^\n]*                           # comments
  | [{(\[]                             # openers
  | [})\]]                             # closers
''', re.VERBOSE)


def _depth(text: str) -> int:
    """The deepest nesting of ``{ ( [`` outside strings, IRIs and comments.

    >>> _depth('SELECT * { ?s ?p "{{{" FILTER(?o < 3) { <urn:x> ?p (1) } }')
    3
    """
    depth = deepest = 0
    for match in _LEXEMES.finditer(text):
        token = match.group()
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth = max(depth - 1, 0)
    return deepest


def _check_text(text: str, max_bytes: int) -> None:
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise HttpError(413, f"query too long ({size:,} bytes > {max_bytes:,})")
    if len(text) > MAX_QUERY_CHARS:
        raise HttpError(413, f"query too long ({len(text):,} characters > {MAX_QUERY_CHARS:,})")
    try:
        depth = _depth(canonical(text))
    except QueryError as exc:
        raise HttpError(400, str(exc)) from None
    if depth > MAX_DEPTH:
        raise HttpError(400, f"query too deeply nested (more than {MAX_DEPTH} levels of "
                             "{ }, ( ) or [ ])")


def _for_http(exc: QueryError) -> str:
    """A guard message without its advice to Python callers (``pass allow_…=True``): an
    HTTP client cannot pass it."""
    return str(exc) if exc.argument is None else str(exc.reason)


def _is_update(text: str) -> bool:
    try:
        check_update(text)
    except UnsafeQueryError:
        return True
    except QueryError:  # anything unparsable is not an update
        return False
    return True


def check_read(text: str, max_bytes: int) -> CheckedQuery:
    """Refuse what a read query must not do; return its form and the text to run.

    Raises :class:`HttpError`: 413 for a query over ``max_bytes``, 400 for a syntax
    error, a query nested too deeply, ``SERVICE``, ``FROM`` or an undeclared prefix, 403
    for an update.

    >>> check_read("ASK { ?s ?p ?o }", 1000).form
    'ASK'
    >>> check_read("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", 1000)
    Traceback (most recent call last):
    actorgraph._serve._errors.HttpError: FROM and FROM NAMED are not allowed: ...
    >>> check_read("SELECT * { ?s dc:title ?t }", 1000)
    Traceback (most recent call last):
    actorgraph._serve._errors.HttpError: undeclared prefix 'dc:': ...
    """
    _check_text(text, max_bytes)
    try:
        checked = check_query(text)
    except UnsafeQueryError as exc:
        if _is_update(text):
            raise HttpError(403, "updates are not queries: send them as an update (POST "
                                 "application/sparql-update, or update= in a form)") from None
        raise HttpError(400, _for_http(exc)) from None
    except QueryError as exc:
        raise HttpError(400, _for_http(exc)) from None
    return checked


def check_update_text(text: str, max_bytes: int) -> str:
    """Refuse an update that is malformed or would read files, fetch, or use ``USING``;
    return the text to run.

    >>> check_update_text("LOAD <file:///etc/passwd>", 1000)
    Traceback (most recent call last):
    actorgraph._serve._errors.HttpError: LOAD is not allowed: ...
    """
    _check_text(text, max_bytes)
    try:
        runs = check_update(text)
    except QueryError as exc:
        raise HttpError(400, str(exc).replace("SPARQL syntax error", "SPARQL update syntax error")
                        ) from None
    return runs
