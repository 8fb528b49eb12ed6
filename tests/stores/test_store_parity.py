"""Every store gives the same answers: memory, Oxigraph in memory, Oxigraph on disk, a live server.

``graph`` is the Libya dataset in each kind of store (see ``conftest.py``); ``reference``
is the same dataset in rdflib's memory store. Each test compares one part of the API.
"""

from __future__ import annotations

import gc
import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from _kinds import PERSISTENT, STORES, fresh_spec, server_graphs
from rdflib.compare import isomorphic

import actorgraph
from actorgraph._resources import dataset_path
from actorgraph._sparql import named_queries
from actorgraph._store._http import CURRENT
from actorgraph._store._oxigraph import OxigraphStore

AG = rdflib.Namespace("https://w3id.org/actorgraph/ontology#")
ACTOR = rdflib.Namespace("https://w3id.org/actorgraph/id/actor/")
XSD = rdflib.XSD
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float}

CLAIM_FILTERS = {
    "all": {},
    "subject": {"subject": "LNA"},
    "object": {"object": "GNA"},
    "by-alias": {"subject": "Egyptian officials"},
    "relation": {"relation": "backs"},
    "subrelations": {"relation": "backs", "include_subrelations": True},
    "symmetric": {"relation": ["fights", "meets_with"]},
    "subject-relation": {"subject": "ARE", "relation": "backs", "include_subrelations": True},
    "subject-object": {"subject": "HAFTAR", "object": "LNA"},
    "as-of": {"as_of": "2019-08-15"},
    "min-certainty": {"min_certainty": "probable"},
    "alleged": {"min_certainty": "alleged", "object": "LNA"},
    "everything": {"object": "LNA", "relation": "backs", "include_subrelations": True,
                   "as_of": "2019-09", "min_certainty": "possible"},
}
RELATED_ACTORS = ["LNA", "GNA", "EGY", "HAFTAR", "ISR"]
RELATED_OPTIONS = {
    "any": {},
    "backs": {"relation": "backs", "include_subrelations": True},
    "fights": {"relation": "fights"},
    "probable": {"min_certainty": "probable"},
    "as-of": {"as_of": "2019-08-15"},
}
PARAM_VALUES = {"actor": ["LNA", "GNA"], "relation": ["backs"], "certainty": ["probable"],
                "string": ["Libyan National Army"]}
_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:DISTINCT\s+)?\?\w+\s*(?:;\s*separator\s*=\s*"([^"]*)"\s*)?\)'
                     r'\s*AS\s*\?(\w+)', re.IGNORECASE)


def _edges(G) -> list:
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True))


def _nodes(G) -> list:
    return sorted((n, sorted(d.items())) for n, d in G.nodes(data=True))


def _term(term, separator: str | None = None):
    """A term in a form that is equal across engines (GROUP_CONCAT order, numeric spelling)."""
    if term is None or isinstance(term, rdflib.BNode):
        return None if term is None else "bnode"
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    value = term.toPython() if term.datatype in NUMERIC else str(term)
    if separator is not None:
        value = tuple(sorted(str(term).split(separator)))
    datatype = None if term.datatype in (None, XSD.string) else str(term.datatype)
    return ("literal", value, term.language, datatype)


def _comparable(result, text: str = "") -> list:
    separators = {var: sep if sep is not None else " " for sep, var in _CONCAT.findall(text)}
    return sorted((tuple(_term(t, separators.get(v)) for v, t in zip(result.vars, row, strict=True))
                   for row in result.rows), key=repr)


def _bindings(name: str) -> dict:
    used: dict[str, int] = {}
    params = {}
    for param, kind in named_queries()[name].params.items():
        values = PARAM_VALUES[kind]
        params[param] = values[used.get(kind, 0) % len(values)]
        used[kind] = used.get(kind, 0) + 1
    return params


