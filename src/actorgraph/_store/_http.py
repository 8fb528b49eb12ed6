"""The ``sparql+http://…`` store: any SPARQL 1.1 server, through its Query, Update and Graph Store protocols.

Where the data lives. A load streams N-Triples in chunks (Graph Store Protocol ``POST
?graph=``) into a new named graph ``<urn:actorgraph:graph:UUID>``; once every chunk is in,
one SPARQL Update request points ``<urn:actorgraph:current>`` at it (the triple
``<urn:actorgraph:current> <urn:actorgraph:graph> <…>`` in the graph of that name)::

    DELETE WHERE { GRAPH <urn:actorgraph:current> { <urn:actorgraph:current> <urn:actorgraph:graph> ?old } } ;
    INSERT DATA { GRAPH <urn:actorgraph:current> { <urn:actorgraph:current> <urn:actorgraph:graph> <new> } }

— two operations in one request, which SPARQL 1.1 Update asks a server to run as one
(``DELETE {…} INSERT {…} WHERE { OPTIONAL {…} }`` would say the same, but inserts nothing
on Virtuoso 7). Then the previous graph is dropped. The swap costs one small update
whatever the size, where ``MOVE … TO DEFAULT`` would copy every triple in one transaction
(on an Oxigraph 0.5 server: 200 s and 3 GB of server memory at 10^5 claims, measured).

What is read. Every query names the current graph as its whole dataset (protocol
parameters ``default-graph-uri`` and ``named-graph-uri``), never the server's default
graph: on Virtuoso that is the union of every graph, its system graphs included. A server
without the pointer holds nothing of actorgraph's: it is empty to ``len`` and
``is_empty``, and a query on it is an error (data loaded by other tools is read by loading
it through actorgraph). Updates are rewritten to write and read the current graph only
(see :mod:`actorgraph._store._confine`).

What is checked, so that a server that cannot do this fails loudly instead of answering
from another graph: before the first chunk, an update that changes nothing (``DROP SILENT``
of the new graph) proves the right to update; the first chunk proves the Graph Store
Protocol endpoint; after the last chunk, the new graph must hold triples (a server that
put them elsewhere is caught); after the swap, the pointer is read back and must name the
new graph; the first time a store reads a graph, the pointer (which lives in another
graph) must be invisible to a query on it (a server that ignores ``default-graph-uri``).
A failed load drops its own graph and leaves the pointer and the previous graph as they
were.

Changes by others. Every call reads the pointer again (one small query, a millisecond or
two over a kept-alive connection) — ``version``, ``query``, ``update``, ``len``,
``is_empty``, ``dump``, ``rdf`` — except ``rows``, the internal reads that a
:class:`~actorgraph.Graph` makes right after asking for ``version``. So a load by another
process or client is seen at the next call, and its graph is read. What cannot be seen: an
update by another client *inside* the current graph (the pointer does not move), so a
Graph that has cached actors or sources keeps them until the pointer moves or it updates
through this store. One loader at a time: two loads racing on one server each drop the
graph they replaced, so the one that swaps first leaves its graph behind, unused.

Limits of servers. Virtuoso cuts every answer at ``ResultSetMaxRows`` (10,000 in Debian's
``virtuoso.ini``). A cut SELECT says so in a header and is an error here (unless the rows
asked for fit); a cut CONSTRUCT or DESCRIBE says nothing, so it cannot be told from a
complete one; ``dump`` compares the triples it wrote with the graph's count. Raise the
limit on the server for graphs that large (see ``docs/stores.md``).
"""

from __future__ import annotations

import contextlib
import uuid
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from .._exceptions import StoreError
from .._progress import LoadProgress
from .._sparql import PREFIXES, prefixed, refuse_network_words
from ._base import QueryResult, Store, capped
from ._bind import bind, query_form
from ._confine import confine
from ._protocol import Body, Client, json_term
from ._stream import byte_chunks

__all__ = ["CURRENT", "HOLDS", "HttpStore"]

CURRENT = "urn:actorgraph:current"  # the pointer's graph and subject
HOLDS = "urn:actorgraph:graph"  # the pointer's predicate; data graphs are named HOLDS:UUID
_POINTER = f"SELECT ?g WHERE {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> ?g }} }}"
_SWAP = (f"DELETE WHERE {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> ?old }} }} ;\n"
         f"INSERT DATA {{ GRAPH <{CURRENT}> {{ <{CURRENT}> <{HOLDS}> <NEW> }} }}")
