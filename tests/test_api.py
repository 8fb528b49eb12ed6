"""Acceptance (issue 2): the Python API — names, relations, claims, SPARQL, networkx.

What README.md, docs/decisions.md and docs/architecture.md promise, checked on the bundled
Libya 2019 dataset (and, for Arabic names, on ``tests/data/valid/arabic-multiline-quotes``):
``actor()`` finds an actor by id, label or alias whatever the case or Unicode normal form,
and an unknown name raises ``UnknownNameError`` (a ``KeyError``) suggesting the nearest
names; ``related()`` and ``claims()`` filter as documented; ``query()`` binds values safely,
has the prefixes pre-bound and refuses what must not run; ``to_networkx()`` gives a fresh
MultiDiGraph with one edge per (subject, relation, object); values are dataclasses;
``import actorgraph`` does no work and ``__all__`` is sorted and importable.
"""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
import rdflib

import actorgraph

DATA = Path(__file__).parent / "data"
ACTOR = "https://w3id.org/actorgraph/id/actor/"


@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


@pytest.fixture(scope="module")
def ox():
    return actorgraph.load(store="oxigraph")


@pytest.fixture(scope="module")
def arabic():
    return actorgraph.load(DATA / "valid" / "arabic-multiline-quotes")


def ids(actors) -> set[str]:
    return {a.id for a in actors}


# -- actor() ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("LNA", "LNA"),                               # id
    ("Libyan National Army", "LNA"),              # label
    ("Haftar’s forces", "LNA"),                   # alias, curly apostrophe as in the report
    ("Haftar's forces", "LNA"),                   # alias, straight apostrophe
    ("lna", "LNA"), ("LIBYAN NATIONAL ARMY", "LNA"), ("hAFTAR’S fORCES", "LNA"),
    ("  Libyan   National Army ", "LNA"),         # spaces collapsed
    ("HAFTAR", "HAFTAR"), ("khalifa haftar", "HAFTAR"), ("Libyan warlord", "HAFTAR"),
    ("uae", "ARE"), ("United Arab Emirates", "ARE"), ("ARE", "ARE"),
    ("Mossad", "MOSSAD"), ("sarraj government", "GNA"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_actor_by_id_label_alias_any_case(g, name, expected):
    """``g.actor`` finds an actor by id, label or alias, case-insensitively."""
    assert g.actor(name).id == expected


def test_actor_passes_an_actor_through(g):
    lna = g.actor("LNA")
    assert g.actor(lna) is lna


def test_actor_arabic_nfc_nfd_and_tatweel(arabic):
    """Arabic names match whatever their Unicode normal form (NFC or NFD) and with a
    tatweel (kashida, U+0640) stretching a letter (bad-inputs C5, C6)."""
    nfc = unicodedata.normalize("NFC", "فائز السراج")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert arabic.actor(nfc).id == arabic.actor(nfd).id == "SARRAJ"
    assert arabic.actor("خليفة حفتر").id == "HAFTAR"
    assert arabic.actor(unicodedata.normalize("NFD", "خليفة حفتر")).id == "HAFTAR"
    assert arabic.actor("حفـتر").id == "HAFTAR"        # tatweel inside the alias 'حفتر'
    assert arabic.actor("الجيش الوطني الليبي").id == "LNA"


@pytest.mark.parametrize("name, nearest", [
    ("Hafter", "HAFTAR"), ("Egipt", "EGY"), ("Libyan Natinal Army", "LNA"),
    ("Mosad", "MOSSAD"), ("Quatar", "QAT"),
])
def test_unknown_name_suggests_the_nearest(g, name, nearest):
    """An unknown name raises UnknownNameError — also a KeyError — whose message names
    the nearest actors."""
    with pytest.raises(actorgraph.UnknownNameError) as info:
        g.actor(name)
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, actorgraph.ActorGraphError)
    assert nearest in err.suggestions
    assert f"did you mean '{nearest}'" in str(err) or repr(nearest) in str(err)
    assert name in str(err)
    with pytest.raises(KeyError):
        g.actor(name)