# -- which store ------------------------------------------------------------------------
def test_info_names_the_store_and_counts_the_same(graph, reference):
    info, expected = graph.info(), reference.info()
    assert info["store"] == graph.store.kind
    assert info["store"].split(":")[0] in {"memory", "oxigraph", "sparql+http"}
    assert {k: v for k, v in info.items() if k not in ("store", "dataset")} == \
           {k: v for k, v in expected.items() if k not in ("store", "dataset")}


def test_same_number_of_triples(graph, reference):
    assert len(graph.store) == len(reference.store) > 1000


# -- actors, sources, claims, related ---------------------------------------------------
def test_actors_and_sources(graph, reference):
    assert graph.actors() == reference.actors()
    assert graph.sources() == reference.sources()
    assert graph.actor("Egyptian officials").id == "EGY"


@pytest.mark.parametrize("options", CLAIM_FILTERS.values(), ids=CLAIM_FILTERS)
def test_claims(graph, reference, options):
    assert graph.claims(**options) == reference.claims(**options)


def test_claim_filters_are_not_vacuous(reference):
    """Each filter above keeps some claims and drops others, so the comparison means something."""
    everything = len(reference.claims())
    for name, options in CLAIM_FILTERS.items():
        found = len(reference.claims(**options))
        assert 0 < found <= everything and (name == "all") == (found == everything), name


@pytest.mark.parametrize("direction", ["out", "in", "both"])
@pytest.mark.parametrize("options", RELATED_OPTIONS.values(), ids=RELATED_OPTIONS)
def test_related(graph, reference, direction, options):
    for actor in RELATED_ACTORS:
        assert graph.related(actor, direction=direction, **options) == \
               reference.related(actor, direction=direction, **options), actor


@pytest.mark.parametrize("direction", ["out", "in", "both"])
@pytest.mark.parametrize("options", RELATED_OPTIONS.values(), ids=RELATED_OPTIONS)
def test_related_names_the_other_end_of_the_claims(graph, direction, options):
    """``related`` reads claims without their text; it must name the actors at the other end
    of the very claims ``claims`` returns with the same filters (symmetric relations count
    both ways), and no others."""
    from actorgraph._vocab import RELATIONS

    named = 0
    for name in RELATED_ACTORS:
        actor = graph.actor(name)
        expected = set()
        for claim in graph.claims(subject=actor, **options):
            if direction != "in" or RELATIONS[claim.relation].symmetric:
                expected.add(claim.object)
        for claim in graph.claims(object=actor, **options):
            if direction != "out" or RELATIONS[claim.relation].symmetric:
                expected.add(claim.subject)
        expected.discard(actor.id)
        assert {a.id for a in graph.related(actor, direction=direction, **options)} == expected
        named += len(expected)
    assert named


def test_related_known_answer(graph):
    assert sorted(a.id for a in graph.related("GNA", relation="backs", direction="in",
                                              include_subrelations=False)) == ["ITA", "QAT", "TUR"]
    assert sorted(a.id for a in graph.related("GNA", relation="backs", direction="in")) == \
           ["ITA", "QAT", "TUR", "UN"]


# -- networkx -----------------------------------------------------------------------------
@pytest.mark.parametrize("options", [{}, {"as_of": "2019-08-15"}, {"min_certainty": "probable"},
                                     {"relations": "backs", "include_subrelations": True}],
                         ids=["all", "as-of", "probable", "backs"])
def test_to_networkx(graph, reference, options):
    G, R = graph.to_networkx(**options), reference.to_networkx(**options)
    assert _nodes(G) == _nodes(R)
    assert _edges(G) == _edges(R)
    assert R.number_of_edges() > 0


def test_signed_graph(graph, reference):
    if importlib.util.find_spec("actorgraph._signed") is None:
        pytest.skip("signed_graph is not implemented yet (actorgraph._signed)")
    G, R = graph.signed_graph(), reference.signed_graph()
    assert sorted(G.nodes) == sorted(R.nodes)
    assert sorted((min(u, v), max(u, v), sorted(d.items())) for u, v, d in G.edges(data=True)) \
        == sorted((min(u, v), max(u, v), sorted(d.items())) for u, v, d in R.edges(data=True))


