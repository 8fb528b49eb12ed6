"""Bounded queries (issue 12): ``g.query(timeout=, max_rows=)`` on every kind of store.

A time limit really stops the query — Oxigraph included, which no signal interrupts — and
never answers with a partial result as if it were complete; a row cap says that it cut the
answer. Each query here runs as a user's would, on the Libya graph in a real store: rdflib's
memory store, Oxigraph in memory and on disk, and an Oxigraph server.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

import actorgraph
from actorgraph import _killable

# catalogue E7: every triple joined with every other, twice over (~3,000^3 rows)
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CLAIMS = "SELECT ?c WHERE { ?c a ag:Claim } ORDER BY ?c"
LOCAL = ["memory", "oxigraph", "oxigraph-disk"]
SLACK = 5.0  # seconds a loaded two-core machine may add to a limit


def children() -> set[int]:
    """The processes this one started and has not reaped."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


@pytest.fixture(scope="module", params=LOCAL)
def g(request, tmp_path_factory):
    """The Libya graph in each kind of store that runs in this process."""
    spec = request.param
    if spec == "oxigraph-disk":
        spec = f"oxigraph:{tmp_path_factory.mktemp('limits') / 'store'}"
    return actorgraph.load(store=spec)


def _stopped_within(run, limit: float) -> float:
    start = time.monotonic()
    with pytest.raises(actorgraph.QueryTimeoutError, match="time limit"):
        run()
    return time.monotonic() - start


def test_a_time_limit_stops_a_cartesian_query(g):
    before = children()
    elapsed = _stopped_within(lambda: g.query(CARTESIAN, timeout=1), 1)
    assert 1 <= elapsed < 1 + SLACK
    assert children() <= before  # the query's process is gone, not left running


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_path_over_cycles_ends_within_its_limit(dataset_10k, store):
    """Catalogue E6: every actor reached from every other through support and opposition,
    both ways, on 10^4 claims: an answer or a stop within the limit, and a stopped query
    left running nowhere."""
    g = actorgraph.load(dataset_10k, store=store)
    text = ("SELECT (COUNT(*) AS ?n) WHERE { "
            "?x (ag:backs|^ag:backs|ag:opposes|^ag:opposes)* ?y }")
    before = children()
    start = time.monotonic()
    try:
        assert int(g.query(text, timeout=2).rows[0][0]) > 0
    except actorgraph.QueryTimeoutError:
        assert children() <= before
    assert time.monotonic() - start < 2 + SLACK


def test_a_timed_query_answers_as_an_untimed_one(g):
    plain = g.query(CLAIMS)
    timed = g.query(CLAIMS, timeout=30)
    assert timed.rows == plain.rows and len(timed.rows) == 70
    assert not timed.truncated
    backers = g.query("SELECT ?b WHERE { ?b ag:backs ?x } ORDER BY ?b", x=g.actor("GNA"),
                      timeout=30)
    assert [str(r[0]).rsplit("/", 1)[-1] for r in backers.rows] == ["ITA", "QAT", "TUR"]
    assert g.query("ASK { ?s a ag:Claim }", timeout=30).boolean is True


@pytest.mark.parametrize("timeout", [None, 30])
@pytest.mark.parametrize("cap, rows, truncated", [(10, 10, True), (70, 70, False),
                                                  (0, 0, True), (None, 70, False)])
def test_a_row_cap_says_that_it_cut(g, timeout, cap, rows, truncated):
    result = g.query(CLAIMS, timeout=timeout, max_rows=cap)
    assert (len(result.rows), result.truncated) == (rows, truncated)
    assert result.rows == g.query(CLAIMS).rows[:rows]


def test_a_row_cap_bounds_a_graph_answer(g):
    result = g.query("CONSTRUCT WHERE { ?c a ag:Claim }", max_rows=5, timeout=30)
    assert len(result.graph) == 5 and result.truncated


def test_errors_raised_in_the_query_process_arrive_as_they_are(g):
    """A query the engine refuses fails the same with a time limit as without."""
    text = ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }" if g.store.kind == "memory" else
            "SELECT ?x WHERE { ?x ag:backs ?y } GROUP BY ?y")  # Oxigraph: ?x is not grouped
    with pytest.raises(actorgraph.QueryError) as untimed:
        g.query(text)
    with pytest.raises(actorgraph.QueryError) as timed:
        g.query(text, timeout=30)
    assert type(timed.value) is type(untimed.value)