# true only if a query on one graph can see the pointer, which lives in another
_LEAKS = f"ASK {{ {{ <{CURRENT}> <{HOLDS}> ?g }} UNION {{ GRAPH ?x {{ <{CURRENT}> <{HOLDS}> ?g }} }} }}"
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_ACCEPT = {"SELECT": _JSON, "ASK": _JSON, "CONSTRUCT": _NTRIPLES, "DESCRIBE": _NTRIPLES}
_UNRESOLVED = object()


class HttpStore(Store):
    """A SPARQL 1.1 server: nothing is held in Python, every call is a request.

    ``rdf`` is a live, read-only ``rdflib.Graph`` whose every use is a query to the
    server, on the current graph, through this store's connections, credentials and
    timeout. See the module documentation for where the data lives, how a load swaps, and
    what is checked.

    Parameters
    ----------
    url : str
        ``http(s)://host:port/path`` with optional ``query=``, ``update=``, ``store=``
        and ``timeout=`` parameters (see :mod:`actorgraph._store._protocol`).
    read_only : bool
        Refuse loads and updates.
    """

    chunk_bytes = 8 * 1024 * 1024
    local = False
    persistent = True

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self.client = Client(url)
        self.kind = f"sparql+{self.client.base}"
        self._graph: str | None | object = _UNRESOLVED
        self._isolated = False  # seen to answer from the named graph alone

    # -- which graph ----------------------------------------------------------------------
    @property
    def graph(self) -> str | None:
        """The named graph holding the data, or ``None`` if actorgraph loaded none here."""
        if self._graph is _UNRESOLVED:
            self._resolve()
        return self._graph

    @property
    def version(self) -> object:
        """Changes with every load or update made here, and with every load made by
        another client (the pointer is read again)."""
        return self._changes, self._resolve()

    def _pointer(self) -> str | None:
        """The graph the pointer names now, or ``None``."""
        answer = self.client.query(_POINTER, _JSON, None).json()
        found = sorted({b["g"]["value"] for b in answer["results"]["bindings"]})
        if len(found) > 1:
            raise StoreError(
                f"the SPARQL server at {self.client.base} has {len(found)} graphs marked as "
                f"actorgraph's current one ({', '.join(found)}): two loads ran at once; "
                "load again to settle it")
        return found[0] if found else None

    def _resolve(self) -> str | None:
        graph = self._pointer()
        if graph is not None and not self._isolated:
            if self.client.query(_LEAKS, _JSON, graph).json()["boolean"]:
                raise StoreError(
                    f"the SPARQL server at {self.client.base} does not confine a query to the "
                    "graphs named by default-graph-uri and named-graph-uri (a query on "
                    f"<{graph}> saw other graphs): its answers would mix in other data, so "
                    "actorgraph cannot use it")
            self._isolated = True
        self._graph = graph
        return graph

    def _current(self, *, again: bool = False) -> str:
        """The current graph (read from the pointer ``again``, else as last read)."""
        graph = self._resolve() if again else self.graph
        if graph is None:
            raise StoreError(
                f"the SPARQL server at {self.client.base} holds no graph loaded by actorgraph "
                f"(there is no <{CURRENT}> pointer): load a dataset into it first, e.g. "
                f"actorgraph.load(PATH, store='{self.kind}')")
        return graph

    # -- queries and updates ----------------------------------------------------------------
    def query(self, query, bindings=None, *, max_rows=None, network=False,
              timeout=None) -> QueryResult:
        """Run a read query on the server (see :meth:`Store.query`).

        The server's network cannot be switched off from here, so unless ``network`` is
        true a query holding the word ``SERVICE`` or ``LOAD`` never leaves this process.
        A ``timeout`` bounds the wait for the server's answer (the server may go on
        working: stopping it is its own time limit's job).
        """
        if not network:
            refuse_network_words(query)
        return self._query(query, bindings, max_rows, timeout)

    def _query(self, query, bindings, max_rows, timeout=None) -> QueryResult:
        form, text = bind(prefixed(query), bindings)
        return self._run(text, form, max_rows, self._current(again=True), timeout)

    def update(self, text: str, *, network: bool = False) -> None:
        """Run a SPARQL update on the current graph; as :meth:`query`, never one naming the
        network. Updates naming other graphs of the server are refused."""
        if not network:
            refuse_network_words(text, "update")
        self._writable("update")
        try:
            self._update(text)
        finally:
            self._changes += 1

    def _update(self, text: str) -> None:
        # a user's update may not be idempotent (DELETE/INSERT … WHERE): sent once only
        self.client.update(confine(text, self._current(again=True)), repeat=False)

    # -- loading ------------------------------------------------------------------------
    def _replace_with(self, lines: Iterable[str]) -> None:
        new = f"{HOLDS}:{uuid.uuid4().hex}"
        progress = LoadProgress(self.kind)
        try:
            self._prove_updates(new)
            if self._upload(new, lines, progress) and not self._ask("ASK { ?s ?p ?o }", new):
                raise StoreError(
                    f"the SPARQL server at {self.client.base} accepted the data for the graph "
                    f"<{new}> but that graph is empty: its Graph Store Protocol endpoint "
                    f"({self.client.endpoints['store']}) does not honour ?graph=")
            old = self._pointer()
            self.client.update(_SWAP.replace("NEW", new), repeat=True, what="swap")
            now = self._pointer()
            if now != new:
                raise StoreError(
                    f"the SPARQL server at {self.client.base} accepted the update that makes "
                    f"<{new}> the current graph, but the pointer names {now or 'no graph'}: "
                    "it does not run SPARQL 1.1 updates as specified"
                    + (f" (the previous data is still in <{old}>)" if old else ""))
        except BaseException:
            progress.finish()
            self._discard(new)
            raise
        self._graph = new
        progress.finish()
        if old is not None and old != new:
            self._drop_previous(old)

    def _prove_updates(self, graph: str) -> None:
        """Fail now, before any data is sent, if the server refuses updates."""
        try:
            self.client.update(f"DROP SILENT GRAPH <{graph}>", repeat=True)
        except StoreError as exc:
            if not hasattr(exc, "status"):  # not refused: the server could not be reached
                raise
            raise StoreError(
                f"{exc}. Loading into a SPARQL server needs the right to update it: give "
                "credentials that have it, or grant it (Virtuoso: see docs/stores.md)") from None

    def _upload(self, graph: str, lines: Iterable[str], progress: LoadProgress) -> int:
        """POST the lines in chunks into ``graph``, one chunk on the wire while the next is
        made; the number of lines sent."""
        params = None
        if self.client.server.startswith("Oxigraph/"):
            params = {"no_transaction": ""}  # its bulk loader: safe, the graph is not live yet
        sent = 0
        with ThreadPoolExecutor(1, thread_name_prefix="actorgraph-upload") as pool:
            pending = None
            for chunk, count in byte_chunks(lines, self.chunk_bytes):
                if pending is not None:
                    pending.result()
                # adding triples to a set twice adds nothing, unless they hold blank nodes,
                # which a second POST would create anew
                pending = pool.submit(self.client.post_graph, graph, chunk,
                                      repeat=b"_:" not in chunk, params=params)
                sent += count
                progress.advance(count)
            if pending is not None:
                pending.result()
        return sent

    def _discard(self, graph: str) -> None:
        """Drop a graph that a failed load made, unless the pointer names it after all."""
        with contextlib.suppress(StoreError):  # if the server is gone, the graph stays unused
            if self._pointer() != graph:
                self.client.update(f"DROP SILENT GRAPH <{graph}>", repeat=True, what="clean-up")

    def _drop_previous(self, graph: str) -> None:
        try:
            self.client.update(f"DROP SILENT GRAPH <{graph}>", repeat=True,
                               what="drop of the previous graph")
        except StoreError as exc:
            warnings.warn(f"the new data is in place, but the previous graph <{graph}> could "
                          f"not be dropped ({exc}); drop it with DROP GRAPH <{graph}>",
                          stacklevel=2)

    # -- reading ------------------------------------------------------------------------
    def _ask(self, text: str, graph: str) -> bool:
        return bool(self.client.query(text, _JSON, graph).json()["boolean"])

    def _solutions(self, response: httpx.Response, max_rows: int | None) -> tuple[list, list]:
        """The variables and solutions of a SELECT answer; an error if the server cut
        rows that were asked for."""
        answer = response.json()
        solutions = answer["results"]["bindings"]
        cut = response.headers.get("x-sparql-maxrows")
        if cut is not None and (max_rows is None or len(solutions) <= max_rows):
            raise StoreError(
                f"the SPARQL server at {self.client.base} cut the answer at {cut} rows, its "
                "own limit, so it is incomplete: raise that limit on the server (Virtuoso: "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
        return answer["head"].get("vars", []), solutions

    def rows(self, query, bindings=None):
        """Run a trusted SELECT on the graph the pointer named when last read (a
        :class:`~actorgraph.Graph` reads it again, through ``version``, at each call)."""
        form, text = bind(prefixed(query), bindings)
        names, solutions = self._solutions(
            self.client.query(text, _ACCEPT[form], self._current()), None)
        return names, [tuple(s[v]["value"] if v in s else None for v in names)
                       for s in solutions]

    def _run(self, text: str, form: str, max_rows: int | None, graph: str,
             timeout: float | None = None) -> QueryResult:
        response = self.client.query(text, _ACCEPT[form], graph, timeout=timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            from ._memory import new_graph
            from ._oxigraph import to_rdflib

            triples, truncated = capped(_parsed(response.content, response), max_rows)
            graph = new_graph()
            for t in triples:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult(form, graph=graph, truncated=truncated)
        if form == "ASK":
            return QueryResult("ASK", boolean=bool(response.json()["boolean"]))
        names, solutions = self._solutions(response, max_rows)
        rows, truncated = capped((tuple(json_term(s.get(v)) for v in names)
                                  for s in solutions), max_rows)
        return QueryResult("SELECT", names, rows, truncated=truncated)

    @property
    def rdf(self) -> rdflib.Graph:
        graph = rdflib.Graph(store=_RdfView(self),
                             identifier=rdflib.URIRef(self._current(again=True)))
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def dump(self, path: Path, fmt: str) -> None:
        graph = self._current(again=True)
        expected = len(self)
        with self.client.get_graph(graph) as response:
            if fmt == "nt" and _media_type(response) == _NTRIPLES:
                written = 0
                body = Body(self.client, response, "export")
                with open(path, "wb") as out:
                    for data in iter(lambda: body.read(1 << 20), b""):
                        out.write(data)
                        written += data.count(b"\n")  # N-Triples: one line per triple
            else:
                import pyoxigraph as ox

                from ._oxigraph import FORMATS

                counted = _Counted(_parsed(Body(self.client, response, "export"), response))
                ox.serialize(counted, str(path), FORMATS[fmt], prefixes=PREFIXES)
                written = counted.count
        if written != expected:
            raise StoreError(
                f"the SPARQL server at {self.client.base} sent {written:,} of the {expected:,} "
                "triples of the graph: it cuts answers at its own limit (Virtuoso: raise "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")

    def __len__(self) -> int:
        graph = self._resolve()
        if graph is None:
            return 0
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        _, solutions = self._solutions(self.client.query(count, _JSON, graph), None)
        return int(solutions[0]["n"]["value"])

    def is_empty(self) -> bool:
        graph = self._resolve()
        return graph is None or not self._ask("ASK { ?s ?p ?o }", graph)


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", _NTRIPLES).split(";")[0].strip().lower()


def _parsed(source, response: httpx.Response):
    """The triples of an RDF answer, in whatever syntax the server chose to send."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_media_type(_media_type(response)) or ox.RdfFormat.N_TRIPLES
    return ox.parse(source, fmt)


class _Counted:
    """Triples passed through, counted."""

    def __init__(self, triples: Iterable) -> None:
        self._triples, self.count = triples, 0

    def __iter__(self) -> Iterator:
        for triple in self._triples:
            self.count += 1
            yield triple


class _RdfView(SPARQLStore):
    """rdflib's read-only SPARQL store, its requests made by an :class:`HttpStore` (on the
    current graph, with the store's connections, credentials and timeout)."""

    def __init__(self, owner: HttpStore) -> None:
        super().__init__(owner.client.endpoints["query"], returnFormat="json")
        self._owner = owner

    def _query(self, query: str, default_graph=None, named_graph=None) -> Result:
        self._queries += 1
        owner = self._owner
        answer = owner._run(query, query_form(query), None, owner._current(again=True))
        result = Result(answer.form)
        if answer.form == "ASK":
            result.askAnswer = answer.boolean
        elif answer.graph is not None:
            result.graph = answer.graph
        else:
            result.vars = [rdflib.Variable(v) for v in answer.vars]
            result.bindings = [{rdflib.Variable(v): t for v, t in zip(answer.vars, row)
                                if t is not None} for row in answer.rows]
        return result
