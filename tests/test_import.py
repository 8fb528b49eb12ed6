"""The importers: each fixture (rows in the release's own column layout, see
tests/data/imports/README.md) gives a dataset folder that validates, whose answers follow the
codebook's definitions (quoted in each test), and that a second import leaves byte for byte
as it was.

Codebooks cited:
- UCDP ESD: Meier, Karlén, Pettersson and Croicu (2023), and the ESD codebook (v18.1);
- UCDP/PRIO ACD: the UCDP/PRIO Armed Conflict Dataset codebook (v25.1);
- ACLED: the ACLED Codebook (2023);
- Mapping Militants: the project's relationship types (allies, affiliates, rivals, mergers,
  splits);
- Wikidata: the properties' own definitions (P945 allegiance, P463 member of …).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import actorgraph
from actorgraph._import import IMPORTERS, import_dataset
from actorgraph._vocab import RELATIONS

IMPORTS = Path(__file__).parent / "data" / "imports"
FIXTURES = {
    "ucdp-esd": IMPORTS / "ucdp-esd" / "ucdp-esd-ty-181.csv",
    "ucdp-acd": IMPORTS / "ucdp-acd" / "UcdpPrioDyadic_v25_1.csv",
    "acled": IMPORTS / "acled" / "acled-arcadia-2019.csv",
    "mmp": IMPORTS / "mmp" / "relationships.csv",
    "wikidata": IMPORTS / "wikidata" / "entities.json",
}
CASES = [*FIXTURES.items(), ("wikidata", IMPORTS / "wikidata" / "sparql-results.json"),
         ("acled", FIXTURES["acled"])]
IDS = ["ucdp-esd", "ucdp-acd", "acled", "mmp", "wikidata-entities", "wikidata-sparql",
       "acled-pair-month"]
OPTIONS = [{}, {}, {}, {}, {}, {}, {"per": "pair-month"}]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, actorgraph.Graph]:
    """Each fixture imported once, and loaded."""
    out = {}
    for kind, path in FIXTURES.items():
        folder = tmp_path_factory.mktemp(kind) / "dataset"
        import_dataset(kind, path, folder)
        out[kind] = actorgraph.load(folder)
    return out


def claims_of(graph, **query) -> dict[tuple[str, str, str], actorgraph.Claim]:
    return {(c.subject, c.relation, c.object): c for c in graph.claims(**query)}


def test_every_importer_has_a_fixture():
    assert set(IMPORTERS) == set(FIXTURES)


@pytest.mark.parametrize(("kind", "path", "options"),
                         [(k, p, o) for (k, p), o in zip(CASES, OPTIONS)], ids=IDS)
def test_a_fixture_imports_to_a_dataset_that_validates(kind, path, options, tmp_path):
    report = import_dataset(kind, path, tmp_path / "out", **options)
    assert report.counts["claim"] > 0
    validation = actorgraph.validate(tmp_path / "out")
    assert validation.ok, str(validation)
    source, = actorgraph.load(tmp_path / "out").sources()
    assert source.kind == "dataset" and source.citation and source.title
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert path.name in readme and str(tmp_path) not in readme


@pytest.mark.parametrize(("kind", "path", "options"),
                         [(k, p, o) for (k, p), o in zip(CASES, OPTIONS)], ids=IDS)
def test_a_second_import_of_the_same_file_changes_nothing(kind, path, options, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    import_dataset(kind, path, first, **options)
    snapshot = {p.name: p.read_bytes() for p in first.iterdir()}
    import_dataset(kind, path, first, overwrite=True, **options)
    import_dataset(kind, path, second, **options)
    for folder in (first, second):
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == snapshot


@pytest.mark.parametrize("kind", ["ucdp-esd", "ucdp-acd", "acled", "mmp"])
def test_a_file_is_read_directly_by_its_format_name_or_by_its_header(kind):
    named = actorgraph.load(FIXTURES[kind], format=kind)
    sniffed = actorgraph.load(FIXTURES[kind])
    assert named.claims() == sniffed.claims() and named.claims()


def test_wikidata_json_is_read_with_its_format_name():
    assert actorgraph.load(FIXTURES["wikidata"], format="wikidata").claims()


@pytest.mark.parametrize("kind", ["ucdp-esd", "ucdp-acd", "acled", "mmp"])
def test_a_missing_column_is_an_error_naming_the_file_and_the_column(kind, tmp_path):
    text = FIXTURES[kind].read_text(encoding="utf-8").splitlines()
    column = IMPORTERS[kind].required[1]
    header = text[0].split(",")
    index = header.index(column)
    header[index] = "renamed"
    bad = tmp_path / FIXTURES[kind].name
    bad.write_text("\n".join([",".join(header), *text[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(actorgraph.LoadError) as err:
        import_dataset(kind, bad, tmp_path / "out")
    assert FIXTURES[kind].name in str(err.value) and repr(column) in str(err.value)
    assert not (tmp_path / "out").exists()


def test_an_unknown_extra_column_is_ignored_with_a_note(tmp_path):
    lines = FIXTURES["mmp"].read_text(encoding="utf-8").splitlines()
    extra = tmp_path / "relationships.csv"
    extra.write_text("\n".join([lines[0] + ",map_name", *(line + ",Global" for line in lines[1:])])
                     + "\n", encoding="utf-8")
    report = import_dataset("mmp", extra, tmp_path / "out")
    assert any("map_name" in note for note in report.notes)
    assert report.counts["claim"] == 6


def test_a_bad_cell_names_its_file_line_and_column(tmp_path):
    lines = FIXTURES["ucdp-esd"].read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",0,1,1,0,0,0,0,0,0,1,1,0,0,0", ",0,7,1,0,0,0,0,0,0,1,1,0,0,0")
    bad = tmp_path / "esd.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(actorgraph.LoadError) as err:
        import_dataset("ucdp-esd", bad, tmp_path / "out")
    problem, = err.value.problems
    assert (problem.file, problem.line, problem.field) == ("esd.csv", 3, "ext_alleged")


# --- UCDP External Support Dataset ---------------------------------------------------------

def test_esd_support_types_follow_the_ontology_annotations():
    """The ESD columns map as the ontology's ag:ucdpEsd annotations say; "other" and
    "unknown" support (ext_o, ext_u) are support of no type the vocabulary has: backs."""
    from actorgraph._import._ucdp import esd_relations

    mapping = esd_relations()
    for column, relation in mapping.items():
        anchors = RELATIONS[relation].ucdp_esd or ""
        assert column.removeprefix("ext_") in {a.strip() for a in anchors.split(",")} or (
            column in ("ext_o", "ext_u", "ext_sup") and relation == "backs")
    assert {mapping[c] for c in ("ext_w", "ext_m")} == {"arms"}
    assert mapping["ext_t"] == "trains" and mapping["ext_f"] == "funds"
    assert mapping["ext_l"] == "provides_access"


def test_esd_a_row_gives_one_claim_per_relation_for_its_year(imported):
    """Row 1: Borduria supports the Government of Arcadia in 2015 with troops (ext_x),
    weapons (ext_w), materiel (ext_m) and training (ext_t)."""
    claims = claims_of(imported["ucdp-esd"], subject="ucdp-910", object="ucdp-901")
    by_relation = {r: c for (_, r, _), c in claims.items()}
    assert {"deploys_forces", "arms", "trains"} <= set(by_relation)
    arms = by_relation["arms"]
    assert (arms.start, arms.end, arms.certainty, arms.quote) == ("2015", "2015", "probable",
                                                                  None)
    assert arms.evidence == ("UCDP ESD 18.1, ext_id 910, actor_id 901, dyad_id 900, 2015: "
                             "ext_w, ext_m")
    assert arms.place == "Arcadia"


def test_esd_alleged_support_is_possible(imported):
    """ext_alleged = 1: the support is alleged, not confirmed by UCDP's sources."""
    claims = imported["ucdp-esd"].claims(subject="ucdp-911")
    assert {c.relation for c in claims} == {"funds", "shares_intelligence"}
    assert {c.certainty for c in claims} == {"possible"}


