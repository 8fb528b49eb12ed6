"""Acceptance (issue 2): SPARQL injection through a Python API argument finds nothing and
opens no socket.

A name such as ``" } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #`` handed to
``actor``, ``related``, ``claims``, ``source``, ``named_query`` or bound into ``query`` must
be treated as a name (or a literal): it matches no actor (``UnknownNameError``) or no row,
leaves the graph as it was, and never reaches the network. Two detectors watch: a Python
audit hook counting ``socket.connect`` / DNS events, and a real TCP listener on a free
loopback port that the payloads point at (which also catches connections made outside
Python, e.g. from Oxigraph's Rust code). Both the memory and the Oxigraph store are tried.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actorgraph
from _network import Listener

DATA = Path(__file__).parent / "data"

@pytest.fixture(scope="module")
def listener():
    """One listener for the whole module (the payloads are built once)."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def g(request):
    return actorgraph.load(store=request.param)


PAYLOADS = [  # PORT is replaced by the listener's port
    '" } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #',
    'Hamas" . SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } } #',
    "LNA' } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #",
    '> } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #',
    'LNA"\n} SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o }\n#',
    '""" } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #',
    '\\" } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #',
    '\\u0022 } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #',
    'x" } ; LOAD <http://127.0.0.1:PORT/x.ttl> ; #',
    'x" } ; DROP ALL ; #',
    '" . ?s ?p ?o } #',
    "https://w3id.org/actorgraph/id/actor/LNA> } SERVICE <http://127.0.0.1:PORT/> { ?s ?p ?o } #",
]
PAYLOAD_IDS = ["quote-brace", "hamas-dot", "single-quote", "iri-close", "newline",
               "triple-quote", "backslash", "unicode-escape", "load", "drop-all",
               "match-all", "iri-breakout"]


@pytest.fixture(params=PAYLOADS, ids=PAYLOAD_IDS)
def payload(request, listener):
    return request.param.replace("PORT", str(listener.port))


@pytest.fixture
def guard(g, listener, connections):
    """After the test: the graph is unchanged, no connection reached the listener and no
    connection or lookup was attempted from Python."""
    size, hits = len(g.store), len(listener.hits)
    yield
    assert len(g.store) == size, "the graph changed"
    assert listener.hits[hits:] == [], "a connection reached the listener"
    assert connections == [], f"network access attempted: {connections}"


# -- through the Python API ---------------------------------------------------------------------

def test_actor(g, payload, guard):
    with pytest.raises(actorgraph.UnknownNameError):
        g.actor(payload)


def test_related(g, payload, guard):
    with pytest.raises(actorgraph.UnknownNameError):
        g.related(payload)
    with pytest.raises(actorgraph.UnknownNameError):
        g.related(payload, relation="backs", direction="in", include_subrelations=True)
    with pytest.raises(actorgraph.UnknownNameError):
        g.related("LNA", relation=payload)


def test_claims(g, payload, guard):
    for kwargs in ({"subject": payload}, {"object": payload}, {"relation": payload},
                   {"subject": "LNA", "object": payload}, {"min_certainty": payload}):
        with pytest.raises(actorgraph.UnknownNameError):
            g.claims(**kwargs)


def test_source(g, payload, guard):
    with pytest.raises(actorgraph.UnknownNameError):
        g.source(payload)


def test_query_binds_the_payload_as_a_literal(g, payload, guard):
    """``g.query(..., name=payload)`` binds a literal: no row, no socket."""
    result = g.query("SELECT ?a WHERE { ?a rdfs:label ?name }", name=payload)
    assert result.rows == []
    result = g.query("SELECT ?a ?l WHERE { ?a rdfs:label ?l FILTER(STR(?l) = ?name) }",
                     name=payload)
    assert result.rows == []
    assert g.query("ASK { ?a skos:altLabel ?name }", name=payload).boolean is False
    # the same query finds a real name, so it is the binding that found nothing
    assert len(g.query("SELECT ?a WHERE { ?a rdfs:label ?name }", name="Egypt").rows) == 1


def test_query_binds_an_iri_payload_as_an_iri(g, payload, guard):
    """A payload handed as an IRI term matches nothing, or is refused with a QueryError
    (a ValueError) — never run, never a bare ``Exception``."""
    term = rdflib.URIRef(payload)
    try:
        result = g.query("SELECT ?p ?o WHERE { ?s ?p ?o }", s=term)
    except actorgraph.QueryError as err:
        assert isinstance(err, ValueError)
        return
    assert result.rows == []


def test_named_query_actor_parameter(g, payload, guard):
    """A named query's actor parameter is resolved by name first: the payload names no actor."""
    from actorgraph._sparql import named_queries

    with_actor = [q for q in named_queries().values() if "actor" in q.params.values()]
    assert with_actor, "no named query takes an actor"
    for nq in with_actor:
        params = {p: ("LNA" if kind == "actor" else "x") for p, kind in nq.params.items()}
        first = next(p for p, kind in nq.params.items() if kind == "actor")
        params[first] = payload
        with pytest.raises(actorgraph.UnknownNameError):
            g.named_query(nq.name, **params)


