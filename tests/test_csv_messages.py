"""Messages about a CSV file that cannot be read as it is (issue 12, bad-inputs A7, A8, A9).

- A field over the size limit names file, line, field and size (A7); it blamed an unclosed
  quote and named no field.
- A header-only ``claims.csv`` is a warning line, never Python's ``UserWarning`` report, and
  the command exits 3: success, but not with data (A8).
- A file saved with ``;`` (or tabs) is one problem saying so, not one more for every claim
  naming its actors (A9: 147 problems for the Libya data before).
- An empty file, or a header with a wrong column, is told the header of a dataset's file:
  the review fields of a folder of candidates are not a dataset's columns.
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
from _cases import SOURCE, minimal_with
from actorgraph._records import MAX_FIELD
from actorgraph._resources import dataset_path
from actorgraph._schema import FILES, REVIEW, columns


def _errors(folder: Path) -> actorgraph.LoadError:
    with pytest.raises(actorgraph.LoadError) as caught:
        actorgraph.load(folder)
    return caught.value


def _row(quote_cell: str) -> str:
    return f"c1,EGY,backs,LNA,,,probable,{SOURCE},{quote_cell},,,,"


@pytest.mark.parametrize("cell", ["x" * 1_200_000, '"' + "y" * 1_200_000 + '"'],
                         ids=["unquoted", "quoted"])
def test_an_oversized_field_names_its_field_and_size(tmp_path, cell):
    err = _errors(minimal_with(tmp_path / "d", [_row(cell)]))
    (problem,) = err.problems
    assert (problem.file, problem.line, problem.field) == ("claims.csv", 2, "quote")
    assert f"1,200,000 characters (1.2 MB) exceeds the limit of {MAX_FIELD:,}" in str(err)
    assert "unclosed quote" not in str(err)


def test_an_unclosed_quote_names_its_field_and_line(tmp_path):
    """A quote opened in ``quote`` on line 3 and never closed swallows the rest of the file:
    the message says where it opened."""
    err = _errors(minimal_with(tmp_path / "d", [_row("fine"), _row('"never closed'),
                                                _row("swallowed")]))
    (problem,) = err.problems
    assert (problem.line, problem.field) == (3, "quote")
    assert "unclosed quote (opened on line 3" in problem.message


def test_text_after_a_closing_quote_names_its_field(tmp_path):
    err = _errors(minimal_with(tmp_path / "d", [_row('"said" he')]))
    (problem,) = err.problems
    assert (problem.line, problem.field) == (2, "quote")
    assert "text after the closing quote" in problem.message


# -- A9: the wrong delimiter, once ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["actors.csv", "sources.csv", "claims.csv"])
@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_file_saved_with_another_separator_is_one_problem(tmp_path, name, sep):
    """The Libya data with one file re-saved by a localised spreadsheet: one problem, on
    that file's header, naming the separator — no 'unknown actor' for every claim."""
    folder = tmp_path / "libya"
    shutil.copytree(dataset_path(), folder)
    rows = list(csv.reader((folder / name).open(encoding="utf-8", newline="")))
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=sep).writerows(rows)
    err = _errors(folder)
    (problem,) = err.problems
    assert (problem.file, problem.line) == (name, 1)
    assert f"separates its columns with {sep!r}" in problem.message


@pytest.mark.parametrize("kind", ["actor", "source", "claim"])
def test_an_empty_file_is_told_the_header_of_a_dataset(tmp_path, kind):
    """A 0-byte file: the header to write is the dataset's, from the schema; for
    claims.csv it listed the review fields too (evidence_start, …, decision)."""
    folder = shutil.copytree(dataset_path(), tmp_path / "d")
    (folder / FILES[kind]).write_bytes(b"")
    (problem, *_) = [p for p in _errors(folder).problems if p.file == FILES[kind]]
    assert (problem.line, problem.message) == (1, "empty file")
    assert problem.hint == ("the first line must be the header: "
                            + ",".join(columns(kind, review=False)))
    assert not {"status", "evidence_start", "rule", "decision"} & set(problem.hint.split(","))


