"""The service description at ``GET /sparql``: in each RDF format, the same graph, naming the
endpoint as the client reached it and declaring the predeclared prefixes (SHACL)."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from actorgraph._sparql import PREFIXES

pytestmark = pytest.mark.server

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
FORMATS = [("text/turtle", "turtle"), ("application/n-triples", "nt"),
           ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]


def _description(client, accept: str | None = None, extra: str = "") -> rdflib.Graph:
    answer = client.get("/sparql" + extra, **({"Accept": accept} if accept else {}))
    assert answer.status == 200, answer.text
    parse_as = dict(FORMATS)[answer.headers["content-type"].split(";")[0]]
    return rdflib.Graph().parse(data=answer.body, format=parse_as,
                                publicID=client.url + "sparql")


@pytest.mark.parametrize(("accept", "parse_as"), FORMATS)
def test_every_format_gives_the_same_description(client, accept, parse_as):
    answer = client.get("/sparql", Accept=accept)
    assert answer.headers["content-type"].split(";")[0] == accept
    graph = _description(client, accept)
    assert isomorphic(graph, _description(client, "text/turtle"))
    service = rdflib.URIRef(client.url + "sparql")
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph


@pytest.mark.parametrize(("extra", "parse_as"), [("?format=nt", "nt"),
                                                  ("?format=json-ld", "json-ld")])
def test_format_parameter(client, extra, parse_as):
    assert isomorphic(_description(client, extra=extra), _description(client))


def test_the_predeclared_prefixes_are_declared(client):
    graph = _description(client)
    service = rdflib.URIRef(client.url + "sparql")
    rows = graph.query("""
        SELECT ?prefix ?namespace WHERE {
          ?service sh:prefixes/sh:declare [ a sh:PrefixDeclaration ;
                                            sh:prefix ?prefix ; sh:namespace ?namespace ] }""",
                       initNs={"sh": SH}, initBindings={"service": service})
    declared = {str(p): n for p, n in rows}
    assert declared == {p: rdflib.Literal(ns, datatype=rdflib.XSD.anyURI) for p, ns in PREFIXES.items()}


def test_updates_are_advertised_only_with_a_token(client, admin_client):
    def languages(c):
        return set(_description(c).objects(rdflib.URIRef(c.url + "sparql"),
                                           SD.supportedLanguage))

    assert languages(client) == {SD.SPARQL11Query}
    assert languages(admin_client) == {SD.SPARQL11Query, SD.SPARQL11Update}


def test_an_unacceptable_type_is_406(client):
    answer = client.get("/sparql", Accept="text/csv")
    assert answer.status == 406
    assert "the service description" in answer.text
