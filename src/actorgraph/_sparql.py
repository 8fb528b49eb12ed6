"""SPARQL: the project's prefixes, the safety guard, and the named queries in ``queries/*.rq``.

Values are always bound (rdflib ``initBindings``, Oxigraph ``substitutions``), never pasted
into query text. User queries pass a static guard before any store sees them: ``SERVICE``,
``FROM``/``FROM NAMED``, ``LOAD`` and every update are refused unless explicitly allowed.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ._exceptions import QueryError, UnknownNameError, UnsafeQueryError

__all__ = ["PREFIXES", "NamedQuery", "check_query", "named_queries", "prefixed"]

PREFIXES = {
    "ag": "https://w3id.org/actorgraph/ontology#",
    "agd": "https://w3id.org/actorgraph/id/",
    "actor": "https://w3id.org/actorgraph/id/actor/",
    "claim": "https://w3id.org/actorgraph/id/claim/",
    "source": "https://w3id.org/actorgraph/id/source/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
MAX_QUERY_CHARS = 100_000


def prefixed(text: str) -> str:
    """The query text with the project's PREFIX declarations in front (the query's own win)."""
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return head + text


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


_PARSER_LOCK = threading.Lock()  # rdflib's pyparsing grammar is not thread-safe
_PREFIX_LINES = len(PREFIXES)


@lru_cache(maxsize=256)
def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSER_LOCK:
            return parseQuery(text)
    except ParseException as exc:
        try:
            with _PARSER_LOCK:
                parseUpdate(text)
        except Exception:
            line = max(exc.lineno - _PREFIX_LINES, 1)
            raise QueryError(f"SPARQL syntax error at line {line}, column {exc.col}: "
                             f"{exc.msg}") from None
        raise UnsafeQueryError(
            "updates (INSERT, DELETE, LOAD, CLEAR, DROP, …) are not allowed through query(); "
            "change the data in the dataset files and load it again") from None
    except RecursionError:
        raise QueryError("query too complex (nested too deeply)") from None


def check_query(text: str, *, allow_service: bool = False, allow_dataset: bool = False) -> str:
    """Refuse what a query must not do by default; return the query form (SELECT, ASK, …).

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    >>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    actorgraph._exceptions.UnsafeQueryError: SERVICE is not allowed: ...
    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    actorgraph._exceptions.UnsafeQueryError: FROM and FROM NAMED are not allowed: ...
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters > {MAX_QUERY_CHARS:,})")
    tree = _parse(prefixed(text))
    found: set[str] = set()
    _walk(tree, found)
    if "ServiceGraphPattern" in found and not allow_service:
        raise UnsafeQueryError("SERVICE is not allowed: queries run on the local graph only "
                               "(pass allow_service=True to query remote endpoints)")
    if "DatasetClause" in found and not allow_dataset:
        raise UnsafeQueryError("FROM and FROM NAMED are not allowed: queries run on the "
                               "loaded dataset (pass allow_dataset=True to override)")
    form = tree[1].name
    return form.removesuffix("Query").upper()


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