# -- SPARQL -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query(graph, reference, name):
    params = _bindings(name)
    text = named_queries()[name].text
    expected = reference.named_query(name, **params)
    assert _comparable(graph.named_query(name, **params), text) == _comparable(expected, text)


def test_named_queries_find_something(reference):
    """The bindings chosen above make most named queries answer, so the comparison means something."""
    answered = [n for n in named_queries() if reference.named_query(n, **_bindings(n)).rows]
    assert len(answered) >= len(named_queries()) / 2


BOUND_QUERIES = {
    "label": ("SELECT ?label WHERE { ?a rdfs:label ?label }", {"a": "LNA"}, 1),
    "literal": ("SELECT ?x WHERE { ?x rdfs:label ?label }", {"label": "Egypt"}, 1),
    "hostile-literal": ("SELECT ?x WHERE { ?x rdfs:label ?label }",
                        {"label": 'Egypt" } . ?x ?p ?o } #\\u0022 \'\'\' \n'}, 0),
    "nested-group": ("SELECT ?side WHERE { { BIND(?a AS ?side) } UNION { BIND(?b AS ?side) } }",
                     {"a": "LNA", "b": "GNA"}, 2),
    "grouped": ("SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c ag:subject ?s } GROUP BY ?s",
                {"s": "LNA"}, 1),
    "optional": ("SELECT ?c ?start WHERE { ?c ag:subject ?s OPTIONAL { ?c ag:start ?start } }",
                 {"s": "HAFTAR"}, 8),
    "filter": ("SELECT ?o WHERE { ?s ag:backs ?o FILTER(?o != ?not) }",
               {"s": "EGY", "not": "LNA"}, 1),
}


@pytest.mark.parametrize("query", BOUND_QUERIES.values(), ids=BOUND_QUERIES)
def test_query_with_bindings(graph, reference, query):
    text, params, rows = query
    terms = {k: graph.actor(v) if v in ("LNA", "GNA", "HAFTAR", "EGY") else v
             for k, v in params.items()}
    result = graph.query(text, **terms)
    assert _comparable(result) == _comparable(reference.query(text, **terms))
    assert len(result.rows) == rows


def test_ask_and_construct_with_bindings(graph, reference):
    egy, lna = graph.actor("EGY"), graph.actor("LNA")
    assert graph.query("ASK { ?a ag:backs ?b }", a=egy, b=lna).boolean is True
    assert graph.query("ASK { ?a ag:backs ?b }", a=lna, b=egy).boolean is False
    text = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    found, expected = graph.query(text, a=lna).graph, reference.query(text, a=lna).graph
    assert len(found) > 3 and isomorphic(found, expected)


def test_rdf_view(graph, reference):
    """``g.rdf`` is an rdflib graph on every store (oxrdflib types plain literals xsd:string)."""
    lna = ACTOR["LNA"]
    assert (lna, rdflib.RDFS.label, rdflib.Literal("Libyan National Army")) in graph.rdf
    assert sorted(map(_term, graph.rdf.objects(lna, None)), key=repr) == \
           sorted(map(_term, reference.rdf.objects(lna, None)), key=repr)
    assert len(graph.rdf) == len(reference.rdf)


# -- output ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt, suffix", [("turtle", "ttl"), ("nt", "nt"), ("json-ld", "jsonld")])
def test_dump_reloads_isomorphic(graph, reference, tmp_path, fmt, suffix):
    path = tmp_path / f"out.{suffix}"
    graph.store.dump(path, fmt)
    assert isomorphic(rdflib.Graph().parse(path, format=fmt), reference.rdf)