def test_esd_a_coalition_is_kept_as_an_actor_and_the_channel_of_the_support(imported):
    """ext_coalition = 1 with ext_coalition_name: Zembla's support went through the
    Northern Coalition: Zembla is part of it, and its support is via it."""
    g = imported["ucdp-esd"]
    coalition = g.actor("Northern Coalition")
    assert claims_of(g, subject="ucdp-912", relation="part_of")[
        ("ucdp-912", "part_of", coalition.id)]
    support = g.claims(subject="ucdp-912", relation="backs", object="ucdp-901")
    assert {c.relation for c in support} == {"deploys_forces", "provides_access"}
    assert all(c.via == (coalition.id,) for c in support)


def test_esd_support_by_elements_of_a_state_is_not_the_state_s(imported):
    """ext_elements = 1: elements of Ruritania, not its government, armed the Front."""
    g = imported["ucdp-esd"]
    assert not g.related("ucdp-913", relation="backs")
    elements = g.actor("Elements of Ruritania")
    assert [a.id for a in g.related(elements, relation="arms")] == ["ucdp-902"]
    assert [a.id for a in g.related(elements, relation="part_of")] == ["ucdp-913"]


def test_esd_support_to_both_sides_is_kept_on_both_claims(imported):
    """ext_bothsides = 1: Borduria supported both the government and the Front in 2016."""
    g = imported["ucdp-esd"]
    targets = {c.object for c in g.claims(subject="ucdp-910", relation="backs", as_of="2016")
               if "both sides" in (c.note or "")}
    assert targets == {"ucdp-901", "ucdp-902"}


