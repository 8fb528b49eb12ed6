"""Fixtures of the extraction tests: the reports written for the project, and their readings."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="extraction needs the extract extra")

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
ROOT = Path(__file__).resolve().parents[2]
REPORT_NAMES = sorted(p.name for p in REPORTS.iterdir() if (p / "report.txt").exists())


def load_report(name: str) -> dict:
    """A report folder: its text, meta, expected claims (rows) and expected actors (rows)."""
    folder = REPORTS / name

    def rows(file: str) -> list[dict]:
        with open(folder / file, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    return {"name": name, "folder": folder,
            "text": (folder / "report.txt").read_text(encoding="utf-8"),
            "meta": json.loads((folder / "meta.json").read_text(encoding="utf-8")),
            "claims": rows("expected-claims.csv"), "actors": rows("expected-actors.csv")}


def seed_path() -> Path | None:
    """The seed report's text, if this checkout has it beside it (never in the repository)."""
    path = Path(os.environ.get("ACTORGRAPH_SEED_REPORT",
                               "../shared/seeds/000_b8dc84c3be759f24.txt"))
    path = path if path.is_absolute() else ROOT / path
    return path if path.exists() else None


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

                known_actors = [Actor(r["id"], r["label"], r["kind"],
                                      tuple(a for a in r["aliases"].split("|") if a))
                                for r in report["actors"]]
            cache[key] = extract(report["text"], published=report["meta"]["published"],
                                 known_actors=known_actors, model=model,
                                 source_id=f"test-{name}")
        return cache[key]

    return get
