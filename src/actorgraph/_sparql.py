"""SPARQL: the project's prefixes, the safety guard, and the named queries in ``queries/*.rq``.

Values are always bound (rdflib ``initBindings``, Oxigraph ``substitutions``), never pasted
into query text. User queries pass a static guard before any store sees them: ``SERVICE``,
``FROM``/``FROM NAMED``, ``LOAD`` and every update are refused unless explicitly allowed.

The guard checks exactly the text that runs. Engines read the same characters differently
at the edges: Oxigraph ends a ``#`` comment at a lone carriage return and rdflib's parser
does not; Oxigraph replaces code point escapes (``\\u0053``) anywhere before parsing, as
SPARQL 1.1 (section 19.2) says, and rdflib only inside strings. So the text is first put in
the one form every engine reads alike (:func:`canonical`), then checked twice — by rdflib's
parser and by a lexical scan for the refused keywords — and that canonical text is what
runs. The second line of defence, which needs no parsing at all, is that user queries run
where the network is switched off (:mod:`actorgraph._offline`), or, on a SPARQL server, that
the words ``SERVICE`` and ``LOAD`` never reach it (:func:`refuse_network_words`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ._exceptions import QueryError, UnknownNameError, UnsafeQueryError
from ._schema import NS

__all__ = ["PARSER_LOCK", "PREFIXES", "CheckedQuery", "NamedQuery", "canonical", "check_query",
           "check_update", "named_queries", "prefixed", "refuse_network_words",
           "undeclared_prefixes"]

#: The prefixes every query gets: the schema's namespaces, and the data's own.
PREFIXES = {
    "ag": NS["ag"],
    "agd": NS["id"],
    "actor": NS["id"] + "actor/",
    "claim": NS["id"] + "claim/",
    "source": NS["id"] + "source/",
    **{prefix: iri for prefix, iri in NS.items() if prefix not in ("ag", "id")},
}
MAX_QUERY_CHARS = 100_000

# A backslash and the character after it, taken left to right as Oxigraph takes them: in
# "\\u0041" the first backslash escapes the second, and "u0041" is plain text.
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_LINE_ENDS = re.compile(r"\r\n?")
# Comments, strings and IRIs, or a bare word: the words are what the scan looks at.
_LEXEMES = re.compile(r"""
    \#[^\n]*
  | '''(?:[^'\\]|\\.|'(?!''))*'''
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\.)*'
  | "(?:[^"\\\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
  | (?<![\w:?$@])(?P<word>[A-Za-z]+)(?![\w:])
