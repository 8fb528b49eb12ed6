"""Accepting candidates into a dataset: a merge, written only once the result validates."""

from __future__ import annotations

import csv
import os
import shutil

import pytest
from click.testing import CliRunner

import actorgraph
from actorgraph._cli import cli
from actorgraph._exceptions import DataError
from actorgraph._extract import sample_report
from actorgraph._extract._candidates import extract_report
from actorgraph._resources import dataset_path
from actorgraph._review import CandidateFolder
from actorgraph._review._accept import accept

# names of data/libya-2019's actors, written as a new report would write them
LIBYA_REPORT = (
    "Egypt steps up support for Haftar\n\n"
    "The Libyan National Army, which is led by Khalifa Haftar, is backed by Egypt and the "
    "United Arab Emirates. Turkey has sent drones to the Government of National Accord.\n")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def libya(tmp_path):
    """A copy of data/libya-2019."""
    return shutil.copytree(dataset_path(), tmp_path / "libya-2019")


def _candidates(tmp_path, text, published, name="candidates", **options):
    report = tmp_path / f"{name}.txt"
    report.write_text(text, encoding="utf-8")
    extract_report(report, tmp_path / name, published=published, publisher="Example Wire",
                   **options)
    return tmp_path / name


@pytest.mark.parametrize("with_dataset", [False, True])
def test_accepting_every_candidate_into_a_copy_of_libya_gives_a_valid_dataset(
        tmp_path, libya, with_dataset):
    text, meta = sample_report()
    folder = _candidates(tmp_path, text, meta["published"],
                         datasets=[libya] if with_dataset else [])
    before = {k: len(_rows(libya / f"{k}.csv")) for k in ("actors", "sources", "claims")}
    n = len(_rows(folder / "claims.csv"))
    report = accept(folder, libya, every=True)
    assert len(report.claims) == n
    after = {k: len(_rows(libya / f"{k}.csv")) for k in ("actors", "sources", "claims")}
    assert after["claims"] == before["claims"] + n and after["sources"] == before["sources"] + 1
    checked = actorgraph.validate(libya)
    assert checked.ok, str(checked)
    # 'is backed by Egypt': Egypt is the dataset's EGY, not a second Egypt
    labels = [r["label"] for r in _rows(libya / "actors.csv")]
    assert labels.count("Egypt") == 1
    assert (libya / "README.md").read_bytes() == (dataset_path() / "README.md").read_bytes()


