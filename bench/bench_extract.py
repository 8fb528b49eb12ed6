"""Extraction: precision and recall of relations, and time against the pipeline's own parse.

Reports: every folder of ``tests/data/reports/`` with ``report.txt``, ``meta.json``,
``expected-actors.csv`` and ``expected-claims.csv`` (reports written for the project,
about conflicts other than Libya; ``"held_out": true`` in ``meta.json`` marks one measured
only after the rules were frozen), and the seed report of ``data/libya-2019``, whose text
is not in the repository: it is read from the file named by ``$ACTORGRAPH_REPORT`` (else
from the fallback path ``SEED_DEFAULT``) and scored against ``data/libya-2019/claims.csv``
and ``actors.csv``. If it is absent the seed rows say so.

Every report is extracted **without** known actors (no curated names to lean on); the
reports written for the project are also run with their expected actors as known actors
(what ``--dataset`` gives). The matching rule is ``actorgraph._extract._score``'s:
distinct (subject, relation, object, stance), symmetric relations unordered, extracted
actors matched to expected ones by a shared name, sub-relations counted as their own.

Time: the median of 5 runs (after one warm-up) of ``extract`` on the report, and of the
spaCy pipeline alone over the same text (the floor); ``ratio`` is their quotient (target
at most 3). Targets: P and R >= 0.7 on the seed, >= 0.6 on the other reports, every
expected denial extracted as a denial (``flipped`` 0, denial recall 1).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from bench._util import timeit

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "data" / "reports"
SEED_DEFAULT = "../shared/seeds/000_b8dc84c3be759f24.txt"


def _reports() -> list[dict]:
    out = []
    for folder in sorted(p for p in REPORTS.iterdir() if (p / "expected-claims.csv").exists()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        out.append({"name": folder.name, "text": (folder / "report.txt").read_text(
            encoding="utf-8"), "published": meta["published"],
            "actors": folder / "expected-actors.csv", "claims": folder / "expected-claims.csv",
            "held_out": bool(meta.get("held_out"))})
    return out


def _seed() -> dict | None:
    path = Path(os.environ.get("ACTORGRAPH_REPORT", SEED_DEFAULT))
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        return None
    data = ROOT / "data" / "libya-2019"
    with open(data / "sources.csv", encoding="utf-8", newline="") as f:
        published = next(csv.DictReader(f))["published"]
    return {"name": "seed (libya-2019)", "text": path.read_text(encoding="utf-8"),
            "published": published, "actors": data / "actors.csv",
            "claims": data / "claims.csv", "held_out": False}


def _known(actors_csv: Path):
    from actorgraph._model import Actor

    with open(actors_csv, encoding="utf-8", newline="") as f:
        return [Actor.from_row(r) for r in csv.DictReader(f)]


def run(quick: bool = False) -> list[dict]:
    """Score and time every report (``quick``: one timing run instead of five)."""
    from actorgraph._extract import extract
    from actorgraph._extract._nlp import load_pipeline
    from actorgraph._extract._score import load_gold, score

    pipeline = load_pipeline()
    rows = []
    seed = _seed()
    reports = _reports() + ([seed] if seed else [])
    for report in reports:
        gold = load_gold(report["actors"], report["claims"])
        runs = [("none", ())]
        if not report["name"].startswith("seed"):
            runs.append(("known", _known(report["actors"])))
        for label, known in runs:
            x = extract(report["text"], published=report["published"], known_actors=known)
            for row in score(x, gold):
                rows.append({"report": report["name"], "held_out": report["held_out"],
                             "known_actors": label, **row})
        repeat, warmup = (1, 0) if quick else (5, 1)
        t_extract = timeit(lambda r=report: extract(r["text"], published=r["published"]),
                           repeat=repeat, warmup=warmup)["median"]
        t_parse = timeit(lambda r=report: pipeline(r["text"]), repeat=repeat,
                         warmup=warmup)["median"]
        rows.append({"report": report["name"], "held_out": report["held_out"],
                     "scope": "time", "words": len(report["text"].split()),
                     "seconds": round(t_extract, 4), "parse_seconds": round(t_parse, 4),
                     "ratio": round(t_extract / t_parse, 2), "pipeline": pipeline.name})
    if seed is None:
        rows.append({"report": "seed (libya-2019)", "scope": "skipped",
                     "note": "seed text not found: set ACTORGRAPH_REPORT (default "
                             f"{SEED_DEFAULT} from the repository root)"})
    return rows


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
