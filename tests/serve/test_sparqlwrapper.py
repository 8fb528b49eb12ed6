"""A real SPARQL client: SPARQLWrapper runs every named query against the server and gets
the Python API's answers; every result format it knows comes back parsed."""

from __future__ import annotations

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper

import actorgraph
from actorgraph._sparql import named_queries

from ._helpers import PARAMS, bearer, bound_text, canonical, term

pytestmark = pytest.mark.server



@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


def endpoint(server, return_format=JSON, method=None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url + "sparql", returnFormat=return_format)
    if method:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [None, POST])
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_python_api_answers(server, g, name, method):
    expected = g.named_query(name, **{p: PARAMS[p] for p in named_queries()[name].params})
    sparql = endpoint(server, JSON, method)
    sparql.setQuery(bound_text(g, name))
    result = sparql.query().convert()
    variables = result["head"]["vars"]
    assert variables == expected.vars
    rows = [tuple(term(b.get(v)) for v in variables) for b in result["results"]["bindings"]]
    assert canonical(rows) == canonical(expected.rows)
    assert rows or name == "backed-by-both-sides"


@pytest.mark.parametrize("return_format", [XML, CSV, TSV])
def test_select_in_other_formats(server, return_format):
    sparql = endpoint(server, return_format)
    sparql.setQuery("SELECT ?id WHERE { ?a a ag:State ; dcterms:identifier ?id } ORDER BY ?id")
    body = sparql.query().convert()
    text = body.toxml() if return_format == XML else body.decode("utf-8")
    assert "EGY" in text and "TUR" in text


@pytest.mark.parametrize("return_format", [TURTLE, N3, XML, JSONLD])
def test_construct_in_every_rdf_format(server, g, return_format):
    sparql = endpoint(server, return_format)
    sparql.setQuery("CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a ag:State ; rdfs:label ?l }")
    converted = sparql.query().convert()
    graph = converted if isinstance(converted, rdflib.Graph) else rdflib.Graph().parse(
        data=converted, format="turtle")
    states = [a for a in g.actors() if a.kind == "state"]
    assert len(graph) == len(states)


def test_ask(server):
    sparql = endpoint(server, JSON)
    sparql.setQuery("ASK { actor:EGY ag:backs actor:LNA }")
    assert sparql.query().convert()["boolean"] is True


def test_update_through_sparqlwrapper_with_the_token(admin):
    """SPARQLWrapper sends an update as a form, with the bearer header: it is applied."""
    sparql = endpoint(admin, JSON, POST)
    for name, value in bearer().items():
        sparql.addCustomHttpHeader(name, value)
    sparql.setQuery('INSERT DATA { actor:LNA rdfs:comment "seen through SPARQLWrapper" }')
    sparql.query()
    check = endpoint(admin, JSON)
    check.setQuery('ASK { actor:LNA rdfs:comment "seen through SPARQLWrapper" }')
    assert check.query().convert()["boolean"] is True