def test_esd_related_answers(imported):
    """Who backs the Government of Arcadia: every supporter with a support type or ext_sup."""
    g = imported["ucdp-esd"]
    backers = {a.id for a in g.related("ucdp-901", relation="backs", direction="in",
                                       assume_persistence=True)}
    assert backers == {"ucdp-910", "ucdp-912", "ucdp-914"}
    assert g.claims(subject="ucdp-914")[0].relation == "backs"  # ext_o: other support
    assert "ucdp-915" not in {a.id for a in g.actors()}  # no support coded: no claim


def test_esd_actors_keep_their_ucdp_ids_and_kinds(imported):
    g = imported["ucdp-esd"]
    government = g.actor("ucdp-901")
    assert government.identifiers == ("ucdp:901",) and government.kind == "government"
    assert "Arcadia" in government.aliases  # the state's name, as other datasets give it
    assert g.actor("ucdp-902").kind == "armed_group" and g.actor("ucdp-910").kind == "state"


# --- UCDP/PRIO Armed Conflict Dataset --------------------------------------------------------

def test_acd_a_dyad_year_is_a_fight_and_secondary_parties_deploy_forces(imported):
    """side_a and side_b of a dyad fight in its year; the states of side_a_2nd are, in the
    codebook's terms, secondary warring parties: they send troops to fight beside side A."""
    g = imported["ucdp-acd"]
    fights = g.claims(subject="ucdp-901", relation="fights", object="ucdp-902")
    assert sorted((c.start, c.end) for c in fights) == [("2015", "2015"), ("2016", "2016")]
    assert fights[0].evidence.startswith("UCDP/PRIO ACD 25.1, dyad_id 900, conflict_id 800")
    deployers = {c.subject: c for c in g.claims(relation="deploys_forces", object="ucdp-901")}
    assert set(deployers) == {"gwno-712", "ucdp-910"}  # Borduria is side_a of dyad 901
    zembla = g.actor("gwno-712")
    assert zembla.identifiers == ("gwno:712",) and "Zembla" in zembla.aliases


