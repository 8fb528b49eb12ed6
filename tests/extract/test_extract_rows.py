"""Candidates and actors as the rows of a candidate dataset."""

from __future__ import annotations

from actorgraph._extract import ACTOR_COLUMNS, CLAIM_COLUMNS, extract


def test_claim_rows_have_every_claim_column_as_strings(extracted):
    x = extracted("yemen-marib")
    for row in x.claim_rows():
        assert tuple(row) == CLAIM_COLUMNS
        assert all(isinstance(v, str) for v in row.values())
        assert row["sources"] == "test-yemen-marib" and row["decision"] == ""
        assert row["stance"] in ("asserts", "denies")
        assert 0 <= float(row["score"]) <= 1
    meets = next(r for r in x.claim_rows() if r["relation"] == "meets_with" and r["via"])
    assert meets["via"] == "Oman"


def test_multi_valued_cells_are_joined_with_bars():
    x = extract("Haftar met Israeli officials in meetings mediated by the UAE and Egypt.",
                published="2019-12-07")
    meets = next(c for c in x.candidates if c.relation == "meets_with")
    assert meets.to_row()["via"] == "United_Arab_Emirates|Egypt"


def test_actor_rows_have_a_status(extracted):
    x = extracted("kivu-m23", known=True)
    rows = x.actor_rows()
    assert all(tuple(r) == ACTOR_COLUMNS for r in rows)
    assert {r["status"] for r in rows} <= {"known", "proposed"}
    known = {r["id"] for r in rows if r["status"] == "known"}
    assert {"M23", "RWA"} <= known
    named = {k for c in x.candidates for k in (c.subject, c.object, *c.via)}
    assert named == {r["id"] for r in rows}


def test_the_source_row():
    x = extract("Russia backs the Wagner Group.", published="2022-05-12", publisher="Example",
                title="A title")
    assert x.source["id"] == "Example-2022-05-12"
    assert (x.source["published"], x.source["title"]) == ("2022-05-12", "A title")
