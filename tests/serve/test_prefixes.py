"""Prefixes: the predeclared ones work everywhere; an undeclared one is a 400 that says so,
on every store (rdflib would otherwise resolve dozens of prefixes of its own and fail on
the rest with a 500, Oxigraph would refuse them all)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from actorgraph._serve import make_server

from ._helpers import Client, bearer

pytestmark = pytest.mark.server

UNDECLARED = [
    ("dc", "SELECT ?t WHERE { ?s dc:title ?t }"),  # rdflib's own, not predeclared here
    ("foo", "SELECT * WHERE { ?s foo:bar ?o }"),
    ("", "SELECT * WHERE { ?s :p ?o }"),  # the empty prefix
    ("ex", "SELECT * WHERE { ?s ?p ?o FILTER(ex:f(?o)) }"),
    ("sh", "ASK { ?s a sh:NodeShape }"),
    ("ex", "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ag:backs ?o }"),
]


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store_client(request, server):
    """A client of a server on each in-memory store."""
    if request.param == "memory":
        yield Client(server.url)
        return
    with make_server(store=request.param, port=0, workers=1, timeout=30) as running:
        yield Client(running.url)


@pytest.mark.parametrize(("prefix", "query"), UNDECLARED)
def test_an_undeclared_prefix_is_a_400(store_client, prefix, query):
    for answer in (store_client.query(query),
                   store_client.post("/sparql", query, "application/sparql-query")):
        assert answer.status == 400, answer.text
        assert f"undeclared prefix '{prefix}:'" in answer.text


@pytest.mark.parametrize("query", [
    "PREFIX dc: <http://purl.org/dc/elements/1.1/> SELECT ?t WHERE { ?s dc:title ?t }",
    "PREFIX : <https://w3id.org/actorgraph/ontology#> ASK { ?s :backs ?o }",
    "SELECT ?l WHERE { ?a ag:backs actor:LNA ; rdfs:label ?l }",  # predeclared
    "SELECT * WHERE { ?s ?p \"a:b\" . ?s ?p <urn:x:y> } # c:d in a comment",
])
def test_declared_prefixes_are_accepted(store_client, query):
    answer = store_client.query(query)
    assert answer.status == 200, answer.text


def test_an_update_with_an_undeclared_prefix_is_a_400(admin_client):
    for body, content_type in [
        ("INSERT DATA { actor:LNA dc:title \"x\" }", "application/sparql-update"),
        (urlencode({"update": "INSERT DATA { actor:LNA foo:p 1 }"}),
         "application/x-www-form-urlencoded"),
    ]:
        answer = admin_client.post("/sparql", body, content_type, **bearer())
        assert answer.status == 400, answer.text
        assert "undeclared prefix" in answer.text
