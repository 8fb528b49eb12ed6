"""The reports written for the extraction tests (``tests/data/reports``)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

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
    path = Path(os.environ.get("ACTORGRAPH_REPORT",
                               "../shared/seeds/000_b8dc84c3be759f24.txt"))
    path = path if path.is_absolute() else ROOT / path
    return path if path.exists() else None


def extracted_claims(text: str, published: str):
    """The extraction of ``text`` and its candidates as ``(subject label, relation, object
    label, stance)``."""
    from actorgraph._extract import extract

    x = extract(text, published=published)
    label = {a.id: a.label for a in x.actors}
    return x, {(label[c.subject], c.relation, label[c.object], c.stance) for c in x.candidates}


def either_order(a: str, relation: str, b: str, stance: str = "asserts"):
    """Either order: for symmetric relations the extractor may state them either way."""
    return {(a, relation, b, stance), (b, relation, a, stance)}
