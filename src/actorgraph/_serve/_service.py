"""The SPARQL 1.1 Service Description answered at ``GET /sparql`` without a query.

In Turtle, N-Triples, JSON-LD or RDF/XML, as the request's ``Accept`` (or ``format=``) asks.
The endpoint is named by the empty relative IRI ``<>`` wherever the format allows it:
relative IRIs resolve against the address the client used, so the description is right
behind a proxy and never echoes a ``Host`` header. N-Triples has no relative IRIs; there
the endpoint's absolute address is given by the caller.

The predeclared prefixes are advertised with SHACL's prefix declarations (SHACL 1.0,
section 5.2.1): the service's ``sh:prefixes`` is a set of ``sh:declare`` declarations, each
an ``sh:prefix`` and an ``sh:namespace`` — SHACL's meaning for ``sh:prefixes`` is "the
prefixes applied before parsing the associated query", which is what the endpoint does, and
query editors that read prefixes from an endpoint's description look for these terms.
"""

from __future__ import annotations

from functools import lru_cache

from ._negotiate import MEDIA_TYPES

__all__ = ["service_description"]

_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD",
    "rdf-xml": "RDF_XML",
}
_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "rdf-xml": "xml"}
# stands for "this document" until it is written out as the empty relative IRI
_SELF = "http://actorgraph.invalid/this-endpoint"


@lru_cache(maxsize=32)
def service_description(fmt: str, *, updates: bool, triples: int | None, dataset: str,
                        endpoint: str | None = None) -> bytes:
    """The description in ``fmt`` (``turtle``, ``nt``, ``json-ld`` or ``rdf-xml``).

    Parameters
    ----------
    fmt : str
        The format.
    updates : bool
        Whether the server accepts SPARQL Update (it was started with a token).
    triples : int, optional
        The size of the default graph.
    dataset : str
        The dataset's name.
    endpoint : str, optional
        The endpoint's absolute address, for N-Triples (required there, unused elsewhere).

    Examples
    --------
    >>> b"sd:SPARQL11Query" in service_description("turtle", updates=False, triples=3,
    ...                                            dataset="x")
    True
    """
    import rdflib
    from rdflib.namespace import DCTERMS, OWL, RDF, SH, VOID, XSD

    from .._sparql import PREFIXES

    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = rdflib.Namespace("http://www.w3.org/ns/formats/")
    if fmt == "nt" and endpoint is None:
        raise ValueError("N-Triples needs the endpoint's absolute address")
    service = rdflib.URIRef(endpoint if fmt == "nt" else _SELF)
    graph = rdflib.Graph()
    for prefix, namespace in (("sd", sd), ("void", VOID), ("dcterms", DCTERMS), ("sh", SH),
                              ("owl", OWL), ("xsd", XSD), ("formats", formats)):
        graph.bind(prefix, namespace)
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    if updates:
        graph.add((service, sd.supportedLanguage, sd.SPARQL11Update))
    for name in MEDIA_TYPES:
        graph.add((service, sd.resultFormat, formats[_FORMAT_IRIS[name]]))
    data, default = rdflib.BNode("dataset"), rdflib.BNode("default")
    graph.add((service, sd.defaultDataset, data))
    graph.add((data, RDF.type, sd.Dataset))
    graph.add((data, DCTERMS.title, rdflib.Literal(dataset)))
    graph.add((data, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    if triples is not None:
        graph.add((default, VOID.triples, rdflib.Literal(triples)))
    declared = rdflib.BNode("prefixes")
    graph.add((service, SH.prefixes, declared))
    graph.add((declared, RDF.type, OWL.Ontology))
    for prefix, namespace in PREFIXES.items():
        declaration = rdflib.BNode(f"prefix-{prefix}")
        graph.add((declared, SH.declare, declaration))
        graph.add((declaration, RDF.type, SH.PrefixDeclaration))
        graph.add((declaration, SH.prefix, rdflib.Literal(prefix)))
        graph.add((declaration, SH.namespace, rdflib.Literal(namespace, datatype=XSD.anyURI)))
    body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    return body if fmt == "nt" else body.replace(_SELF.encode(), b"")
