"""Fixtures for the store suite: live SPARQL servers, and the Libya graph in every kind of store.

Five kinds of store (``STORES``): rdflib's memory store, Oxigraph in memory and on disk,
an Oxigraph server and a Virtuoso server. The servers are real ones, started on free
loopback ports with throw-away databases (see ``tests/_servers.py``) and stopped at the
end. Without the ``oxigraph`` binary or Virtuoso, their cases are skipped, unless
``ACTORGRAPH_REQUIRE_SERVER=1`` (CI), which makes them fail instead.

Each server kind has a session server shared by the tests that load the Libya dataset
(the same data, so a reload does not change what the others read), and servers for tests
that load other data: a new Oxigraph server per test, and one Virtuoso server emptied
before each test (its start takes seconds).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from _kinds import PERSISTENT, SERVERS, STORES, make_spec, started

import actorgraph
from _servers import oxigraph_binary, start_oxigraph, start_virtuoso, virtuoso_missing
from actorgraph._resources import dataset_path


def _unavailable(message: str):
    if os.environ.get("ACTORGRAPH_REQUIRE_SERVER") == "1":
        pytest.fail(f"{message}, and ACTORGRAPH_REQUIRE_SERVER=1", pytrace=False)
    pytest.skip(message)


def _oxigraph() -> str:
    binary = oxigraph_binary()
    if binary is None:
        _unavailable("the oxigraph server binary is missing (pip install -e '.[test]')")
    return binary


def _virtuoso(folder: Path, settings: dict | None = None):
    missing = virtuoso_missing()
    if missing:
        _unavailable(f"Virtuoso is not installed here: {missing}")
    return started(start_virtuoso(folder, settings))


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The base URL of a live Oxigraph server on a free loopback port (session-wide)."""
    server = started(start_oxigraph(_oxigraph(), tmp_path_factory.mktemp("oxigraph-server")))
    yield server.url
    server.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """The base URL of an empty Oxigraph server of its own (for one test)."""
    server = started(start_oxigraph(_oxigraph(), tmp_path))
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A live Virtuoso server (session-wide), shared by the tests that load the Libya data."""
    server = _virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _scratch_virtuoso(tmp_path_factory):
    server = _virtuoso(tmp_path_factory.mktemp("virtuoso-scratch"))
    yield server
    server.stop()


@pytest.fixture
def fresh_virtuoso(_scratch_virtuoso):
    """A Virtuoso server holding only its own system graphs (for one test)."""
    _scratch_virtuoso.reset()
    return _scratch_virtuoso


@pytest.fixture(params=STORES)
def store_spec(request, tmp_path):
    """A spec of each kind of store (on disk: ``tmp_path/store``; servers: the session's)."""
    return make_spec(request.param, request, tmp_path)


@pytest.fixture
def spec_for(request, tmp_path):
    """``spec_for(kind)``: the spec of one kind of store in ``STORES``."""
    return lambda kind: make_spec(kind, request, tmp_path)


@pytest.fixture(scope="session")
def dataset_a(tmp_path_factory):
    """A small synthetic dataset folder: other actors and claims than the Libya data."""
    from actorgraph._synth import synth_dataset

    folder = tmp_path_factory.mktemp("a") / "dataset"
    synth_dataset(folder, actors=20, claims=60, seed=7)
    return folder


@pytest.fixture(scope="session")
def dataset_10k(tmp_path_factory):
    """A synthetic dataset of 10^4 claims (1,000 actors), where queries meet real sizes."""
    from actorgraph._synth import synth_dataset

    folder = tmp_path_factory.mktemp("10k") / "dataset"
    synth_dataset(folder, actors=1_000, claims=10_000)
    return folder


@pytest.fixture(scope="session")
def reference_10k(dataset_10k):
    """The 10^4 claims in Oxigraph in memory: the reference at that size (rdflib's store
    takes minutes for some whole-graph queries there)."""
    return actorgraph.load(dataset_10k, store="oxigraph")


@pytest.fixture(scope="module", params=["oxigraph-disk", *SERVERS])
def graph_10k(request, tmp_path_factory, dataset_10k):
    """The 10^4 claims on disk and on a server of each kind of its own (Virtuoso's row limit
    raised above the 10,000 rows that ``claims()`` returns)."""
    folder = tmp_path_factory.mktemp(f"{request.param}-10k")
    server = None
    if request.param == "oxigraph-server":
        server = started(start_oxigraph(_oxigraph(), folder))
    elif request.param == "virtuoso":
        server = _virtuoso(folder, {("SPARQL", "ResultSetMaxRows"): 1_000_000})
    spec = server.spec if server else f"oxigraph:{folder / 'store'}"
    yield actorgraph.load(dataset_10k, store=spec)
    if server:
        server.stop()


@pytest.fixture(scope="session")
def reference():
    """The Libya graph in rdflib's memory store: what every store must answer."""
    return actorgraph.load(store="memory")


@pytest.fixture(scope="session", params=STORES)
def graph(request, tmp_path_factory):
    """The Libya graph in each kind of store, loaded once per session.

    A persistent store (on disk, on a server) is loaded, let go, and reopened from its
    spec alone, so every assertion on it also checks what a reopen reads.
    """
    spec = make_spec(request.param, request, tmp_path_factory.mktemp(request.param))
    loaded = actorgraph.load(dataset_path(), store=spec)
    if request.param not in PERSISTENT:
        return loaded
    del loaded
    gc.collect()
    return actorgraph.load(store=spec)
