"""Fixtures of the extraction tests: the reports written for the project, and their readings."""

from __future__ import annotations

import pytest
from _extract_reports import load_report

pytest.importorskip("spacy", reason="extraction needs the extract extra")


@pytest.fixture(scope="session")
def extracted():
    """``extracted(name, model=None)``: the extraction of a report, computed once per session."""
    from actorgraph._extract import extract

    cache: dict = {}

    def get(name: str, model: str | None = None, known: bool = False):
        key = (name, model, known)
        if key not in cache:
            report = load_report(name)
            known_actors = ()
            if known:
                from actorgraph._model import Actor

                known_actors = [Actor.from_row(r) for r in report["actors"]]
            cache[key] = extract(report["text"], published=report["meta"]["published"],
                                 known_actors=known_actors, model=model,
                                 source_id=f"test-{name}")
        return cache[key]

    return get
