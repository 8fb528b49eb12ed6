"""Servers for the ``serve`` tests, each on a real server on a free loopback port.

Every server is a real one (``make_server(port=0).start()``: worker processes, sockets);
clients are ``http.client``, SPARQLWrapper, curl, Jena's ``rsparql`` or Chromium. Time
bounds in the tests are generous upper bounds for a slow CI machine, never tight timing
assumptions.
"""

from __future__ import annotations

import os
import shutil

import pytest

from actorgraph._resources import dataset_path
from actorgraph._serve import make_server

from ._helpers import ALLOWED_ORIGIN, TOKEN, Client
from ._jena import rsparql_command


@pytest.fixture(scope="session")
def server():
    """A server as ``actorgraph serve`` starts it by default (but on a free port)."""
    with make_server(port=0, timeout=30) as running:
        yield running


@pytest.fixture(scope="session")
def client(server) -> Client:
    return Client(server.url)


@pytest.fixture
def dataset_copy(tmp_path):
    """A copy of the bundled dataset folder, free to edit."""
    target = tmp_path / "libya"
    shutil.copytree(dataset_path(), target)
    return target


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    """A server with a token and an allow-listed CORS origin, on its own copy of the dataset."""
    folder = tmp_path_factory.mktemp("admin") / "libya"
    shutil.copytree(dataset_path(), folder)
    with make_server(folder, port=0, token=TOKEN, cors_origins=[ALLOWED_ORIGIN],
                     timeout=30) as running:
        running.dataset_folder = folder
        yield running


@pytest.fixture(scope="module")
def admin_client(admin) -> Client:
    return Client(admin.url)


@pytest.fixture(scope="session")
def rsparql(tmp_path_factory) -> list[str]:
    """The command running Jena's ``rsparql``; without Jena the test is skipped, unless
    ``ACTORGRAPH_REQUIRE_JENA=1`` (CI), which makes it fail with the reason."""
    command = rsparql_command(tmp_path_factory.mktemp("jena"))
    if command is None:
        reason = ("Apache Jena is not installed (apt-get install libapache-jena-java, or "
                  "put Jena's bin/ on PATH)")
        if os.environ.get("ACTORGRAPH_REQUIRE_JENA") == "1":
            pytest.fail(f"ACTORGRAPH_REQUIRE_JENA=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return command