def test_a_timed_query_sees_an_update_of_the_store(g):
    """On disk the query's process opens the store afresh, read-only: it reads what was
    committed, an update included."""
    if g.store.read_only:
        pytest.skip("read-only store")
    label = f"Label {g.store.kind} {time.monotonic_ns()}"
    g.store.update(f'INSERT DATA {{ actor:LNA skos:altLabel "{label}" }}')
    found = g.query("SELECT ?l WHERE { actor:LNA skos:altLabel ?l }", timeout=30)
    assert label in {str(r[0]) for r in found.rows}


def test_timed_queries_follow_updates_on_disk(tmp_path):
    """Each update may make RocksDB compact the files a read-only handle is opened on: a
    handle is opened again after every change, and a file gone meanwhile is no error."""
    g = actorgraph.load(store=f"oxigraph:{tmp_path / 'store'}")
    for i in range(40):
        g.store.update(f'INSERT DATA {{ actor:LNA skos:altLabel "update {i}" }}')
        found = g.query('ASK { actor:LNA skos:altLabel ?l FILTER(?l = "update ' + str(i) +
                        '") }', timeout=30)
        assert found.boolean, i


@pytest.mark.parametrize("value", [0, -1, "10", float("nan"), float("inf")])
def test_a_time_limit_must_be_a_positive_number(g, value):
    with pytest.raises(actorgraph.QueryError, match="timeout must be"):
        g.query(CLAIMS, timeout=value)


@pytest.mark.parametrize("value", [-1, 2.5, "10"])
def test_a_row_cap_must_be_a_whole_number(g, value):
    with pytest.raises(actorgraph.QueryError, match="max_rows must be"):
        g.query(CLAIMS, max_rows=value)


def test_named_queries_take_the_same_limits(g):
    full = g.named_query("backers", actor="LNA")
    cut = g.named_query("backers", actor="LNA", max_rows=2, timeout=30)
    assert len(full.rows) > 2 and cut.rows == full.rows[:2] and cut.truncated


def test_without_fork_a_time_limit_stops_the_wait(monkeypatch):
    """Where processes cannot be forked (Windows) the query's thread cannot be stopped;
    the caller is answered at the limit all the same."""
    g = actorgraph.load(store="oxigraph")
    monkeypatch.setattr(_killable, "available", lambda: False)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # seconds, not hours
    elapsed = _stopped_within(lambda: g.query(text, timeout=0.2), 0.2)
    assert elapsed < 0.2 + SLACK


# -- a SERVICE that is allowed is bounded too (catalogue E12) -----------------------------------

class Silent:
    """A TCP listener on a free loopback port that accepts connections and never answers."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                self.held.append(self.server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self.held:
            conn.close()
        self.server.close()


@pytest.fixture
def silent():
    server = Silent()
    yield server
    server.close()


def test_an_allowed_service_that_never_answers_is_stopped(g, silent):
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{silent.port}/sparql> {{ ?s ?p ?o }} }}"
    start = time.monotonic()
    with pytest.raises(actorgraph.QueryTimeoutError):
        g.query(text, allow_service=True, timeout=1)
    assert time.monotonic() - start < 1 + SLACK
    assert silent.held  # it did connect: the limit, not the sandbox, stopped it


def test_an_allowed_service_has_a_limit_even_when_none_is_given(g, silent, monkeypatch):
    from actorgraph import _graph

    monkeypatch.setattr(_graph, "SERVICE_TIMEOUT", 1.0)
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{silent.port}/sparql> {{ ?s ?p ?o }} }}"
    start = time.monotonic()
    with pytest.raises(actorgraph.QueryTimeoutError):
        g.query(text, allow_service=True)
    assert time.monotonic() - start < 1 + SLACK


# -- a SPARQL server: the wait is bounded -----------------------------------------------------

def test_a_time_limit_bounds_the_wait_for_a_server(fresh_server):
    """The server's own work is its time limit's to stop; ours ends the wait. (A server of
    the test's own: stopping it at the end stops the query.)"""
    g = actorgraph.load(store="sparql+" + fresh_server)
    elapsed = _stopped_within(lambda: g.query(CARTESIAN, timeout=1), 1)
    assert elapsed < 1 + SLACK
    cut = g.query(CLAIMS, max_rows=3, timeout=30)
    assert len(cut.rows) == 3 and cut.truncated
