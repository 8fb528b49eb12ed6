"""``GRAPH ?g {…}`` through the server (issue 12): it was a 500 on the memory store (rdflib
evaluates ``GRAPH`` only over a dataset). The data has no named graphs: the memory store
says so with a 400, Oxigraph answers no rows."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from actorgraph._serve import make_server

QUERY = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_graph_is_answered_not_a_server_error(store):
    with make_server(None, store=store, port=0, workers=1) as running:
        status, body = _get(f"{running.url}sparql?query={urllib.parse.quote(QUERY)}")
    if store == "memory":
        assert status == 400 and "has no named graphs" in body
    else:
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
