"""/api/actors, /api/related and /api/claims: the Python API's answers, as JSON, with the
CLI's parameters."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

import actorgraph

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


def test_actor_by_id_label_or_alias(client, g):
    expected = g.actor("LNA").to_dict()
    for name in ("LNA", "Libyan%20National%20Army", "Haftar%27s%20forces"):
        answer = client.get(f"/api/actors/{name}")
        assert answer.status == 200
        assert answer.json() == expected


def test_all_actors(client, g):
    assert client.get("/api/actors").json() == [a.to_dict() for a in g.actors()]


@pytest.mark.parametrize("params", [
    {"name": "GNA", "relation": "backs", "direction": "in"},
    {"name": "LNA", "relation": ["backs", "trains"], "direction": "in"},
    {"name": "LNA", "relation": "backs", "direction": "in", "include_subrelations": "true"},
    {"name": "LNA", "direction": "both", "min_certainty": "probable"},
    {"name": "LNA", "direction": "out", "as_of": "2019-10"},
    {"name": "Libyan National Army", "direction": "both", "as_of": "2019",
     "min_certainty": "reported"},
])
def test_related_matches_the_python_api(client, g, params):
    answer = client.get("/api/related?" + urlencode(params, doseq=True))
    assert answer.status == 200, answer.text
    args = {k: v for k, v in params.items() if k != "name"}
    if "include_subrelations" in args:
        args["include_subrelations"] = True
    expected = g.related(params["name"], **args)
    assert answer.json() == [a.to_dict() for a in expected]


@pytest.mark.parametrize("params", [
    {},
    {"subject": "EGY"},
    {"object": "LNA", "relation": "backs", "include_subrelations": "yes"},
    {"subject": "TUR", "relation": ["backs", "arms"], "object": "GNA"},
    {"min_certainty": "probable", "as_of": "2019-08-15"},
])
def test_claims_match_the_python_api(client, g, params):
    answer = client.get("/api/claims?" + urlencode(params, doseq=True))
    assert answer.status == 200, answer.text
    args = dict(params)
    if "include_subrelations" in args:
        args["include_subrelations"] = True
    assert answer.json() == [c.to_dict() for c in g.claims(**args)]


def test_related_needs_a_name(client):
    answer = client.get("/api/related?direction=in")
    assert answer.status == 400
    assert "'name' is required" in answer.text


def test_bad_flag_and_unknown_certainty(client):
    assert client.get("/api/claims?include_subrelations=maybe").status == 400
    answer = client.get("/api/claims?min_certainty=sure")
    assert answer.status == 400
    assert "unknown certainty" in answer.text


def test_injection_in_a_name_is_just_a_name(client):
    """E1: a name carrying SPARQL is looked up as a name (404), nothing else happens."""
    name = 'Hamas" . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } #'
    answer = client.get("/api/related?" + urlencode({"name": name}))
    assert answer.status == 404
    assert "unknown actor" in answer.text
