"""The ``SERVICE`` hole (issue 12): a lone carriage return ended a ``#`` comment for Oxigraph but
not for rdflib's parser, so a ``SERVICE`` behind it passed the guard and Oxigraph ran it.

Two lines of defence now stand between a user's query and the network, and each alone must
stop the reproducer, on every store, through the API, the command line and the server:

1. the guard checks exactly the text that runs (the text every engine reads alike, checked by
   rdflib's parser and by a lexical scan) — switched off here by letting every text through;
2. the query runs where it cannot connect (a thread with the network switched off, or, for a
   SPARQL server, a text holding the word ``SERVICE`` or ``LOAD`` never sent) — switched off
   here by running in the caller's thread and sending every text.

A real TCP listener on a free loopback port counts the connections; the reproducer points at
it, so a connection from Oxigraph's own (Rust) client is counted too.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

import actorgraph
from actorgraph import _graph, _killable
from actorgraph._cli import cli
from actorgraph._serve import _app, make_server
from actorgraph._sparql import PREFIXES, CheckedQuery, check_query, prefixed
from actorgraph._store import _base, _http
from actorgraph._store._bind import query_form

REPRODUCER = "SELECT ?a WHERE {{ # c\r SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} \n }}"
PLAIN = "SELECT ?a WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}"
UPDATE = "INSERT DATA {{ <urn:a> <urn:b> 1 }} # x\r ; LOAD <http://127.0.0.1:{port}/x>"
QUERIES = {"reproducer": REPRODUCER, "plain": PLAIN}
TOKEN = "s3cret-token-for-the-service-hole-tests"


def _settle(listener, before: int) -> int:
    """The connections the listener accepted since ``before`` (after a moment to arrive)."""
    threading.Event().wait(0.2)
    return len(listener.hits) - before


def _unguarded(text: str, **_options) -> CheckedQuery:
    """The guard switched off: any text passes, unchanged."""
    return CheckedQuery(query_form(prefixed(text)), text)


@pytest.fixture
def guard_only(monkeypatch):
    """Line 1 alone: queries run in the caller's thread (or, with a time limit, in a child
    that keeps its network) and every text is sent to servers."""
    monkeypatch.setattr(_base, "offline", lambda fn, *args, timeout=None, network=False,
                        **kwargs: fn(*args, **kwargs))
    monkeypatch.setattr(_killable, "deny_network", lambda: "none")
    monkeypatch.setattr(_http, "refuse_network_words", lambda text, what="query": None)


@pytest.fixture
def sandbox_only(monkeypatch):
    """Line 2 alone: the guard lets every text through."""
    monkeypatch.setattr(_graph, "check_query", _unguarded)


@pytest.fixture(scope="module", params=["memory", "oxigraph", "oxigraph-disk", "sparql-http"])
def spec(request, tmp_path_factory):
    """Each kind of store, holding the Libya graph (loaded, or reopened where it is)."""
    if request.param == "sparql-http":
        return "sparql+" + request.getfixturevalue("oxigraph_server")
    if request.param == "oxigraph-disk":
        value = f"oxigraph:{tmp_path_factory.mktemp('disk') / 'store'}"
        actorgraph.load(store=value)
        return value
    return request.param


@pytest.fixture(scope="module")
def g(spec):
    return actorgraph.load(store=spec)


# -- the guard by itself ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    REPRODUCER.format(port=9),
    "SELECT ?a WHERE { # c\r\n SERVICE <http://127.0.0.1:9/> { } }",
    "SELECT ?a WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { } }",
    "SELECT ?a WHERE { # \\u000D SERVICE <http://127.0.0.1:9/> { } \n }",
], ids=["lone-CR", "CRLF", "escaped-S", "escaped-CR"])
def test_the_guard_refuses_a_service_that_any_engine_would_run(text):
    """What the guard checks is what runs: every spelling an engine reads as SERVICE is one."""
    with pytest.raises(actorgraph.UnsafeQueryError, match="SERVICE is not allowed"):
        check_query(text)


def test_the_guard_returns_the_text_it_checked():
    checked = check_query("SELECT ?a WHERE { # c\r ?a ?b ?c \n }")
    assert checked.text == "SELECT ?a WHERE { # c\n ?a ?b ?c \n }"
    assert "\r" not in checked.text


# -- through the API --------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUERIES)
def test_api_both_lines(g, listener, name):
    before = len(listener.hits)
    with pytest.raises(actorgraph.UnsafeQueryError):
        g.query(QUERIES[name].format(port=listener.port))
    assert _settle(listener, before) == 0


@pytest.mark.parametrize("name", QUERIES)
def test_api_guard_alone(g, listener, guard_only, name):
    before = len(listener.hits)
    with pytest.raises(actorgraph.UnsafeQueryError, match="SERVICE is not allowed"):
        g.query(QUERIES[name].format(port=listener.port))
    assert _settle(listener, before) == 0


@pytest.mark.parametrize("name", QUERIES)
def test_api_sandbox_alone(g, listener, sandbox_only, name):
    """With the guard off, the query runs — but cannot connect (rdflib reads the lone CR as
    part of the comment, so for it the reproducer is a query without SERVICE)."""
    before = len(listener.hits)
    try:
        result = g.query(QUERIES[name].format(port=listener.port))
    except actorgraph.UnsafeQueryError as exc:
        assert "network" in str(exc) or "SERVICE" in str(exc)
    else:
        assert result.rows == []
    assert _settle(listener, before) == 0


def test_update_sandbox_alone(g, listener):
    """A store's ``update`` (what serve runs with the token) cannot LOAD from the network."""
    before = len(listener.hits)
    try:
        g.store.update(prefixed(UPDATE.format(port=listener.port)))
    except actorgraph.UnsafeQueryError as exc:
        assert "network" in str(exc) or "LOAD" in str(exc)
    assert _settle(listener, before) == 0