def test_esd_and_acd_share_ucdp_actor_ids(imported):
    esd = {a.id for a in imported["ucdp-esd"].actors()}
    acd = {a.id for a in imported["ucdp-acd"].actors()}
    assert {"ucdp-901", "ucdp-902", "ucdp-910", "ucdp-911"} <= esd & acd


# --- ACLED -----------------------------------------------------------------------------------

def test_acled_battles_and_strikes_on_armed_actors_are_fights(imported):
    """Battles are "a violent interaction between two organised armed groups" (ACLED
    Codebook); associated actors fight alongside the main actor; remote violence against an
    armed actor is combat too; against civilians, no relation of the vocabulary."""
    g = imported["acled"]
    army, front = g.actor("acled-military-forces-of-arcadia-2014"), g.actor(
        "acled-arcadian-liberation-front")
    militia = g.actor("Harbour Militia")
    events = {c.evidence.split()[2]: c for c in g.claims(relation="fights")}
    assert set(events) == {"ARC1001", "ARC1002", "ARC1008"}
    assert {(c.subject, c.object) for c in g.claims(relation="fights")
            if "ARC1001" in c.evidence} == {(army.id, front.id), (army.id, militia.id)}
    battle = events["ARC1008"]
    assert battle.start == "2019-05"  # time_precision 3: the month only
    assert battle.place == "Mirel, North, Arcadia" and battle.attributed_to == "Radio North"
    assert battle.quote.startswith("In May 2019")
    assert "acled:Military Forces of Arcadia (2014-)" in army.identifiers
    assert army.kind == "armed_forces" and front.kind == "armed_group"


def test_acled_agreements_are_agreements(imported):
    """Strategic developments, sub-event "Agreement": an agreement between actors."""
    g = imported["acled"]
    agreement, = g.claims(relation="agreement_with")
    assert agreement.evidence == "ACLED event ARC1006 (Strategic developments: Agreement)"
    assert "Civilians (Arcadia)" not in {a.label for a in g.actors()}


def test_acled_per_pair_month_keeps_event_ids_dates_and_places(tmp_path):
    import_dataset("acled", FIXTURES["acled"], tmp_path / "pm", per="pair-month")
    g = actorgraph.load(tmp_path / "pm")
    april = {c.id: c for c in g.claims() if c.id.endswith("2019-04") and c.relation == "fights"}
    pair = next(c for c in april.values() if "arcadian-liberation-front" in c.id
                and "military" in c.id)
    assert pair.evidence == "ACLED, 2 event(s) in 2019-04: ARC1001 ARC1002"
    assert (pair.start, pair.end, pair.place) == ("2019-04-04", "2019-04-11",
                                                  "Port Aster, North, Arcadia")
    assert pair.quote is None


# --- Mapping Militant Organizations ----------------------------------------------------------

@pytest.mark.parametrize(("unique_id", "relation", "start", "end"), [
    ("5001", "allied_with", "2010-02-18", None),  # all: allies
    ("5002", "affiliated_with", "2014-02", None),  # aff: affiliates
    ("5003", "opposes", "2005", None),  # riv: rivals
    ("5004", "part_of", "2012-06-01", None),  # mer: a merger, from its date
    ("5005", "part_of", None, "2016-11-03"),  # spl: a split ends membership at its date
    ("5006", "opposes", None, None),  # no date
])
def test_mmp_types_map_to_the_vocabulary(imported, unique_id, relation, start, end):
    claim = {c.id: c for c in imported["mmp"].claims()}[f"mmp-{unique_id}"]
    assert (claim.relation, claim.start, claim.end) == (relation, start, end)
    assert claim.quote and claim.evidence.startswith(
        f"Mapping Militant Organizations, relationship {unique_id}")