def test_unknown_name_without_near_names(g):
    """A name like nothing in the data still raises UnknownNameError, with a plain message."""
    with pytest.raises(actorgraph.UnknownNameError, match="unknown actor 'Hezbollah'"):
        g.actor("Hezbollah")


def test_ambiguous_name_lists_the_candidates(tmp_path):
    """A name shared by two actors is refused, naming both, rather than one picked silently."""
    folder = tmp_path / "ambiguous"
    folder.mkdir()
    minimal = DATA / "valid" / "minimal"
    for name in ("sources.csv", "claims.csv"):
        (folder / name).write_bytes((minimal / name).read_bytes())
    actors = (minimal / "actors.csv").read_text(encoding="utf-8")
    actors = actors.replace("IDF,Israeli military,armed_forces,,", "IDF,Israeli military,armed_forces,Haftar,")
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    graph = actorgraph.load(folder)
    with pytest.raises(actorgraph.UnknownNameError) as info:
        graph.actor("Haftar")
    assert "HAFTAR" in str(info.value) and "IDF" in str(info.value)
    assert graph.actor("HAFTAR").id == "HAFTAR"  # the id still finds it


# -- related() ------------------------------------------------------------------------------

def test_related_directions(g):
    """``out``: name → them; ``in``: them → name; ``both``: the union."""
    into = ids(g.related("LNA", relation="backs", direction="in", include_subrelations=False))
    out = ids(g.related("LNA", relation="backs", direction="out", include_subrelations=False))
    both = ids(g.related("LNA", relation="backs", direction="both", include_subrelations=False))
    assert into == {"EGY", "SAU", "ARE", "FRA", "RUS", "ISR"}
    assert out == set()
    assert both == into | out
    assert ids(g.related("EGY", relation="backs", include_subrelations=False)) == {
        "LNA", "EAST_GOV"}  # default: out
    assert ids(g.related("HAFTAR", relation="leads", direction="out")) == {"LNA"}
    assert ids(g.related("HAFTAR", relation="leads", direction="in")) == set()


def test_related_symmetric_relations_count_both_ways(g):
    """``fights`` and ``meets_with`` are symmetric: the claims read LNA → GNA and
    HAFTAR → ISR, and each side finds the other whatever the direction asked."""
    for direction in ("out", "in", "both"):
        assert "LNA" in ids(g.related("GNA", relation="fights", direction=direction))
        assert "GNA" in ids(g.related("LNA", relation="fights", direction=direction))
        assert "HAFTAR" in ids(g.related("ISR", relation="meets_with", direction=direction))
    # a directed relation does not: Israel backs the LNA, the LNA does not back Israel
    assert "ISR" not in ids(g.related("LNA", relation="backs", direction="out"))


def test_related_subrelations_and_several_relations(g):
    """``include_subrelations`` widens ``backs`` to trains, arms, recognises …; a list of
    relations is their union."""
    assert ids(g.related("LNA", relation="backs", direction="in", include_subrelations=True)) == \
        {"EGY", "SAU", "ARE", "FRA", "RUS", "ISR", "IDF"}
    assert ids(g.related("LNA", relation=["trains", "arms"], direction="in")) == {"IDF", "ISR"}


def test_related_never_returns_the_actor_itself(g):
    for actor in ("LNA", "GNA", "HAFTAR"):
        assert actor not in ids(g.related(actor, direction="both"))


def test_related_refuses_bad_arguments(g):
    with pytest.raises(ValueError, match="direction"):
        g.related("LNA", direction="sideways")
    with pytest.raises(actorgraph.UnknownNameError, match="did you mean 'backs'"):
        g.related("LNA", relation="back")
    with pytest.raises(actorgraph.UnknownNameError):
        g.related("Nobody at all")


# -- claims() -------------------------------------------------------------------------------

