"""Confine a SPARQL update to one named graph of a server: the graph actorgraph loaded.

An update names no graph when it means the store's data, as it does on the embedded
stores. On a server that data is a named graph, and nothing in the SPARQL protocol
redirects an update there: ``using-graph-uri`` only sets what ``WHERE`` reads, while
``INSERT DATA`` and ``DELETE DATA`` always write the server's default graph (on Virtuoso,
a graph of its own that no actorgraph query reads). So each operation is rewritten into
the form of SPARQL 1.1 Update that names its graph once for reading and writing,
``WITH <g> DELETE {…} INSERT {…} WHERE {…}``:

- ``INSERT DATA {Q}`` becomes ``WITH <g> INSERT {Q} WHERE { }`` (``DELETE DATA`` alike);
- ``DELETE WHERE {Q}`` becomes ``WITH <g> DELETE {Q} WHERE {Q}``;
- ``DELETE … INSERT … WHERE …`` gets ``WITH <g>`` in front;
- ``CLEAR DEFAULT`` and ``DROP DEFAULT`` become ``CLEAR SILENT GRAPH <g>``;
- ``LOAD <doc>`` (only with the network allowed) becomes ``LOAD <doc> INTO GRAPH <g>``.

Whatever names another graph of the server (``GRAPH``, ``WITH``, ``USING``, ``ALL``,
``NAMED``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) is refused: on a shared server those
are other people's graphs, and Virtuoso's own system graphs.

>>> print(confine("PREFIX ex: <urn:ex#> INSERT DATA { ex:a ex:b 1 } ; DELETE WHERE { ?s ex:b ?o }",
...               "urn:g"))
PREFIX ex: <urn:ex#> WITH <urn:g> INSERT { ex:a ex:b 1 } WHERE { } ; WITH <urn:g> DELETE { ?s ex:b ?o } WHERE { ?s ex:b ?o }
>>> confine("DROP ALL", "urn:g")
Traceback (most recent call last):
actorgraph.UnsafeQueryError: ALL is not allowed in an update sent to a SPARQL server: ...
"""

from __future__ import annotations

from .._exceptions import QueryError, UnsafeQueryError
from .._sparql import canonical
from ._bind import LEXEMES

__all__ = ["confine"]

_OTHER_GRAPHS = {"GRAPH", "WITH", "USING", "ALL", "NAMED", "CREATE", "ADD", "MOVE", "COPY"}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """``(TOKEN, start, end)`` of names, IRIs and punctuation outside comments and strings
    (an IRI's token is ``<>``: only where it is matters)."""
    found = []
    for m in LEXEMES.finditer(text):
        if m.lastgroup in ("name", "punct"):
            found.append((m.group().upper(), m.start(), m.end()))
        elif m.lastgroup == "iri":
            found.append(("<>", m.start(), m.end()))
    return found


def _operations(tokens: list) -> list[list]:
    """The tokens of each operation, split at the semicolons outside braces."""
    operations, current, depth = [], [], 0
    for token in tokens:
        depth += {"{": 1, "}": -1}.get(token[0], 0)
        if token[0] == ";" and depth == 0:
            operations.append(current)
            current = []
        else:
            current.append(token)
    if depth != 0:
        raise QueryError("unbalanced braces in the update")
    return [*operations, current]


def _block_end(tokens: list, index: int) -> int:
    """The index of the ``}`` closing the block that opens at ``tokens[index]``."""
    if index >= len(tokens) or tokens[index][0] != "{":
        raise QueryError("malformed update: expected '{'")
    depth = 0
    for i in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[i][0], 0)
        if depth == 0:
            return i
    raise QueryError("unbalanced braces in the update")


def _edits(text: str, op: list, graph: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` that make one operation read and write ``graph`` only."""
    i = 0
    while i < len(op) and op[i][0] in ("PREFIX", "BASE"):
        i += 3 if op[i][0] == "PREFIX" else 2
    if i >= len(op):
        return []  # a trailing prologue or semicolon
    word, start, _ = op[i]
    following = op[i + 1][0] if i + 1 < len(op) else ""
    with_graph = f"WITH <{graph}> "
    if (word, following) in (("INSERT", "DATA"), ("DELETE", "DATA"), ("DELETE", "WHERE")):
        close = _block_end(op, i + 2)
        block = text[op[i + 2][1]:op[close][2]]
        where = " WHERE { }" if following == "DATA" else f" WHERE {block}"
        return [(start, op[i + 1][2], with_graph + word), (op[close][2], op[close][2], where)]
    if word in ("INSERT", "DELETE"):
        return [(start, start, with_graph)]
    if word in ("CLEAR", "DROP"):
        rest = [t[0] for t in op[i + 1:]]
        if rest in (["DEFAULT"], ["SILENT", "DEFAULT"]):
            return [(start, op[-1][2], f"CLEAR SILENT GRAPH <{graph}>")]
    if word == "LOAD":
        source = i + 2 if following == "SILENT" else i + 1
        if source == len(op) - 1:
            return [(op[source][2], op[source][2], f" INTO GRAPH <{graph}>")]
    raise UnsafeQueryError(f"{word} is not allowed in an update sent to a SPARQL server "
                           "in this form: updates there change actorgraph's graph only")


def confine(text: str, graph: str) -> str:
    """The update ``text`` rewritten to read and write the named graph ``graph`` only."""
    text = canonical(text)  # the text as the server will read it (no \\u escapes hide a word)
    tokens = _tokens(text)
    for word, _, _ in tokens:
        if word in _OTHER_GRAPHS:
            raise UnsafeQueryError(
                f"{word} is not allowed in an update sent to a SPARQL server: it would name "
                "another graph of the server, and actorgraph's updates change its own graph "
                "only (write the triples without GRAPH, WITH or USING)")
    edits = [e for op in _operations(tokens) for e in _edits(text, op, graph)]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
