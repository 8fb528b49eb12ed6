"""Writers for query answers: SPARQL 1.1 JSON, XML, CSV and TSV results, and RDF graphs.

A writer takes the variables and an iterator of rows (tuples of rdflib terms, ``None``
where unbound) and stops after ``max_rows`` rows; it reports whether rows were left out.
A truncated SPARQL JSON answer says so with ``"truncated": true`` in ``head`` and at the
top level; a truncated XML answer with ``<link href="urn:actorgraph:truncated"/>`` in its
head; every truncated answer with the ``X-Actorgraph-Truncated: true`` header.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import rdflib
from rdflib.namespace import RDF, XSD

__all__ = ["FormatError", "TRUNCATED_LINK", "write_boolean", "write_graph", "write_rows"]

TRUNCATED_LINK = "urn:actorgraph:truncated"
_PLAIN = {None, XSD.string, RDF.langString}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "rdf-xml": "xml"}


class FormatError(ValueError):
    """The answer cannot be written in the format asked for (and another would do)."""


def capped(rows: Iterable, max_rows: int) -> tuple[list, bool]:
    """The first ``max_rows`` items of ``rows``, and whether there were more.

    >>> capped(iter(range(5)), 3)
    ([0, 1, 2], True)
    """
    iterator = iter(rows)
    kept = list(itertools.islice(iterator, max_rows))
    return kept, next(iterator, None) is not None


def _json_term(term) -> dict:
    if isinstance(term, rdflib.URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, rdflib.BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype not in _PLAIN:
        out["datatype"] = str(term.datatype)
    return out


def _xml_text(text: str) -> str:
    if _NOT_XML.search(text):
        raise FormatError("the answer holds characters that XML cannot carry; "
                          "ask for SPARQL JSON, CSV or TSV instead")
    return escape(text)


def _xml_term(term) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<uri>{_xml_text(str(term))}</uri>"
    if isinstance(term, rdflib.BNode):
        return f"<bnode>{_xml_text(str(term))}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(str(term))}</literal>"
    if term.datatype not in _PLAIN:
        datatype = quoteattr(str(term.datatype))
        return f"<literal datatype={datatype}>{_xml_text(str(term))}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


def _nt_string(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def _tsv_term(term) -> str:
    """A term in the SPARQL TSV results syntax (Turtle terms, tabs and newlines escaped)."""
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    text = f'"{_nt_string(str(term))}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype not in _PLAIN:
        return f"{text}^^<{term.datatype}>"
    return text


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def _json(variables: list[str], rows: list, truncated: bool) -> str:
    head: dict = {"vars": variables}
    if truncated:
        head["truncated"] = True
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                for row in rows]
    answer = {"head": head, "results": {"bindings": bindings}}
    if truncated:
        answer["truncated"] = True
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def _xml(variables: list[str], rows: list, truncated: bool) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>\n']
    out += [f"<variable name={quoteattr(v)}/>\n" for v in variables]
    if truncated:
        out.append(f'<link href="{TRUNCATED_LINK}"/>\n')
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True) if t is not None]
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


def _csv(variables: list[str], rows: list, truncated: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_term(t) for t in row] for row in rows)
    return buffer.getvalue()


def _tsv(variables: list[str], rows: list, truncated: bool) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


_ROW_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}


def write_rows(fmt: str, variables: list[str], rows: Iterator, max_rows: int
               ) -> tuple[bytes, bool]:
    """SELECT results as ``fmt`` (``json``, ``xml``, ``csv``, ``tsv``); ``(body, truncated)``.

    >>> body, truncated = write_rows("csv", ["x"], iter([(rdflib.Literal("a,b"),)]), 10)
    >>> body, truncated
    (b'x\\r\\n"a,b"\\r\\n', False)
    """
    kept, truncated = capped(rows, max_rows)
    return _ROW_WRITERS[fmt](variables, kept, truncated).encode("utf-8"), truncated


def write_boolean(fmt: str, value: bool) -> bytes:
    """An ASK answer as SPARQL JSON or XML.

    >>> write_boolean("json", True)
    b'{"head":{},"boolean":true}'
    """
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}, separators=(",", ":")).encode()
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
            f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()


def write_graph(fmt: str, triples: Iterable, max_rows: int) -> tuple[bytes, bool]:
    """CONSTRUCT or DESCRIBE triples as Turtle, N-Triples, JSON-LD or RDF/XML (``rdf-xml``)."""
    from .._sparql import PREFIXES

    kept, truncated = capped(triples, max_rows)
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in kept:
        graph.add(triple)
    if fmt == "rdf-xml" and any(_NOT_XML.search(str(t)) for triple in kept for t in triple):
        raise FormatError("the answer holds characters that XML cannot carry; "
                          "ask for Turtle, N-Triples or JSON-LD instead")
    try:
        body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    except ValueError as exc:  # e.g. a predicate RDF/XML cannot write as a QName
        raise FormatError(f"the answer cannot be written as {fmt}; ask for Turtle, "
                          "N-Triples or JSON-LD instead") from exc
    return body, truncated