""", re.VERBOSE)
_NETWORK_WORDS = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)


def prefixed(text: str) -> str:
    """The query text with the project's PREFIX declarations in front (the query's own win)."""
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return head + text


def _unescape(match: re.Match) -> str:
    escape = match.group(1)
    if len(escape) == 1:
        return match.group()
    code = int(escape[1:], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise QueryError(f"invalid code point escape \\{escape} in the query")
    return chr(code)


def canonical(text: str) -> str:
    r"""The query text as every engine reads it: code point escapes (``\u0053``) replaced,
    as SPARQL 1.1 processes them before parsing, and every line end a line feed.

    >>> canonical("SELECT ?a WHERE { # c\r SERVICE <urn:x> { } }")
    'SELECT ?a WHERE { # c\n SERVICE <urn:x> { } }'
    >>> print(canonical(r"\u0053ERVICE \\u0041"))
    SERVICE \\u0041
    """
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    if "\\" in text:
        text = _ESCAPE.sub(_unescape, text)
    return _LINE_ENDS.sub("\n", text) if "\r" in text else text


def _words(text: str) -> set[str]:
    """The bare words of ``text`` outside comments, strings and IRIs, upper-cased.

    >>> sorted(_words('SELECT ?x { ?x ex:SERVICE "SERVICE" } # SERVICE'))
    ['SELECT']
    """
    return {m.group("word").upper() for m in _LEXEMES.finditer(text) if m.group("word")}


def refuse_network_words(text: str, what: str = "query") -> None:
    r"""Refuse a text holding the word ``SERVICE`` or ``LOAD`` anywhere, strings included.

    The last line of defence for a store whose engine runs elsewhere (a SPARQL server),
    where the network cannot be switched off: it needs no parsing at all.

    >>> refuse_network_words('SELECT * { ?s ?p "a loaded gun" }')
    >>> refuse_network_words("SELECT * { # x\r SERVICE <http://127.0.0.1:9/> { } }")
    Traceback (most recent call last):
    actorgraph.UnsafeQueryError: the word 'SERVICE' is not allowed ...
    """
    found = _NETWORK_WORDS.search(canonical(text))
    if found:
        raise UnsafeQueryError(
            f"the word {found.group(1).upper()!r} is not allowed in a {what} sent to a SPARQL "
            "server, even inside a string, because only the server could stop it from "
            "reaching the network: pass values as bindings (g.query(text, name=value))",
            argument="allow_service", advice="or allow SERVICE explicitly (allow_service=True)")


def _walk(node, found: set[str]) -> None:
    from pyparsing import ParseResults

    name = getattr(node, "name", None)
    if isinstance(name, str) and name:
        found.add(name)
    if isinstance(node, dict):
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _walk(value, found)


def _prefixes(node, used: set[str], declared: set[str]) -> None:
    """Collect the prefixes a parse tree uses (``pname``) and declares (``PrefixDecl``)."""
    from pyparsing import ParseResults

    name = getattr(node, "name", None)
    if name in ("pname", "PrefixDecl"):
        # the empty prefix (":x") has no "prefix" entry; dict.get, as a CompValue's own
        # get() answers a missing key with the key's name
        (used if name == "pname" else declared).add(dict.get(node, "prefix", ""))
    if isinstance(node, dict):
        for value in node.values():
            _prefixes(value, used, declared)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _prefixes(value, used, declared)


def undeclared_prefixes(tree) -> list[str]:
    """The prefixes a parsed query or update uses without declaring them, sorted.

    The text must have been parsed with the project's prefixes in front (:func:`prefixed`),
    so that those count as declared. Engines disagree on the others: rdflib knows dozens
    of its own (``dc:``, ``dcat:`` …) and answers an unknown one with a bare ``Exception``;
    Oxigraph knows none.

    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> undeclared_prefixes(parseQuery(prefixed("SELECT * { ?s dc:title ?t ; ag:x ?y }")))
    ['dc']
    """
    used: set[str] = set()
    declared: set[str] = set()
    _prefixes(tree, used, declared)
    return sorted(used - declared)


def _refuse_undeclared(tree) -> None:
    missing = undeclared_prefixes(tree)
    if missing:
        raise QueryError(f"undeclared prefix {missing[0] + ':'!r}: declare it (PREFIX "
                         f"{missing[0]}: <…>) or use a predeclared one ("
                         f"{', '.join(p + ':' for p in PREFIXES)})")


# rdflib's SPARQL parser (pyparsing) is not thread-safe: pyparsing rewrites the grammar on
# its first parse, and parses racing it fail. Parsing holds the GIL anyway.
PARSER_LOCK = threading.Lock()
_PREFIX_LINES = len(PREFIXES)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its form (``SELECT``, ``ASK`` …) and the text to run."""

    form: str
    text: str


def _syntax_error(exc) -> QueryError:
    line = max(exc.lineno - _PREFIX_LINES, 1)
    return QueryError(f"SPARQL syntax error at line {line}, column {exc.col}: {exc.msg}")


@lru_cache(maxsize=256)
def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with PARSER_LOCK:
            return parseQuery(text)
    except ParseException as exc:
        try:
            with PARSER_LOCK:
                parseUpdate(text)
        except Exception:
            raise _syntax_error(exc) from None
        raise UnsafeQueryError(
            "updates (INSERT, DELETE, LOAD, CLEAR, DROP, …) are not allowed through query(); "
            "change the data in the dataset files and load it again") from None
    except RecursionError:
        raise QueryError("query too complex (nested too deeply)") from None


