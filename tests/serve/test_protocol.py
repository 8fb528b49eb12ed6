"""The SPARQL 1.1 Protocol at /sparql: GET and POST, every query form, content negotiation,
the service description, and Arabic text over GET."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import pytest
import rdflib
from rdflib.compare import isomorphic

pytestmark = pytest.mark.server

SELECT = "SELECT ?id ?label WHERE { ?a dcterms:identifier ?id ; rdfs:label ?label ; a ag:State } ORDER BY ?id"
CONSTRUCT = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a ag:State ; rdfs:label ?l }"
RESULTS = "http://www.w3.org/2005/sparql-results#"


def _json_ids(answer) -> list[str]:
    return [b["id"]["value"] for b in answer.json()["results"]["bindings"]]


def test_select_by_get_and_both_posts_agree(client):
    """GET ?query=, POST application/sparql-query and POST a form give the same answer."""
    by_get = client.query(SELECT)
    by_post = client.post("/sparql", SELECT, "application/sparql-query")
    by_form = client.post("/sparql", urlencode({"query": SELECT}),
                          "application/x-www-form-urlencoded")
    assert by_get.status == by_post.status == by_form.status == 200
    assert by_get.headers["content-type"] == "application/sparql-results+json"
    assert _json_ids(by_get) == _json_ids(by_post) == _json_ids(by_form)
    assert {"EGY", "TUR", "RUS"} <= set(_json_ids(by_get))
    assert by_get.headers["x-actorgraph-truncated"] == "false"


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
])
def test_select_content_negotiation(client, accept, media_type):
    answer = client.query(SELECT, accept)
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0] == media_type


def test_select_formats_carry_the_same_rows(client):
    """JSON, XML, CSV and TSV: the same identifiers in the same order."""
    expected = _json_ids(client.query(SELECT))
    xml = ElementTree.fromstring(client.query(SELECT, "application/sparql-results+xml").body)
    ids = [b.find(f"{{{RESULTS}}}literal").text
           for b in xml.iter(f"{{{RESULTS}}}binding") if b.get("name") == "id"]
    assert ids == expected
    rows = list(csv.reader(io.StringIO(client.query(SELECT, "text/csv").text)))
    assert rows[0] == ["id", "label"]
    assert [r[0] for r in rows[1:]] == expected
    lines = client.query(SELECT, "text/tab-separated-values").text.splitlines()
    assert lines[0] == "?id\t?label"
    assert [line.split("\t")[0] for line in lines[1:]] == [f'"{i}"' for i in expected]


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
])
def test_format_parameter_wins_over_accept(client, fmt, media_type):
    answer = client.query(SELECT, "application/sparql-results+json", extra=f"&format={fmt}")
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(("accept", "media_type", "parse_as"), [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_content_negotiation(client, accept, media_type, parse_as):
    """CONSTRUCT answers parse, in each RDF format, to the same graph."""
    answer = client.query(CONSTRUCT, accept)
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    graph = rdflib.Graph().parse(data=answer.body, format=parse_as)
    reference = rdflib.Graph().parse(data=client.query(CONSTRUCT, "text/turtle").body,
                                     format="turtle")
    assert len(graph) > 0
    assert isomorphic(graph, reference)


def test_describe(client):
    answer = client.query("DESCRIBE actor:LNA", "application/n-triples")
    assert answer.status == 200
    graph = rdflib.Graph().parse(data=answer.body, format="nt")
    assert (rdflib.URIRef("https://w3id.org/actorgraph/id/actor/LNA"), None, None) in graph


@pytest.mark.parametrize(("accept", "expected"), [
    (None, b'{"head":{},"boolean":true}'),
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
])
def test_ask(client, accept, expected):
    answer = client.query("ASK { actor:EGY ag:backs actor:LNA }", accept)
    assert answer.status == 200
    assert expected in answer.body


@pytest.mark.parametrize(("query", "accept"), [
    (SELECT, "text/turtle"), (SELECT, "text/html"), (CONSTRUCT, "text/csv"),
    ("ASK { ?s ?p ?o }", "text/csv"),
])
def test_unsupported_accept_is_406(client, query, accept):
    answer = client.query(query, accept)
    assert answer.status == 406
    assert "available:" in answer.text


def test_bad_format_parameter_is_400(client):
    answer = client.query(CONSTRUCT, extra="&format=csv")
    assert answer.status == 400
    assert "does not apply to CONSTRUCT" in answer.text


def test_arabic_literal_over_get(client):
    """E11: Arabic text in a query, URL-encoded over GET, comes back intact in every format."""
    text = "SELECT ?n WHERE { BIND(\"حفتر\"@ar AS ?n) FILTER(?n = \"حفتر\"@ar) }"
    binding = client.query(text).json()["results"]["bindings"][0]["n"]
    assert binding == {"type": "literal", "value": "حفتر", "xml:lang": "ar"}
    assert "حفتر" in client.query(text, "text/csv").text
    assert '"حفتر"@ar' in client.query(text, "text/tab-separated-values").text


def test_service_description(client):
    """GET /sparql without a query: a SPARQL 1.1 Service Description in Turtle."""
    answer = client.get("/sparql")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    base = client.url + "sparql"
    graph = rdflib.Graph().parse(data=answer.body, format="turtle", publicID=base)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(base)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.endpoint, service) in graph
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    assert len(set(graph.objects(service, sd.resultFormat))) == 8


def test_wrong_method_and_content_type(client):
    assert client.request("PUT", "/sparql").status == 405
    answer = client.post("/sparql", SELECT, "text/plain")
    assert answer.status == 415
    assert client.request("GET", f"/sparql?update={quote('CLEAR ALL')}").status == 405


def test_head_and_health(client, server):
    assert client.request("HEAD", "/health").status == 200
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert health["dataset"] == "libya-2019"
    assert health["triples"] > 1000
    assert json.dumps(health).count("/") == 0  # no path anywhere
