"""validate(): the loader's checks and the SHACL shapes, each problem mapped to file:line:field."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import actorgraph
from _cases import DATA, dataset_of
from actorgraph._cli import cli
from actorgraph._validate import shacl_problems

AG = rdflib.Namespace("https://w3id.org/actorgraph/ontology#")
ACTOR = rdflib.Namespace("https://w3id.org/actorgraph/id/actor/")
CLAIM = rdflib.Namespace("https://w3id.org/actorgraph/id/claim/")


def test_the_bundled_dataset_is_valid():
    report = actorgraph.validate()
    assert report.ok, str(report)
    assert report.counts == {"actors": 30, "sources": 1, "claims": 70}


@pytest.mark.parametrize("case", sorted(p.name for p in (DATA / "valid").iterdir() if p.is_dir()))
def test_every_valid_example_passes_the_shapes(case):
    report = actorgraph.validate(dataset_of(DATA / "valid" / case))
    assert report.ok, str(report)


@pytest.mark.parametrize("case", sorted(p.name for p in (DATA / "invalid").iterdir() if p.is_dir()))
def test_every_invalid_example_fails(case):
    assert not actorgraph.validate(dataset_of(DATA / "invalid" / case)).ok


def _first(path: Path, column: str) -> tuple[str, int]:
    """The id in the first data row and its line (2: the header is line 1)."""
    header, first = path.read_text(encoding="utf-8-sig").splitlines()[:2]
    return first.split(",")[header.split(",").index(column)], 2


def test_a_shape_violation_is_mapped_back_to_its_csv_line():
    """A graph changed after loading (a second label, a quote removed) breaks the shapes;
    each violation names the CSV file, the record's line and the column."""
    folder = DATA / "valid" / "minimal"
    g = actorgraph.load(folder, store="memory")
    actor, actor_line = _first(folder / "actors.csv", "id")
    claim, claim_line = _first(folder / "claims.csv", "id")
    g.rdf.add((ACTOR[actor], rdflib.RDFS.label, rdflib.Literal("A second label")))
    g.rdf.remove((CLAIM[claim], AG.quote, None))
    found = {(p.file, p.line, p.field) for p in shacl_problems(g)}
    assert ("actors.csv", actor_line, "label") in found
    assert ("claims.csv", claim_line, "quote") in found


def test_cli_validate_reports_shape_problems_as_json(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(DATA / "invalid" / "self-loop"),
                                      "--format", "json"])
    assert result.exit_code == 1
    assert '"field": "object"' in result.stdout


def test_render_colours_by_camp(tmp_path):
    out = tmp_path / "camps.html"
    result = CliRunner().invoke(cli, ["render", "--color-by", "camp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '"camps":[{"camp":0' in page and '"camp":1' in page
