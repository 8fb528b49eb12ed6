"""The ``sparql+http`` protocol on live servers (Oxigraph and Virtuoso): a load replaces the
previous graph and leaves nothing behind, a reopen — in a new process — reads exactly what
was loaded last, updates stay in that graph, and a server that cannot do what the protocol
needs is refused with a clear error before any data moves."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

import pytest
from _kinds import SERVERS, fresh_spec, server_graphs

import actorgraph
from actorgraph import QueryTimeoutError, StoreError, UnsafeQueryError
from actorgraph._resources import dataset_path
from actorgraph._sparql import prefixed
from actorgraph._store import open_store
from actorgraph._store._http import CURRENT

LINE = "<urn:x:{i}> <urn:x:p> <urn:x:o> .\n"
# what a new process reports of the store it opens from the spec alone
REPORT = """
import json, sys
import actorgraph
g = actorgraph.load(store=sys.argv[1])
print(json.dumps({
    "triples": len(g.store),
    "actors": [[a.id, a.label, list(a.aliases)] for a in g.actors()],
    "claims": len(g.claims()),
    "lna_backers": sorted(a.id for a in g.related("LNA", relation="backs", direction="in")),
    "backers": sorted(map(str, g.named_query("backers", actor="LNA").rows)),
}))
"""


@pytest.fixture(params=SERVERS)
def spec(request, tmp_path):
    """An empty server of each kind."""
    return fresh_spec(request.param, request, tmp_path)


def _report(reference) -> dict:
    """What REPORT prints, from the reference graph in this process."""
    return {
        "triples": len(reference.store),
        "actors": [[a.id, a.label, list(a.aliases)] for a in reference.actors()],
        "claims": len(reference.claims()),
        "lna_backers": sorted(a.id for a in reference.related("LNA", relation="backs",
                                                               direction="in")),
        "backers": sorted(map(str, reference.named_query("backers", actor="LNA").rows)),
    }


def test_a_new_process_sees_the_last_load_exactly(spec, dataset_a, reference):
    """Load A, then B; a new process opening the same spec sees B — no more, no less — and
    the server holds no copy of A, in any graph."""
    a = actorgraph.load(dataset_a, store=spec)
    a_actor = str(a.iri(a.actors()[0]))
    b = actorgraph.load(dataset_path(), store=spec)
    run = subprocess.run([sys.executable, "-c", REPORT, spec], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen == _report(reference)
    assert seen["lna_backers"] and seen["backers"]
    assert server_graphs(spec) == {CURRENT, b.store.graph}
    everywhere = f"ASK {{ GRAPH ?g {{ <{a_actor}> ?p ?o }} }}"
    assert b.store.client.query(everywhere, "application/sparql-results+json",
                                None).json()["boolean"] is False


def test_a_load_by_another_client_is_seen(spec, dataset_a):
    """A Graph re-reads the pointer: another client's load is what it reads next."""
    g = actorgraph.load(dataset_path(), store=spec)
    assert "LNA" in {a.id for a in g.actors()}
    version = g.store.version
    other = actorgraph.load(dataset_a, store=spec)
    assert g.store.version != version
    assert g.actors() == other.actors()
    assert len(g.store) == len(other.store)
    assert g.store.graph == other.store.graph


def test_a_new_load_drops_the_previous_graph(spec, reference):
    store = open_store(spec)
    store.replace_with(iter([LINE.format(i=i) for i in range(10)]))
    first = store.graph
    g = actorgraph.load(dataset_path(), store=spec)
    assert g.store.graph not in (None, first)
    assert len(g.store) == len(reference.store)
    assert server_graphs(spec) == {CURRENT, g.store.graph}


def test_updates_change_the_current_graph_only(spec):
    g = actorgraph.load(dataset_path(), store=spec)
    triples, graphs = len(g.store), server_graphs(spec)
    assert g.actor("LNA").description != "changed"
    g.store.update(prefixed('INSERT DATA { actor:LNA ag:note "an update" } ;\n'
                            "DELETE { ?a dcterms:description ?d } INSERT { ?a dcterms:description "
                            '"changed" } WHERE { ?a dcterms:identifier "LNA" ; dcterms:description ?d }'))
    assert g.query('ASK { actor:LNA ag:note "an update" }').boolean
    assert g.actor("LNA").description == "changed"  # the Graph saw its store change
    assert len(g.store) == triples + 1
    assert server_graphs(spec) == graphs
    g.store.update(prefixed("DELETE WHERE { actor:LNA ag:note ?n }"))
    assert len(g.store) == triples


