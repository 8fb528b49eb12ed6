"""The ``sparql+http`` store's client: its URL, credentials, connections, retries and errors,
and values sent safely in query text — against live servers (Oxigraph, Virtuoso)."""

from __future__ import annotations

import base64
import contextlib
import http.server
import logging
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
import rdflib
from _kinds import SERVERS, make_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actorgraph
from actorgraph import QueryError, QueryTimeoutError, StoreError
from actorgraph._resources import dataset_path
from actorgraph._store import open_store
from actorgraph._store._bind import bind
from actorgraph._store._http import HttpStore
from actorgraph._store._protocol import parse_spec

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
USER, PASSWORD, NETRC = "ACTORGRAPH_SPARQL_USER", "ACTORGRAPH_SPARQL_PASSWORD", "NETRC"


@pytest.fixture(scope="module", params=SERVERS)
def loaded_spec(request) -> str:
    """The spec of each kind of server (the session's), holding the Libya graph."""
    spec = make_spec(request.param, request, None)
    actorgraph.load(dataset_path(), store=spec)
    return spec


@pytest.fixture(scope="module")
def loaded(loaded_spec) -> HttpStore:
    return open_store(loaded_spec)


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    """No credentials in the environment, and an empty .netrc."""
    monkeypatch.delenv(USER, raising=False)
    monkeypatch.delenv(PASSWORD, raising=False)
    (tmp_path / "netrc").write_text("")
    monkeypatch.setenv(NETRC, str(tmp_path / "netrc"))


# -- the URL ---------------------------------------------------------------------------------

def test_default_endpoints_are_oxigraphs():
    base, endpoints, timeout = parse_spec("http://127.0.0.1:7878/")
    assert base == "http://127.0.0.1:7878"
    assert endpoints == {"query": "http://127.0.0.1:7878/query",
                         "update": "http://127.0.0.1:7878/update",
                         "store": "http://127.0.0.1:7878/store"}
    assert timeout > 0


def test_explicit_endpoints_for_other_servers():
    store = open_store("sparql+http://h:8890/sparql?query=/sparql&update=/sparql"
                       "&store=/sparql-graph-crud")
    assert store.kind == "sparql+http://h:8890/sparql"
    assert store.client.endpoints == {"query": "http://h:8890/sparql",
                                      "update": "http://h:8890/sparql",
                                      "store": "http://h:8890/sparql-graph-crud"}
    other = parse_spec("https://h/sparql?store=https://g/data&timeout=5")
    assert other[1]["store"] == "https://g/data" and other[2] == 5.0


@pytest.mark.parametrize("url, message", [
    ("http://h/?querry=/q", "unknown parameter querry"),
    ("http://h/?timeout=soon", "timeout must be a number"),
    ("http://h/?timeout=0", "positive number"),
    ("http://user:secret@h/", f"credentials in the store URL are not supported: set {USER}"),
    ("ftp://h/", "not a SPARQL server URL"),
])
def test_bad_urls_are_refused(url, message):
    with pytest.raises(StoreError, match=message):
        HttpStore(url)


# -- errors ----------------------------------------------------------------------------------

def test_unreachable_server_names_the_url():
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = HttpStore(f"http://127.0.0.1:{port}")
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}"):
        store.is_empty()


def test_silent_server_times_out():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        store = HttpStore(f"http://127.0.0.1:{port}?timeout=0.2")
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError, match="within 0.2 s"):
            store.rows("SELECT * WHERE { ?s ?p ?o }")
        assert time.monotonic() - started < 5  # a timeout is not retried


def test_server_refusal_is_a_query_error(loaded):
    with pytest.raises(QueryError, match="answered 400"):
        loaded.rows("SELECT * WHERE { ?s ?p }")


def test_a_missing_endpoint_names_the_parameter_to_set(loaded):
    store = HttpStore(loaded.kind.removeprefix("sparql+") + "?query=/no-such-endpoint")
    with pytest.raises(StoreError, match="no SPARQL query endpoint at .*/no-such-endpoint.*query="):
        store.is_empty()


def test_a_read_only_store_refuses_loads_and_updates(loaded_spec, loaded):
    store = open_store(loaded_spec, read_only=True)
    with pytest.raises(StoreError, match="open read-only"):
        store.replace_with(iter(["<urn:x:a> <urn:x:b> <urn:x:c> .\n"]))
    with pytest.raises(StoreError, match="open read-only"):
        store.update("INSERT DATA { <urn:x:a> <urn:x:b> 1 }")
    assert store.graph == loaded.graph


