"""The named SPARQL queries: expected rows on the Libya data, and an independent engine agrees.

Expected values come from the report (The New Arab, 7 December 2019), quoted in each test.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

import actorgraph
from actorgraph._sparql import PREFIXES, named_queries, prefixed

PARAMS = {"actor": "LNA", "a": "LNA", "b": "GNA", "name": "the rogue general"}


@pytest.fixture(scope="module")
def g():
    return actorgraph.load()


def _rows(result, *columns):
    return sorted(tuple(str(row[result.vars.index(c)]) for c in columns) for row in result.rows)


def test_every_query_has_a_description_and_typed_params():
    queries = named_queries()
    assert set(queries) >= {"actors-named", "backers", "backers-all", "opponents", "claims-about", "camps",
                            "backed-by-both-sides", "alleged-only"}
    for q in queries.values():
        assert q.description, q.name
        assert set(q.params.values()) <= {"actor", "relation", "certainty", "string"}, q.name


def test_backers(g):
    """'the LNA and the eastern Libyan government are backed by Egypt, Saudi Arabia, UAE,
    France and Russia' — and Egypt, UAE and Saudi Arabia's reported bid to revive the LNA."""
    result = g.named_query("backers", actor="LNA")
    backers = {b for (b,) in _rows(result, "backer")}
    assert backers == {"EGY", "SAU", "ARE", "FRA", "RUS", "ISR"}
    assert ("EGY", "probable") in _rows(result, "backer", "certainty")


def test_backers_all_adds_training_and_arms(g):
    """'the Israeli military training militias loyal to Haftar'; 'Israel agreeing to supply
    weapons … to Haftar’s LNA'."""
    rows = _rows(g.named_query("backers-all", actor="LNA"), "backer", "relation")
    assert ("IDF", "trains") in rows
    assert ("ISR", "arms") in rows
    assert {r for _, r in rows} <= {"backs", "arms", "trains", "funds", "deploys_forces",
                                     "shares_intelligence", "provides_access", "recognises"}


def test_opponents_of_the_gna(g):
    """'a battle to capture the capital Tripoli and defeat the UN-recognised Government of
    National Accord (GNA)'."""
    rows = _rows(g.named_query("opponents", actor="GNA"), "opponent", "relation")
    assert ("LNA", "fights") in rows
    assert ("HAFTAR", "fights") in rows


def test_claims_about_is_ordered_by_date_with_sources(g):
    result = g.named_query("claims-about", actor="IDF")
    starts = [row[result.vars.index("start")] for row in result.rows]
    dated = [str(s) for s in starts if s is not None]
    assert dated == sorted(dated)
    assert starts == [s for s in starts if s is not None] + [None] * starts.count(None)
    assert {str(row[result.vars.index("source")]) for row in result.rows} == {"tna-2019-12-07"}


def test_camps(g):
    """'the LNA and the eastern Libyan government are backed by Egypt, Saudi Arabia, UAE,
    France and Russia, the Tripoli-based GNA is supported by Italy, Turkey and Qatar'."""
    rows = _rows(g.named_query("camps", a="LNA", b="GNA"), "camp", "member")
    camp_a = {m for c, m in rows if c == "A"}
    camp_b = {m for c, m in rows if c == "B"}
    assert {"EGY", "SAU", "ARE", "FRA", "RUS"} <= camp_a
    assert {"ITA", "TUR", "QAT"} <= camp_b
    assert not ({"ITA", "TUR", "QAT"} & camp_a)


def test_backed_by_both_sides_on_libya_is_empty_and_finds_a_planted_case(g, tmp_path):
    """The report names no actor backed by both sides; a small dataset with one must show it."""
    assert g.named_query("backed-by-both-sides").rows == []
    folder = tmp_path / "both"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id,label,kind,aliases,country,wikidata,description\n"
        "A,Alpha,state,,,,\nB,Beta,state,,,,\nX,Militia X,militia,,,,\n", encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,title,publisher,published,url,reliability,language\ns1,Report,,2020,,,en\n",
        encoding="utf-8")
    (folder / "claims.csv").write_text(
        "id,subject,relation,object,start,end,certainty,sources,quote,attributed_to,via,place,note\n"
        "c1,A,fights,B,2020,,probable,s1,A fights B,,,,\n"
        "c2,A,arms,X,2020,,probable,s1,A arms X,,,,\n"
        "c3,B,funds,X,2020,,possible,s1,B funds X,,,,\n", encoding="utf-8")
    rows = _rows(actorgraph.load(folder).named_query("backed-by-both-sides"), "actor", "sideA", "sideB")
    assert rows == [("X", "A", "B")]


def test_alleged_only(g):
    """Relations the report states only through anonymous sources or 'reportedly' — e.g.
    the training, 'according to various sources' — and never as the report's own fact."""
    result = g.named_query("alleged-only")
    rows = _rows(result, "subject", "relation", "object")
    assert ("IDF", "trains", "LNA") in rows
    assert ("EGY", "backs", "LNA") not in rows  # also stated in the report's own voice
    assert all(int(row[result.vars.index("bestRank")]) > 2 for row in result.rows)


def test_actors_named_finds_an_alias_in_any_case(g):
    """'the rogue general's forces' — the report's name for Haftar, as an alias."""
    rows = _rows(g.named_query("actors-named", name="THE ROGUE GENERAL"), "actor")
    assert rows == [("HAFTAR",)]
    assert g.named_query("actors-named", name="nobody").rows == []


def test_unknown_query_suggests_the_nearest(g):
    with pytest.raises(actorgraph.UnknownNameError, match="backers"):
        g.named_query("backer", actor="LNA")


def _oxigraph_answers(nt: bytes, name: str, params: dict[str, str]) -> list[tuple]:
    """Run a named query on a bare pyoxigraph store, binding parameters by substitution."""
    store = ox.Store()
    store.load(nt, ox.RdfFormat.N_TRIPLES)
    kinds = named_queries()[name].params
    subs = {ox.Variable(k): ox.Literal(v) if kinds[k] == "string"
            else ox.NamedNode(PREFIXES["actor"] + v) for k, v in params.items()}
    result = store.query(prefixed(named_queries()[name].text), substitutions=subs)
    names = [v.value for v in result.variables]
    return names, sorted(tuple("" if t is None else t.value for t in row) for row in result)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_an_independent_engine_agrees(g, tmp_path, name):
    """Export to N-Triples, load into pyoxigraph, run the query there: same answers as rdflib."""
    path = g.export(tmp_path / "libya.nt")
    query = named_queries()[name]
    params = {p: PARAMS[p] for p in query.params}
    ours = g.named_query(name, **params)
    assert isinstance(g.store.rdf, rdflib.Graph) and g.store.kind == "memory"
    names, theirs = _oxigraph_answers(path.read_bytes(), name, params)
    assert names == ours.vars
    mine = sorted(tuple("" if t is None else str(t) for t in row) for row in ours.rows)
    assert mine == theirs
    assert mine or name == "backed-by-both-sides"