def test_named_query_string_parameter(g, payload, guard):
    """Where a named query takes a string, the payload is bound as a literal."""
    from actorgraph._sparql import named_queries

    with_string = [q for q in named_queries().values() if "string" in q.params.values()]
    if not with_string:
        pytest.skip("no named query takes a string parameter")
    for nq in with_string:
        params = {p: (payload if kind == "string" else "LNA") for p, kind in nq.params.items()}
        result = g.named_query(nq.name, **params)
        assert len(result) == 0


def test_named_query_name(g, payload, guard):
    with pytest.raises(actorgraph.UnknownNameError):
        g.named_query(payload)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:PORT/> { ?s ?p ?x } } }",
    "SELECT * FROM <http://127.0.0.1:PORT/graph.ttl> WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:PORT/graph.ttl>",
], ids=["SERVICE", "SERVICE-SILENT-in-OPTIONAL", "FROM", "LOAD"])
def test_user_query_cannot_reach_the_listener(g, listener, guard, sparql):
    """A query naming the listener is refused before it runs (bad-inputs E3–E5): the
    listener receives no connection, whichever store holds the graph."""
    with pytest.raises(actorgraph.UnsafeQueryError):
        g.query(sparql.replace("PORT", str(listener.port)))


# -- the detectors work -------------------------------------------------------------------------

def test_detectors_see_a_real_connection(listener, connections):
    """Canary: a real connection to the listener is seen by both detectors."""
    before = len(listener.hits)
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    for _ in range(50):
        if len(listener.hits) > before:
            break
        threading.Event().wait(0.02)
    assert len(listener.hits) == before + 1
    assert any(event == "socket.connect" for event, _ in connections)


# -- through the data ---------------------------------------------------------------------------

def test_payload_in_the_data_is_stored_as_text(tmp_path, listener, connections):
    """A quote, label or note holding SPARQL (bad-inputs E2) is stored as a literal, found
    back character for character, and changes nothing else."""
    payload = ('hi" } ; DELETE WHERE { ?s ?p ?o } ; '
               f'SERVICE <http://127.0.0.1:{listener.port}/> {{ }} #')
    minimal = DATA / "valid" / "minimal"
    folder = tmp_path / "payload"
    folder.mkdir()
    (folder / "sources.csv").write_bytes((minimal / "sources.csv").read_bytes())
    actors = (minimal / "actors.csv").read_text(encoding="utf-8")
    (folder / "actors.csv").write_text(
        actors.replace("Israeli military,", '"' + payload.replace('"', '""') + '",'),
        encoding="utf-8")
    claims = (minimal / "claims.csv").read_text(encoding="utf-8").rstrip("\n") + "\n"
    quoted = '"' + payload.replace('"', '""') + '"'
    claims += f"c5,EGY,backs,GNA,,,possible,tna-2019-12-07,{quoted},,,,{quoted}\n"
    (folder / "claims.csv").write_text(claims, encoding="utf-8")
    hits = len(listener.hits)
    for store in ("memory", "oxigraph"):
        graph = actorgraph.load(folder, store=store)
        assert len(graph.claims()) == 5
        (claim,) = graph.claims(subject="EGY", object="GNA")
        assert claim.quote == payload and claim.note == payload
        assert graph.actor("IDF").label == payload
        assert graph.actor(payload).id == "IDF"
        found = graph.query("SELECT ?c WHERE { ?c ag:quote ?q }", q=payload)
        assert len(found.rows) == 1
    assert listener.hits[hits:] == [] and connections == []


# -- property: any string ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def memory_graph():
    return actorgraph.load()


NAMES = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from([*'"\'<>{}()#.;\\ \n?$:', "SERVICE", "<http://127.0.0.1:9/>",
                              "LNA", "Egypt", "?s ?p ?o", "\\u0022"]),
             max_size=12).map("".join),
)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_any_string_as_a_name_is_only_ever_unknown(memory_graph, listener, connections, name):
    """Whatever the string, ``actor``/``related``/``claims`` either find an actor by that
    exact name or raise UnknownNameError; nothing else is raised and no socket is opened."""
    hits = len(listener.hits)
    try:
        actor = memory_graph.actor(name)
    except actorgraph.UnknownNameError:
        actor = None
    if actor is not None:
        assert isinstance(actor, actorgraph.Actor)
    else:
        with pytest.raises(actorgraph.UnknownNameError):
            memory_graph.related(name)
        with pytest.raises(actorgraph.UnknownNameError):
            memory_graph.claims(subject=name)
    assert listener.hits[hits:] == [] and connections == []


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NAMES)
def test_any_string_bound_in_a_query_is_a_literal(memory_graph, listener, connections, text):
    """A bound string only ever matches a label equal to it."""
    hits = len(listener.hits)
    result = memory_graph.query("SELECT ?a ?l WHERE { ?a rdfs:label ?l FILTER(STR(?l) = ?t) }",
                                t=text)
    assert all(str(row[1]) == text for row in result.rows)
    assert listener.hits[hits:] == [] and connections == []