def test_claims_filters(g):
    """subject / relation / object filter by any name of an actor; results sorted by id."""
    every = g.claims()
    assert len(every) == 70 and [c.id for c in every] == sorted(c.id for c in every)
    by_subject = g.claims(subject="Haftar")
    assert by_subject and all(c.subject == "HAFTAR" for c in by_subject)
    by_object = g.claims(object="Government of National Accord")
    assert by_object and all(c.object == "GNA" for c in by_object)
    trio = g.claims(subject="Egypt", relation="backs", object="LNA")
    assert [c.id for c in trio] == ["c018", "c056"]
    assert {c.id for c in g.claims(relation=["arms", "trains"])} == \
        {"c001", "c002", "c005", "c007", "c041"}
    assert g.claims(subject="Italy", relation="fights") == []


def test_claims_subrelations_certainty_and_date(g):
    backs_any = g.claims(relation="backs", object="LNA", include_subrelations=True)
    assert {c.relation for c in backs_any} == {"backs", "trains", "arms"}
    probable = g.claims(min_certainty="probable")
    assert probable and {c.certainty for c in probable} == {"probable"}
    assert g.claims(min_certainty="reported") == probable          # alias of probable
    assert len(g.claims(min_certainty="alleged")) == 70            # possible and better
    in_force = g.claims(relation="trains", as_of="2019-09-15")
    assert {c.id for c in in_force} == {"c001", "c002", "c005", "c007"}
    assert g.claims(relation="trains", as_of="2019-10") == []
    with pytest.raises(actorgraph.UnknownNameError):
        g.claims(min_certainty="certain")
    with pytest.raises(actorgraph.UnknownNameError, match="frenemy"):
        g.claims(relation="frenemy")


# -- values are dataclasses -------------------------------------------------------------------

def _plain(value) -> bool:
    """True for a plain Python value (no rdflib term, no str subclass such as Literal)."""
    if value is None or type(value) in (str, int, float, bool):
        return True
    if type(value) in (tuple, list):
        return all(_plain(v) for v in value)
    return False


def test_returned_values_are_dataclasses_not_rdflib_nodes(g):
    """Actors, sources and claims are frozen dataclasses holding plain strings and tuples."""
    values = [*g.actors(), *g.sources(), *g.claims(), g.actor("LNA"), g.source("tna-2019-12-07"),
              *g.related("LNA", direction="both")]
    for value in values:
        assert dataclasses.is_dataclass(value) and not isinstance(value, type)
        assert isinstance(value, (actorgraph.Actor, actorgraph.Source, actorgraph.Claim))
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            assert not isinstance(item, rdflib.term.Node), (value, field.name)
            assert _plain(item), (type(value).__name__, field.name, type(item))
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.id = "changed"


def test_source_lookup(g):
    source = g.source("tna-2019-12-07")
    assert (source.publisher, source.published, source.reliability, source.language) == \
        ("The New Arab", "2019-12-07", "C", "en")
    with pytest.raises(actorgraph.UnknownNameError, match="tna-2019-12-07"):
        g.source("tna-2019-12-7")


# -- query() --------------------------------------------------------------------------------

def test_query_with_bindings(g):
    """README.md's example (SPARQL): values are bound, not pasted; prefixes are pre-bound."""
    result = g.query("SELECT ?b WHERE { ?b ag:backs ?x }", x=g.actor("LNA"))
    assert result.form == "SELECT" and result.vars == ["b"]
    assert {row[0] for row in result.rows} == {
        rdflib.URIRef(ACTOR + i) for i in ("EGY", "SAU", "ARE", "FRA", "RUS", "ISR")}
    assert {d["b"] for d in result.dicts()} == {ACTOR + i for i in ("EGY", "SAU", "ARE", "FRA",
                                                                     "RUS", "ISR")}
    assert len(result) == len(result.rows) == len(list(result))


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_query_bindings_work_in_every_store(store):
    """The documented example answers the same in the memory and the Oxigraph store."""
    graph = actorgraph.load(store=store)
    result = graph.query("SELECT ?b WHERE { ?b ag:backs ?x }", x=graph.actor("LNA"))
    assert {d["b"].rsplit("/", 1)[1] for d in result.dicts()} == {
        "EGY", "SAU", "ARE", "FRA", "RUS", "ISR"}


