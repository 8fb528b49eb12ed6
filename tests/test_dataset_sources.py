"""Claims from datasets (issue 16): a claim quotes its text source or names the record of its
dataset source, never neither; sources say their kind, citation and licence; actors keep
their ids in other datasets; a Wikidata QID is an IRI in RDF."""

from __future__ import annotations

from pathlib import Path

import pytest

import actorgraph

ACTORS = "id,label,kind,wikidata,identifiers\nA,Alpha,state,Q79,ucdp:117|gwno:651\nB,Beta,armed_group,,\n"
SOURCES = ("id,title,kind,citation,licence\n"
           "esd,UCDP ESD 18.1,dataset,\"Meier et al. (2023)\",https://creativecommons.org/licenses/by/4.0/\n"
           "report,A report,report,,\n")


def dataset(tmp_path: Path, claims: str, actors: str = ACTORS, sources: str = SOURCES) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    (folder / "sources.csv").write_text(sources, encoding="utf-8")
    (folder / "claims.csv").write_text(claims, encoding="utf-8")
    return folder


HEADER = "id,subject,relation,object,certainty,sources,quote,evidence\n"


def test_a_claim_with_an_evidence_record_needs_no_quote(tmp_path):
    folder = dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\"UCDP ESD 18.1, ext_id 117\"\n")
    report = actorgraph.validate(folder)
    assert report.ok, str(report)
    claim, = actorgraph.load(folder).claims()
    assert (claim.quote, claim.evidence) == (None, "UCDP ESD 18.1, ext_id 117")


def test_a_claim_with_neither_quote_nor_evidence_is_refused(tmp_path):
    folder = dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\n")
    with pytest.raises(actorgraph.LoadError) as err:
        actorgraph.load(folder)
    problem, = err.value.problems
    assert (problem.line, problem.field, problem.message) == (2, "quote", "missing value")
    assert "'evidence'" in problem.hint


def test_an_evidence_record_without_a_quote_needs_a_dataset_source(tmp_path):
    folder = dataset(tmp_path, HEADER + "c1,A,arms,B,probable,report,,\"record 7\"\n")
    with pytest.raises(actorgraph.LoadError) as err:
        actorgraph.load(folder)
    problem, = err.value.problems
    assert problem.field == "evidence" and "kind" in problem.message


def test_a_claims_file_needs_a_quote_or_an_evidence_column(tmp_path):
    folder = dataset(tmp_path, "id,subject,relation,object,certainty,sources\n"
                               "c1,A,arms,B,probable,esd\n")
    with pytest.raises(actorgraph.LoadError, match="missing required column 'quote' or "
                                                   "'evidence'"):
        actorgraph.load(folder)


def test_sources_say_their_kind_citation_and_licence(tmp_path):
    g = actorgraph.load(dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\"r\"\n"))
    esd = g.source("esd")
    assert (esd.kind, esd.citation, esd.licence) == (
        "dataset", "Meier et al. (2023)", "https://creativecommons.org/licenses/by/4.0/")
    assert g.query("ASK { ?s dcterms:type dcmitype:Dataset ; "
                   "dcterms:license <https://creativecommons.org/licenses/by/4.0/> }").boolean


@pytest.mark.parametrize(("column", "value", "message"), [
    ("kind", "article", "'article' is not a kind of source"),
    ("licence", "CC BY 4.0", "invalid address"),
])
def test_a_bad_source_kind_or_licence_is_refused(tmp_path, column, value, message):
    sources = f"id,title,{column}\nesd,UCDP ESD,{value}\n"
    folder = dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,a quote,\n", sources=sources)
    with pytest.raises(actorgraph.LoadError, match=message):
        actorgraph.load(folder)


def test_actors_keep_their_ids_in_other_datasets_and_their_wikidata_iri(tmp_path):
    g = actorgraph.load(dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\"r\"\n"))
    alpha = g.actor("A")
    assert (alpha.wikidata, alpha.identifiers) == ("Q79", ("gwno:651", "ucdp:117"))
    assert g.query("ASK { ?a owl:sameAs <http://www.wikidata.org/entity/Q79> ; "
                   "ag:identifier 'ucdp:117' }").boolean


def test_an_identifier_of_an_unknown_scheme_is_refused(tmp_path):
    actors = "id,label,kind,identifiers\nA,Alpha,state,UCPD:117\nB,Beta,state,\n"
    folder = dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\"r\"\n", actors=actors)
    with pytest.raises(actorgraph.LoadError) as err:
        actorgraph.load(folder)
    assert "unknown identifier scheme 'ucpd'" in str(err.value)
    assert "did you mean 'ucdp'" in str(err.value)


def test_claims_without_a_quote_are_read_everywhere(tmp_path):
    """related(), the networkx projection and the named queries see a claim whose source is
    a dataset (they required ag:quote)."""
    g = actorgraph.load(dataset(tmp_path, HEADER + "c1,A,arms,B,probable,esd,,\"r\"\n"))
    assert [a.id for a in g.related("B", relation="backs", direction="in",
                                    assume_persistence=True)] == ["A"]
    assert g.to_networkx().has_edge("A", "B")
    rows = g.named_query("backers-all", actor="B").dicts()
    assert [(r["backer"], str(r["evidence"])) for r in rows] == [("A", "r")]
