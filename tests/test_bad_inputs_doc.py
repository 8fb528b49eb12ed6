"""``docs/bad-inputs.md`` maps the catalogue of bad inputs (issue 12) to the tests that cover
each case: every case appears once, every case is covered, handed to the query-limits work,
or said not to apply, and every test or case it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "bad-inputs.md"
SECTIONS = {"A": 14, "B": 19, "C": 12, "D": 10, "E": 12, "F": 7, "G": 10, "H": 8, "I": 4}
ROW = re.compile(r"^\| ([A-I]\d+) \| (.*) \|$", re.M)
REFERENCE = re.compile(r"`(tests/[^`]+)`")


def _rows() -> dict[str, str]:
    rows: dict[str, str] = {}
    for case, rest in ROW.findall(DOC.read_text(encoding="utf-8")):
        assert case not in rows, f"{case} appears twice"
        rows[case] = rest
    return rows


ROWS = _rows()


def test_every_case_of_the_catalogue_appears_once():
    expected = {f"{s}{i}" for s, n in SECTIONS.items() for i in range(1, n + 1)}
    assert len(expected) == 96
    assert set(ROWS) == expected


@pytest.mark.parametrize("case", sorted(ROWS))
def test_every_case_is_covered_handed_over_or_does_not_apply(case):
    text = ROWS[case]
    assert (REFERENCE.search(text) or "query-limits work" in text
            or "Does not apply" in text), f"{case}: no test, no owner, no reason"


REFERENCES = sorted({ref for text in ROWS.values() for ref in REFERENCE.findall(text)})


@pytest.mark.parametrize("reference", REFERENCES)
def test_every_named_test_exists(reference):
    path, _, name = reference.partition("::")
    assert (ROOT / path).exists(), f"{path} does not exist"
    if name:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {re.escape(name)}\(", source, re.M), \
            f"{path} has no test {name}"