def test_query_string_binding_and_prefixes(g):
    """A Python string is bound as a literal; ag:, rdfs:, dcterms:, skos:, prov: need no
    PREFIX line; a query's own PREFIX wins over the pre-bound one."""
    result = g.query("SELECT ?a WHERE { ?a rdfs:label ?name }", name="Egypt")
    assert [row[0] for row in result.rows] == [rdflib.URIRef(ACTOR + "EGY")]
    result = g.query("SELECT ?id WHERE { ?a skos:altLabel ?alias ; dcterms:identifier ?id }",
                     alias="UAE")
    assert [str(row[0]) for row in result.rows] == ["ARE"]
    result = g.query("SELECT ?c WHERE { ?c a ag:Claim ; prov:wasDerivedFrom ?s }",
                     s=rdflib.URIRef("https://w3id.org/actorgraph/id/source/tna-2019-12-07"))
    assert len(result) == 70
    own = g.query("PREFIX ag: <http://example.org/> SELECT ?b WHERE { ?b ag:backs ?x }")
    assert len(own) == 0


def test_query_ask_and_construct(g):
    assert g.query("ASK { ?i ag:trains ?lna }", lna=g.actor("LNA")).boolean is True
    assert g.query("ASK { ?i ag:trains ?gna }", gna=g.actor("GNA")).boolean is False
    built = g.query("CONSTRUCT { ?a ag:backs ?b } WHERE { ?a ag:backs ?b }")
    assert built.graph is not None and len(built) == len(built.graph) > 0


def test_query_syntax_error_is_a_query_error(g):
    with pytest.raises(actorgraph.QueryError):
        g.query("SELECT ?b WHERE { ?b ag:backs ")


REFUSED = [
    pytest.param("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                 id="SERVICE"),
    pytest.param("select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
                 id="service-silent-lowercase"),
    pytest.param("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> "
                 "{ ?s ?p ?o } } }", id="SERVICE-in-FILTER-EXISTS"),
    pytest.param("SELECT * WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> "
                 "{ ?s ?p ?o } } } }", id="SERVICE-in-subquery"),
    pytest.param("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",
                 id="FROM"),
    pytest.param("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
                 id="FROM-NAMED"),
    pytest.param("LOAD <http://127.0.0.1:9/x.ttl>", id="LOAD"),
    pytest.param("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", id="INSERT-DATA"),
    pytest.param("DELETE WHERE { ?s ?p ?o }", id="DELETE-WHERE"),
    pytest.param("DROP ALL", id="DROP-ALL"),
    pytest.param("CLEAR DEFAULT", id="CLEAR"),
]


@pytest.mark.parametrize("sparql", REFUSED)
def test_unsafe_queries_are_refused(g, sparql):
    """SERVICE, FROM, FROM NAMED, LOAD and updates are refused with UnsafeQueryError (also
    a PermissionError) before any store sees them; the graph is unchanged."""
    before = len(g.store)
    with pytest.raises(actorgraph.UnsafeQueryError) as info:
        g.query(sparql)
    assert isinstance(info.value, PermissionError)
    assert isinstance(info.value, actorgraph.QueryError)
    assert len(g.store) == before


def test_updates_are_refused_in_the_oxigraph_store_too(ox):
    before = len(ox.store)
    for sparql in ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
                   "DELETE WHERE { ?s ?p ?o }", "DROP ALL"):
        with pytest.raises(actorgraph.UnsafeQueryError):
            ox.query(sparql)
    assert len(ox.store) == before > 0


# -- to_networkx() ----------------------------------------------------------------------------

EDGE_ATTRIBUTES = {"relation", "sign", "family", "symmetric", "certainty", "start", "end",
                   "claims", "sources", "assessed", "independent_sources", "disputed"}
NODE_ATTRIBUTES = {"label", "kind", "aliases", "country", "wikidata", "description", "identifiers",
                   "status"}