def _check_length(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters > {MAX_QUERY_CHARS:,})")


def check_query(text: str, *, allow_service: bool = False,
                allow_dataset: bool = False) -> CheckedQuery:
    r"""Refuse what a query must not do by default; return its form and the text to run.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> check_query("SELECT * WHERE { # c\r SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }")
    Traceback (most recent call last):
    actorgraph.UnsafeQueryError: SERVICE is not allowed: ...
    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    actorgraph.UnsafeQueryError: FROM and FROM NAMED are not allowed: ...
    """
    _check_length(text)
    runs = canonical(text)
    tree = _parse(prefixed(runs))
    found: set[str] = set()
    _walk(tree, found)
    _refuse_undeclared(tree)
    words = _words(runs)
    if ("ServiceGraphPattern" in found or "SERVICE" in words) and not allow_service:
        raise UnsafeQueryError("SERVICE is not allowed: queries run on the local graph only",
                               argument="allow_service",
                               advice="pass allow_service=True to query remote endpoints")
    if ("DatasetClause" in found or "FROM" in words) and not allow_dataset:
        raise UnsafeQueryError("FROM and FROM NAMED are not allowed: queries run on the "
                               "loaded dataset", argument="allow_dataset",
                               advice="pass allow_dataset=True to override")
    return CheckedQuery(tree[1].name.removesuffix("Query").upper(), runs)


_REFUSED_IN_UPDATES = {
    "LOAD": "LOAD is not allowed: updates never read files or fetch documents",
    "SERVICE": "SERVICE is not allowed: updates run on this graph only",
    "USING": "USING and USING NAMED are not allowed: updates run on the loaded dataset",
}
_UPDATE_NODES = {"Load": "LOAD", "ServiceGraphPattern": "SERVICE", "UsingClause": "USING"}


def check_update(text: str) -> str:
    r"""Refuse an update that is malformed or would read files, fetch, or use ``USING``;
    return the text to run.

    >>> check_update("INSERT DATA { <urn:a> <urn:b> 1 } # x\r ; LOAD <http://127.0.0.1:9/>")
    Traceback (most recent call last):
    actorgraph.UnsafeQueryError: LOAD is not allowed: ...
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    _check_length(text)
    runs = canonical(text)
    try:
        with PARSER_LOCK:
            tree = parseUpdate(prefixed(runs))
    except ParseException as exc:
        raise _syntax_error(exc) from None
    except RecursionError:
        raise QueryError("update too complex (nested too deeply)") from None
    found: set[str] = set()
    _walk(tree, found)
    refused = {_UPDATE_NODES[n] for n in found if n in _UPDATE_NODES}
    refused |= _words(runs) & set(_REFUSED_IN_UPDATES)
    for word, message in _REFUSED_IN_UPDATES.items():
        if word in refused:
            raise UnsafeQueryError(message)
    _refuse_undeclared(tree)
    return runs


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as ``queries/<name>.rq``: its text, description and parameters.

    Parameters are declared in the file's header comments as ``# param NAME: TYPE text``,
    where TYPE is ``actor`` (bound to the actor's IRI), ``relation`` (the relation's
    property IRI), ``certainty`` or ``string``.
    """

    name: str
    description: str
    params: dict[str, str]
    text: str


_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(\w+)")


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with actorgraph, by name."""
    found = {}
    folder = resources.files("actorgraph") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        description, params = [], {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if m := _PARAM.match(line):
                params[m.group(1)] = m.group(2)
            else:
                description.append(line.lstrip("# ").rstrip())
        name = entry.name[: -len(".rq")]
        found[name] = NamedQuery(name, " ".join(d for d in description if d), params, text)
    return found


def named_query(name: str) -> NamedQuery:
    """The named query called ``name``; an unknown name suggests the nearest."""
    queries = named_queries()
    if name not in queries:
        import difflib

        raise UnknownNameError("query", name, difflib.get_close_matches(name, queries, n=3))
    return queries[name]
