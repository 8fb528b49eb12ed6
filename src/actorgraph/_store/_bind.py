"""Bind variables in SPARQL text for a server, with the semantics of the embedded stores.

The SPARQL protocol has no bindings, so a query sent to a server carries its values in
its text, as RDF terms serialised by rdflib's ``term.n3()`` (which escapes literals and
refuses IRIs that could break out of ``<…>``), never as user text. Oxigraph's
``substitutions`` and rdflib's ``initBindings`` bind a variable *throughout* the query,
nested groups included (``{ BIND(?a AS ?side) } UNION …`` sees ``?a``), which a plain
``VALUES`` block joined to the top-level group would not do. So, in the query's top-level
group, every use of a bound variable is replaced by its term, and a ``VALUES`` block
closing that group binds the variable for the projection, ``GROUP BY`` and ``ORDER BY``
(closing, not opening it: Virtuoso 7.2 loses rows of some queries when the block opens the
group of a variable it also finds put in place).
Places where SPARQL requires a variable keep it: ``AS ?v``, a ``VALUES`` variable list,
and a sub-``SELECT``'s projection and solution modifiers (the sub-query's results then
leave the variable unbound and join with the outer binding).

>>> from rdflib import Literal, URIRef
>>> q = "SELECT ?n WHERE { { BIND(?a AS ?x) } ?x <urn:p> ?n }"
>>> print(bind(q, {"a": URIRef("urn:x")})[1])
SELECT ?n WHERE { { BIND(<urn:x> AS ?x) } ?x <urn:p> ?n
VALUES (?a) { (<urn:x>) } }
>>> print(bind("ASK { ?s ?p ?o }", {"o": Literal('say "}"')})[1])
ASK { ?s ?p "say \\"}\\""
VALUES (?o) { ("say \\"}\\"") } }
"""

from __future__ import annotations

import re
from functools import lru_cache

import rdflib

from .._exceptions import QueryError

__all__ = ["LEXEMES", "bind", "query_form", "values_block"]

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What may hide a brace, a semicolon or a keyword: comments, strings, IRIs; then names and
# punctuation. The one lexer of query and update texts sent to a server (also _confine's).
LEXEMES = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<name>[?$]\w+|[@:\w][\w.:-]*)
  | (?P<punct>[{}();])
""", re.VERBOSE | re.DOTALL)


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """``(TOKEN, start, end)`` of the names and brackets outside comments, strings and IRIs."""
    return tuple((m.group().upper(), m.start(), m.end()) for m in LEXEMES.finditer(text)
                 if m.lastgroup in ("name", "punct"))


def _matching(tokens: list, index: int) -> int:
    """The index of the ``}`` closing the ``{`` at ``tokens[index]``."""
    depth = 0
    for i in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[i][0], 0)
        if depth == 0:
            return i
    raise QueryError("unbalanced braces in the query")


def _form(tokens: list) -> tuple[str, int]:
    for i, (token, _, _) in enumerate(tokens):
        if token in FORMS:
            return token, i
    raise QueryError("not a query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")


def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``.

    >>> query_form("PREFIX ask: <urn:select#> # CONSTRUCT\\nselect * { ?s ?p ?o }")
    'SELECT'
    """
    return _form(_tokens(text))[0]


def values_block(bindings: dict) -> str:
    """A ``VALUES`` block binding each variable to one RDF term.

    >>> values_block({"s": rdflib.URIRef("urn:a"), "n": rdflib.Literal(2)})
    'VALUES (?s ?n) { (<urn:a> "2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    return f"VALUES ({' '.join(f'?{n}' for n in bindings)}) {{ ({' '.join(_terms(bindings).values())}) }}"


def _terms(bindings: dict) -> dict[str, str]:
    terms = {}
    for name, term in bindings.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"invalid variable name {name!r}")
        if not isinstance(term, (rdflib.URIRef, rdflib.Literal)):
            raise QueryError(f"cannot bind ?{name} to {term!r} on a SPARQL server: "
                             "only IRIs and literals can be sent in a query")
        try:
            terms[name] = term.n3()
        except Exception as exc:  # rdflib raises a bare Exception for an unwritable IRI
            raise QueryError(f"cannot bind ?{name}: {exc}") from None
    return terms


def _substitute(text: str, tokens: list, terms: dict[str, str]) -> str:
    """``text`` (the inside of a group) with bound variables replaced where SPARQL allows."""
    out, last, keep_until, previous = [], 0, None, ""
    for token, start, end in tokens:
        if token in ("VALUES", "SELECT"):  # variable lists, up to the next "{"
            keep_until = "{"
        elif (token == "BY" and previous in ("GROUP", "ORDER")) or token == "HAVING":
            keep_until = "}"  # a sub-query's modifiers end with its enclosing group
        elif token == keep_until:
            keep_until = None
        name = text[start + 1:end]
        if token[0] in "?$" and name in terms and keep_until is None and previous != "AS":
            out.append(text[last:start])
            out.append(terms[name])
            last = end
        previous = token
    out.append(text[last:])
    return "".join(out)


def bind(text: str, bindings: dict | None) -> tuple[str, str]:
    """The query form and the query text with ``bindings`` (name → rdflib term) bound.

    ``CONSTRUCT WHERE { … }`` is spelled out in full first (its short form takes triples
    only); a ``DESCRIBE`` without a group gets one.
    """
    tokens = _tokens(text)
    form, at = _form(tokens)
    if not bindings:
        return form, text
    terms, values = _terms(bindings), values_block(bindings)
    start = at + 1
    if form == "CONSTRUCT" and start < len(tokens) and tokens[start][0] == "{":
        start = _matching(tokens, start) + 1
    depth, group = 0, None
    for i in range(start, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[i][0], 0)
        if tokens[i][0] == "{" and depth == 0:
            group = i
            break
    if group is None:
        if form != "DESCRIBE":
            raise QueryError(f"cannot bind variables: no WHERE group found in this {form}")
        return form, f"{text}\nWHERE {{ {values} }}"
    close = _matching(tokens, group)
    open_end, close_start = tokens[group][2], tokens[close][1]
    inner = [(t, s - open_end, e - open_end) for t, s, e in tokens[group + 1:close]]
    body = _substitute(text[open_end:close_start], inner, terms)
    if form == "CONSTRUCT" and start == at + 1:  # CONSTRUCT WHERE { triples }
        head = text[:tokens[at][2]]
        return form, (f"{head} {{{body}}}{text[tokens[at][2]:open_end]}{body}\n{values} "
                      f"{text[close_start:]}")
    if inner and inner[0][0] == "SELECT":
        body = f" {{{body}}}"
    return form, f"{text[:open_end]}{body.rstrip()}\n{values} {text[close_start:]}"