def test_to_networkx_one_edge_per_subject_relation_object(g):
    """A MultiDiGraph: a node per actor, an edge per (subject, relation, object) keyed by
    the relation; symmetric relations merge both orientations into one edge."""
    import networkx as nx

    from actorgraph._vocab import RELATIONS

    G = g.to_networkx()
    assert type(G) is nx.MultiDiGraph
    assert set(G.nodes) == {a.id for a in g.actors()}
    every = {c.id: c for c in g.claims()}
    triples = set()
    for c in every.values():
        key = (frozenset((c.subject, c.object)) if RELATIONS[c.relation].symmetric
               else (c.subject, c.object), c.relation)
        triples.add(key)
    assert G.number_of_edges() == len(triples)
    for u, v, key, data in G.edges(keys=True, data=True):
        assert key == data["relation"]
        assert set(data) == EDGE_ATTRIBUTES
        claims = [every[i] for i in data["claims"]]
        assert claims and data["claims"] == sorted(data["claims"])
        for c in claims:
            assert c.relation == key
            assert {c.subject, c.object} == {u, v}
        assert data["sources"] == sorted({s for c in claims for s in c.sources})
        assert data["symmetric"] == RELATIONS[key].symmetric
        assert data["sign"] == RELATIONS[key].sign
    for _node, data in G.nodes(data=True):
        assert set(data) == NODE_ATTRIBUTES
        assert isinstance(data["aliases"], list)


def test_to_networkx_edge_values(g):
    """Certainty is the best grade of the edge's claims; start the earliest and end the
    latest, or None when any claim is open."""
    G = g.to_networkx()
    training = G.edges["IDF", "LNA", "trains"]
    assert training["claims"] == ["c001", "c002", "c005", "c007"]
    assert (training["start"], training["end"]) == ("2019-08", "2019-09")
    assert training["certainty"] == "possible" and training["sign"] == 1
    egypt = G.edges["EGY", "LNA", "backs"]
    assert egypt["claims"] == ["c018", "c056"]
    assert egypt["certainty"] == "probable"          # c018 probable beats c056 possible
    meetings = G.get_edge_data("HAFTAR", "ISR", "meets_with") or G.get_edge_data(
        "ISR", "HAFTAR", "meets_with")
    assert meetings["claims"] == ["c004", "c033", "c034", "c040"]
    assert meetings["start"] is None and meetings["end"] is None  # c004 is undated
    assert meetings["symmetric"] is True
    fights = G.get_edge_data("GNA", "HAFTAR", "fights")  # a symmetric edge's ends in id order
    assert fights["start"] == "2019-04" and fights["end"] is None
    assert not G.has_edge("HAFTAR", "GNA", "fights")  # one edge for both orientations


def test_to_networkx_twice_gives_equal_independent_graphs(g):
    """Each call builds a new graph: equal to the last, and mutating one (nodes, edges,
    attribute lists) does not show in the next."""
    import networkx as nx

    first = g.to_networkx()
    snapshot = copy.deepcopy(first)
    first.nodes["LNA"]["label"] = "changed"
    first.nodes["LNA"]["aliases"].append("changed")
    first.edges["IDF", "LNA", "trains"]["claims"].append("c999")
    first.edges["IDF", "LNA", "trains"]["sources"].clear()
    first.remove_node("EGY")
    first.add_edge("QAT", "TUR", key="funds")
    second = g.to_networkx()
    assert nx.utils.graphs_equal(second, snapshot)
    assert second.nodes["LNA"]["label"] == "Libyan National Army"
    assert second.edges["IDF", "LNA", "trains"]["claims"] == ["c001", "c002", "c005", "c007"]
    assert "c999" not in g.to_networkx().edges["IDF", "LNA", "trains"]["claims"]
    assert dict(second.nodes(data=True)) == dict(snapshot.nodes(data=True))
    assert list(second.edges(keys=True, data=True)) == list(snapshot.edges(keys=True, data=True))


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_to_networkx_keeps_claims_about_undeclared_actors(store):
    """An actor that lost its kind (a store edited by other tools) is no longer listed among
    the actors, but the claims about it stay in the projection, named by its identifier."""
    graph = actorgraph.load(store=store)
    expected = sorted(graph.to_networkx().edges(keys=True))
    fresh = actorgraph.load(store=store)
    fresh.rdf.remove((fresh.iri("EGY"), rdflib.RDF.type, None))
    assert "EGY" not in {a.id for a in fresh.actors()}
    assert sorted(fresh.to_networkx().edges(keys=True)) == expected
    assert ("EGY", "LNA", "backs") in fresh.to_networkx().edges(keys=True)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_related_ignores_what_claims_ignores(store):
    """Triples left by other tools that do not make a claim ``claims()`` would return (no
    identifier, quote or identified source; an object that is text, not an actor) do not
    add to ``related`` either, and do not break it."""
    graph = actorgraph.load(store=store)
    expected = graph.related("LNA", direction="both")
    ag = rdflib.Namespace("https://w3id.org/actorgraph/ontology#")
    claim = rdflib.URIRef("urn:example:claim")
    for p, o in [(rdflib.RDF.type, ag.Claim), (ag.subject, graph.iri("LNA")),
                 (ag.relation, ag.backs), (ag.certainty, ag.confirmed),
                 (ag.object, graph.iri("QAT")), (ag.object, rdflib.Literal("some militia")),
                 (rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
                  rdflib.URIRef("urn:example:source"))]:
        graph.rdf.add((claim, p, o))
    assert "QAT" not in {a.id for a in expected}
    assert graph.related("LNA", direction="both") == expected
    assert graph.claims(subject="LNA") == actorgraph.load(store=store).claims(subject="LNA")


