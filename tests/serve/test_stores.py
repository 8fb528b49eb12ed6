"""Serving an Oxigraph store on disk: the workers open it read-only (no fight over its
lock), answer as the Python API does, and a reload or an update rewrites it all or nothing."""

from __future__ import annotations

import pytest

import actorgraph
from actorgraph._serve import make_server
from actorgraph._sparql import named_queries

from ._helpers import (
    PARAMS,
    TOKEN,
    Client,
    add_claims,
    bearer,
    bound_text,
    canonical,
    count_claims,
    term,
)

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    import shutil

    from actorgraph._resources import dataset_path

    root = tmp_path_factory.mktemp("oxigraph")
    folder = root / "libya"
    shutil.copytree(dataset_path(), folder)
    spec = f"oxigraph:{root / 'store'}"
    with make_server(folder, store=spec, port=0, token=TOKEN, workers=2) as server:
        server.dataset_folder, server.spec = folder, spec
        yield server


@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


def test_health_names_the_store_kind_not_its_path(on_disk):
    health = Client(on_disk.url).get("/health").json()
    assert health["store"] == "oxigraph"
    assert health["workers"] == 2
    assert "/" not in str(health)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_agree_with_the_python_api(on_disk, g, name):
    expected = g.named_query(name, **{p: PARAMS[p] for p in named_queries()[name].params})
    answer = Client(on_disk.url).query(bound_text(g, name))
    assert answer.status == 200, answer.text
    result = answer.json()
    rows = [tuple(term(b.get(v)) for v in result["head"]["vars"])
            for b in result["results"]["bindings"]]
    assert canonical(rows) == canonical(expected.rows)


def test_reload_and_update_rewrite_the_store(on_disk):
    client = Client(on_disk.url)
    before = count_claims(client)
    add_claims(on_disk.dataset_folder, 4, prefix="disk")
    answer = client.post("/admin/reload", b"", "text/plain", **bearer())
    assert answer.status == 200, answer.text
    assert count_claims(client) == before + 4
    insert = 'INSERT DATA { actor:LNA rdfs:comment "written to disk" }'
    assert client.post("/sparql", insert, "application/sparql-update", **bearer()).status == 200
    assert client.query('ASK { actor:LNA rdfs:comment "written to disk" }').json()["boolean"]


def test_the_store_on_disk_holds_what_was_served(on_disk):
    """After the server stops, the store reopens (its lock released) with the update in it."""
    on_disk.stop()
    graph = actorgraph.load(store=on_disk.spec)
    result = graph.query('ASK { actor:LNA rdfs:comment "written to disk" }')
    assert result.boolean is True