# -- values ----------------------------------------------------------------------------------

def test_blank_nodes_cannot_be_sent():
    with pytest.raises(QueryError, match="only IRIs and literals"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": rdflib.BNode()})


def test_an_iri_that_would_break_out_is_refused():
    with pytest.raises(Exception, match="does not look like a valid URI"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": rdflib.URIRef("urn:x> } DROP ALL { <urn:y")})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, lang=st.sampled_from([None, "en", "ar-LY"]))
def test_any_literal_comes_back_unchanged(loaded, text, lang):
    """Whatever the text, the value the server binds is exactly the one given (Virtuoso's
    strings end at a NUL character: it refuses such a query, it does not misread it)."""
    value = rdflib.Literal(text, lang=lang)
    query = "SELECT ?x WHERE { BIND(?v AS ?x) }"
    if "\x00" in text and loaded.client.server.startswith("Virtuoso/"):
        with pytest.raises(StoreError, match="answered 500"):
            loaded.query(query, {"v": value})
        return
    assert loaded.query(query, {"v": value}).rows == [(value,)]


def test_backslash_u_is_not_a_second_escape(loaded):
    """``\\u0022`` in a value is six characters, not a quote (SPARQL unescapes before parsing)."""
    value = rdflib.Literal('\\u0022 } \\U0000007D " \\')
    assert loaded.query("SELECT ?x WHERE { BIND(?v AS ?x) }", {"v": value}).rows == [(value,)]


# -- credentials (Virtuoso's digest-authenticated endpoint) ----------------------------------

def test_digest_credentials_from_the_environment(virtuoso, reference, monkeypatch):
    monkeypatch.setenv(USER, "writer")
    monkeypatch.setenv(PASSWORD, virtuoso.users["writer"])
    actorgraph.load(dataset_path(), store=virtuoso.auth_spec)
    again = actorgraph.load(store=virtuoso.auth_spec)
    assert len(again.store) == len(reference.store)
    assert again.claims() == reference.claims()


def test_credentials_from_a_netrc(virtuoso, reference, no_credentials, tmp_path):
    (tmp_path / "netrc").write_text(
        f"machine 127.0.0.1\n  login writer\n  password {virtuoso.users['writer']}\n")
    store = open_store(virtuoso.auth_spec)
    assert store.client.credentials.source == str(tmp_path / "netrc")
    assert len(store) == len(reference.store)


def test_no_credentials_is_a_clear_error(virtuoso, no_credentials):
    with pytest.raises(StoreError, match=f"asks for credentials .*401.*set {USER} and {PASSWORD}"):
        open_store(virtuoso.auth_spec).is_empty()


def test_a_wrong_password_is_refused_and_never_shown(virtuoso, monkeypatch, caplog):
    wrong = "not-the-password-" + virtuoso.users["writer"]
    monkeypatch.setenv(USER, "writer")
    monkeypatch.setenv(PASSWORD, wrong)
    store = open_store(virtuoso.auth_spec)
    with caplog.at_level(logging.DEBUG), pytest.raises(StoreError) as refused:
        store.is_empty()
    assert f"refused those in {USER} and {PASSWORD}" in str(refused.value)
    for shown in (str(refused.value), caplog.text, repr(store.client.credentials), store.kind):
        assert wrong not in shown


def test_half_the_credentials_is_an_error(monkeypatch):
    monkeypatch.setenv(USER, "writer")
    monkeypatch.delenv(PASSWORD, raising=False)
    with pytest.raises(StoreError, match=f"go together: {PASSWORD} is not set"):
        open_store("sparql+http://127.0.0.1:9/sparql")


class _BasicProxy(http.server.BaseHTTPRequestHandler):
    """A reverse proxy asking for HTTP basic credentials, in front of a real server (how an
    Oxigraph server, which has no access control, is shared)."""

    protocol_version = "HTTP/1.1"
    upstream, expected, challenged = "", "", 0

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != type(self).expected:
            type(self).challenged += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(type(self).upstream + self.path, data=body or None,
                                         headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, kept, data = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:
            status, kept, data = exc.code, exc.headers, exc.read()
        self.send_response(status)
        if kept.get("Content-Type"):
            self.send_header("Content-Type", kept["Content-Type"])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _forward  # noqa: N815 - the standard library's names

    def log_message(self, *args):
        pass


def test_basic_credentials_through_an_authenticating_proxy(fresh_server, reference, monkeypatch):
    """Nothing is sent before the server asks; once it has asked for basic, every request
    carries the credentials at once."""
    monkeypatch.setenv(USER, "analyst")
    monkeypatch.setenv(PASSWORD, "correct horse battery staple")
    _BasicProxy.upstream, _BasicProxy.challenged = fresh_server, 0
    _BasicProxy.expected = "Basic " + base64.b64encode(
        b"analyst:correct horse battery staple").decode()
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        spec = f"sparql+http://127.0.0.1:{proxy.server_port}"
        actorgraph.load(dataset_path(), store=spec)
        again = actorgraph.load(store=spec)
        assert again.claims() == reference.claims()
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert _BasicProxy.challenged == 2  # the first request of each store, and no other


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records the headers of each request, answers 401 with a basic challenge."""

    seen: list = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        type(self).seen.append(dict(self.headers))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="other"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_credentials_go_to_the_store_host_only(virtuoso, monkeypatch, tmp_path):
    """Credentials from the environment are for the server of the store URL: an endpoint
    on another origin never gets them, even when it asks."""
    monkeypatch.setenv(USER, "writer")
    monkeypatch.setenv(PASSWORD, virtuoso.users["writer"])
    other = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        store = open_store(virtuoso.auth_spec.replace(
            "store=/sparql-graph-crud-auth", f"store=http://127.0.0.1:{other.server_port}/data"))
        with pytest.raises(StoreError, match="asks for credentials for the export"):
            store.dump(tmp_path / "out.nt", "nt")
    finally:
        other.shutdown()
        other.server_close()
    assert _Recorder.seen and not any("Authorization" in h for h in _Recorder.seen)


# -- connections, retries, redirects ---------------------------------------------------------

def test_requests_share_kept_alive_connections(loaded, connections):
    for _ in range(20):
        loaded.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert len([e for e in connections if e[0] == "socket.connect"]) <= 1


class Flaky:
    """A TCP proxy on a free loopback port to a real server, which can be told to break
    requests: ``fail(n, b"update=")`` hangs up, without forwarding or answering, on the next
    ``n`` requests whose bytes hold ``update=``. ``seen`` counts the requests forwarded or
    broken, by what they held."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port.split("/")[0]))
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.seen: list[bytes] = []
        self._breaks, self._when = 0, b""
        threading.Thread(target=self._serve, daemon=True).start()

    def fail(self, count: int, when: bytes) -> None:
        self._breaks, self._when = count, when

    def count(self, what: bytes) -> int:
        return sum(what in data for data in self.seen)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            threading.Thread(target=self._pipe, args=(conn, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, conn, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, requests: bool) -> None:
        try:
            while data := source.recv(65536):
                if requests:
                    self.seen.append(data)
                    if self._breaks and self._when in data:
                        self._breaks -= 1
                        break
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def flaky(fresh_server):
    """A flaky proxy to an Oxigraph server holding the Libya graph."""
    actorgraph.load(dataset_path(), store="sparql+" + fresh_server)
    proxy = Flaky(fresh_server)
    yield proxy
    proxy.close()


def test_a_query_is_sent_again_when_the_connection_breaks(flaky, reference):
    store = open_store("sparql+" + flaky.url)
    flaky.fail(2, b"COUNT")
    assert len(store) == len(reference.store)  # three attempts: two broken, one answered
    assert flaky.count(b"COUNT") == 3


def test_an_update_is_never_sent_twice(flaky):
    store = open_store("sparql+" + flaky.url)
    flaky.fail(1, b"update=")
    with pytest.raises(StoreError, match="broke during the update"):
        store.update("INSERT DATA { <urn:x:a> <urn:x:b> 1 }")
    assert flaky.count(b"update=") == 1
    assert not store.query("ASK { <urn:x:a> <urn:x:b> 1 }").boolean


class _Mover(http.server.BaseHTTPRequestHandler):
    """Answers every request with a redirect to ``target``."""

    target = ""

    def do_POST(self):  # noqa: N802 - the standard library's name
        self.send_response(308)
        self.send_header("Location", type(self).target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_redirects_are_not_followed(listener):
    _Mover.target = f"http://127.0.0.1:{listener.port}/elsewhere"
    mover = http.server.HTTPServer(("127.0.0.1", 0), _Mover)
    threading.Thread(target=mover.serve_forever, daemon=True).start()
    try:
        store = open_store(f"sparql+http://127.0.0.1:{mover.server_port}")
        with pytest.raises(StoreError, match="redirects the query .* to http://127.0.0.1:.*"
                                             "put that address in the store URL"):
            store.is_empty()
    finally:
        mover.shutdown()
        mover.server_close()
    time.sleep(0.2)
    assert listener.hits == []