def test_proposed_actors_named_like_the_datasets_are_unified_not_duplicated(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    proposed = {r["label"] for r in _rows(folder / "actors.csv")}
    assert {"Libyan National Army", "Egypt", "Khalifa Haftar"} <= proposed
    report = accept(folder, libya, every=True)
    claims = {(c.subject, c.relation, c.object)
              for c in actorgraph.load(libya).claims() if c.id in report.claims.values()}
    assert {("EGY", "backs", "LNA"), ("ARE", "backs", "LNA"), ("HAFTAR", "leads", "LNA")} <= claims
    assert report.unified_actors["Libyan_National_Army"] == "LNA"
    assert len(_rows(libya / "actors.csv")) == len(_rows(dataset_path() / "actors.csv"))


def test_claim_ids_the_dataset_has_are_renamed(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    claims = _rows(libya / "claims.csv")
    claims[0]["id"] = "c1"
    _write_rows(libya / "claims.csv", claims)
    report = accept(folder, libya, ids=["c1", "c2"])
    assert report.claims == {"c1": "candidates.c1", "c2": "c2"}
    ids = [r["id"] for r in _rows(libya / "claims.csv")]
    assert len(ids) == len(set(ids)) and {"c1", "candidates.c1", "c2"} <= set(ids)


def test_by_default_the_candidates_accepted_in_review(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    review = CandidateFolder(folder)
    review.decide("c2", "accepted")
    review.decide("c1", "rejected")
    report = accept(folder, libya)
    assert list(report.claims) == ["c2"]
    with pytest.raises(DataError, match="c1 rejected in review"):
        accept(folder, libya, ids=["c1"])


def test_accepted_candidates_are_marked_in_the_folder(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    accept(folder, libya, ids=["c3"])
    assert {r["id"]: r["decision"] for r in _rows(folder / "claims.csv")}["c3"] == "accepted"


def test_accepting_twice_adds_nothing_the_second_time(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    accept(folder, libya, every=True)
    once = (libya / "claims.csv").read_bytes()
    report = accept(folder, libya, every=True)
    assert report.kept_once == list(report.claims)
    assert (libya / "claims.csv").read_bytes() == once


def test_what_is_written_has_no_review_fields(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    accept(folder, libya, every=True)
    assert "decision" not in (libya / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "status" not in (libya / "actors.csv").read_text(encoding="utf-8").splitlines()[0]


def test_a_result_that_would_not_validate_changes_nothing(tmp_path, libya):
    """A proposed actor whose names are two actors' ('Haftar' is HAFTAR's alias, 'LNA' the
    LNA's) stays apart, sharing names: the result would not validate."""
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    actors = _rows(folder / "actors.csv")
    for row in actors:
        if row["label"] == "Khalifa Haftar":
            row["label"], row["aliases"] = "Haftar", "LNA"
    _write_rows(folder / "actors.csv", actors)
    before = {p.name: p.read_bytes() for p in libya.iterdir()}
    with pytest.raises(DataError, match="would leave a dataset that does not validate") as err:
        accept(folder, libya, every=True)
    assert any("shares the name" in p.message or "Haftar" in str(p) for p in err.value.problems)
    assert {p.name: p.read_bytes() for p in libya.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".libya-2019")]
    assert {r["decision"] for r in _rows(folder / "claims.csv")} == {""}


def test_accepting_into_a_new_folder_makes_a_dataset(tmp_path):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    accept(folder, tmp_path / "new", every=True)
    assert actorgraph.validate(tmp_path / "new").ok


def test_the_dataset_keeps_its_permissions(tmp_path, libya):
    os.chmod(libya, 0o750)
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    accept(folder, libya, every=True)
    assert os.stat(libya).st_mode & 0o777 == 0o750


@pytest.mark.parametrize(("options", "message"), [
    ({}, "no candidate to accept"),
    ({"ids": ["c99"]}, "no candidate 'c99'"),
])
def test_nothing_or_an_unknown_id_is_an_error(tmp_path, libya, options, message):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    with pytest.raises(DataError, match=message):
        accept(folder, libya, **options)


def test_the_command(tmp_path, libya):
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    runner = CliRunner()
    result = runner.invoke(cli, ["accept", str(folder), "--into", str(libya), "--ids", "c1,c2"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("accepted 2 claim(s) into")
    both = runner.invoke(cli, ["accept", str(folder), "--into", str(libya), "--all", "--ids",
                               "c1"])
    assert both.exit_code == 2 and "not both" in both.output
    none = runner.invoke(cli, ["accept", str(folder), "--into", str(libya), "--ids", "c9"])
    assert none.exit_code == 1 and none.stderr.startswith("error: ")


def test_a_proposed_actor_takes_the_datasets_record_whatever_kind_was_guessed(tmp_path, libya):
    """'Haftar’s LNA' (the seed's standfirst): the proposed 'LNA' is the dataset's LNA, an
    armed_forces, whatever kind the extractor guessed."""
    folder = _candidates(tmp_path, "Haftar’s LNA is backed by Egypt.\n", "2019-12-07")
    report = accept(folder, libya, every=True)
    assert report.unified_actors["LNA"] == "LNA" and report.unified_actors["Egypt"] == "EGY"
    assert actorgraph.validate(libya).ok
    assert len(_rows(libya / "actors.csv")) == len(_rows(dataset_path() / "actors.csv"))


def test_a_candidate_whose_two_actors_are_one_actor_of_the_dataset_is_left_out(tmp_path, libya):
    """'Haftar's forces' and 'Libyan National Army' are both the dataset's LNA."""
    folder = _candidates(tmp_path, LIBYA_REPORT, "2019-12-07")
    review = CandidateFolder(folder)
    lna = next(a.id for a in review.actors.values() if a.label == "Libyan National Army")
    review.edit("c1", {"subject": "Haftars_forces", "relation": "part_of", "object": lna},
                new_actors=[actorgraph.Actor("Haftars_forces", "Haftar's forces", "armed_forces",
                                             status="proposed")])
    report = accept(folder, libya, ids=["c1", "c2"])
    assert report.collapsed == ["c1"] and list(report.claims) == ["c2"]
    assert actorgraph.validate(libya).ok
