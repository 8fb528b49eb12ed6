"""What a query or update must pass before any worker sees it.

In order: a size cap (413), a nesting cap (a lexical count, so the parser never recurses
deeply), then :func:`actorgraph._sparql.check_query` (syntax, ``SERVICE``, ``FROM``,
updates). Updates (allowed only with the token) must not ``LOAD``, use ``SERVICE`` or
``USING``: their parse tree is walked for those.
"""

from __future__ import annotations

import re
import threading

from .._exceptions import QueryError, UnsafeQueryError
from .._sparql import MAX_QUERY_CHARS, check_query, prefixed
from ._errors import HttpError

__all__ = ["MAX_DEPTH", "check_read", "check_update"]

MAX_DEPTH = 32  # rdflib's parser overflows the stack near 36 nested groups
# rdflib's parser (pyparsing) is not safe to run in several threads at once: pyparsing
# rewrites the grammar on its first parse, and parses racing it fail with TypeErrors.
# Parsing holds the GIL anyway, so one parse at a time costs nothing.
_PARSING = threading.Lock()

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

_REFUSED_UPDATE = {
    "Load": "LOAD is not allowed: the server never reads files or fetches documents",
    "ServiceGraphPattern": "SERVICE is not allowed: updates run on this server's graph only",
    "UsingClause": "USING and USING NAMED are not allowed: updates run on the loaded dataset",
}


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


def _names(node, found: set[str]) -> set[str]:
    """The names of every parse-tree node under ``node``."""
    name = getattr(node, "name", None)
    if name:
        found.add(name)
    if isinstance(node, dict):
        for value in node.values():
            _names(value, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _names(value, found)
    return found


def _check_text(text: str, max_bytes: int) -> None:
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise HttpError(413, f"query too long ({size:,} bytes > {max_bytes:,})")
    if len(text) > MAX_QUERY_CHARS:
        raise HttpError(413, f"query too long ({len(text):,} characters > {MAX_QUERY_CHARS:,})")
    if _depth(text) > MAX_DEPTH:
        raise HttpError(400, f"query too deeply nested (more than {MAX_DEPTH} levels of "
                             "{ }, ( ) or [ ])")


def _for_http(message: str) -> str:
    """A guard message without its hints for Python callers (``pass allow_…=True``)."""
    return re.sub(r"\s*\(pass allow_\w+=True[^)]*\)", "", message)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSING:
            parseUpdate(prefixed(text))
    except Exception:  # noqa: BLE001 - anything unparsable is not an update
        return False
    return True


def check_read(text: str, max_bytes: int) -> str:
    """Refuse what a read query must not do; return its form (``SELECT``, ``ASK`` …).

    Raises :class:`HttpError`: 413 for a query over ``max_bytes``, 400 for a syntax
    error, a query nested too deeply, ``SERVICE`` or ``FROM``, 403 for an update.

    >>> check_read("ASK { ?s ?p ?o }", 1000)
    'ASK'
    >>> check_read("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", 1000)
    Traceback (most recent call last):
    actorgraph._serve._errors.HttpError: FROM and FROM NAMED are not allowed: ...
    """
    _check_text(text, max_bytes)
    try:
        with _PARSING:
            return check_query(text)
    except UnsafeQueryError as exc:
        if _is_update(text):
            raise HttpError(403, "updates are not queries: send them as an update (POST "
                                 "application/sparql-update, or update= in a form)") from None
        raise HttpError(400, _for_http(str(exc))) from None
    except QueryError as exc:
        raise HttpError(400, _for_http(str(exc))) from None


def check_update(text: str, max_bytes: int) -> None:
    """Refuse an update that is malformed or would read files, fetch, or use ``USING``.

    >>> check_update("LOAD <file:///etc/passwd>", 1000)
    Traceback (most recent call last):
    actorgraph._serve._errors.HttpError: LOAD is not allowed: ...
    """
    _check_text(text, max_bytes)
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSING:
            tree = parseUpdate(prefixed(text))
    except ParseException as exc:
        raise HttpError(400, f"SPARQL update syntax error at column {exc.col}: {exc.msg}") from None
    except RecursionError:
        raise HttpError(400, "update too complex (nested too deeply)") from None
    found = _names(tree, set())
    for name, message in _REFUSED_UPDATE.items():
        if name in found:
            raise HttpError(400, message)
