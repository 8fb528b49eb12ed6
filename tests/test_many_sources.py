"""Many sources, one truthful graph (issue 14): denials, time anchored to the source,
corroboration, merging.

The four failures a second report caused, each a test: a denial counted as support;
undated claims held forever; datasets could not be combined; duplicate names passed
validation. ``tests/data/many-sources`` holds three short reports written for these tests
(see its README): an allegation, its denial, a claim stated by three outlets (one citing
another), undated and end-only claims.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import actorgraph
from actorgraph import analysis
from actorgraph._resources import dataset_path

MANY = Path(__file__).parent / "data" / "many-sources"
LIBYA = dataset_path()


def ids(actors) -> set[str]:
    return {a.id for a in actors}


def _add_claims(folder: Path, rows: list[dict]) -> None:
    path = folder / "claims.csv"
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    if "stance" not in header:
        header.append("stance")
        kept = list(csv.DictReader(path.open(encoding="utf-8")))
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.DictWriter(out, header, restval="", lineterminator="\n").writerows(rows)


@pytest.fixture
def libya_copy(tmp_path):
    folder = tmp_path / "libya"
    shutil.copytree(LIBYA, folder)
    return folder


@pytest.fixture(scope="module")
def many():
    return actorgraph.load(MANY)


DENIAL = {"id": "d1", "subject": "RUS", "relation": "backs", "object": "GNA",
          "certainty": "probable", "sources": "tna-2019-12-07",
          "quote": "Libya is currently under a UN arms embargo", "attributed_to": "the Kremlin",
          "stance": "denies"}


# -- 1. a denial is never support --------------------------------------------------------------

def _picture(g):
    """Everything a denial must leave as it was."""
    from actorgraph.analysis import camps

    S = g.signed_graph()
    return (ids(g.related("GNA", relation="backs", direction="in")),
            sorted(str(r[0]) for r in g.query("SELECT ?x WHERE { ?x ag:backs actor:GNA }").rows),
            sorted((u, v, d["sign"], tuple(d["claims"])) for u, v, d in S.edges(data=True)),
            [sorted(c) for c in camps(S).partition])


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_planted_denial_changes_nothing_it_denies(libya_copy, store):
    """RUS,backs,GNA,…,stance=denies leaves related(), the direct triple, the signed graph
    and the camps exactly as they were."""
    before = _picture(actorgraph.load(libya_copy, store=store))
    _add_claims(libya_copy, [DENIAL])
    g = actorgraph.load(libya_copy, store=store)
    assert [c.id for c in g.claims(stance="denies")] == ["d1"]
    assert _picture(g) == before
    assert "RUS" not in {r["actor"] for r in analysis.both_sides(g)}  # it backs the LNA
    assert ids(g.related("GNA", relation="backs", direction="in", stance="denies")) == {"RUS"}


def test_a_denial_is_a_contradiction_once_an_assertion_exists(libya_copy):
    _add_claims(libya_copy, [DENIAL])
    assert [r for r in analysis.contradictions(actorgraph.load(libya_copy))
            if r["kind"] == "denied"] == []
    _add_claims(libya_copy, [{**DENIAL, "id": "a1", "relation": "arms", "stance": "asserts",
                              "attributed_to": "", "certainty": "improbable"}])
    rows = [r for r in analysis.contradictions(actorgraph.load(libya_copy))
            if r["kind"] == "denied"]
    assert [(r["pair"], r["relation"], r["for"]["claims"], r["against"]["claims"])
            for r in rows] == [(["RUS", "GNA"], "backs", ["a1"], ["d1"])]
    assert rows[0]["against"]["attributed_to"] == ["the Kremlin"]


def test_the_kremlins_denial_is_kept_as_a_denial(many):
    """"The Kremlin on Friday denied that Russia has sent any personnel to fight in Libya"
    (Levant Courier, 8 May 2020): a denying claim attributed to the Kremlin, no direct
    triple of its own, no tie in the projections, beside the allegation it denies."""
    (denial,) = many.claims(stance="denies")
    assert (denial.subject, denial.relation, denial.object, denial.attributed_to) == (
        "RUS", "deploys_forces", "LNA", "the Kremlin")
    assert all("m06" not in d["claims"] for *_, d in many.to_networkx().edges(data=True))
    assert all("m06" not in d["claims"] for *_, d in many.signed_graph().edges(data=True))
    rows = analysis.contradictions(many)
    assert [(r["for"]["claims"], r["against"]["claims"]) for r in rows
            if r["kind"] == "denied"] == [(["m01"], ["m06"])]


def test_only_truthy_asserting_claims_yield_the_direct_triple(libya_copy):
    """Only asserting claims graded confirmed, probable or possible assert subject-relation-
    object; improbable ones and denials live on their claim nodes only."""
    _add_claims(libya_copy, [
        {**DENIAL, "id": "x1", "subject": "QAT", "object": "LNA", "stance": "asserts",
         "certainty": "improbable", "attributed_to": ""},
        {**DENIAL, "id": "x2", "subject": "FRA", "object": "GNA", "stance": "denies"}])
    g = actorgraph.load(libya_copy)
    ask = "ASK { ?s ag:backs ?o }"
    assert not g.query(ask, s=g.iri("QAT"), o=g.iri("LNA")).boolean
    assert not g.query(ask, s=g.iri("FRA"), o=g.iri("GNA")).boolean
    assert g.query(ask, s=g.iri("EGY"), o=g.iri("LNA")).boolean
    named = {(str(r[0]), str(r[2])) for r in g.named_query("alleged-only").rows}
    assert ("QAT", "LNA") in named and ("FRA", "GNA") not in named


# -- 2. time is anchored to the source ---------------------------------------------------------

@pytest.mark.parametrize("as_of, expected", [
    ("1990-01-01", set()), ("2010-01-01", set()), ("2015", set()),
    ("2019-12-07", {"EGY", "SAU", "ARE", "FRA", "RUS", "ISR"}),
])
def test_a_claim_is_not_in_force_before_anyone_reported_it(as_of, expected):
    """The report of 7 December 2019 says the LNA 'is backed by Egypt, …': known to hold
    then, not in 1990 or 2015."""
    g = actorgraph.load()
    assert ids(g.related("LNA", relation="backs", direction="in", as_of=as_of,
                         include_subrelations=False)) == expected


def test_the_cli_answers_the_same():
    run = subprocess.run([sys.executable, "-m", "actorgraph", "related", "LNA", "-r", "backs",
                          "--direction", "in", "--as-of", "1990-01-01", "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and json.loads(run.stdout) == []


def test_an_end_only_claim_holds_until_its_end(many):
    """"the Wagner Group's fighters withdrew from the front south of Tripoli in late May"
    (2 June 2020): in force in May 2020, not in June."""
    may = {c.id for c in many.claims(as_of="2020-05")}
    june = {c.id for c in many.claims(as_of="2020-06")}
    assert "m11" in may and "m11" not in june
    rows = analysis.timeline(many, "WAGNER")
    assert [r["claim"] for r in rows] == ["m01", "m02", "m11"]  # via in 2019, 2019, May 2020


def test_persistence_can_be_assumed(many):
    """The UAE 'continues to supply Haftar's forces with weapons' (7 May 2020): not known
    after the report, unless the analyst assumes that it goes on."""
    assert "UAE" not in ids(many.related("LNA", relation="arms", direction="in", as_of="2021"))
    assert "UAE" in ids(many.related("LNA", relation="arms", direction="in", as_of="2021",
                                     assume_persistence=True))


def test_snapshots_span_the_reports(many):
    assert [p for p, _ in many.snapshots()] == ["2019", "2020"]


# -- 3. corroboration ------------------------------------------------------------------------

def test_two_independent_outlets_confirm(many):
    """Turkey's drones to the GNA: the Ledger (7 May), the Courier (8 May) and the Dispatch
    (2 June), which cites the Ledger — two independent sources, so 'confirmed' (Admiralty 1),
    while each claim stays 'probable'."""
    (row,) = many.assess("TUR", "arms", "GNA")
    assert (row.assessed, row.independent_sources) == ("confirmed", 2)
    assert row.claims_for == ("m04", "m07", "m10")
    assert {c.certainty for c in many.claims("TUR", "arms", "GNA")} == {"probable"}
    assert (row.first_reported, row.last_reported) == ("2020-05-07", "2020-06-02")
    edge = many.to_networkx().edges["TUR", "GNA", "arms"]
    assert (edge["assessed"], edge["independent_sources"]) == ("confirmed", 2)


def test_an_actors_own_denial_lowers_nothing_but_is_shown(many):
    (row,) = many.assess("RUS", "deploys_forces", "LNA")
    assert (row.assessed, row.claims_against, row.self_denials, row.disputed) == (
        "possible", ("m06",), ("m06",), False)


def test_a_third_partys_denial_lowers_the_grade(tmp_path):
    folder = tmp_path / "many"
    shutil.copytree(MANY, folder)
    _add_claims(folder, [{"id": "t1", "subject": "UAE", "relation": "arms", "object": "LNA",
                          "certainty": "probable", "sources": "courier-2020-05-08",
                          "quote": "The GNA's forces are fighting", "attributed_to":
                          "an EU monitoring mission", "stance": "denies"}])
    (row,) = actorgraph.load(folder).assess("UAE", "arms", "LNA")
    assert (row.assessed, row.disputed) == ("possible", True)
    assert "lowered" in row.rule


def test_assess_on_the_command_line():
    run = subprocess.run([sys.executable, "-m", "actorgraph", "assess", "TUR", "-r", "arms",
                          "-d", str(MANY), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert [r["assessed"] for r in json.loads(run.stdout)] == ["confirmed"]


# -- 4. merging ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def both():
    return actorgraph.load([LIBYA, MANY])


def test_two_datasets_load_as_one_shared_actors_once(both):
    one, other = actorgraph.load(LIBYA), actorgraph.load(MANY)
    assert len(both.claims()) == len(one.claims()) + len(other.claims())
    assert ids(both.actors()) == ids(one.actors()) | {"WAGNER"}
    assert both.actor("UAE").id == "ARE"  # unified by its Wikidata id
    events = {(e.what, e.ident, e.merged_as) for e in both.merge_report.events}
    assert ("unified", "UAE", "ARE") in events and ("unified", "RUS", "RUS") in events
    assert ids(both.related("LNA", relation="deploys_forces", direction="in")) == {
        "RUS", "WAGNER"}


def test_repeated_dataset_option_merges(tmp_path):
    run = subprocess.run([sys.executable, "-m", "actorgraph", "info", "-d", str(LIBYA), "-d",
                          str(MANY), "--format", "json"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["claims"] == 81


def test_merge_writes_a_folder_that_validates_and_loads_the_same(both, tmp_path):
    out = tmp_path / "merged"
    report = actorgraph._merge.merge([LIBYA, MANY], out)
    assert report.datasets == ["libya-2019", "many-sources"]
    assert actorgraph.validate(out).ok
    merged = actorgraph.load(out)
    assert {c.id: c for c in merged.claims()} == {c.id: c for c in both.claims()}
    assert merged.actors() == both.actors() and merged.sources() == both.sources()


def test_colliding_ids_and_conflicts_are_reported(tmp_path):
    """A claim id taken by the first dataset gets the second's name; an actor id taken by
    an actor of another kind is a conflict, kept apart; the same source is kept once."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "actors.csv").write_text(
        "id,label,kind\nGNA,Great Northern Alliance,armed_group\nLNA,Libyan National Army,"
        "armed_forces\n", encoding="utf-8")
    shutil.copyfile(LIBYA / "sources.csv", other / "sources.csv")
    (other / "claims.csv").write_text(
        "id,subject,relation,object,certainty,sources,quote\n"
        "c001,GNA,fights,LNA,possible,tna-2019-12-07,fighting\n", encoding="utf-8")
    g = actorgraph.load([LIBYA, other])
    events = {(e.what, e.kind, e.ident, e.merged_as) for e in g.merge_report.events}
    assert ("conflict", "actor", "GNA", "other.GNA") in events
    assert ("renamed", "claim", "c001", "other.c001") in events
    assert ("kept once", "source", "tna-2019-12-07", "tna-2019-12-07") in events
    (claim,) = g.claims(subject="other.GNA")
    assert (claim.id, claim.object) == ("other.c001", "LNA")
    assert any("conflict" in w for w in g.warnings)