@pytest.mark.parametrize("suffix", ["ttl", "nt"])
def test_export_reloads_isomorphic(graph, reference, tmp_path, suffix):
    if importlib.util.find_spec("actorgraph._export") is None:
        pytest.skip("export is not implemented yet (actorgraph._export)")
    path = graph.export(tmp_path / f"out.{suffix}")
    assert isomorphic(rdflib.Graph().parse(path), reference.rdf)


# -- persistence and all-or-nothing ---------------------------------------------------------
@pytest.mark.parametrize("kind", PERSISTENT)
def test_reopen_without_reloading(kind, spec_for):
    spec = spec_for(kind)
    first = actorgraph.load(dataset_path(), store=spec)
    claims, triples = first.claims(), len(first.store)
    del first
    gc.collect()
    again = actorgraph.load(store=spec)
    assert again.info()["store"] == spec.partition("?")[0]  # a server's kind: no endpoints
    assert len(again.store) == triples
    assert again.claims() == claims


def test_bad_claims_found_while_streaming_load_nothing(store_spec, tmp_path):
    """Claims are checked as they stream into the store: problems after thousands of good
    triples still reject the whole load, with file, line and field, and keep the old data."""
    g = actorgraph.load(dataset_path(), store=store_spec)
    triples, claims = len(g.store), g.claims()
    folder = tmp_path / "dataset"
    shutil.copytree(dataset_path(), folder)
    with (folder / "claims.csv").open("a", encoding="utf-8", newline="") as out:
        lines = sum(1 for _ in (folder / "claims.csv").open(encoding="utf-8"))
        out.write('X1,LNA,backs,NOBODY,,,probable,tna-2019-12-07,"a quote",,,,\n'
                  'X2,LNA,backs,GNA,,,certain-ish,tna-2019-12-07,"a quote",,,,\n')
    with pytest.raises(actorgraph.LoadError) as caught:
        actorgraph.load(folder, store=store_spec)
    found = [(p.file, p.line, p.field) for p in caught.value.problems]
    assert found == [("claims.csv", lines + 1, "object"), ("claims.csv", lines + 2, "certainty")]
    again = actorgraph.Graph(g.store)
    assert len(g.store) == triples
    assert again.claims() == claims
    if store_spec.startswith("oxigraph:"):
        assert sorted(p.name for p in Path(store_spec[9:]).parent.iterdir()) == ["dataset", "store"]


def test_one_disk_store_per_folder_is_shared(tmp_path):
    """Oxigraph lets one handle hold a folder: a second graph on the same path shares it."""
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = actorgraph.load(dataset_path(), store=spec)
    second = actorgraph.load(store=f"oxigraph:{tmp_path / '.' / 'kg'}")
    assert second.store is first.store
    assert second.claims() == first.claims()


def test_a_disk_store_open_in_another_process_is_a_clear_error(tmp_path):
    folder = tmp_path / "kg"
    actorgraph.load(dataset_path(), store=f"oxigraph:{folder}")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.read()", str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        gc.collect()  # this process's handle on the folder is gone
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(actorgraph.StoreError, match="another process has it open"):
            OxigraphStore(folder)
    finally:
        holder.communicate("")


# -- at 10^4 claims ----------------------------------------------------------------------------
# Wrong answers of Virtuoso 7.2.5 that the Libya data does not trigger, found here, each a
# different number of rows from one run to the next or from one actor to the next:
VIRTUOSO_WRONG = {
    # rows lost joining sub-selects that are DISTINCT (or grouped) and hold thousands of rows;
    # right with plain sub-selects, which Oxigraph runs 3 to 7 times slower (10^4 claims:
    # 0.3 s -> 0.9 s; 10^5: 20 s -> 150 s), so the query keeps them DISTINCT
    "backed-by-both-sides": "Virtuoso 7.2.5 loses rows joining DISTINCT sub-selects",
}


