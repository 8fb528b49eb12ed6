"""Read-only by default (403); updates and reloads only with the token, sent as a bearer
header (never in the URL) and compared in constant time."""

from __future__ import annotations

import hmac
from urllib.parse import quote, urlencode

import pytest

from actorgraph._serve import _app

from ._helpers import TOKEN, bearer, count_claims

pytestmark = pytest.mark.server

INSERT = ("INSERT DATA { <https://w3id.org/actorgraph/id/actor/TEST> "
          "rdfs:label \"inserted by a test\" }")
ASK_INSERTED = "ASK { ?a rdfs:label \"inserted by a test\" }"


def _asked(client, query: str) -> bool:
    return client.query(query).json()["boolean"]


@pytest.mark.parametrize("send", ["direct", "form"])
def test_updates_answer_403_by_default(client, send):
    """F4: a server started without a token refuses every update, whatever it carries."""
    if send == "direct":
        answer = client.post("/sparql", INSERT, "application/sparql-update", **bearer())
    else:
        answer = client.post("/sparql", urlencode({"update": INSERT}),
                             "application/x-www-form-urlencoded", **bearer())
    assert answer.status == 403
    assert "read-only" in answer.text
    assert not _asked(client, ASK_INSERTED)


def test_reload_answers_403_by_default(client):
    answer = client.post("/admin/reload", b"", "text/plain", **bearer())
    assert answer.status == 403


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "},
    bearer("wrong-token-0000000000000"), bearer(TOKEN[:-1]), bearer(TOKEN + "x"),
])
def test_missing_or_wrong_token_is_401(admin_client, headers):
    answer = admin_client.post("/sparql", INSERT, "application/sparql-update", **headers)
    assert answer.status == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in answer.text
    assert admin_client.post("/admin/reload", b"", "text/plain", **headers).status == 401
    assert not _asked(admin_client, ASK_INSERTED)


@pytest.mark.parametrize("where", ["token", "access_token"])
def test_token_in_the_url_is_refused(admin_client, where):
    """Never in the URL: refused with 400 even when right, and nothing is changed."""
    answer = admin_client.post(f"/sparql?{where}={quote(TOKEN)}", INSERT,
                               "application/sparql-update")
    assert answer.status == 400
    assert "Authorization: Bearer" in answer.text
    form = urlencode({"update": INSERT, where: TOKEN})
    assert admin_client.post("/sparql", form, "application/x-www-form-urlencoded").status == 400
    assert admin_client.post(f"/admin/reload?{where}={quote(TOKEN)}", b"",
                             "text/plain").status == 400
    assert not _asked(admin_client, ASK_INSERTED)


def test_token_is_compared_in_constant_time(admin_client, monkeypatch):
    """The comparison goes through ``hmac.compare_digest`` (the server runs in this process)."""
    calls, compare = [], hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(_app.hmac, "compare_digest", spy)
    admin_client.post("/sparql", INSERT, "application/sparql-update",
                      **bearer("wrong-token-0000000000000"))
    assert calls == [(b"wrong-token-0000000000000", TOKEN.encode())]


@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/passwd>",
    "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <urn:g>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } USING <file:///etc/passwd> WHERE { ?s ?p ?o }",
])
def test_updates_that_read_or_fetch_are_refused_even_with_the_token(admin_client, update):
    before = count_claims(admin_client)
    answer = admin_client.post("/sparql", update, "application/sparql-update", **bearer())
    assert answer.status == 400
    assert "not allowed" in answer.text
    assert count_claims(admin_client) == before


def test_update_with_the_token_is_applied_atomically(admin_client):
    """E2 (server side): an update with the right token is applied to every worker at once;
    a quote that looks like SPARQL stays a literal."""
    assert not _asked(admin_client, ASK_INSERTED)
    generation = admin_client.get("/health").json()["generation"]
    answer = admin_client.post("/sparql", INSERT, "application/sparql-update", **bearer())
    assert answer.status == 200, answer.text
    assert answer.json()["generation"] == generation + 1
    for _ in range(6):  # whichever worker answers, it holds the update
        assert _asked(admin_client, ASK_INSERTED)
    sneaky = 'hi" } ; DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:x> <urn:y> "'
    form = urlencode({"update": "INSERT DATA { <urn:q> rdfs:comment "
                                f"{_turtle_string(sneaky)} }}"})
    triples = admin_client.get("/health").json()["triples"]
    answer = admin_client.post("/sparql", form, "application/x-www-form-urlencoded", **bearer())
    assert answer.status == 200, answer.text
    assert admin_client.get("/health").json()["triples"] == triples + 1


def test_malformed_update_is_400(admin_client):
    answer = admin_client.post("/sparql", "INSERT DATA { <urn:a> }", "application/sparql-update",
                               **bearer())
    assert answer.status == 400
    assert "syntax error" in answer.text


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