def test_allowed_service_still_connects(listener):
    """Canary: the listener and the switch work — an allowed SERVICE does connect."""
    g = actorgraph.load(store="oxigraph")
    before = len(listener.hits)
    with pytest.raises(Exception):  # noqa: B017 - the listener answers no HTTP
        g.query(PLAIN.format(port=listener.port), allow_service=True)
    assert _settle(listener, before) >= 1


def test_a_sandboxed_thread_leaves_the_caller_online(g, listener):
    """The network is switched off for the query's own thread, never for the caller's."""
    g.query("ASK { ?s ?p ?o }")
    before = len(listener.hits)
    import socket

    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    assert _settle(listener, before) == 1


# -- through the command line ----------------------------------------------------------------

def _cli(spec: str, text: str):
    return CliRunner().invoke(cli, ["query", "--store", spec, "-e", text])


@pytest.mark.parametrize("line", ["both", "guard_only", "sandbox_only"])
def test_cli(spec, listener, request, monkeypatch, line):
    if line == "sandbox_only":
        monkeypatch.setattr(_graph, "check_query", _unguarded)
    elif line == "guard_only":
        request.getfixturevalue("guard_only")
    before = len(listener.hits)
    result = _cli(spec, REPRODUCER.format(port=listener.port))
    assert _settle(listener, before) == 0
    if spec == "memory" and line == "sandbox_only":  # rdflib: a query without SERVICE
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert "not allowed" in result.output or "network" in result.output


def test_cli_as_a_user_runs_it(listener, tmp_path):
    """The installed command, in a process of its own, on Oxigraph (where the hole was)."""
    import subprocess
    import sys

    before = len(listener.hits)
    run = subprocess.run(
        [sys.executable, "-m", "actorgraph", "query", "--store", "oxigraph", "-e",
         REPRODUCER.format(port=listener.port)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "SERVICE is not allowed" in run.stderr
    assert _settle(listener, before) == 0


# -- through the server -----------------------------------------------------------------------

@pytest.fixture(scope="module", params=["both", "guard_only", "sandbox_only"])
def served(request, spec, tmp_path_factory):
    """A server on each kind of store (an on-disk store of its own: the worker processes
    open it), with both lines, the guard alone, or the sandbox alone."""
    if spec.startswith("oxigraph:"):
        spec = f"oxigraph:{tmp_path_factory.mktemp('served') / 'store'}"
    patch = pytest.MonkeyPatch()
    if request.param == "sandbox_only":
        patch.setattr(_app, "check_read", lambda text, limit: _unguarded(text))
        patch.setattr(_app, "check_update_text", lambda text, limit: text)
    if request.param == "guard_only":
        patch.setattr(_http, "refuse_network_words", lambda text, what="query": None)
    try:
        with make_server(None, store=spec, port=0, workers=1, timeout=60, token=TOKEN,
                         offline=request.param != "guard_only") as running:
            running.line = request.param
            yield running
    finally:
        patch.undo()


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _post_update(url: str, text: str):
    request = urllib.request.Request(url, data=text.encode(), method="POST", headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_server_query(served, listener):
    before = len(listener.hits)
    query = urllib.parse.quote(REPRODUCER.format(port=listener.port))
    status, body = _get(f"{served.url}sparql?query={query}")
    assert _settle(listener, before) == 0
    assert status != 200 or "SERVICE" not in body


def test_server_update(served, listener):
    before = len(listener.hits)
    status, body = _post_update(f"{served.url}sparql", UPDATE.format(port=listener.port))
    assert _settle(listener, before) == 0
    if served.line != "sandbox_only":
        assert status == 400 and "LOAD is not allowed" in body


def test_prefixes_are_bound():
    """The guard's prefixes are the project's (a sanity check of the helper above)."""
    assert prefixed("").count("PREFIX") == len(PREFIXES)