def _by_degree(reference) -> list[str]:
    """Actors at the 10th, 50th and 90th percentile of degree, and the hub."""
    degree = Counter(e for c in reference.claims() for e in (c.subject, c.object))
    ranked = sorted(degree, key=lambda a: (degree[a], a))
    return [ranked[len(ranked) * q // 10] for q in (1, 5, 9)] + [ranked[-1]]


def _typical(reference) -> str:
    """The actor of median degree."""
    return _by_degree(reference)[1]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_agree_at_scale(graph_10k, reference_10k, name, request):
    if name in VIRTUOSO_WRONG and request.node.callspec.params["graph_10k"] == "virtuoso":
        request.applymarker(pytest.mark.xfail(reason=VIRTUOSO_WRONG[name]))
    actor = _typical(reference_10k)
    values = {"actor": actor, "relation": "backs", "certainty": "probable",
              "string": reference_10k.actor(actor).label}
    params = {p: values[kind] for p, kind in named_queries()[name].params.items()}
    text = named_queries()[name].text
    expected = _comparable(reference_10k.named_query(name, **params), text)
    assert _comparable(graph_10k.named_query(name, **params), text) == expected


def test_the_api_agrees_at_scale(graph_10k, reference_10k):
    assert len(graph_10k.store) == len(reference_10k.store)
    assert graph_10k.actors() == reference_10k.actors()
    assert graph_10k.claims() == reference_10k.claims()
    for actor in _by_degree(reference_10k):
        assert graph_10k.claims(object=actor) == reference_10k.claims(object=actor), actor
        for direction in ("in", "out"):
            assert graph_10k.related(actor, direction=direction) == \
                   reference_10k.related(actor, direction=direction), (actor, direction)


@pytest.mark.parametrize("kind", STORES)
def test_two_loads_then_a_reopen_answer_as_memory(kind, request, tmp_path, dataset_a, reference):
    """Load A, then B, then reopen: every engine answers what the memory store answers for B
    (and the graph that loaded A now reads B too)."""
    spec = fresh_spec(kind, request, tmp_path)
    first = actorgraph.load(dataset_a, store=spec)
    assert "LNA" not in {a.id for a in first.actors()}
    actorgraph.load(dataset_path(), store=spec if kind in PERSISTENT else first.store)
    if kind in PERSISTENT:
        gc.collect()
        again = actorgraph.load(store=spec)
    else:
        again = actorgraph.Graph(first.store)
    for g in (again, first):
        assert len(g.store) == len(reference.store)
        assert g.actors() == reference.actors()
        assert g.sources() == reference.sources()
        assert g.claims() == reference.claims()
        for actor in RELATED_ACTORS:
            for options in RELATED_OPTIONS.values():
                assert g.related(actor, direction="in", **options) == \
                       reference.related(actor, direction="in", **options), (actor, options)
    for name in named_queries():
        text = named_queries()[name].text
        assert _comparable(again.named_query(name, **_bindings(name)), text) == \
               _comparable(reference.named_query(name, **_bindings(name)), text), name
    assert _edges(again.to_networkx()) == _edges(reference.to_networkx())


def _broken(lines):
    yield from lines[:200]
    raise RuntimeError("the source broke half-way")


def test_failed_load_keeps_the_previous_content(store_spec, tmp_path):
    g = actorgraph.load(dataset_path(), store=store_spec)
    triples, claims = len(g.store), g.claims()
    lines = ["<urn:x:a> <urn:x:b> <urn:x:c> .\n"] * 300
    with pytest.raises(RuntimeError, match="half-way"):
        g.store.replace_with(_broken(lines))
    with pytest.raises(Exception):  # noqa: B017 - each engine has its own syntax error
        g.store.replace_with(iter(lines[:50] + ["<urn:x:a> <urn:x:b> .\n"]))
    again = actorgraph.Graph(g.store)
    assert len(g.store) == triples
    assert again.claims() == claims
    if store_spec.startswith("oxigraph:"):
        assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no staging left
    if store_spec.startswith("sparql+"):  # the pointer and the data, no staging graph left
        assert server_graphs(store_spec) == {CURRENT, g.store.graph}