@pytest.mark.parametrize("update, word", [
    ("INSERT DATA { GRAPH <urn:x:elsewhere> { <urn:x:a> <urn:x:b> 1 } }", "GRAPH"),
    ("WITH <urn:x:elsewhere> INSERT { <urn:x:a> <urn:x:b> 1 } WHERE { }", "WITH"),
    ("DROP ALL", "ALL"),
    (f"CLEAR GRAPH <{CURRENT}>", "GRAPH"),
    ("COPY DEFAULT TO <urn:x:elsewhere>", "COPY"),
])
def test_updates_naming_other_graphs_are_refused(spec, update, word):
    g = actorgraph.load(dataset_path(), store=spec)
    triples, graphs = len(g.store), server_graphs(spec)
    with pytest.raises(UnsafeQueryError, match=f"{word} is not allowed"):
        g.store.update(update)
    assert len(g.store) == triples
    assert server_graphs(spec) == graphs


def test_data_loaded_by_other_tools_is_never_read(spec, reference, tmp_path, request):
    """A server holding triples that actorgraph did not load (Virtuoso's own graphs, or
    an Oxigraph default graph filled by another tool) holds nothing for actorgraph."""
    if request.node.callspec.params["spec"] == "oxigraph-server":
        dump = tmp_path / "libya.nt"
        reference.store.dump(dump, "nt")
        open_store(spec).client.send("PUT", "store", params={"default": ""},
                                     content=dump.read_bytes(),
                                     headers={"Content-Type": "application/n-triples"})
    store = open_store(spec)
    assert store.graph is None and store.is_empty() and len(store) == 0
    with pytest.raises(StoreError, match="holds no graph loaded by actorgraph"):
        actorgraph.Graph(store).actors()
    g = actorgraph.load(store=spec)  # empty: the bundled dataset is loaded
    assert len(g.store) == len(reference.store)
    assert g.claims() == reference.claims()


def test_a_missing_graph_store_endpoint_is_refused_before_the_swap(spec):
    broken = spec.replace("store=/sparql-graph-crud", "store=/no-store") if "?" in spec \
        else spec + "?store=/no-store"
    with pytest.raises(actorgraph.StoreError, match="no Graph Store Protocol endpoint at "
                                                   r".*/no-store \(give its path with store="):
        actorgraph.load(dataset_path(), store=broken)
    assert server_graphs(spec) == set()
    assert open_store(spec).graph is None


def test_a_failed_load_keeps_the_previous_graph_and_leaves_nothing(spec, reference):
    g = actorgraph.load(dataset_path(), store=spec)
    graph = g.store.graph

    def broken():
        yield from (LINE.format(i=i) for i in range(200))
        raise RuntimeError("the source broke half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        open_store(spec).replace_with(broken())
    assert server_graphs(spec) == {CURRENT, graph}
    assert actorgraph.load(store=spec).claims() == reference.claims()


# -- Virtuoso's own limits -------------------------------------------------------------------

def test_without_the_right_to_update_nothing_moves(fresh_virtuoso, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_SPARQL_USER", "reader")
    monkeypatch.setenv("ACTORGRAPH_SPARQL_PASSWORD", fresh_virtuoso.users["reader"])
    with pytest.raises(actorgraph.StoreError, match="needs the right to update it"):
        actorgraph.load(dataset_path(), store=fresh_virtuoso.auth_spec)
    assert fresh_virtuoso.graphs() == fresh_virtuoso.system_graphs


def test_answers_cut_at_the_servers_row_limit_are_errors(fresh_virtuoso, tmp_path):
    """Debian's virtuoso.ini cuts every answer at 10,000 rows (ResultSetMaxRows)."""
    store = open_store(fresh_virtuoso.spec)
    store.replace_with(iter([LINE.format(i=i) for i in range(12_000)]))
    assert len(store) == 12_000
    with pytest.raises(StoreError, match="cut the answer at 10000 rows.*ResultSetMaxRows"):
        store.rows("SELECT ?s WHERE { ?s ?p ?o }")
    few = store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=100)
    assert len(few.rows) == 100 and few.truncated
    with pytest.raises(StoreError, match=r"sent 10,00\d of the 12,000 triples"):
        store.dump(tmp_path / "out.nt", "nt")


def test_partial_answers_after_the_servers_time_limit_are_errors(fresh_virtuoso):
    """Past a time limit (here 1 s, asked for with Virtuoso's own ``timeout`` parameter),
    Virtuoso answers 200 with the rows found so far and says so in a header only."""
    store = open_store(fresh_virtuoso.spec)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    answer = store.client.send("POST", "query", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"},
        content=urllib.parse.urlencode({"query": slow, "timeout": "1000"}))
    with pytest.raises(QueryTimeoutError, match="partial results.*MaxQueryExecutionTime"):
        store.client.complete(answer)
