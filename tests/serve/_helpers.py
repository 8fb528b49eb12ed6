"""Helpers for the server tests: a small HTTP client (``http.client``, one connection per
request), the token, SPARQL JSON terms, named queries bound for a client, dataset edits."""

from __future__ import annotations

import csv
import http.client
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import rdflib

from actorgraph._sparql import named_queries
from actorgraph._store._bind import bind

TOKEN = "test-token-4f9c1b7e2d8a6035"
ALLOWED_ORIGIN = "https://yasgui.example.org"
PARAMS = {"actor": "LNA", "a": "LNA", "b": "GNA", "name": "the rogue general"}


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class Client:
    """Requests to one server, one connection each (``http.client``)."""

    def __init__(self, url: str):
        split = urlsplit(url)
        self.host, self.port = split.hostname, split.port
        self.url = url

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict | None = None, timeout: float = 60) -> Answer:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          response.read())
        finally:
            conn.close()

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, headers={k.replace("_", "-"): v
                                                  for k, v in headers.items()})

    def query(self, text: str, accept: str | None = None, extra: str = "", **kw) -> Answer:
        """``GET /sparql?query=…`` with an optional ``Accept``."""
        headers = {"Accept": accept} if accept else {}
        return self.request("GET", f"/sparql?query={quote(text)}{extra}", headers=headers, **kw)

    def post(self, path: str, body: bytes | str, content_type: str, **headers) -> Answer:
        return self.request("POST", path, body=body,
                            headers={"Content-Type": content_type, **headers})


def bearer(token: str = TOKEN) -> dict[str, str]:
    """The ``Authorization`` header carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}


def count_claims(client: Client) -> int:
    answer = client.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a ag:Claim }")
    assert answer.status == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def add_claims(folder: Path, count: int, prefix: str = "new") -> None:
    """Append ``count`` copies of the first claim, under new ids, to ``claims.csv``."""
    path = folder / "claims.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    extra = [[f"{prefix}{i}", *rows[1][1:]] for i in range(count)]
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(extra)


def term(binding: dict | None):
    """A SPARQL JSON binding as an rdflib term."""
    if binding is None:
        return None
    if binding["type"] == "uri":
        return rdflib.URIRef(binding["value"])
    if binding["type"] == "bnode":
        return rdflib.BNode(binding["value"])
    datatype = binding.get("datatype")
    return rdflib.Literal(binding["value"], lang=binding.get("xml:lang"),
                          datatype=rdflib.URIRef(datatype) if datatype else None)


def bound_text(g, name: str) -> str:
    """The named query's text with its parameters bound in the text, as a client must."""
    query = named_queries()[name]
    terms = {p: rdflib.Literal(PARAMS[p]) if kind == "string" else g.iri(PARAMS[p])
             for p, kind in query.params.items()}
    return bind(query.text, terms)[1]


def canonical(rows) -> list[tuple]:
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in rows)
