"""``make demo`` extracts candidates from the sample report and shows them."""

from __future__ import annotations

import actorgraph
from actorgraph._demo import run


def test_the_demo_shows_the_sample_reports_candidates_and_writes_them(tmp_path):
    lines: list[str] = []
    written = run(tmp_path, echo=lines.append)
    text = "\n".join(lines)
    assert "Candidate claims extracted from a sample report" in text
    # 'Abu Dhabi denied supplying weapons to the paramilitary group': a denial, kept as one
    assert any("United Arab Emirates" in line and "denies arms" in line for line in lines)
    # 'is backed by Egypt': Egypt is the Libya data's own, not proposed
    proposed = next(line for line in lines if "proposed:" in line)
    assert "Egypt" not in proposed.split("proposed:")[1]
    assert actorgraph.validate(written["candidates"]).ok
