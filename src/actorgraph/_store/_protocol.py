"""Talking to a SPARQL 1.1 server: endpoints, requests, retries, errors, results.

A server is named by a URL whose parameters may give the endpoints of servers that do
not use Oxigraph's layout (``/query``, ``/update``, ``/store`` under the URL)::

    http://127.0.0.1:7878
    http://host:8890/sparql?query=/sparql&update=/sparql&store=/sparql-graph-crud
    https://host/sparql?update=/update&store=/data&timeout=600

A relative endpoint resolves against the URL (``/ds/sparql`` on the same host), an
absolute one is taken as is; ``timeout`` (seconds, default 300) bounds the wait for each
connection, each write and each read. Credentials never go in the URL (see
:mod:`actorgraph._store._auth`).

Requests go through one ``httpx`` client per store, whose connections are kept alive
between requests. Redirects are not followed: a store talks only to the addresses it
was given. A request is sent again (three attempts in all) only when that cannot change
the outcome: always when the connection could not be made (nothing was sent), and, for
requests that are safe to repeat — queries, reading a graph, and the updates the loader
makes idempotent — also when the connection broke before an answer came or a gateway
answered 502, 503 or 504. A timeout is never retried: the server may still be working.
"""

from __future__ import annotations

import contextlib
import time
import urllib.parse
import weakref
from collections.abc import Iterator

import httpx
import rdflib

from .._exceptions import QueryError, QueryTimeoutError, StoreError
from ._auth import ENV_PASSWORD, ENV_USER, credentials

__all__ = ["Body", "Client", "json_term", "parse_spec"]