def test_a_dataset_merged_with_itself_is_itself():
    g = actorgraph.load([LIBYA, LIBYA])
    assert len(g.claims()) == 70
    assert g.merge_report.counts()["kept once claims"] == 70


def test_problems_name_their_dataset(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(MANY, bad)
    _add_claims(bad, [{"id": "z1", "subject": "NOBODY", "relation": "backs", "object": "LNA",
                       "certainty": "possible", "sources": "ledger-2020-05-07", "quote": "x"}])
    with pytest.raises(actorgraph.LoadError, match=r"bad/claims\.csv:13: field 'subject'"):
        actorgraph.load([LIBYA, bad])


# -- 5. names shared by two actors -------------------------------------------------------------

def test_validate_reports_two_actors_sharing_a_name(libya_copy):
    with (libya_copy / "actors.csv").open("a", encoding="utf-8") as out:
        out.write("LNA2,Libyan National Army,armed_group,,LY,,a second one\n")
    report = actorgraph.validate(libya_copy, shacl=False)
    assert not report.ok
    lines = {(p.line, p.field) for p in report.problems}
    assert lines == {(3, "label"), (32, "label")}
    assert "shares the name 'Libyan National Army' with LNA2 (actors.csv:32)" in str(report)


# -- 6. camps leave the untied unplaced ----------------------------------------------------------

def test_camps_do_not_place_actors_without_a_signed_tie():
    """Sarraj, the GNA's own leader, has no signed tie ('led by'): analysis.camps leaves
    him unplaced instead of putting him in Haftar's camp; alliance_camps places him by
    the organisation he leads."""
    g = actorgraph.load()
    result = analysis.camps(g.signed_graph())
    assert "SARRAJ" in result.unplaced and "SARRAJ" not in result.membership
    assert "TNA" in result.unplaced  # the report's publisher
    placed = analysis.alliance_camps(g)
    assert placed.membership["SARRAJ"] == placed.membership["GNA"]


def test_actors_that_share_an_identifier_of_another_dataset_are_one(tmp_path):
    """An importer keeps a dataset's own ids on the actors (``ucdp:123``): two datasets
    naming the same UCDP actor differently are merged on it, their identifiers and names
    joined."""
    for name, label, identifiers in (("a", "Houthi movement", "ucdp:123|acled:Houthis"),
                                     ("b", "Ansar Allah", "ucdp:123")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "actors.csv").write_text(
            f"id,label,kind,identifiers\nX{name},{label},armed_group,{identifiers}\n"
            "SAU,Saudi Arabia,state,\n", encoding="utf-8")
        (folder / "sources.csv").write_text("id,title\ns1,A report\n", encoding="utf-8")
        (folder / "claims.csv").write_text(
            f"id,subject,relation,object,certainty,sources,quote\nc1,SAU,fights,X{name},"
            "possible,s1,fighting\n", encoding="utf-8")
    g = actorgraph.load([tmp_path / "a", tmp_path / "b"])
    assert ("unified", "Xb", "Xa", "same identifier ucdp:123") in {
        (e.what, e.ident, e.merged_as, e.why) for e in g.merge_report.events}
    houthis = g.actor("Ansar Allah")
    assert houthis.id == "Xa" and houthis.identifiers == ("acled:Houthis", "ucdp:123")
