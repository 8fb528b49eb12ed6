"""HTTP itself: keep-alive, ``Vary: Accept``, HEAD, chunked bodies, the event loop never
waiting on a query, and the headers of a trusted reverse proxy."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
import rdflib

from actorgraph._serve import make_server
from actorgraph._serve._server import _listen

from ._helpers import Client

pytestmark = pytest.mark.server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours
ASK = "ASK { actor:EGY ag:backs actor:LNA }"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def proxied():
    """One worker, a short limit, and 127.0.0.1 trusted as a reverse proxy."""
    with make_server(port=0, workers=1, timeout=8, forwarded_allow_ips="127.0.0.1") as running:
        yield running


@pytest.mark.parametrize("paths", [
    ("/health", "/health"),
    ("/sparql?query=" + quote(ASK), "/api/actors/LNA"),
    ("/no/such/page", "/sparql?query=" + quote(ASK)),  # an error keeps the connection too
])
def test_two_requests_on_one_connection(server, paths):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        answers = []
        for path in paths:
            conn.request("GET", path)
            response = conn.getresponse()
            answers.append((response.status, response.will_close, response.read()))
            if len(answers) == 1:
                first = conn.sock
        assert conn.sock is first  # no new connection was opened
        assert [will_close for _, will_close, _ in answers] == [False, False]
        assert answers[-1][0] == 200
    finally:
        conn.close()


def test_answers_never_wait_for_an_ack():
    """Every connection has Nagle's algorithm off (TCP_NODELAY): asyncio sets it only on
    sockets that say they are TCP, and without it each answer of a kept-alive connection
    waits 40 ms for the ACK of its head. Checked on a connection accepted from the very
    listening socket the server uses."""
    listening = _listen("127.0.0.1", 0)

    async def accepted_nodelay() -> int:
        accepted = asyncio.get_running_loop().create_future()
        server = await asyncio.start_server(lambda _, writer: accepted.set_result(writer),
                                            sock=listening)
        _, client = await asyncio.open_connection(*listening.getsockname()[:2])
        writer = await accepted
        nodelay = writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP,
                                                             socket.TCP_NODELAY)
        for stream in (client, writer):
            stream.close()
        server.close()
        await server.wait_closed()
        return nodelay

    # a thread of its own: the session's browser keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, accepted_nodelay()).result(60) != 0


def test_pipelined_requests_are_answered_in_order(server):
    """Two requests sent at once on one socket: two answers, in order."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                     b"GET /no/such HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while data.count(b"HTTP/1.1 ") < 2 or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            assert chunk, data
            data += chunk
    assert data.index(b"HTTP/1.1 200 ") < data.index(b"HTTP/1.1 404 ")


@pytest.mark.parametrize(("path", "accept"), [
    ("/sparql?query=" + quote("SELECT * { ?s ?p ?o } LIMIT 1"), "text/csv"),
    ("/sparql?query=" + quote(ASK), None),
    ("/sparql?query=" + quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"),
     "application/ld+json"),
    ("/sparql", "application/n-triples"),
    ("/sparql?query=" + quote(ASK), "text/csv"),  # 406
    ("/sparql?query=" + quote("SELECT * {"), None),  # 400
])
def test_vary_accept_on_every_negotiated_answer(client, path, accept):
    answer = client.get(path, **({"Accept": accept} if accept else {}))
    assert "Accept" in answer.headers["vary"].split(", ")


@pytest.mark.parametrize("path", ["/health", "/api/actors/LNA", "/"])
def test_no_vary_where_nothing_is_negotiated(client, path):
    assert "vary" not in client.get(path).headers


def test_head_gives_the_length_of_the_answer(client):
    path = "/sparql?query=" + quote(ASK)
    got, head = client.get(path), client.request("HEAD", path)
    assert head.status == 200 and head.body == b""
    assert int(head.headers["content-length"]) == len(got.body)


def test_a_chunked_body_is_read_and_capped(client):
    """A body without Content-Length (chunked) is read; past the cap it is refused."""
    conn = http.client.HTTPConnection(client.host, client.port, timeout=60)
    try:
        conn.request("POST", "/sparql", body=iter([b"ASK { ", b"?s ?p ?o }"]),
                     headers={"Content-Type": "application/sparql-query"},
                     encode_chunked=True)
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b'{"head":{},"boolean":true}')
    finally:
        conn.close()
    big = (b"# " + b"x" * 60_000 + b"\n" for _ in range(3))
    conn = http.client.HTTPConnection(client.host, client.port, timeout=60)
    try:
        conn.request("POST", "/sparql", body=big, encode_chunked=True,
                     headers={"Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        assert response.status == 413
        assert response.will_close
    finally:
        conn.close()


def test_the_event_loop_never_waits_on_a_query(proxied):
    """The only worker runs a query for its whole time limit; meanwhile /health, a query the
    guard refuses and the service description are answered at once, and a query that needs
    the worker waits for it without holding anyone else up."""
    client = Client(proxied.url)
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(answer=client.query(SLOW)))
    thread.start()
    deadline = time.monotonic() + 30
    while client.get("/health").json()["busy"] < 1:
        assert time.monotonic() < deadline, "the slow query never started"
        time.sleep(0.05)
    durations = {}
    for name, path in [("health", "/health"), ("refused", "/sparql?query=SELECT%20*%20%7B"),
                       ("description", "/sparql")]:
        start = time.monotonic()
        answer = client.get(path)
        durations[name] = time.monotonic() - start
        assert answer.status in (200, 400)
    assert client.get("/health").json()["busy"] == 1  # all that while, the worker was busy
    thread.join(60)
    assert max(durations.values()) < 2, durations
    assert slow["answer"].status == 504


@pytest.mark.parametrize(("headers", "scheme"), [
    ({}, "http"), ({"X-Forwarded-Proto": "https"}, "https"),
])
def test_a_trusted_proxy_sets_the_scheme(proxied, headers, scheme):
    """Behind a proxy the N-Triples description names the address the client used."""
    answer = Client(proxied.url).get("/sparql", Accept="application/n-triples", **headers)
    graph = rdflib.Graph().parse(data=answer.body, format="nt")
    (service,) = graph.subjects(rdflib.RDF.type, SD.Service)
    assert str(service) == f"{scheme}://127.0.0.1:{proxied.port}/sparql"


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(client, server):
    answer = client.get("/sparql", Accept="application/n-triples", X_Forwarded_Proto="https")
    assert f"<http://127.0.0.1:{server.port}/sparql>".encode() in answer.body


def test_a_malformed_host_is_refused_for_n_triples(client):
    answer = client.get("/sparql", Accept="application/n-triples", Host="x> <urn:evil")
    assert answer.status == 400
    assert "Host" in answer.text


def test_stop_ends_a_query_under_way_at_once():
    """Stopping with a query running: after a short grace the worker is ended and the
    client answered (503), long before the query's time limit."""
    server = make_server(port=0, workers=1, timeout=60).start()
    client = Client(server.url)
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(answer=client.query(SLOW)))
    try:
        thread.start()
        deadline = time.monotonic() + 30
        while client.get("/health").json()["busy"] < 1:
            assert time.monotonic() < deadline, "the slow query never started"
            time.sleep(0.05)
    finally:
        start = time.monotonic()
        server.stop()
        stopped = time.monotonic() - start
    thread.join(60)
    assert stopped < 15, stopped
    assert slow["answer"].status == 503