DEFAULT_TIMEOUT = 300.0
ENDPOINTS = {"query": "/query", "update": "/update", "store": "/store"}  # Oxigraph's layout
ROLES = {"query": "SPARQL query endpoint", "update": "SPARQL update endpoint",
         "store": "Graph Store Protocol endpoint"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORM = "application/x-www-form-urlencoded"
ATTEMPTS = 3
PAUSES = (0.2, 1.0)  # seconds before the second and the third attempt
GATEWAY = {502, 503, 504}
# shorter than the keep-alive timeouts of common servers (Virtuoso 10 s, Apache 5 s), so
# that a request is rarely written on a connection the server is closing
KEEP_ALIVE_S = 4.0
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_BROKE = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


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
        raise StoreError("credentials in the store URL are not supported: set "
                         f"{ENV_USER} and {ENV_PASSWORD}, or use a .netrc entry for the host")
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
    if not timeout > 0:
        raise StoreError(f"timeout must be a positive number of seconds, not {params['timeout']!r}")
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
    """Requests to one server, each with the timeout, and errors that name the server.

    ``server`` is the ``Server`` header of the last answer (``Oxigraph/0.5.13``…).
    """

    def __init__(self, url: str) -> None:
        self.base, self.endpoints, self.timeout = parse_spec(url)
        self.server = ""
        self.credentials = credentials(self.base, self.endpoints.values())
        self._http = httpx.Client(
            auth=self.credentials, timeout=self.timeout, follow_redirects=False,
            limits=httpx.Limits(max_keepalive_connections=4, keepalive_expiry=KEEP_ALIVE_S))
        weakref.finalize(self, self._http.close)  # a store has no close(): its sockets go with it

    # -- the three protocols ---------------------------------------------------------------
    def query(self, text: str, accept: str, graph: str | None, *,
              timeout: float | None = None) -> httpx.Response:
        """Run a query; ``graph`` (if given) is its whole dataset: the default graph and
        the only named graph, whatever the query's ``FROM`` says. A ``timeout`` (seconds)
        replaces the store's for this query: the query's own time limit."""
        fields = [("query", text)]
        if graph is not None:
            fields += [("default-graph-uri", graph), ("named-graph-uri", graph)]
        response = self.send("POST", "query", content=urllib.parse.urlencode(fields),
                             headers={"Content-Type": FORM, "Accept": accept}, repeat=True,
                             timeout=timeout)
        self.complete(response)
        return response

    def complete(self, response: httpx.Response) -> None:
        """Refuse an answer that the server cut short at its own time limit: Virtuoso's
        "anytime" queries answer 200 with the rows found so far, and say so only in the
        ``X-SQL-State`` header."""
        state = response.headers.get("x-sql-state")
        if state:
            said = " ".join(filter(None, [state, response.headers.get("x-sql-message", "")[:200]]))
            raise QueryTimeoutError(
                f"the SPARQL server at {self.base} stopped the query at its own time limit and "
                f"sent partial results ({said}); raise that limit on the server (Virtuoso: "
                "MaxQueryExecutionTime in the [SPARQL] section of virtuoso.ini)")

    def update(self, text: str, *, repeat: bool, what: str = "update") -> None:
        """Run an update; ``repeat`` only if running it twice does what running it once does."""
        self.send("POST", "update", content=urllib.parse.urlencode([("update", text)]),
                  headers={"Content-Type": FORM}, what=what, repeat=repeat)

    def post_graph(self, graph: str, chunk: bytes, *, repeat: bool,
                   params: dict | None = None) -> None:
        """Add N-Triples to a named graph (Graph Store Protocol ``POST ?graph=``)."""
        self.send("POST", "store", params={"graph": graph, **(params or {})}, content=chunk,
                  headers={"Content-Type": "application/n-triples"}, what="load", repeat=repeat)

    @contextlib.contextmanager
    def get_graph(self, graph: str) -> Iterator[httpx.Response]:
        """A named graph as N-Triples (Graph Store Protocol ``GET ?graph=``), streamed."""
        request = self._http.build_request("GET", self.endpoints["store"], params={"graph": graph},
                                           headers={"Accept": "application/n-triples"})
        response = self._attempts(lambda: self._http.send(request, stream=True), True, "export")
        try:
            if response.status_code >= 300:
                response.read()
                self._refused(response, "store", "export")
            yield response
        finally:
            response.close()

    # -- requests ------------------------------------------------------------------------------
    def send(self, method: str, endpoint: str, *, params: dict | None = None,
             content: bytes | str | None = None, headers: dict | None = None,
             what: str = "query", repeat: bool = False,
             timeout: float | None = None) -> httpx.Response:
        """One request, answered with success and read whole; see the module for retries."""
        limit = self.timeout if timeout is None else timeout

        def attempt() -> httpx.Response:
            return self._http.request(method, self.endpoints[endpoint], params=params,
                                      content=content, headers=headers, timeout=limit)

        response = self._attempts(attempt, repeat, what, limit)
        if response.status_code >= 300:
            self._refused(response, endpoint, what)
        return response

    def _attempts(self, attempt, repeat: bool, what: str,
                  limit: float | None = None) -> httpx.Response:
        number = 0
        while True:
            number += 1
            last = number == ATTEMPTS
            try:
                response = attempt()
            except _NOT_SENT as exc:
                if last:
                    raise self.broken(exc, what, limit) from None
            except _BROKE as exc:
                if last or not repeat:
                    raise self.broken(exc, what, limit) from None
            except httpx.HTTPError as exc:
                raise self.broken(exc, what, limit) from None
            else:
                self._learn(response)
                if last or not repeat or response.status_code not in GATEWAY:
                    return response
                response.close()
            time.sleep(PAUSES[number - 1])

    def _learn(self, response: httpx.Response) -> None:
        """Remember which server answers, and adapt to it."""
        server = response.headers.get("server", "")
        if server.startswith("Virtuoso/") and not self.server.startswith("Virtuoso/"):
            # Virtuoso closes the connection after every compressed answer (chunked, then
            # "Connection: close"); uncompressed, it keeps it alive
            self._http.headers["Accept-Encoding"] = "identity"
        self.server = server

    def _refused(self, response: httpx.Response, endpoint: str, what: str) -> None:
        """Raise the error for an answer that is not a success; it has the HTTP ``status``."""
        error = self._refusal(response, endpoint, what)
        error.status = response.status_code
        raise error

    def _refusal(self, response: httpx.Response, endpoint: str, what: str) -> Exception:
        status, url = response.status_code, str(response.request.url)
        where = f"the SPARQL server at {self.base}"
        detail = response.text[:2000].strip() or response.reason_phrase
        if 300 <= status < 400:
            return StoreError(f"{where} redirects the {what} ({status}) to "
                              f"{response.headers.get('location', 'another address')}: put that "
                              "address in the store URL (actorgraph does not follow redirects)")
        if status == 401:
            source = self.credentials.source
            fix = (f"it refused those in {source}" if source else
                   f"set {ENV_USER} and {ENV_PASSWORD}, or add the host to ~/.netrc")
            return StoreError(f"{where} asks for credentials for the {what} (401): {fix}")
        if status == 400 and what == "query":
            return QueryError(f"{where} answered 400 to the query: {detail}")
        if status in (404, 405):
            gone = (f"the graph <{response.request.url.params.get('graph')}> is not there "
                    "(another client may have replaced it: open the store again), or there is "
                    if endpoint == "store" and what == "export" else "there is ")
            return StoreError(f"{where} answered {status} to the {what}: {gone}no "
                              f"{ROLES[endpoint]} at {url.split('?')[0]} (give its path with "
                              f"{endpoint}= in the store URL, see docs/stores.md)")
        return StoreError(f"{where} answered {status} to the {what} ({url}): {detail}")

    def broken(self, exc: BaseException, what: str, limit: float | None = None) -> Exception:
        """The error to raise when the server cannot be reached or does not answer in time
        (``limit``: the request's timeout, if not the store's)."""
        if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
            if limit is not None and limit != self.timeout:
                return QueryTimeoutError(
                    f"no answer from the SPARQL server at {self.base} within the query's time "
                    f"limit ({limit:g} s); no partial result is returned")
            message = (f"no answer from the SPARQL server at {self.base} to the {what} within "
                       f"{self.timeout:g} s (raise it with ?timeout=SECONDS in the store URL)")
            return QueryTimeoutError(message) if what == "query" else StoreError(message)
        if isinstance(exc, _BROKE):
            return StoreError(f"the connection to the SPARQL server at {self.base} broke "
                              f"during the {what}: {exc}")
        return StoreError(f"cannot reach the SPARQL server at {self.base}: {exc}")


class Body:
    """A streamed answer as a readable binary file, its failures reported as :class:`Client`
    reports them (for parsers that read files)."""

    def __init__(self, client: Client, response: httpx.Response, what: str) -> None:
        self._client, self._what = client, what
        self._chunks = response.iter_bytes()
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        try:
            if size is None or size < 0:
                data, self._pending = self._pending + b"".join(self._chunks), b""
                return data
            while not self._pending:
                chunk = next(self._chunks, None)
                if chunk is None:
                    return b""
                self._pending = chunk
        except httpx.HTTPError as exc:
            raise self._client.broken(exc, self._what) from None
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def readable(self) -> bool:
        return True
