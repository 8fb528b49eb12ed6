"""A small HTTP client for the server tests (``http.client``, one connection per request)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

TOKEN = "test-token-4f9c1b7e2d8a6035"
ALLOWED_ORIGIN = "https://yasgui.example.org"


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
