"""Acceptance (issue 2): the graph answers, from the report alone, what the report says.

The bundled dataset (``data/libya-2019``) curates one report: *EXCLUSIVE: Israeli military
‘secretly training' Libya’s Haftar militias in street warfare*, The New Arab, 7 December
2019. Each test asks one of the questions analysts ask of it and checks the answer against
the report's own words: the sentence is quoted in the test's docstring and in ``SAID``, and
the quote of every claim behind an answer must be found, whitespace-normalised, in that
sentence, while ``test_cited_sentences_are_in_the_report`` checks each sentence against the
report itself.

The report is not redistributed with the project (``data/libya-2019/README.md``); it is
read from the file named by ``ACTORGRAPH_REPORT``. Tests that need the whole text are
skipped, with the reason, where it is not available; the answers are checked against the
sentences below in any case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import actorgraph

REPORT_FILE = "000_b8dc84c3be759f24.txt"
SOURCE_ID = "tna-2019-12-07"
PUBLISHED = "2019-12-07"  # the report's date: when its undated claims are known to hold


def _norm(text: str) -> str:
    return " ".join(text.split())


def _find_report() -> Path | None:
    named = os.environ.get("ACTORGRAPH_REPORT")
    candidates = [Path(named)] if named else []
    checkout = Path(__file__).resolve().parents[1]
    candidates.append(checkout.parent / "shared" / "seeds" / REPORT_FILE)
    return next((p for p in candidates if p.is_file()), None)


REPORT_PATH = _find_report()


@pytest.fixture(scope="module")
def report() -> str:
    """The whole report, whitespace-normalised (skips the test where it is not available)."""
    if REPORT_PATH is None:
        pytest.skip(f"the report {REPORT_FILE} is not available (it is not redistributed): "
                    "set ACTORGRAPH_REPORT to the file holding it")
    return _norm(REPORT_PATH.read_text(encoding="utf-8"))


# The report's sentences that the answers below rest on, verbatim (curly and straight
# quotes as the report has them).
SAID = {
    'headline': (
        "EXCLUSIVE: Israeli military ‘secretly training' Libya’s Haftar militias in "
        'street warfare'
    ),
    'standfirst': (
        'Haftar’s LNA has been covertly receiving street warfare training from Israeli '
        'specialists in Libya, coordinated by Egypt in order to improve tactics to '
        'capture Tripoli, according to various sources.'
    ),
    'caption': (
        'LNA forces loyal to Haftar patrol Sebha, the biggest city in southern Libya '
        '[Getty]'
    ),
    'meetings_training': (
        'Libyan warlord Khalifa Haftar has been secretly meeting with Israeli '
        'intelligence officials, resulting in the Israeli military training militias '
        'loyal to Haftar in “street warfare”, Libyan and Egyptian sources have revealed '
        'to The New Arab’s Arabic-language service.'
    ),
    'agreement_transfer': (
        'A security cooperation agreement between the two sides gave rise to Egypt '
        'coordinating the transfer of specialised Israeli officers to Haftar-controlled '
        'territories in Libya to carry out the training in August and September of 2019.'
    ),
    'battle': (
        'Haftar’s Libyan National Army and its allied tribes, militias and mercenaries '
        'are currently locked in a battle to capture the capital Tripoli and defeat the '
        'UN-recognised Government of National Accord (GNA) led by Fayez Sarraj.'
    ),
    'backers': (
        'While the LNA and the eastern Libyan government are backed by Egypt, Saudi '
        'Arabia, UAE, France and Russia, the Tripoli-based GNA is supported by Italy, '
        'Turkey and Qatar.'
    ),
    'involvement': (
        'The sources point out that Israel’s involvement came as Haftar’s forces pushed '
        'forward to the outskirts of Tripoli, and required a change of tactics in order '
        'to lead a street warfare campaign.'
    ),
    'first_meetings': (
        'The sources added that the meetings between Haftar and Israeli officials were '
        'the first of their kind to be held on Libyan territory.'
    ),
    'mediated': (
        'Haftar is known to have been secretly meeting with the Israeli government and '
        'its intelligence agency Mossad in meeting mediated by the UAE.'
    ),
    'weapons_2018': (
        'One such meeting in the summer of 2018 led to Israel agreeing to supply weapons, '
        'including sniper rifles and night vision equipment, to Haftar’s LNA.'
    ),
    'since_april': (
        'Haftar and his allied forces are based primarily in eastern Libya and have been '
        'waging a campaign to take the capital Tripoli from the GNA since April this '
        'year.'
    ),
    'amnesty': (
        "Amnesty have reported that the rogue general's forces have engaged in "
        'indiscriminate attacks on civilians and civilian infrastructure, such as '
        'residential areas and medical facilities.'
    ),
    'cairo': (
        'Reports of the latest meeting come after Egyptian diplomatic sources revealed '
        'that Abdullah al-Thani, the head of Libya’s eastern Haftar-affiliated government '
        'held talks with Egyptian officials in Cairo on Tuesday.'
    ),
    'kamel_shukri': (
        'Al-Thani reportedly met with the head of the Egypt’s General Intelligence '
        'Service Abbas Kamel, and the Foreign Minister Sameh Shukri, discussing how to '
        'counter the Sarraj government’s latest security and economic agreements with '
        'Turkey, which Egypt has vociferously opposed.'
    ),
    'recognition_bid': (
        'The move comes amid reports that Egypt, UAE and Saudi Arabia are launching a bid '
        'to revive LNA’s momentum by withdrawing the Arab, African and Islamic World’s '
        'recognition of the UN-backed and GNA-led Presidential Council in Libya, instead '
        'recognising Haftar and his Tobruk-based parliament as the legitimate government.'
    ),
    'read_more': (
        'Read more: It’s time for the ICC to indict Haftar for war crimes'
    ),
}


@pytest.fixture(scope="module")
def g() -> actorgraph.Graph:
    return actorgraph.load()


def ids(actors) -> set[str]:
    return {a.id for a in actors}


def assert_said(claims, *keys: str) -> None:
    """Every claim is sourced to the report and quotes (a part of) one of these sentences."""
    assert claims, "no claim behind this answer"
    sentences = [_norm(SAID[k]) for k in keys]
    for claim in claims:
        assert SOURCE_ID in claim.sources, claim.id
        quote = _norm(claim.quote)
        assert any(quote in s for s in sentences), f"{claim.id}: {claim.quote!r} is not in {keys}"


def test_cited_sentences_are_in_the_report(report):
    """Each sentence cited by these tests is the report's own, word for word."""
    for key, sentence in SAID.items():
        assert _norm(sentence) in report, key


