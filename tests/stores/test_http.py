"""The ``sparql+http`` store: its URL, its errors, and values sent safely in query text."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actorgraph
from actorgraph import QueryError, QueryTimeoutError, StoreError
from actorgraph._resources import dataset_path
from actorgraph._store import open_store
from actorgraph._store._bind import bind
from actorgraph._store._http import HttpStore
from actorgraph._store._protocol import parse_spec

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def test_default_endpoints_are_oxigraphs():
    base, endpoints, timeout = parse_spec("http://127.0.0.1:7878/")
    assert base == "http://127.0.0.1:7878"
    assert endpoints == {"query": "http://127.0.0.1:7878/query",
                         "update": "http://127.0.0.1:7878/update",
                         "store": "http://127.0.0.1:7878/store"}
    assert timeout > 0


def test_explicit_endpoints_for_other_servers():
    store = open_store("sparql+http://h:3030/ds?query=/ds/sparql&update=/ds/update&store=/ds/data")
    assert store.kind == "sparql+http://h:3030/ds"
    assert store.client.endpoints == {"query": "http://h:3030/ds/sparql",
                               "update": "http://h:3030/ds/update",
                               "store": "http://h:3030/ds/data"}
    other = parse_spec("https://h/sparql?store=https://g/data&timeout=5")
    assert other[1]["store"] == "https://g/data" and other[2] == 5.0


@pytest.mark.parametrize("url, message", [
    ("http://h/?querry=/q", "unknown parameter querry"),
    ("http://h/?timeout=soon", "timeout must be a number"),
    ("http://user:secret@h/", "credentials"),
    ("ftp://h/", "not a SPARQL server URL"),
])
def test_bad_urls_are_refused(url, message):
    with pytest.raises(StoreError, match=message):
        HttpStore(url)


def test_unreachable_server_names_the_url():
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = HttpStore(f"http://127.0.0.1:{port}")
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}"):
        store.is_empty()


def test_silent_server_times_out():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        store = HttpStore(f"http://127.0.0.1:{port}?timeout=0.2")
        with pytest.raises(QueryTimeoutError, match="within 0.2 s"):
            store.rows("SELECT * WHERE { ?s ?p ?o }")


def test_server_refusal_is_a_query_error(oxigraph_server):
    store = HttpStore(oxigraph_server)
    with pytest.raises(QueryError, match="answered 400"):
        store.rows("SELECT * WHERE { ?s ?p }")


def test_blank_nodes_cannot_be_sent():
    with pytest.raises(QueryError, match="only IRIs and literals"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": rdflib.BNode()})


def test_an_iri_that_would_break_out_is_refused():
    with pytest.raises(Exception, match="does not look like a valid URI"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": rdflib.URIRef("urn:x> } DROP ALL { <urn:y")})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, lang=st.sampled_from([None, "en", "ar-LY"]))
def test_any_literal_comes_back_unchanged(oxigraph_server, text, lang):
    """Whatever the text, the value the server binds is exactly the one given."""
    store = HttpStore(oxigraph_server)
    value = rdflib.Literal(text, lang=lang)
    result = store.query("SELECT ?x ?same WHERE { BIND(?v AS ?x) BIND(?v = ?x AS ?same) }",
                         {"v": value})
    assert result.rows == [(value, rdflib.Literal(True))]


def test_backslash_u_is_not_a_second_escape(oxigraph_server):
    """``\\u0022`` in a value is six characters, not a quote (SPARQL unescapes before parsing)."""
    store = HttpStore(oxigraph_server)
    value = rdflib.Literal('\\u0022 } \\U0000007D " \\')
    assert store.query("SELECT ?x WHERE { BIND(?v AS ?x) }", {"v": value}).rows == [(value,)]


def test_data_loaded_by_other_tools_is_read_from_the_default_graph(fresh_server, reference,
                                                                      tmp_path):
    dump = tmp_path / "libya.nt"
    reference.store.dump(dump, "nt")
    request = urllib.request.Request(f"{fresh_server}/store?default", data=dump.read_bytes(),
                                     headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=60).close()
    g = actorgraph.load(store="sparql+" + fresh_server)
    assert g.store.graph is None
    assert g.claims() == reference.claims()


def test_a_new_load_replaces_the_previous_one(fresh_server, reference):
    spec = "sparql+" + fresh_server
    store = open_store(spec)
    store.replace_with(iter(["<urn:x:a> <urn:x:b> <urn:x:c> .\n"]))
    first = store.graph
    g = actorgraph.load(dataset_path(), store=spec)
    assert g.store.graph not in (None, first)
    assert len(g.store) == len(reference.store)
    everywhere = store.client.form("query", [("query", "ASK { GRAPH ?g { <urn:x:a> ?p ?o } }")],
                                   "application/sparql-results+json")
    assert json.loads(everywhere)["boolean"] is False  # the first graph was dropped
