"""What ``g.query`` says about a query it cannot run (issue 12): an undeclared prefix is a
``QueryError`` naming it on every store (rdflib raised a bare ``Exception``, and knew dozens
of prefixes Oxigraph does not), and ``GRAPH`` on the memory store says why it cannot be
evaluated there."""

from __future__ import annotations

import pytest

import actorgraph
from actorgraph._sparql import check_update, undeclared_prefixes


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def g(request):
    return actorgraph.load(store=request.param)


@pytest.mark.parametrize("timeout", [None, 30])
@pytest.mark.parametrize("text, prefix", [
    ("SELECT ?t WHERE { ?s dc:title ?t }", "dc:"),  # one of rdflib's own
    ("SELECT ?t WHERE { ?s foo:title ?t }", "foo:"),
    ("SELECT ?t WHERE { ?s :title ?t }", ":"),
])
def test_an_undeclared_prefix_is_named(g, text, prefix, timeout):
    with pytest.raises(actorgraph.QueryError, match=f"undeclared prefix '{prefix}'"):
        g.query(text, timeout=timeout)


def test_a_declared_prefix_is_fine(g):
    text = "PREFIX dc: <http://purl.org/dc/elements/1.1/> SELECT ?t WHERE { ?s dc:title ?t }"
    assert g.query(text).rows == []


def test_an_update_with_an_undeclared_prefix_is_refused():
    with pytest.raises(actorgraph.QueryError, match="undeclared prefix 'ex:'"):
        check_update("INSERT DATA { ex:a ex:b 1 }")


def test_undeclared_prefixes_is_public_for_the_server():
    from rdflib.plugins.sparql.parser import parseQuery

    from actorgraph._sparql import prefixed

    tree = parseQuery(prefixed("PREFIX x: <urn:x#> SELECT * { ?s x:p ?o ; y:q ?z ; ag:r :s }"))
    assert undeclared_prefixes(tree) == ["", "y"]


@pytest.mark.parametrize("timeout", [None, 30])
def test_graph_on_the_memory_store_says_why(timeout):
    g = actorgraph.load(store="memory")
    with pytest.raises(actorgraph.QueryError, match="has no named graphs"):
        g.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=timeout)
