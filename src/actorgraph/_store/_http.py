"""The ``sparql+http://…`` store: any SPARQL 1.1 server, through its Query, Update and Graph Store protocols.

Where the data lives: a load streams N-Triples in chunks (Graph Store protocol POSTs) into
a new named graph ``<urn:actorgraph:graph:UUID>``; once every chunk is in, one small SPARQL
Update points ``<urn:actorgraph:current>`` at it (the triple ``<urn:actorgraph:current>
<urn:actorgraph:graph> <…>`` in the graph of that name), then the previous graph is dropped.
Every query names the current graph as its default graph (the protocol's
``default-graph-uri``). Readers therefore see the old content or the new, never a mix; a
failed load drops its graph and changes nothing. The swap costs one small update whatever
the size, where ``MOVE … TO DEFAULT`` would copy every triple in one transaction (on an
Oxigraph 0.5 server: 200 s and 3 GB of server memory at 10^5 claims, measured); dropping
the previous graph still costs the server's delete of its triples. A server without the
pointer (data loaded by other tools) is read from its default graph. Other tools find
actorgraph's data with ``SELECT ?g { GRAPH <urn:actorgraph:current> { ?c ?p ?g } }``.
One loader at a time: two loads racing on one server can leave an unused graph behind.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import rdflib

from .._exceptions import StoreError
from .._sparql import PREFIXES, prefixed, refuse_network_words
from ._base import QueryResult, Store, capped
from ._bind import bind
from ._protocol import Client, json_term
from ._stream import Progress, byte_chunks

__all__ = ["CURRENT", "HttpStore"]

CURRENT = "urn:actorgraph:current"  # the pointer's graph and subject
HOLDS = "urn:actorgraph:graph"  # the pointer's predicate; data graphs are named HOLDS:UUID
_POINTER = f"SELECT ?g WHERE {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> ?g }} }}"
_SWAP = (f"DELETE {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> ?old }} }} "
         f"INSERT {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> <{{new}}> }} }} "
         f"WHERE {{ OPTIONAL {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> ?old }} }} }}")
_ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
           "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
_UNRESOLVED = object()


class HttpStore(Store):
    """A SPARQL 1.1 server: nothing is held in Python, every call is a request.

    ``rdf`` is a live, read-only ``rdflib.Graph`` over rdflib's ``SPARQLStore`` (no copy
    is made; each use is a query to the server, sent by rdflib without this store's
    timeout). See the module documentation for where the data lives and how a load swaps.

    Parameters
    ----------
    url : str
        ``http(s)://host:port/path`` with optional ``query=``, ``update=``, ``store=``
        and ``timeout=`` parameters (see :mod:`actorgraph._store._protocol`).
    """

    chunk_bytes = 8 * 1024 * 1024
    local = False
    persistent = True

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self.client = Client(url)
        self.kind = f"sparql+{self.client.base}"
        self._graph = _UNRESOLVED

    @property
    def graph(self) -> str | None:
        """The named graph holding the data, or ``None`` for the server's default graph."""
        if self._graph is _UNRESOLVED:
            answer = json.loads(self.client.form("query", [("query", _POINTER)], _ACCEPT["SELECT"]))
            found = [b["g"]["value"] for b in answer["results"]["bindings"]]
            self._graph = found[0] if found else None
        return self._graph

    def _ask(self, query: str, bindings: dict | None) -> tuple[str, bytes]:
        form, text = bind(prefixed(query), bindings)
        fields = [("query", text)]
        if self.graph is not None:
            fields.append(("default-graph-uri", self.graph))
        return form, self.client.form("query", fields, _ACCEPT[form])

    def query(self, query, bindings=None, *, max_rows=None, network=False) -> QueryResult:
        """Run a read query on the server (see :meth:`Store.query`).

        The server's network cannot be switched off from here, so unless ``network`` is
        true a query holding the word ``SERVICE`` or ``LOAD`` never leaves this process.
        """
        if not network:
            refuse_network_words(query)
        return self._query(query, bindings, max_rows)

    def update(self, text: str, *, network: bool = False) -> None:
        """Run a SPARQL update on the server; as :meth:`query`, never one naming the network."""
        if not network:
            refuse_network_words(text, "update")
        self._update(text)

    def _update(self, text: str) -> None:
        self.client.form("update", [("update", text)], what="update")

    # -- loading ------------------------------------------------------------------------
    def _replace_with(self, lines) -> None:
        new, old = f"{HOLDS}:{uuid.uuid4().hex}", self.graph
        progress = Progress(self.kind)
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="actorgraph-upload") as pool:
                pending = None
                for chunk, count in byte_chunks(lines, self.chunk_bytes):
                    if pending is not None:
                        pending.result()
                    pending = pool.submit(self._post, new, chunk)
                    progress.advance(count)
                if pending is not None:
                    pending.result()
            self._update(_SWAP.replace("{new}", new))
        except BaseException:
            progress.finish("failed")
            self._drop(new)
            raise
        self._graph = new
        progress.finish()
        if old is not None:
            self._drop(old)

    def _post(self, graph: str, chunk: bytes) -> None:
        params = {"graph": graph}
        if self.client.server.startswith("Oxigraph/"):
            params["no_transaction"] = ""  # its bulk loader: safe, the graph is not live yet
        self.client.fetch("store", params, chunk, {"Content-Type": "application/n-triples"},
                          what="load")

    def _drop(self, graph: str) -> None:
        with contextlib.suppress(StoreError):  # if the server is gone, the graph stays unused
            self._update(f"DROP SILENT GRAPH <{graph}>")

    # -- reading ------------------------------------------------------------------------
    def rows(self, query, bindings=None):
        _, data = self._ask(query, bindings)
        answer = json.loads(data)
        names = answer["head"].get("vars", [])
        return names, [tuple(s[v]["value"] if v in s else None for v in names)
                       for s in answer["results"]["bindings"]]

    def _query(self, query, bindings, max_rows) -> QueryResult:
        form, data = self._ask(query, bindings)
        if form in ("CONSTRUCT", "DESCRIBE"):
            import pyoxigraph as ox

            from ._memory import new_graph
            from ._oxigraph import to_rdflib

            triples, truncated = capped(ox.parse(data, ox.RdfFormat.N_TRIPLES), max_rows)
            graph = new_graph()
            for t in triples:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult(form, graph=graph, truncated=truncated)
        answer = json.loads(data)
        if form == "ASK":
            return QueryResult("ASK", boolean=bool(answer["boolean"]))
        names = answer["head"].get("vars", [])
        rows, truncated = capped((tuple(json_term(s.get(v)) for v in names)
                                  for s in answer["results"]["bindings"]), max_rows)
        return QueryResult("SELECT", names, rows, truncated=truncated)

    @property
    def rdf(self) -> rdflib.Graph:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        store = SPARQLStore(self.client.endpoints["query"], returnFormat="json",
                            method="POST_FORM")
        name = rdflib.URIRef(self.graph) if self.graph else DATASET_DEFAULT_GRAPH_ID
        graph = rdflib.Graph(store=store, identifier=name)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def dump(self, path: Path, fmt: str) -> None:
        params = {"graph": self.graph} if self.graph else {"default": ""}
        headers = {"Accept": "application/n-triples"}
        with self.client.open("store", params, headers=headers, what="export") as response:
            body = self.client.body(response, "export")
            if fmt == "nt":
                with open(path, "wb") as out:
                    shutil.copyfileobj(body, out, 1 << 20)
                return
            import pyoxigraph as ox

            from ._oxigraph import FORMATS

            triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
            ox.serialize(triples, str(path), FORMATS[fmt], prefixes=PREFIXES)

    def __len__(self) -> int:
        _, rows = self.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0][0])

    def is_empty(self) -> bool:
        return not self.query("ASK { ?s ?p ?o }").boolean
