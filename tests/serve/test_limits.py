"""Limits: the row cap with its truncation marker, and the time limit (a query past it is
stopped, answered with an error, and never stalls the others)."""

from __future__ import annotations

import threading
import time
from xml.etree import ElementTree

import pytest
import rdflib

from actorgraph._serve import make_server

from ._helpers import Client

pytestmark = pytest.mark.server

CARTESIAN = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"  # 1587² rows on the bundled data
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 1587³: hours
FAST = "ASK { actor:EGY ag:backs actor:LNA }"
LIMIT_S = 12


@pytest.fixture(scope="module")
def small():
    """A server with a short time limit and a cap of 5 rows."""
    with make_server(port=0, timeout=LIMIT_S, max_rows=5) as running:
        yield Client(running.url)


def test_select_past_the_cap_is_marked_truncated(client):
    """E9: 10,000 rows (the default cap), and the answer says it was cut, three ways."""
    answer = client.query(CARTESIAN)
    assert answer.status == 200
    assert answer.headers["x-actorgraph-truncated"] == "true"
    body = answer.json()
    assert body["head"]["truncated"] is True
    assert body["truncated"] is True
    assert len(body["results"]["bindings"]) == 10_000


def test_under_the_cap_is_marked_complete(client):
    answer = client.query("SELECT ?s WHERE { ?s a ag:State }")
    assert answer.headers["x-actorgraph-truncated"] == "false"
    assert "truncated" not in answer.json()["head"]


def test_csv_and_xml_truncation(small):
    csv_answer = small.query(CARTESIAN, "text/csv")
    assert csv_answer.headers["x-actorgraph-truncated"] == "true"
    assert len(csv_answer.text.splitlines()) == 1 + 5
    xml = small.query(CARTESIAN, "application/sparql-results+xml")
    links = ElementTree.fromstring(xml.body).iter(
        "{http://www.w3.org/2005/sparql-results#}link")
    assert [link.get("href") for link in links] == ["urn:actorgraph:truncated"]


def test_construct_truncation(small):
    answer = small.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    assert answer.headers["x-actorgraph-truncated"] == "true"
    assert len(rdflib.Graph().parse(data=answer.body, format="nt")) == 5


def test_api_truncation(small):
    answer = small.get("/api/claims")
    assert answer.status == 200
    assert answer.headers["x-actorgraph-truncated"] == "true"
    assert len(answer.json()) == 5


def test_slow_query_is_stopped_and_never_stalls_the_others(small):
    """E7/F1: a query running past the limit is killed and answered 504 with an error body;
    while it runs, ten fast queries are each answered promptly; then the server goes on."""
    slow = {}

    def run_slow():
        start = time.monotonic()
        slow["answer"] = small.query(SLOW, timeout=LIMIT_S * 10)
        slow["seconds"] = time.monotonic() - start
        slow["ended"] = time.monotonic()

    thread = threading.Thread(target=run_slow)
    thread.start()
    deadline = time.monotonic() + 30
    while small.get("/health").json()["busy"] < 1:  # the slow query is in a worker
        assert time.monotonic() < deadline, "the slow query never started"
        time.sleep(0.05)
    durations = []
    for _ in range(10):
        start = time.monotonic()
        assert small.query(FAST).status == 200
        durations.append(time.monotonic() - start)
    fast_done = time.monotonic()
    thread.join(LIMIT_S * 10)

    assert max(durations) < 3, durations
    assert fast_done < slow["ended"]  # all ten were answered while the slow one ran
    answer = slow["answer"]
    assert answer.status == 504
    assert slow["seconds"] >= LIMIT_S - 0.5
    assert "time limit" in answer.text
    assert "request id" in answer.text.lower()
    assert answer.headers["content-type"].startswith("text/plain")
    assert "x-actorgraph-truncated" not in answer.headers  # never a (partial) result
    assert small.query(FAST).status == 200
    deadline = time.monotonic() + 60
    while small.get("/health").json()["busy"] != 0:  # the replacement worker joined
        assert time.monotonic() < deadline
        time.sleep(0.1)