def test_mmp_groups_keep_their_ids(imported):
    front = imported["mmp"].actor("Arcadian Liberation Front")
    assert (front.id, front.identifiers) == ("mmp-301", ("mmp:301",))


# --- Wikidata --------------------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "relation", "object_", "start", "end", "certainty"), [
    ("Q9900001", "affiliated_with", "Q9900003", "2012", None, "probable"),  # P945 allegiance
    ("Q9900001", "part_of", "Q9900004", "2014-03", "2017-06-21", "probable"),  # P463 member of
    ("Q9900002", "accuses", "Q9900001", None, None, "probable"),  # P3461 designated … by
    ("Q9900001", "affiliated_with", "Q9900005", None, None, "possible"),  # P1416, no reference
    ("Q9900007", "part_of", "Q9900002", None, None, "probable"),  # P749 parent, P355 subsidiary
])
def test_wikidata_properties_map_to_the_vocabulary(imported, subject, relation, object_, start,
                                                    end, certainty):
    claims = claims_of(imported["wikidata"])
    claim = claims[(f"wd-{subject}", relation, f"wd-{object_}")]
    assert (claim.start, claim.end, claim.certainty) == (start, end, certainty)


def test_wikidata_deprecated_statements_give_no_claim(imported):
    assert "wd-Q9900006" not in {a.id for a in imported["wikidata"].actors()}


def test_wikidata_items_are_iris_in_rdf_and_qids_in_records(imported):
    g = imported["wikidata"]
    assert g.actor("Arcadia").wikidata == "Q9900002"
    assert g.query("ASK { ?a owl:sameAs <http://www.wikidata.org/entity/Q9900002> }").boolean


def test_a_newer_release_updates_the_same_records_instead_of_duplicating(tmp_path):
    """Release 19.1 of the ESD file adds a row: imported over the 18.1 folder, every actor
    and claim keeps its id (they come from UCDP's keys), one claim is added, and the records
    name the new release."""
    older = tmp_path / "ucdp-esd-ty-181.csv"
    shutil.copy(FIXTURES["ucdp-esd"], older)
    newer = tmp_path / "ucdp-esd-ty-191.csv"
    newer.write_text(older.read_text(encoding="utf-8") + "2017,900,Government of Arcadia - "
                     "ALF,800,Arcadia,1,901,Government of Arcadia,0,910,Borduria,0,0,,0,0,0,1,"
                     "0,0,0,0,0,0,1,0,0,0,0\n", encoding="utf-8")
    folder = tmp_path / "esd"
    import_dataset("ucdp-esd", older, folder)
    before = actorgraph.load(folder)
    import_dataset("ucdp-esd", newer, folder, overwrite=True)
    after = actorgraph.load(folder)
    assert {a.id for a in after.actors()} == {a.id for a in before.actors()}
    added = {c.id for c in after.claims()} - {c.id for c in before.claims()}
    assert added == {"esd-910-901-900-2017-funds"}
    assert {c.sources for c in after.claims()} == {("ucdp-esd-19.1",)}


def test_esd_a_supporter_that_is_the_coalition_it_names_stays_the_supporter(tmp_path):
    path = tmp_path / "ucdp-esd-ty-181.csv"
    path.write_text(FIXTURES["ucdp-esd"].read_text(encoding="utf-8") + "2016,900,Government of "
                    "Arcadia - ALF,800,Arcadia,1,901,Government of Arcadia,0,916,Northern "
                    "Coalition,0,1,Northern Coalition,0,0,0,1,0,0,0,0,0,1,0,0,0,0,0\n",
                    encoding="utf-8")
    import_dataset("ucdp-esd", path, tmp_path / "out")
    g = actorgraph.load(tmp_path / "out")
    claim, = g.claims(subject="ucdp-916")
    assert (claim.relation, claim.object, claim.via) == ("trains", "ucdp-901", ())
