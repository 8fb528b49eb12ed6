"""Bind variables in SPARQL text for a server: a ``VALUES`` block built from RDF terms.

The SPARQL protocol has no bindings, so a query sent to a server carries its values in
its text. They go in as a ``VALUES`` block at the start of the query's top-level group,
built from rdflib terms serialised by ``term.n3()`` (which escapes literals and refuses
IRIs that could break out of ``<…>``), never from user text. The bound variables are then
bound throughout the top-level group, as with Oxigraph's ``substitutions`` and rdflib's
``initBindings``: ``OPTIONAL``, ``FILTER``, ``GROUP BY`` and the projection all see them.
A sub-``SELECT`` is its own scope and sees them only through the variables it projects.

>>> from rdflib import Literal, URIRef
>>> form, text = bind("SELECT ?n WHERE { ?a <urn:p> ?n }", {"a": URIRef("urn:x")})
>>> form, text
('SELECT', 'SELECT ?n WHERE { VALUES (?a) { (<urn:x>) }\\n ?a <urn:p> ?n }')
>>> bind("ASK { ?a ?p ?o }", {"o": Literal('say "}"')})[1]
'ASK { VALUES (?o) { ("say \\\\"}\\\\"") }\\n ?a ?p ?o }'
"""

from __future__ import annotations

import re

import rdflib

from .._exceptions import QueryError

__all__ = ["bind", "query_form", "values_block"]

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What may hide a brace or a keyword: comments, strings, IRIs, variables, prefixed names.
_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<name>[?$@:\w][\w.:-]*)
  | (?P<punct>[{}()])
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of the keywords and brackets outside comments, strings and IRIs."""
    found = []
    for match in _TOKENS.finditer(text):
        if match.lastgroup in ("name", "punct"):
            found.append((match.group().upper(), match.start(), match.end()))
    return found


def _matching(tokens: list, index: int) -> int:
    """The index of the ``}`` closing the ``{`` at ``tokens[index]``."""
    depth = 0
    for i in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[i][0], 0)
        if depth == 0:
            return i
    raise QueryError("unbalanced braces in the query")


def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``.

    >>> query_form("PREFIX ask: <urn:select#> # CONSTRUCT\\nselect * { ?s ?p ?o }")
    'SELECT'
    """
    return _form(_tokens(text))[0]


def _form(tokens: list) -> tuple[str, int]:
    for i, (token, _, _) in enumerate(tokens):
        if token in FORMS:
            return token, i
    raise QueryError("not a query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")


def values_block(bindings: dict) -> str:
    """A ``VALUES`` block binding each variable to one RDF term.

    >>> values_block({"s": rdflib.URIRef("urn:a"), "n": rdflib.Literal(2)})
    'VALUES (?s ?n) { (<urn:a> "2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    names, terms = [], []
    for name, term in bindings.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"invalid variable name {name!r}")
        if not isinstance(term, (rdflib.URIRef, rdflib.Literal)):
            raise QueryError(f"cannot bind ?{name} to {term!r} on a SPARQL server: "
                             "only IRIs and literals can be sent in a query")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind(text: str, bindings: dict | None) -> tuple[str, str]:
    """The query form and the query text with ``bindings`` (name → rdflib term) bound.

    The ``VALUES`` block opens the top-level group (wrapped around a group that is a bare
    sub-``SELECT``); ``CONSTRUCT WHERE { … }`` is spelled out in full first, since its
    short form takes triples only; a ``DESCRIBE`` without a group gets one.
    """
    tokens = _tokens(text)
    form, at = _form(tokens)
    if not bindings:
        return form, text
    values = values_block(bindings)
    start = at + 1
    if form == "CONSTRUCT" and start < len(tokens) and tokens[start][0] == "{":
        start = _matching(tokens, start) + 1
    depth, group = 0, None
    for i in range(start, len(tokens)):
        token = tokens[i][0]
        depth += {"(": 1, ")": -1}.get(token, 0)
        if token == "{" and depth == 0:
            group = i
            break
    if group is None:
        if form != "DESCRIBE":
            raise QueryError(f"cannot bind variables: no WHERE group found in this {form}")
        return form, f"{text}\nWHERE {{ {values} }}"
    close = _matching(tokens, group)
    open_end, close_start = tokens[group][2], tokens[close][1]
    body = text[open_end:close_start]
    if form == "CONSTRUCT" and start == at + 1:  # CONSTRUCT WHERE { triples }
        head = text[:tokens[at][2]]
        return form, (f"{head} {{{body}}}{text[tokens[at][2]:open_end]} {values}\n{body}"
                      f"{text[close_start:]}")
    if group + 1 < close and tokens[group + 1][0] == "SELECT":
        body = f" {{{body}}}"
    return form, f"{text[:open_end]} {values}\n{body}{text[close_start:]}"
