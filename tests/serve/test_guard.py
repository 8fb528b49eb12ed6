"""Refused before evaluation with a clear 400 (or 403, 413): SERVICE, FROM, dataset
parameters, updates sent as queries, deep nesting, oversized queries and bodies."""

from __future__ import annotations

import socket
from urllib.parse import quote, urlencode

import pytest

pytestmark = pytest.mark.server




@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c . {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "ASK {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_never_called(client, listener, template):
    """E3: SERVICE to any host is refused before evaluation; the listener gets no connection."""
    port, hits = listener.port, listener.hits
    answer = client.query(template.format(port=port))
    assert answer.status == 400
    assert "SERVICE is not allowed" in answer.text
    assert hits == []


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
])
def test_from_is_refused(client, query):
    """E4: FROM and FROM NAMED pointing outside the dataset are refused."""
    answer = client.query(query)
    assert answer.status == 400
    assert "FROM and FROM NAMED are not allowed" in answer.text
    assert "allow_dataset" not in answer.text  # the Python API's hint has no place here


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_protocol_dataset_parameters_are_refused(client, param):
    answer = client.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                          extra=f"&{param}={quote('file:///etc/passwd')}")
    assert answer.status == 400
    assert f"{param} is not allowed" in answer.text


@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/passwd>", "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "CLEAR DEFAULT",
])
def test_updates_sent_as_queries_are_refused(client, update):
    """E5: an update in ``query=`` is not run (403, read-only), by GET or in a POSTed form."""
    assert client.query(update).status == 403
    answer = client.post("/sparql", urlencode({"query": update}),
                         "application/x-www-form-urlencoded")
    assert answer.status == 403
    assert "updates are not queries" in answer.text


def test_deep_nesting_is_400(client):
    """E8: 40 nested groups: ``query too deeply nested``; the server goes on answering."""
    query = "SELECT * WHERE " + "{ " * 40 + "?s ?p ?o " + "} " * 40
    answer = client.query(query)
    assert answer.status == 400
    assert "too deeply nested" in answer.text
    assert client.query("ASK { ?s ?p ?o }").status == 200


def test_nesting_count_ignores_strings_and_comments(client):
    braces = "{" * 50
    query = f'SELECT ?x WHERE {{ BIND("{braces}" AS ?x) # {braces}\n FILTER(?x != <urn:x>) }}'
    assert client.query(query).status == 200


def test_syntax_error_is_400_and_clear(client):
    answer = client.query("SELECT * WHERE { ?s ?p }")
    assert answer.status == 400
    assert "syntax error" in answer.text.lower()
    assert "Traceback" not in answer.text


def test_oversized_query_is_413(client):
    """E10: a query over the cap (100,000 bytes by default) is refused before parsing."""
    filler = "# " + "x" * 100_001 + "\n"
    by_post = client.post("/sparql", filler + "ASK {}", "application/sparql-query")
    assert by_post.status == 413
    assert "too long" in by_post.text
    form = urlencode({"query": filler + "ASK {}"})
    assert client.post("/sparql", form, "application/x-www-form-urlencoded").status == 413
    assert client.query("ASK {}").status == 200


def test_oversized_body_is_refused_unread(client):
    """A 5 MB body is answered 413 from its Content-Length alone, before it is sent."""
    with socket.create_connection((client.host, client.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/sparql-query\r\n"
                     b"Content-Length: 5000000\r\n\r\n")
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head.lower()


def test_multibyte_query_counts_bytes(client):
    """The cap counts UTF-8 bytes: 40,000 Arabic letters are 80,000 bytes, under the cap."""
    text = 'ASK { FILTER("' + "ح" * 40_000 + '" != "") }'
    assert client.post("/sparql", text, "application/sparql-query").status == 200
    text = 'ASK { FILTER("' + "ح" * 60_000 + '" != "") }'
    assert client.post("/sparql", text, "application/sparql-query").status == 413