def test_to_networkx_filters(g):
    """as_of, min_certainty and relations keep the matching claims only."""
    G = g.to_networkx(relations="backs", include_subrelations=False)
    assert {k for _, _, k in G.edges(keys=True)} == {"backs"}
    wider = g.to_networkx(relations="backs")  # the hierarchy, by default
    assert {k for _, _, k in wider.edges(keys=True)} == {"backs", "arms", "trains", "recognises"}
    assert set(G.nodes) == {a.id for a in g.actors()}
    probable = g.to_networkx(min_certainty="probable")
    assert {d["certainty"] for *_, d in probable.edges(data=True)} == {"probable"}
    assert not probable.has_edge("IDF", "LNA", "trains")
    late = g.to_networkx(as_of="2019-12-31")
    assert not late.has_edge("IDF", "LNA", "trains")
    assert g.to_networkx(as_of="2019-09-01").has_edge("IDF", "LNA", "trains")


# -- the package -----------------------------------------------------------------------------

HEAVY = ("rdflib", "pyoxigraph", "networkx", "pyvis", "pyshacl", "oxrdflib")


def test_import_does_no_work():
    """``import actorgraph`` loads none of the heavy libraries (checked in a fresh
    interpreter), so ``actorgraph --help`` and ``import actorgraph`` stay instant."""
    code = textwrap.dedent(f"""
        import sys
        import actorgraph
        heavy = {HEAVY!r}
        print(sorted({{m.split('.')[0] for m in sys.modules}} & set(heavy)))
        print(actorgraph.__version__)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    loaded, version = done.stdout.splitlines()
    assert loaded == "[]"
    assert version


def test_all_is_sorted():
    assert actorgraph.__all__ == sorted(actorgraph.__all__)


@pytest.mark.parametrize("name", actorgraph.__all__)
def test_every_public_name_is_importable(name):
    """Every name of ``__all__`` resolves, and ``from actorgraph import *`` works."""
    assert getattr(actorgraph, name) is not None
    assert name in dir(actorgraph)


def test_exceptions_subclass_the_builtins():
    """Callers who do not know actorgraph's exceptions still catch them."""
    assert issubclass(actorgraph.LoadError, ValueError)
    assert issubclass(actorgraph.LoadError, actorgraph.DataError)
    assert issubclass(actorgraph.UnknownNameError, KeyError)
    assert issubclass(actorgraph.UnsafeQueryError, PermissionError)
    assert issubclass(actorgraph.UnsafeQueryError, actorgraph.QueryError)
    for name in ("LoadError", "UnknownNameError", "UnsafeQueryError", "QueryError",
                 "StoreError", "ExportError"):
        assert issubclass(getattr(actorgraph, name), actorgraph.ActorGraphError)
