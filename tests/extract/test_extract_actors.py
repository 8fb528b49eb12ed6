"""Actors: lists expand to every pair, demonyms and capitals name states, known actors stay."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from actorgraph._extract import extract
from actorgraph._model import Actor

DATA = Path(__file__).resolve().parents[2] / "src" / "actorgraph" / "_extract" / "data"


def test_a_coordinated_list_expands_to_every_pair():
    # the issue's own example: two objects, five subjects, ten claims
    x = extract("While the LNA and the eastern Libyan government are backed by Egypt, Saudi "
                "Arabia, UAE, France and Russia, the Tripoli-based GNA is supported by Italy, "
                "Turkey and Qatar.", published="2019-12-07")
    backs = {(c.subject, c.object) for c in x.candidates if c.relation == "backs"}
    subjects = {"Egypt", "Saudi_Arabia", "United_Arab_Emirates", "France", "Russia"}
    objects = {c.object for c in x.candidates if c.subject == "Egypt"}
    assert len(objects) == 2
    assert {(s, o) for s in subjects for o in objects} <= backs
    assert len([c for c in x.candidates if c.object in objects and c.relation == "backs"]) == 10
    assert {s for s, o in backs if o not in objects} == {"Italy", "Turkey", "Qatar"}


def test_symmetric_relations_among_a_list_are_stated_once():
    x = extract("Oman has mediated talks between the Houthis and Saudi Arabia.",
                published="2021-03-18")
    meets = [c for c in x.candidates if c.relation == "meets_with"]
    assert len(meets) == 1 and meets[0].via == ("Oman",)
    assert sorted(c.object for c in x.candidates if c.relation == "mediates") == [
        "Houthis", "Saudi_Arabia"]


@pytest.mark.parametrize(("sentence", "subject", "obj"), [
    ("Moscow condemned the Wagner Group.", "Russia", "Wagner_Group"),
    ("Ankara backs the Government of National Accord.", "Turkey", "Government_of_National_Accord"),
    ("Tehran has armed the Houthi movement.", "Iran", "Houthi_movement"),
    ("Israeli officials met the Libyan National Army.", "Israel", "Libyan_National_Army"),
    ("The Kremlin condemned the sanctions on Mali.", "Russia", None),
])
def test_demonyms_and_capitals_name_the_state(sentence, subject, obj):
    x = extract(sentence, published="2020-01-14")
    assert x.candidates[0].subject == subject if obj else True
    if obj:
        assert (subject, obj) in [(c.subject, c.object) for c in x.candidates]
    assert all(a.kind == "state" for a in x.actors if a.id == subject)


def test_a_capital_as_a_place_is_not_the_state():
    x = extract("Haftar's forces are fighting to capture the capital Tripoli from the GNA.",
                published="2019-12-07")
    assert "Libya" not in {a.id for a in x.actors}


def test_organ_of_a_state_is_its_own_actor():
    x = extract("The Israeli military trained the Libyan National Army.", published="2019-12-07")
    rows = {(c.subject, c.relation, c.object) for c in x.candidates}
    assert ("Israeli_military", "trains", "Libyan_National_Army") in rows
    assert ("Israeli_military", "part_of", "Israel") in rows
    kinds = {a.id: a.kind for a in x.actors}
    assert kinds["Israeli_military"] == "armed_forces" and kinds["Israel"] == "state"


def test_the_group_resolves_to_the_nearest_fitting_actor(extracted):
    # 'Tehran denied arming the group': the Houthi movement, not Iran or the UN
    x = extracted("yemen-marib")
    denial = next(c for c in x.candidates if c.quote == "Tehran denied arming the group")
    assert denial.object == "Houthi_movement"


def test_the_two_sides_are_the_parties_before(extracted):
    # 'The two sides fought for control of the Menaka region in the summer of 2021.'
    x = extracted("sahel-mali")
    fought = next(c for c in x.candidates if "sides fought" in c.quote)
    assert {fought.subject, fought.object} == {"Jama_at_Nusrat_al-Islam",
                                               "Islamic_State_in_the_Greater_Sahara"}
    assert (fought.start, fought.end) == ("2021", "2021")


def test_known_actors_keep_their_ids_and_new_ones_are_proposed():
    known = [Actor("HOUTHIS", "Houthi movement", "armed_group", aliases=("Houthis",)),
             Actor("IRN", "Iran", "state", aliases=("Tehran",))]
    x = extract("Tehran denied arming the Houthis, and Hezbollah allegedly trained them.",
                published="2021-03-18", known_actors=known)
    status = {a.id: a.status for a in x.actors}
    assert status["HOUTHIS"] == "known" and status["IRN"] == "known"
    assert status["Hezbollah"] == "proposed"
    assert ("IRN", "arms", "HOUTHIS", "denies") in [
        (c.subject, c.relation, c.object, c.stance) for c in x.candidates]


def test_proposed_ids_are_safe_and_kinds_are_the_ontologys(extracted):
    from actorgraph._vocab import KINDS

    for name in ("yemen-marib", "sahel-mali", "kivu-m23"):
        for a in extracted(name).actors:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+", a.id)
            assert a.kind in KINDS


def test_gazetteer_lists_the_un_member_states():
    with open(DATA / "countries.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 193
    assert len({r["iso2"] for r in rows}) == 193
    assert all(re.fullmatch(r"[A-Z]{2}", r["iso2"]) for r in rows)
    assert all(r["wikidata"] == "" or re.fullmatch(r"Q\d+", r["wikidata"]) for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert by_name["Israel"]["demonyms"] == "Israeli" and by_name["Russia"]["capitals"] == "Moscow"
