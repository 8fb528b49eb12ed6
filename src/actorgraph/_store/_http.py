"""The ``sparql+http://…`` store: any SPARQL 1.1 server, through its three protocols.

- Query protocol: queries are POSTed as a form (``query=…``); SELECT and ASK answers are
  read as SPARQL JSON results, CONSTRUCT and DESCRIBE answers as N-Triples.
- Update protocol: the swap at the end of a load, and the clean-up after a failed one.
- Graph Store protocol: loading (POST of N-Triples chunks into a staging graph) and
  ``dump`` (GET of the default graph).

The endpoints default to Oxigraph's (``/query``, ``/update``, ``/store`` under the URL)
and can be given for other servers as URL parameters::

    sparql+http://127.0.0.1:7878
    sparql+http://host:3030/ds?query=/ds/sparql&update=/ds/update&store=/ds/data
    sparql+https://host/sparql?update=/update&store=/data&timeout=600

A relative endpoint resolves against the URL (``/ds/sparql`` on the same host), an
absolute one is taken as is. ``timeout`` (seconds, default 300) bounds every request.
Only the standard library is used (``urllib``).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import rdflib

from .._exceptions import QueryError, QueryTimeoutError, StoreError
from .._sparql import PREFIXES, prefixed
from ._base import QueryResult, Store
from ._bind import bind
from ._stream import Progress, byte_chunks

__all__ = ["HttpStore", "parse_spec"]

DEFAULT_TIMEOUT = 300.0
ENDPOINTS = {"query": "/query", "update": "/update", "store": "/store"}  # Oxigraph's layout
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
           "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json"}
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}
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


def _term(value: dict | None):
    """A term of SPARQL JSON results as an rdflib term (plain literal for ``xsd:string``)."""
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


class HttpStore(Store):
    """A SPARQL 1.1 server: nothing is held in Python, every call is a request.

    ``rdf`` is a live, read-only ``rdflib.Graph`` over rdflib's ``SPARQLStore``: each
    use sends a query to the server (no copy is made; its requests are rdflib's own,
    without this store's timeout). A load streams N-Triples in chunks into a fresh
    staging graph, then swaps it in with one ``MOVE … TO DEFAULT``: readers see the old
    content or the new, never a mix; a failed load drops the staging graph. Named graphs
    other than the staging graph are left alone; the server must not be configured to
    query the union of its graphs as the default graph.

    Parameters
    ----------
    url : str
        ``http(s)://host:port/path`` with optional ``query=``, ``update=``, ``store=``
        and ``timeout=`` parameters (see the module documentation).
    """

    chunk_bytes = 8 * 1024 * 1024

    def __init__(self, url: str) -> None:
        self.base, self.endpoints, self.timeout = parse_spec(url)
        self.kind = f"sparql+{self.base}"
        self._server = ""

    # -- requests ---------------------------------------------------------------------
    def _open(self, url: str, data: bytes | None, headers: dict, what: str, method: str | None = None):
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            message = f"the SPARQL server at {self.base} answered {exc.code} to the {what}"
            if exc.code == 400 and what == "query":
                raise QueryError(f"{message}: {detail}") from None
            raise StoreError(f"{message} ({url}): {detail or exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise self._unreachable(exc, what) from None
        self._server = response.headers.get("Server", "")
        return response

    def _unreachable(self, exc: BaseException, what: str) -> Exception:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            message = (f"no answer from the SPARQL server at {self.base} to the {what} within "
                       f"{self.timeout:g} s (raise it with ?timeout=SECONDS in the store URL)")
            return QueryTimeoutError(message) if what == "query" else StoreError(message)
        return StoreError(f"cannot reach the SPARQL server at {self.base}: {reason}")

    def _fetch(self, url: str, data: bytes | None, headers: dict, what: str) -> bytes:
        with self._open(url, data, headers, what) as response:
            try:
                return response.read()
            except _BROKEN as exc:
                raise self._unreachable(exc, what) from None

    def _ask_server(self, query: str, bindings: dict | None) -> tuple[str, bytes]:
        form, text = bind(prefixed(query), bindings)
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        headers = {**_FORM, "Accept": _ACCEPT[form]}
        return form, self._fetch(self.endpoints["query"], body, headers, "query")

    def update(self, text: str) -> None:
        """Run a SPARQL update on the server (internal: the loader's swap and clean-up)."""
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self._fetch(self.endpoints["update"], body, _FORM, "update")

    # -- the Store interface ----------------------------------------------------------
    def replace_with(self, lines) -> None:
        staging = f"urn:actorgraph:staging:{uuid.uuid4().hex}"
        progress = Progress(self.kind)
        sent = False
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="actorgraph-upload") as pool:
                pending = None
                for chunk, count in byte_chunks(lines, self.chunk_bytes):
                    if pending is not None:
                        pending.result()
                    pending = pool.submit(self._post_triples, staging, chunk)
                    sent = True
                    progress.advance(count)
                if pending is not None:
                    pending.result()
            self.update(f"MOVE GRAPH <{staging}> TO DEFAULT" if sent else "CLEAR DEFAULT")
        except BaseException:
            progress.finish("failed")
            self._drop(staging)
            raise
        progress.finish()

    def _post_triples(self, graph: str, chunk: bytes) -> None:
        params = {"graph": graph}
        if self._server.startswith("Oxigraph"):
            params["no_transaction"] = ""  # its bulk loader: safe, the graph is not live yet
        url = f"{self.endpoints['store']}?{urllib.parse.urlencode(params)}"
        headers = {"Content-Type": "application/n-triples"}
        self._fetch(url, chunk, headers, "load")

    def _drop(self, graph: str) -> None:
        with contextlib.suppress(StoreError):  # if the server is gone, the graph stays unused
            self.update(f"DROP SILENT GRAPH <{graph}>")

    def rows(self, query, bindings=None):
        form, data = self._ask_server(query, bindings)
        answer = json.loads(data)
        names = answer["head"].get("vars", [])
        rows = []
        for solution in answer["results"]["bindings"]:
            rows.append(tuple(solution[v]["value"] if v in solution else None for v in names))
        return names, rows

    def query(self, query, bindings=None) -> QueryResult:
        form, data = self._ask_server(query, bindings)
        if form in ("CONSTRUCT", "DESCRIBE"):
            import pyoxigraph as ox

            from ._memory import new_graph
            from ._oxigraph import to_rdflib

            graph = new_graph()
            for t in ox.parse(data, ox.RdfFormat.N_TRIPLES):
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult(form, graph=graph)
        answer = json.loads(data)
        if form == "ASK":
            return QueryResult("ASK", boolean=bool(answer["boolean"]))
        names = answer["head"].get("vars", [])
        rows = [tuple(_term(s.get(v)) for v in names) for s in answer["results"]["bindings"]]
        return QueryResult("SELECT", names, rows)

    @property
    def rdf(self) -> rdflib.Graph:
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        store = SPARQLStore(self.endpoints["query"], returnFormat="json", method="POST_FORM")
        graph = rdflib.Graph(store=store)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def dump(self, path: Path, fmt: str) -> None:
        url = f"{self.endpoints['store']}?default"
        with self._open(url, None, {"Accept": _MEDIA["nt"]}, "export") as response:
            try:
                if fmt == "nt":
                    with open(path, "wb") as out:
                        while block := response.read(1 << 20):
                            out.write(block)
                    return
                import pyoxigraph as ox

                from ._oxigraph import FORMATS

                triples = ox.parse(response, ox.RdfFormat.N_TRIPLES)
                ox.serialize(triples, str(path), FORMATS[fmt], prefixes=PREFIXES)
            except _BROKEN as exc:
                raise self._unreachable(exc, "export") from None

    def __len__(self) -> int:
        _, rows = self.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0][0])

    def is_empty(self) -> bool:
        return not self.query("ASK { ?s ?p ?o }").boolean
