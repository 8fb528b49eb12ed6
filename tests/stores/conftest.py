"""Fixtures for the store suite: a live Oxigraph server, and the Libya graph in every kind of store.

The server is the ``oxigraph`` binary from the ``oxigraph`` PyPI package (test extras),
started on a free loopback port for the session and stopped at the end. Without the
binary the server cases are skipped, unless ``ACTORGRAPH_REQUIRE_SERVER=1`` (CI), which
makes them fail instead.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import actorgraph
from actorgraph._resources import dataset_path

STORES = ["memory", "oxigraph", "oxigraph-disk", "sparql-http"]
STARTUP_SECONDS = 60  # an upper bound for a slow CI machine, not a timing assumption


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` executable: beside this interpreter (a venv) or on ``PATH``."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return shutil.which("oxigraph", path=search)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def _start(binary: str, folder: Path) -> tuple[subprocess.Popen, str]:
    """Start ``oxigraph serve`` on a free port; retry if another process took the port."""
    log = folder / "server.log"
    for _ in range(5):
        port = _free_port()
        with log.open("ab") as out:
            server = subprocess.Popen(
                [binary, "serve", "--location", str(folder / "data"),
                 "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while server.poll() is None and time.monotonic() < deadline:
            if _answers(url + "/"):
                return server, url
            time.sleep(0.05)
        _stop(server)
    raise RuntimeError(f"the Oxigraph server did not start: {log.read_text()[-2000:]}")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _binary() -> str:
    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is missing (pip install -e '.[test]')"
        if os.environ.get("ACTORGRAPH_REQUIRE_SERVER") == "1":
            pytest.fail(message + " and ACTORGRAPH_REQUIRE_SERVER=1")
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The base URL of a live Oxigraph server on a free loopback port (session-wide)."""
    server, url = _start(_binary(), tmp_path_factory.mktemp("oxigraph-server"))
    yield url
    _stop(server)


@pytest.fixture
def fresh_server(tmp_path):
    """The base URL of an empty Oxigraph server of its own (for one test)."""
    server, url = _start(_binary(), tmp_path)
    yield url
    _stop(server)


def make_spec(kind: str, request, folder: Path) -> str:
    """The store spec for a kind in ``STORES`` (starting the server if needed)."""
    if kind == "oxigraph-disk":
        return f"oxigraph:{folder / 'store'}"
    if kind == "sparql-http":
        return "sparql+" + request.getfixturevalue("oxigraph_server")
    return kind


@pytest.fixture(params=STORES)
def store_spec(request, tmp_path):
    """A spec of each kind of store: memory, Oxigraph in memory and on disk (``tmp_path/store``),
    the live server."""
    return make_spec(request.param, request, tmp_path)


@pytest.fixture
def spec_for(request, tmp_path):
    """``spec_for(kind)``: the spec of one kind of store in ``STORES``."""
    return lambda kind: make_spec(kind, request, tmp_path)


@pytest.fixture(scope="session")
def reference():
    """The Libya graph in rdflib's memory store: what every store must answer."""
    return actorgraph.load(store="memory")


@pytest.fixture(scope="session", params=STORES)
def graph(request, tmp_path_factory):
    """The Libya graph in each kind of store, loaded once per session.

    The on-disk store is loaded, closed, and reopened without a path, so every assertion
    on it also checks that the data persisted.
    """
    spec = make_spec(request.param, request, tmp_path_factory.mktemp(request.param))
    loaded = actorgraph.load(dataset_path(), store=spec)
    if request.param != "oxigraph-disk":
        return loaded
    del loaded
    gc.collect()
    return actorgraph.load(store=spec)
