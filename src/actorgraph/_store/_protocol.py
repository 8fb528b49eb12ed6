"""Talking to a SPARQL 1.1 server with the standard library: endpoints, requests, errors, results.

A server is named by a URL whose parameters may give the endpoints of servers that do
not use Oxigraph's layout (``/query``, ``/update``, ``/store`` under the URL)::

    http://127.0.0.1:7878
    http://host:3030/ds?query=/ds/sparql&update=/ds/update&store=/ds/data
    https://host/sparql?update=/update&store=/data&timeout=600

A relative endpoint resolves against the URL (``/ds/sparql`` on the same host), an
absolute one is taken as is; ``timeout`` (seconds, default 300) bounds every request.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request

import rdflib

from .._exceptions import QueryError, QueryTimeoutError, StoreError

__all__ = ["Body", "Client", "json_term", "parse_spec"]

DEFAULT_TIMEOUT = 300.0
ENDPOINTS = {"query": "/query", "update": "/update", "store": "/store"}  # Oxigraph's layout
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORM = "application/x-www-form-urlencoded"
_BROKEN = (TimeoutError, ConnectionError, http.client.HTTPException)  # while reading an answer


def parse_spec(url: str) -> tuple[str, dict[str, str], float]:
    """The base URL, the three endpoints and the timeout of a server URL.

    >>> base, endpoints, timeout = parse_spec("http://h:3030/ds?query=/ds/sparql&timeout=60")
    >>> base, endpoints["query"], endpoints["update"], timeout
    ('http://h:3030/ds', 'http://h:3030/ds/sparql', 'http://h:3030/ds/update', 60.0)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not a SPARQL server URL: {url!r} (expected sparql+http://host:port/…)")
    if parts.username or parts.password:
        raise StoreError("credentials in the store URL are not supported; "
                         "put an authenticating proxy on a loopback port instead")
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(params) - {*ENDPOINTS, "timeout"})
    if unknown:
        raise StoreError(f"unknown parameter {', '.join(unknown)} in {url!r}; "
                         "use query=, update=, store= (endpoint paths) and timeout= (seconds)")
    endpoints = {}
    for name, default in ENDPOINTS.items():
        given = params.get(name)
        endpoints[name] = urllib.parse.urljoin(base + "/", given) if given else base + default
    try:
        timeout = float(params.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        raise StoreError(f"timeout must be a number of seconds, not {params['timeout']!r}") from None
    return base, endpoints, timeout


def json_term(value: dict | None):
    """A term of SPARQL JSON results as an rdflib term (``xsd:string`` as a plain literal,
    as rdflib parses it).

    >>> json_term({"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return rdflib.URIRef(text)
    if kind == "bnode":
        return rdflib.BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return rdflib.Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return rdflib.Literal(text, datatype=rdflib.URIRef(datatype))
        return rdflib.Literal(text)
    raise StoreError(f"unsupported term in the server's answer: {value!r}")


class Client:
    """Requests to one server, each with the timeout, errors that name the server.

    ``server`` is the ``Server`` header of the last answer (``Oxigraph/0.5.13``…).
    """

    def __init__(self, url: str) -> None:
        self.base, self.endpoints, self.timeout = parse_spec(url)
        self.server = ""

    def open(self, endpoint: str, params: dict | None = None, data: bytes | None = None,
             headers: dict | None = None, what: str = "query"):
        """The response to a request (GET without ``data``, POST with), to be closed."""
        url = self.endpoints[endpoint]
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            message = f"the SPARQL server at {self.base} answered {exc.code} to the {what}"
            if exc.code == 400 and what == "query":
                raise QueryError(f"{message}: {detail}") from None
            raise StoreError(f"{message} ({url}): {detail or exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise self.broken(exc, what) from None
        self.server = response.headers.get("Server", "")
        return response

    def fetch(self, endpoint: str, params: dict | None = None, data: bytes | None = None,
              headers: dict | None = None, what: str = "query") -> bytes:
        """The whole body of the response to a request."""
        with self.open(endpoint, params, data, headers, what) as response:
            return self.read(response, what)

    def form(self, endpoint: str, fields: list[tuple[str, str]], accept: str | None = None,
             what: str = "query") -> bytes:
        """POST an HTML form (``query=…`` or ``update=…`` and protocol parameters)."""
        headers = {"Content-Type": FORM, **({"Accept": accept} if accept else {})}
        data = urllib.parse.urlencode(fields).encode("utf-8")
        return self.fetch(endpoint, data=data, headers=headers, what=what)

    def read(self, response, what: str, size: int = -1) -> bytes:
        """Read from a response, a broken connection or a timeout reported as such."""
        try:  # read(-1) on a chunked answer returns the chunk framing too (CPython 3.11)
            return response.read() if size is None or size < 0 else response.read(size)
        except _BROKEN as exc:
            raise self.broken(exc, what) from None

    def body(self, response, what: str) -> Body:
        """A response as a binary file whose failures are reported as :meth:`read` does."""
        return Body(self, response, what)

    def broken(self, exc: BaseException, what: str) -> Exception:
        """The error to raise when the server cannot be reached or does not answer in time."""
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
            message = (f"no answer from the SPARQL server at {self.base} to the {what} within "
                       f"{self.timeout:g} s (raise it with ?timeout=SECONDS in the store URL)")
            return QueryTimeoutError(message) if what == "query" else StoreError(message)
        return StoreError(f"cannot reach the SPARQL server at {self.base}: {reason}")


class Body:
    """A response body as a readable binary file (see :meth:`Client.body`)."""

    def __init__(self, client: Client, response, what: str) -> None:
        self._client, self._response, self._what = client, response, what

    def read(self, size: int = -1) -> bytes:
        return self._client.read(self._response, self._what, size)

    def readable(self) -> bool:
        return True