def test_every_quote_is_in_the_report(g, report):
    """Every claim's quote is an exact excerpt of the report (whitespace-normalised):
    the dataset states nothing the report does not say."""
    missing = [c.id for c in g.claims() if _norm(c.quote) not in report]
    assert missing == []
    assert len(g.claims()) == 70


def test_every_quote_in_claims_csv_is_in_the_report(report):
    """The same, read from ``claims.csv`` itself rather than through the graph."""
    import csv

    from actorgraph._resources import dataset_path

    with open(dataset_path() / "claims.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 70
    assert [r["id"] for r in rows if _norm(r["quote"]) not in report] == []


def test_attributions_and_places_are_the_reports_words(g, report):
    """Whom a claim is attributed to ("Libyan and Egyptian sources", "Amnesty", …) and where
    it happened ("Cairo", "Haftar-controlled territories in Libya", …) are the report's words."""
    lowered = report.lower()
    for claim in g.claims():
        for value in (claim.attributed_to, claim.place):
            if value:
                assert _norm(value).lower() in lowered, (claim.id, value)


# -- who backs whom -------------------------------------------------------------------------

def test_who_backs_the_lna(g):
    """"While the LNA and the eastern Libyan government are backed by Egypt, Saudi Arabia,
    UAE, France and Russia, …" — and "The sources point out that Israel’s involvement came
    as Haftar’s forces pushed forward to the outskirts of Tripoli".

    Direct ``backs``: the five states the report names, plus Israel (its "involvement",
    alleged); with the sub-relations, the Israeli military that trains them too."""
    named = {g.actor(name).id for name in ("Egypt", "Saudi Arabia", "UAE", "France", "Russia")}
    assert named == {"EGY", "SAU", "ARE", "FRA", "RUS"}
    backers = ids(g.related("LNA", relation="backs", direction="in", include_subrelations=False))
    assert backers == named | {"ISR"}
    for state in named:
        stated = [c for c in g.claims(subject=state, relation="backs", object="LNA")
                  if "are backed by" in c.quote]
        assert len(stated) == 1 and stated[0].certainty == "probable"
        assert_said(stated, "backers")
    israel = g.claims(subject="Israel", relation="backs", object="LNA", include_subrelations=False)
    assert_said(israel, "involvement")
    assert [c.certainty for c in israel] == ["possible"]
    assert [c.attributed_to for c in israel] == ["The sources"]
    wider = ids(g.related("LNA", relation="backs", direction="in"))  # arms, trains … too
    assert wider == backers | {"IDF"}
    assert g.actor("Israeli military").id == "IDF"


def test_who_backs_the_eastern_government(g):
    """"the LNA and the eastern Libyan government are backed by Egypt, Saudi Arabia, UAE,
    France and Russia" """
    east = g.actor("eastern Libyan government")
    assert ids(g.related(east, relation="backs", direction="in")) == {
        "EGY", "SAU", "ARE", "FRA", "RUS"}
    assert_said(g.claims(relation="backs", object=east), "backers")


def test_who_backs_the_gna(g):
    """"… the Tripoli-based GNA is supported by Italy, Turkey and Qatar." The UN backs it
    too, as a recognition: "the UN-recognised Government of National Accord (GNA)"."""
    gna = g.actor("Tripoli-based GNA")
    assert gna.id == "GNA"
    backers = ids(g.related(gna, relation="backs", direction="in", include_subrelations=False))
    assert backers == {g.actor(n).id for n in ("Italy", "Turkey", "Qatar")} == {"ITA", "TUR", "QAT"}
    assert_said(g.claims(relation="backs", object=gna, include_subrelations=False), "backers")
    assert ids(g.related(gna, relation="backs", direction="in")) == backers | {"UN"}
    recognition = g.claims(subject="UN", relation="recognises", object=gna)
    assert_said(recognition, "battle")


def test_no_backer_of_one_side_backs_the_other(g):
    """The report names two distinct sets of backers; no state is on both lists."""
    lna = ids(g.related("LNA", relation="backs", direction="in"))
    gna = ids(g.related("GNA", relation="backs", direction="in"))
    assert lna.isdisjoint(gna)


# -- the Israeli training ----------------------------------------------------------------------

def test_who_trains_haftars_forces_where_when_via_whom(g):
    """"A security cooperation agreement between the two sides gave rise to Egypt
    coordinating the transfer of specialised Israeli officers to Haftar-controlled
    territories in Libya to carry out the training in August and September of 2019."

    Who: the Israeli military. When: August–September 2019. Where: Haftar-controlled
    territories in Libya. Coordinated by: Egypt. Attributed to: "Libyan and Egyptian
    sources". How certain: alleged (``possible``), never confirmed."""
    forces = g.actor("Haftar’s forces")
    assert forces.id == "LNA" == g.actor("Haftar militias").id == g.actor("militias loyal to Haftar").id
    training = g.claims(relation="trains", object=forces)
    assert_said(training, "headline", "standfirst", "meetings_training", "agreement_transfer")
    assert {c.subject for c in training} == {"IDF"}
    assert ids(g.related(forces, relation="trains", direction="in")) == {"IDF"}
    for claim in training:
        assert (claim.start, claim.end) == ("2019-08", "2019-09")
        assert claim.certainty == "possible"
    transfer = [c for c in training if _norm(c.quote) in _norm(SAID["agreement_transfer"])]
    assert len(transfer) == 1
    (claim,) = transfer
    assert claim.place == "Haftar-controlled territories in Libya"
    assert claim.via == (g.actor("Egypt").id,) == ("EGY",)
    assert claim.attributed_to == "Libyan and Egyptian sources"
    assert "in August and September of 2019" in claim.quote
    coordinated = [c for c in training if "EGY" in c.via]
    assert_said(coordinated, "standfirst", "agreement_transfer")  # "coordinated by Egypt"
    attributions = {c.attributed_to for c in training} - {None}
    assert attributions == {"Libyan and Egyptian sources", "various sources"}


def test_israel_agreed_to_arm_the_lna(g):
    """"One such meeting in the summer of 2018 led to Israel agreeing to supply weapons,
    including sniper rifles and night vision equipment, to Haftar’s LNA."

    An agreement to supply, reached at a UAE-mediated meeting: ``arms`` from 2018,
    alleged, via the UAE."""
    (claim,) = g.claims(relation="arms")
    assert (claim.subject, claim.object) == ("ISR", "LNA")
    assert_said([claim], "weapons_2018")
    assert claim.start == "2018" and claim.end is None
    assert claim.certainty == "possible"
    assert claim.via == ("ARE",)


# -- who leads which side ----------------------------------------------------------------------

def test_who_leads_which_side(g):
    """"Haftar’s Libyan National Army …"; "the UN-recognised Government of National Accord
    (GNA) led by Fayez Sarraj"; "Abdullah al-Thani, the head of Libya’s eastern
    Haftar-affiliated government"; "the head of the Egypt’s General Intelligence Service
    Abbas Kamel"."""
    leads = {(c.subject, c.object): c for c in g.claims(relation="leads")}
    assert set(leads) == {("HAFTAR", "LNA"), ("SARRAJ", "GNA"), ("ALTHANI", "EAST_GOV"),
                          ("KAMEL", "GIS_EGY")}
    assert g.actor("Khalifa Haftar").id == "HAFTAR" and g.actor("Fayez Sarraj").id == "SARRAJ"
    assert g.actor("Abdullah al-Thani").id == "ALTHANI"
    assert_said([leads["HAFTAR", "LNA"]], "battle", "headline", "standfirst")
    assert_said([leads["SARRAJ", "GNA"]], "battle")
    assert_said([leads["ALTHANI", "EAST_GOV"]], "cairo")
    assert_said([leads["KAMEL", "GIS_EGY"]], "kamel_shukri")
    assert ids(g.related("HAFTAR", relation="leads")) == {"LNA"}
    assert ids(g.related("GNA", relation="leads", direction="in")) == {"SARRAJ"}
    # the sides: the side Haftar leads fights the side Sarraj leads
    assert "GNA" in ids(g.related("LNA", relation="fights"))
    assert_said(g.claims(subject="LNA", relation="fights", object="GNA"), "battle", "since_april")


# -- who mediated which meetings --------------------------------------------------------------

def test_who_mediated_which_meetings(g):
    """"Haftar is known to have been secretly meeting with the Israeli government and its
    intelligence agency Mossad in meeting mediated by the UAE."

    The UAE mediates between Haftar and both the Israeli government and Mossad; those
    meetings (and the summer-2018 one) carry the UAE as intermediary."""
    uae = g.actor("UAE")
    mediation = g.claims(subject=uae, relation="mediates")
    assert_said(mediation, "mediated")
    assert {c.object for c in mediation} == {"HAFTAR", "ISR", "MOSSAD"}
    assert g.actor("Mossad").id == "MOSSAD" and g.actor("Israeli government").id == "ISR"
    mediated = [c for c in g.claims(relation="meets_with") if uae.id in c.via]
    assert {(c.subject, c.object) for c in mediated} == {("HAFTAR", "ISR"), ("HAFTAR", "MOSSAD")}
    assert_said(mediated, "mediated", "weapons_2018")
    summer = [c for c in mediated if c.start]
    assert [(c.start, c.end) for c in summer] == [("2018", "2018")]
    assert_said(summer, "weapons_2018")
    for claim in [*mediation, *mediated]:
        assert claim.certainty == "possible"  # "secretly", "is known" — no source named
    # meetings that the report does not say were mediated carry no intermediary
    unmediated = [c for c in g.claims(relation="meets_with") if not c.via]
    assert_said(unmediated, "meetings_training", "first_meetings", "cairo", "kamel_shukri")


def test_who_met_in_cairo(g):
    """"Abdullah al-Thani, the head of Libya’s eastern Haftar-affiliated government held
    talks with Egyptian officials in Cairo on Tuesday." — "Al-Thani reportedly met with the
    head of the Egypt’s General Intelligence Service Abbas Kamel, and the Foreign Minister
    Sameh Shukri" (Tuesday before Saturday 7 December 2019: 3 December)."""
    talks = g.claims(subject="al-Thani", relation="meets_with")
    assert {c.object for c in talks} == {"EGY", "KAMEL", "SHUKRI"}
    assert_said(talks, "cairo", "kamel_shukri")
    for claim in talks:
        assert claim.place == "Cairo"
        assert (claim.start, claim.end) == ("2019-12-03", "2019-12-03")
        assert claim.attributed_to == "Egyptian diplomatic sources"
        assert claim.certainty == "possible"


# -- which claims are alleged ----------------------------------------------------------------

ANONYMOUS = {"Libyan and Egyptian sources", "The sources", "various sources",
             "Egyptian diplomatic sources", "reports"}


def test_which_claims_are_alleged(g):
    """"Libyan and Egyptian sources have revealed …", "according to various sources",
    "The sources point out …", "Egyptian diplomatic sources revealed …", "amid reports …":
    what rests on anonymous sources is alleged (``possible``), and so is what the report
    says happened "secretly" or "covertly"."""
    alleged = {c.id for c in g.claims() if c.certainty == "possible"}
    assert len(alleged) == 31  # data/libya-2019/README.md, "What rests only on anonymous sources"
    for claim in g.claims():
        if claim.attributed_to in ANONYMOUS:
            assert claim.id in alleged, claim.id
        if any(word in claim.quote for word in ("secretly", "covertly", "reportedly")):
            assert claim.id in alleged, claim.id
    # the Israeli training, Haftar's meetings with Israel and Mossad, the weapons agreement,
    # the Cairo talks and the recognition bid are all alleged
    assert {c.id for c in g.claims(relation="trains")} <= alleged
    assert {c.id for c in g.claims(subject="HAFTAR", relation="meets_with")} <= alleged
    assert {c.id for c in g.claims(relation="arms")} <= alleged
    assert {c.id for c in g.claims(relation="recognises", object="HAFTAR")} <= alleged
    bid = g.claims(relation="recognises", object="Tobruk-based parliament")
    assert_said(bid, "recognition_bid")
    assert {c.id for c in bid} <= alleged
    # what the report states in its own voice is probable, not alleged
    stated = g.claims(relation="backs", object="GNA")
    assert {c.certainty for c in stated} == {"probable"}


def test_nothing_is_confirmed_by_a_single_report(g):
    """One report never makes a claim ``confirmed`` (README, curation rule 1); the
    dataset has only ``probable`` and ``possible`` claims."""
    assert {c.certainty for c in g.claims()} == {"probable", "possible"}
    assert g.claims(min_certainty="confirmed") == []
    assert {s.id for s in g.sources()} == {SOURCE_ID}


# -- when ------------------------------------------------------------------------------------

def test_as_of_follows_the_reports_dates(g):
    """"… have been waging a campaign to take the capital Tripoli from the GNA since April
    this year" and "to carry out the training in August and September of 2019".

    On 1 January 2019 neither the campaign nor the training was under way; on 7 December
    2019, the day of the report, the campaign was, the training was over; in September it
    was on."""
    early = {c.id for c in g.claims(as_of="2019-01-01")}
    reported = {c.id for c in g.claims(as_of=PUBLISHED)}
    campaign = g.claims(relation="fights", object="GNA")
    since_april = [c for c in campaign if c.start == "2019-04"]
    assert_said(since_april, "since_april")
    assert {c.id for c in since_april} <= reported - early
    assert "HAFTAR" not in ids(g.related("GNA", relation="fights", as_of="2019-01-01"))
    assert "HAFTAR" in ids(g.related("GNA", relation="fights", as_of=PUBLISHED))
    training = {c.id for c in g.claims(relation="trains")}
    assert not training & early and not training & reported
    for when in ("2019-08", "2019-08-01", "2019-09-15", "2019-09-30", "2019"):
        assert training <= {c.id for c in g.claims(as_of=when)}, when
    for when in ("2019-07-31", "2019-10-01", "2018"):
        assert not training & {c.id for c in g.claims(as_of=when)}, when
    assert ids(g.related("LNA", relation="trains", direction="in", as_of="2019-09-15")) == {"IDF"}
    assert ids(g.related("LNA", relation="trains", direction="in", as_of=PUBLISHED)) == set()


def test_undated_claims_hold_when_the_report_was_published(g):
    """"… the Tripoli-based GNA is supported by Italy, Turkey and Qatar": stated as current
    on 7 December 2019, in force that day — not in 2015, nor after the report unless
    persistence is assumed."""
    assert "ITA" in ids(g.related("GNA", relation="backs", direction="in", as_of=PUBLISHED))
    assert "ITA" in ids(g.related("GNA", relation="backs", direction="in", as_of="2019-12"))
    for when in ("2015", "2019-01-01", "2019-12-31", "2020"):
        assert "ITA" not in ids(g.related("GNA", relation="backs", direction="in", as_of=when))
    persisting = ids(g.related("GNA", relation="backs", direction="in", as_of="2020",
                               assume_persistence=True))
    assert "ITA" in persisting
    assert "ITA" not in ids(g.related("GNA", relation="backs", direction="in", as_of="2015",
                                      assume_persistence=True))


# -- every name the report uses -----------------------------------------------------------------

NAMES = {
    # as written in the report -> actor id
    "Khalifa Haftar": "HAFTAR", "Haftar": "HAFTAR", "Libyan warlord": "HAFTAR",
    "the rogue general": "HAFTAR",
    "Haftar’s LNA": "LNA", "LNA": "LNA", "Haftar’s Libyan National Army": "LNA",
    "Libyan National Army": "LNA", "Haftar militias": "LNA", "militias loyal to Haftar": "LNA",
    "Haftar’s forces": "LNA", "LNA forces loyal to Haftar": "LNA",
    "the rogue general's forces": "LNA",
    "Israeli military": "IDF", "Israel": "ISR", "Israeli government": "ISR", "Mossad": "MOSSAD",
    "Egypt": "EGY", "Egyptian officials": "EGY", "Saudi Arabia": "SAU", "UAE": "ARE",
    "France": "FRA", "Russia": "RUS", "Italy": "ITA", "Turkey": "TUR", "Qatar": "QAT",
    "Government of National Accord": "GNA", "GNA": "GNA", "Tripoli-based GNA": "GNA",
    "UN-recognised Government of National Accord": "GNA", "Sarraj government": "GNA",
    "internationally-recognised government": "GNA",
    "Fayez Sarraj": "SARRAJ", "Sarraj": "SARRAJ",
    "eastern Libyan government": "EAST_GOV",
    "Libya’s eastern Haftar-affiliated government": "EAST_GOV",
    "Abdullah al-Thani": "ALTHANI", "Al-Thani": "ALTHANI",
    "Egypt’s General Intelligence Service": "GIS_EGY", "Abbas Kamel": "KAMEL",
    "Sameh Shukri": "SHUKRI",
    "Presidential Council": "PC", "UN-backed and GNA-led Presidential Council": "PC",
    "Tobruk-based parliament": "HOR", "Libya": "LBY", "UN": "UN", "Amnesty": "AMNESTY",
    "ICC": "ICC", "The New Arab": "TNA", "allied tribes": "LNA_TRIBES",
}


@pytest.mark.parametrize("name", sorted(NAMES), ids=sorted(NAMES))
def test_every_actor_the_report_names_is_found(g, name):
    """``g.actor(name)``, with the name as the report writes it, finds the actor,
    whatever the case."""
    expected = NAMES[name]
    assert g.actor(name).id == expected
    assert g.actor(name.upper()).id == expected
    assert g.actor(name.lower()).id == expected


def test_the_names_are_the_reports(report):
    """Each name looked up above is written so in the report."""
    lowered = report.lower()
    assert [n for n in NAMES if n.lower() not in lowered] == []


def test_every_actor_is_named_in_the_report(g, report):
    """No actor is invented: each has its label or an alias in the report. The three
    collectives are the report's "its allied tribes, militias and mercenaries" (README,
    curation rule 12), named by one word each."""
    lowered = report.lower()
    assert "its allied tribes, militias and mercenaries" in lowered
    collectives = {"LNA_TRIBES": "tribes", "LNA_MILITIAS": "militias", "LNA_MERCS": "mercenaries"}
    for actor in g.actors():
        names = (actor.label, *actor.aliases)
        if actor.id in collectives:
            assert any(collectives[actor.id] in n for n in names), actor.id
            continue
        assert any(_norm(n).lower() in lowered for n in names), actor.id
