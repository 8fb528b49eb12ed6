"""An end that is unknown (issue 12, bad-inputs D4): distinct from no end, and never persisting.

An empty ``end`` says nothing of an end: the claim holds until its sources last reported it,
or on with ``assume_persistence``. ``end=unknown`` says the relation ended, or may have, at a
time the source does not give: it holds until the last report even with
``assume_persistence``. In RDF it is the plain literal ``"unknown"`` (``ag:end`` is absent for
no end), never a made-up date.
"""

from __future__ import annotations

import datetime

import pytest
import rdflib

import actorgraph
from _cases import DATA, SOURCE, minimal_with
from actorgraph._filter import ClaimFilter

CASE = DATA / "valid" / "end-unknown"
DEC_7 = datetime.date(2019, 12, 7)
KNOWN = (DEC_7, DEC_7)


@pytest.mark.parametrize("start, end, known, persist, expected", [
    ("2019-04", None, KNOWN, False, (datetime.date(2019, 4, 1), DEC_7)),
    ("2019-04", None, KNOWN, True, (datetime.date(2019, 4, 1), None)),
    ("2019-04", "unknown", KNOWN, False, (datetime.date(2019, 4, 1), DEC_7)),
    ("2019-04", "unknown", KNOWN, True, (datetime.date(2019, 4, 1), DEC_7)),
    (None, "unknown", KNOWN, True, (DEC_7, DEC_7)),
    ("2019-04", "unknown", None, True, (datetime.date(2019, 4, 1), datetime.date(2019, 4, 30))),
    ("2019-04", None, None, False, (datetime.date(2019, 4, 1), None)),
    ("2021", "unknown", KNOWN, True, (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))),
])
def test_the_time_rule(start, end, known, persist, expected):
    assert ClaimFilter(assume_persistence=persist).interval(start, end, known) == expected


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_unknown_is_kept_distinct_from_no_end(store):
    graph = actorgraph.load(CASE, store=store)
    ends = {c.id: c.end for c in graph.claims()}
    assert ends == {"c1": "unknown", "c2": None}
    ask = "ASK { ?c dcterms:identifier ?id ; ag:end ?e }"
    assert graph.query(ask + "", id=rdflib.Literal("c2")).boolean is False
    found = graph.query("SELECT ?e WHERE { ?c dcterms:identifier ?id ; ag:end ?e }",
                        id=rdflib.Literal("c1"))
    assert [row[0] for row in found.rows] == [rdflib.Literal("unknown")]


def test_an_unknown_end_never_persists():
    """In 2020 (after the report of December 2019) the claim with no end is in force only
    when persistence is assumed; the one whose end is unknown never is."""
    graph = actorgraph.load(CASE)
    assert graph.claims(as_of="2020") == []
    assert [c.id for c in graph.claims(as_of="2020", assume_persistence=True)] == ["c2"]
    assert {c.id for c in graph.claims(as_of="2019-12")} == {"c1", "c2"}


def test_the_projections_and_snapshots_read_it():
    """The networkx edge of a claim whose end is unknown has no end date; signed snapshots
    and the timeline run over it."""
    graph = actorgraph.load(CASE)
    edges = {(u, v, k): d for u, v, k, d in graph.to_networkx().edges(keys=True, data=True)}
    assert edges[("GNA", "HAFTAR", "fights")]["end"] is None
    assert [period for period, _ in graph.snapshots()] == ["2019"]
    from actorgraph.analysis import timeline

    assert [r["end"] for r in timeline(graph, "HAFTAR")] == ["unknown"]


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_unknown_survives_export_and_reload(tmp_path, suffix):
    graph = actorgraph.load(CASE)
    again = actorgraph.load(graph.export(tmp_path / f"out{suffix}"))
    assert again.claims() == graph.claims()


@pytest.mark.parametrize("written", ["unknown", "Unknown", "UNKNOWN"])
def test_it_is_written_in_any_case(tmp_path, written):
    folder = minimal_with(tmp_path / "d", [f"c1,EGY,backs,LNA,2019,{written},probable,"
                                           f"{SOURCE},q,,,,"])
    assert actorgraph.load(folder).claims()[0].end == "unknown"


def test_unknown_is_not_a_start(tmp_path):
    """Only the end may be unknown: an unknown start is no start (leave it empty)."""
    folder = minimal_with(tmp_path / "d", [f"c1,EGY,backs,LNA,unknown,,probable,{SOURCE},q,,,,"])
    with pytest.raises(actorgraph.LoadError, match="claims.csv:2: field 'start': invalid date"):
        actorgraph.load(folder)


def test_the_shapes_accept_it():
    report = actorgraph.validate(CASE)
    assert report.ok, str(report)
