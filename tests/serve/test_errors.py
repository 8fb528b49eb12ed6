"""Error answers say what is wrong and give a request id; tracebacks and paths stay in the
server log, under the same id (F5)."""

from __future__ import annotations

import json
import logging
import re
import socket
from urllib.parse import quote

import pytest

import actorgraph

from ._helpers import Answer

pytestmark = pytest.mark.server

LEAKS = re.compile(r"Traceback|File \"|site-packages|\.py\b|/tmp/|/home/|/work/|/usr/")


def _clean(answer: Answer) -> str:
    """The answer's request id, after checking that the body shows it and leaks nothing."""
    request_id = answer.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert request_id in answer.text
    assert not LEAKS.search(answer.text), answer.text
    return request_id


def test_internal_error_is_generic_and_logged_with_its_id(client, caplog):
    """rdflib fails inside (a TypeError on ORDER BY an error): the client gets a generic 500
    with the id; the log has the traceback under the same id."""
    with caplog.at_level(logging.ERROR, logger="actorgraph.serve"):
        answer = client.query("SELECT * WHERE { ?s ?p ?o } ORDER BY (1/0) LIMIT 1")
    assert answer.status == 500
    assert "failed inside the server" in answer.text
    assert "TypeError" not in answer.text
    request_id = _clean(answer)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert request_id in logged
    assert "Traceback" in logged


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/sparql?query=SELECT%20*%20WHERE%20%7B", 400, "syntax error"),
    ("/sparql?query=" + quote("SELECT (SUM(?id) AS ?x) WHERE { ?s dcterms:identifier ?id }"),
     400, "could not be evaluated"),
    ("/api/actors/Nobody%20At%20All", 404, "unknown actor"),
    ("/api/related?name=LNA&direction=sideways", 400, "direction"),
    ("/api/claims?as_of=2019-13-45", 400, "invalid date"),
    ("/api/claims?relation=frenemy", 400, "unknown relation"),
    ("/api/claims?subjekt=LNA", 400, "unknown parameter"),
    ("/no/such/page", 404, "no such page"),
    ("/etc/passwd", 404, "no such page"),
])
def test_error_bodies_say_what_is_wrong(client, path, status, words):
    answer = client.get(path)
    assert answer.status == status
    assert words in answer.text
    _clean(answer)


def test_json_errors_outside_sparql(client):
    answer = client.get("/api/actors/Nobody")
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["status"] == 404
    assert error["request_id"] == answer.headers["x-request-id"]


def test_malformed_request_line(client):
    """An overlong request target is refused in the same shape as every other error."""
    answer = client.request("GET", "/" + "a" * 70_000)
    assert answer.status == 414
    _clean(answer)


def test_every_answer_has_a_request_id_and_no_server_version(client):
    answer = client.get("/health")
    assert re.fullmatch(r"[0-9a-f]{12}", answer.headers["x-request-id"])
    assert answer.headers["server"] == "actorgraph"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_load_error_at_start_names_no_path(tmp_path):
    """A broken dataset fails the start with a LoadError, the port is released."""
    from actorgraph._serve import make_server

    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "actors.csv").write_text("id,label\n", encoding="utf-8")
    server = make_server(tmp_path / "broken", port=0, workers=1)
    with pytest.raises(actorgraph.LoadError) as caught:
        server.start()
    assert str(tmp_path) not in str(caught.value)
    assert "claims.csv" in str(caught.value)


@pytest.mark.parametrize("request_bytes", [
    b"NOT HTTP AT ALL\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBad header line\r\n\r\n",
    b"GET / HTTP/1.1\r\n\r\n",  # no Host
])
def test_a_request_that_is_not_http_is_answered_in_the_same_shape(server, request_bytes):
    """What the HTTP parser refuses on its own still has a request id and no version."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request_bytes)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    headers = dict(line.split(": ", 1) for line in head.decode().lower().splitlines()[1:])
    assert head.startswith(b"HTTP/1.1 400 ")
    assert headers["server"] == "actorgraph"
    assert json.loads(body)["error"]["request_id"] == headers["x-request-id"]