@pytest.mark.parametrize("kind", ["actor", "claim"])
def test_a_wrong_header_is_told_the_columns_of_a_dataset_then_of_candidates(tmp_path, kind):
    folder = shutil.copytree(dataset_path(), tmp_path / "d")
    text = (folder / FILES[kind]).read_text(encoding="utf-8")
    (folder / FILES[kind]).write_text(text.replace(",", ",founded,", 1), encoding="utf-8")
    (problem, *_) = [p for p in _errors(folder).problems if p.file == FILES[kind]]
    assert "unknown column 'founded'" in problem.message
    assert problem.hint == (f"the columns are: {','.join(columns(kind, review=False))} "
                            f"(a folder of candidates adds {','.join(REVIEW[kind])})")


def test_a_missing_actors_file_is_not_reported_at_every_claim(tmp_path):
    folder = minimal_with(tmp_path / "d")
    (folder / "actors.csv").unlink()
    err = _errors(folder)
    assert [str(p) for p in err.problems] == [
        "actors.csv: file missing; a dataset folder holds actors.csv, sources.csv, claims.csv"]


# -- A8: no claims -----------------------------------------------------------------------------------

def _header_only(tmp_path) -> Path:
    folder = minimal_with(tmp_path / "d", [])
    assert (folder / "claims.csv").read_text(encoding="utf-8").count("\n") == 1
    return folder


def test_no_claims_is_a_warning_in_python(tmp_path):
    from actorgraph._load import NoClaimsWarning

    with pytest.warns(NoClaimsWarning, match=r"has no claims \(0 records\)"):
        graph = actorgraph.load(_header_only(tmp_path))
    assert graph.info()["claims"] == 0 and graph.info()["actors"] == 5


@pytest.mark.parametrize("args", [["info", "--format", "json", "-d"], ["validate"],
                                  ["claims", "-d"]])
def test_no_claims_exits_3_with_a_clean_warning_line(tmp_path, args):
    """The command prints its answer, one ``warning:`` line on stderr (no Python warning
    report, no file of ours), and exits 3, which scripts can tell from 0."""
    proc = subprocess.run([sys.executable, "-m", "actorgraph", *args,
                           str(_header_only(tmp_path))],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.splitlines() == [
        f"warning: {tmp_path / 'd'}: the dataset has no claims (0 records)"]
    assert "UserWarning" not in proc.stderr
    if "json" in args:
        assert json.loads(proc.stdout)["claims"] == 0


def test_a_dataset_with_claims_exits_0():
    proc = subprocess.run([sys.executable, "-m", "actorgraph", "info", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == ""


@pytest.mark.parametrize("where", ["http://127.0.0.1:9/data.ttl", "file:///etc/passwd"])
def test_a_url_is_not_a_path(where, sockets):
    """A URL where a path is expected is named as written and never fetched (B13)."""
    with pytest.raises(actorgraph.LoadError) as caught:
        actorgraph.load(where)
    assert "a URL, not a file or folder: nothing is fetched" in str(caught.value)
    assert caught.value.problems[0].file == where
    assert sockets == []


def test_an_rdf_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    """The size is checked first, with the way out (B17); the limit is lowered for the test."""
    from actorgraph import _rdfload

    path = tmp_path / "big.nt"
    path.write_bytes(b"<http://e/a> <http://e/p> \"x\" .\n" * 40_000)
    monkeypatch.setattr(_rdfload, "MAX_BYTES", 1024 * 1024)
    with pytest.raises(actorgraph.LoadError, match=r"file is 1 MB > limit 1 MB.*oxigraph:PATH"):
        actorgraph.load(path)


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".rdf", ".yaml"])
def test_formats_not_read_are_refused_by_name(tmp_path, suffix):
    """Quads (TriG, N-Quads), RDF/XML and YAML are not read: refused, never guessed (B9,
    B14, A11)."""
    path = tmp_path / f"data{suffix}"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(actorgraph.LoadError, match=f"unknown format '{suffix}'"):
        actorgraph.load(path)
