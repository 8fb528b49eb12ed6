"""Every candidate's quote is the report's exact text at its offsets; output is deterministic."""

from __future__ import annotations

import csv
import io

import pytest
from _extract_reports import REPORT_NAMES, load_report, seed_path

from actorgraph._extract import BLANK, CLAIM_COLUMNS, extract, sample_report


@pytest.mark.parametrize("model", [None, BLANK])
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_quote_is_the_text_at_its_offsets(extracted, name, model):
    x = extracted(name, model)
    assert x.candidates, f"{name}: no candidates"
    for c in x.candidates:
        assert x.text[c.evidence_start:c.evidence_end] == c.quote, c


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_expected_quotes_are_verbatim(name):
    report = load_report(name)
    for row in report["claims"]:
        assert row["quote"] in report["text"], row


def test_sample_and_seed_keep_the_invariant():
    text, meta = sample_report()
    texts = [(text, meta["published"])]
    seed = seed_path()
    if seed is not None:
        texts.append((seed.read_text(encoding="utf-8"), "2019-12-07"))
    for body, published in texts:
        x = extract(body, published=published)
        assert x.candidates
        for c in x.candidates:
            assert body[c.evidence_start:c.evidence_end] == c.quote


def _csv(x) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CLAIM_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(x.claim_rows())
    return out.getvalue() + repr(x.actor_rows())


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_same_input_same_output_byte_for_byte(name):
    report = load_report(name)
    first = extract(report["text"], published=report["meta"]["published"])
    second = extract(report["text"], published=report["meta"]["published"])
    assert _csv(first) == _csv(second)
    assert [c.id for c in first.candidates] == [f"c{i}" for i in
                                                  range(1, len(first.candidates) + 1)]


def test_script_in_the_text_is_only_text():
    text = ("<script>alert('x')</script> Iran has armed the Houthi movement, according to "
            "United Nations experts. <img src=x onerror=alert(1)>")
    x = extract(text, published="2021-03-18")
    armed = [c for c in x.candidates if c.relation == "arms"]
    assert armed and armed[0].quote in text
    assert all("<script>" not in a.label for a in x.actors)
