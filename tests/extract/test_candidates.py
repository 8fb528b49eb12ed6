"""A folder of candidates is a dataset: it loads, validates, renders and analyses like any, and
every quote is the report's text at its offsets."""

from __future__ import annotations

import csv
import shutil

import pytest
from _extract_reports import REPORT_NAMES, load_report
from click.testing import CliRunner

import actorgraph
from actorgraph._cli import cli
from actorgraph._exceptions import DataError, LoadError
from actorgraph._extract import sample_report
from actorgraph._extract._candidates import extract_report
from actorgraph._resources import dataset_path
from actorgraph._review import CandidateFolder


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(tmp_path, name: str, text: str, meta: dict, **options):
    report = tmp_path / f"{name}.txt"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / name
    extract_report(report, out, published=meta["published"], title=meta.get("title"),
                   publisher=meta.get("publisher"), **options)
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A folder of candidates of every report written for the tests, and of the sample."""
    tmp = tmp_path_factory.mktemp("candidates")
    out = {name: _write(tmp, name, r["text"], r["meta"])
           for name in REPORT_NAMES for r in [load_report(name)]}
    text, meta = sample_report()
    out["sample"] = _write(tmp, "sample", text, meta)
    return out


NAMES = [*REPORT_NAMES, "sample"]


@pytest.mark.parametrize("name", NAMES)
def test_the_folder_holds_the_dataset_files_the_report_and_a_readme(folders, name):
    files = {p.name for p in folders[name].iterdir()}
    assert files == {"actors.csv", "sources.csv", "claims.csv", "report.txt", "README.md"}


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_is_the_report_at_its_offsets(folders, name):
    text = (folders[name] / "report.txt").read_text(encoding="utf-8")
    rows = _rows(folders[name] / "claims.csv")
    assert rows
    for row in rows:
        assert text[int(row["evidence_start"]):int(row["evidence_end"])] == row["quote"]
        assert row["decision"] == "" and row["rule"] and 0 <= float(row["score"]) <= 1


@pytest.mark.parametrize("name", NAMES)
def test_the_folder_validates_with_the_loader_and_the_shapes(folders, name):
    report = actorgraph.validate(folders[name])
    assert report.ok, str(report)


@pytest.mark.parametrize("name", NAMES)
def test_the_folder_loads_renders_and_analyses_like_any_dataset(folders, name, tmp_path):
    from actorgraph._analyze import run

    g = actorgraph.load(folders[name])
    claims = g.claims()
    assert len(claims) == len(_rows(folders[name] / "claims.csv"))
    assert all(c.evidence_start is not None and c.rule for c in claims)
    assert {a.status for a in g.actors()} <= {"known", "proposed"}
    assert g.render(tmp_path / "view.html").stat().st_size > 0
    rows, _ = run(g, "contradictions")
    assert isinstance(rows, list)


def test_the_review_fields_read_back_from_every_store(folders):
    for store in ("memory", "oxigraph"):
        c1 = actorgraph.load(folders["sample"], store=store).claims()[0]
        assert (c1.evidence_start, c1.decision) == (
            _rows(folders["sample"] / "claims.csv")[0]["evidence_start"], None)
        assert c1.score == _rows(folders["sample"] / "claims.csv")[0]["score"]


def test_known_actors_are_copied_from_the_dataset(tmp_path):
    """The sample: 'is backed by Egypt' names EGY of data/libya-2019, kept with its Wikidata."""
    text, meta = sample_report()
    out = _write(tmp_path, "known", text, meta, datasets=[dataset_path()])
    actors = {r["id"]: r for r in _rows(out / "actors.csv")}
    assert actors["EGY"]["status"] == "known" and actors["EGY"]["wikidata"] == "Q79"
    assert actors["ARE"]["status"] == "known"
    proposed = [r for r in actors.values() if r["status"] == "proposed"]
    assert proposed and all(r["id"] not in ("EGY", "ARE", "SAU") for r in proposed)
    assert actorgraph.validate(out).ok


def test_the_source_is_the_report(folders):
    (source,) = _rows(folders["sample"] / "sources.csv")
    _, meta = sample_report()
    assert (source["title"], source["publisher"], source["published"]) == (
        meta["title"], meta["publisher"], meta["published"])
    assert {r["sources"] for r in _rows(folders["sample"] / "claims.csv")} == {source["id"]}


def test_without_a_title_the_headline_is_the_title(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Egypt backs Haftar\n\nEgypt backs the Libyan National Army.\n",
                      encoding="utf-8")
    extract_report(report, tmp_path / "out", published="2019-12-07")
    assert _rows(tmp_path / "out" / "sources.csv")[0]["title"] == "Egypt backs Haftar"


def test_an_existing_folder_is_not_overwritten_unless_asked(folders, tmp_path):
    from actorgraph._exceptions import ExportError

    text, meta = sample_report()
    out = _write(tmp_path, "twice", text, meta)
    with pytest.raises(ExportError, match="already exists"):
        _write(tmp_path, "twice", text, meta)
    _write(tmp_path, "twice", text, meta, overwrite=True)
    assert (out / "report.txt").read_text(encoding="utf-8") == text


# -- the review fields are checked like any field -----------------------------------------------

@pytest.mark.parametrize(("column", "value", "message"), [
    ("decision", "maybe", "invalid decision 'maybe'"),
    ("score", "1.5", "invalid score '1.5'"),
    ("evidence_start", "-3", "invalid offset '-3'"),
    ("evidence_end", "2", "evidence_end 2 is not after evidence_start"),
])
def test_a_bad_review_field_is_a_problem_on_its_line(folders, tmp_path, column, value, message):
    folder = tmp_path / "bad"
    shutil.copytree(folders["sample"], folder)
    rows = _rows(folder / "claims.csv")
    rows[0][column] = value
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(LoadError) as err:
        actorgraph.load(folder)
    (problem,) = err.value.problems
    assert (problem.file, problem.line, problem.field) == ("claims.csv", 2, column)
    assert message in problem.message


def test_a_bad_status_is_a_problem(folders, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(folders["sample"], folder)
    text = (folder / "actors.csv").read_text(encoding="utf-8")
    (folder / "actors.csv").write_text(text.replace(",proposed\n", ",new\n", 1),
                                       encoding="utf-8")
    with pytest.raises(LoadError, match="invalid status 'new'"):
        actorgraph.load(folder)


def test_a_quote_that_is_not_the_report_at_its_offsets_is_refused(folders, tmp_path):
    folder = tmp_path / "moved"
    shutil.copytree(folders["sample"], folder)
    rows = _rows(folder / "claims.csv")
    rows[1]["evidence_start"] = str(int(rows[1]["evidence_start"]) + 1)
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataError) as err:
        CandidateFolder(folder)
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (3, "quote")
    assert "not the report's text" in problem.message


# -- the command ------------------------------------------------------------------------------

def test_the_command_writes_the_folder_and_says_what_it_found(tmp_path):
    text, meta = sample_report()
    report = tmp_path / "sample.txt"
    report.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "extract", str(report), "--published", meta["published"], "--source-title",
        meta["title"], "--publisher", meta["publisher"], "-d", str(dataset_path()),
        "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "candidates" in result.stderr and "proposed" in result.stderr
    assert actorgraph.validate(tmp_path / "out").ok


@pytest.mark.parametrize(("args", "message"), [
    (["--published", "2024-13-01"], "month must be in 1..12"),
    (["--published", "2024-06-20", "--llm-url", "ftp://x"], "not an http(s) URL"),
])
def test_bad_options_are_clean_errors(tmp_path, args, message):
    report = tmp_path / "r.txt"
    report.write_text("Egypt backs the Libyan National Army.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(report), *args, "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_several_datasets_give_their_actors_once(tmp_path):
    """Two copies of data/libya-2019: 'is backed by Egypt' names the one EGY."""
    from actorgraph._review import known_actors

    text, meta = sample_report()
    actors = known_actors([dataset_path(), dataset_path()])
    assert [a.id for a in actors].count("EGY") == 1
    out = _write(tmp_path, "two", text, meta, datasets=[dataset_path(), dataset_path()])
    assert {r["id"]: r["status"] for r in _rows(out / "actors.csv")}["EGY"] == "known"
