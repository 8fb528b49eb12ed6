"""How fast ACLED-sized input imports, in how much memory, beside loading what it wrote.

A synthetic ACLED export (the real column layout; battles, remote violence, violence
against civilians, protests and agreements in ACLED's proportions of a busy conflict, among
a few hundred actors) is written once per size; ``actorgraph import acled`` then runs on it
in a fresh process (per event, and per pair and month), and the dataset it wrote is loaded
into an in-memory Oxigraph store in another. Each row gives rows (or claims) per second and
the process's peak RSS: the import streams, so its memory follows the number of actors (and,
per pair-month, of pairs and months), not of rows.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from actorgraph._import._acled import AcledImporter
from bench._util import isolated

SIZES = (100_000, 1_000_000)
QUICK_SIZES = (20_000,)
COLUMNS = AcledImporter.columns
#: (event type, sub-event type, share of the events, whether actor2 is armed)
EVENTS = (("Battles", "Armed clash", 0.35, True),
          ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.2, True),
          ("Explosions/Remote violence", "Air/drone strike", 0.05, False),
          ("Violence against civilians", "Attack", 0.2, False),
          ("Protests", "Peaceful protest", 0.15, False),
          ("Strategic developments", "Agreement", 0.05, True))
TYPES = ("State forces", "Rebel group", "Political militia", "Identity militia")


def write_acled(path: Path, rows: int, actors: int = 400, seed: int = 16) -> None:
    """A synthetic ACLED export of ``rows`` events (our own rows, never ACLED's data)."""
    rnd = random.Random(seed)
    names = [f"Synthetic Armed Group {i} ({TYPES[i % 4]})" for i in range(actors)]
    weights = [e[2] for e in EVENTS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for n in range(rows):
            kind, sub, _, armed = rnd.choices(EVENTS, weights)[0]
            a1, a2 = rnd.sample(range(actors), 2)
            day = f"20{10 + n * 10 // rows:02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            actor2 = names[a2] if armed else ("Civilians (Synthland)" if kind != "Protests"
                                              else "")
            inter2 = TYPES[a2 % 4] if armed else ("Civilians" if actor2 else "")
            assoc = names[(a1 + 1) % actors] if kind == "Battles" and n % 5 == 0 else ""
            writer.writerow([
                f"SYN{n}", day, day[:4], "1", "Political violence", kind, sub, names[a1], assoc,
                TYPES[a1 % 4], actor2, "", inter2, "", "", "999", "Synthetic region",
                "Synthland", f"Province {n % 30}", "", "", f"Town {n % 500}", "1.0", "2.0", "1",
                "Synthetic Herald", "National", f"Event {n} between the parties.",
                str(n % 7), "", "1700000000"])


def _import(csv_path: str, out: str, per: str) -> dict:
    from actorgraph._import import import_dataset

    start = time.perf_counter()
    report = import_dataset("acled", csv_path, out, per=per)
    return {"seconds": time.perf_counter() - start, "claims": report.counts["claim"],
            "actors": report.counts["actor"]}


def _load(folder: str) -> dict:
    import actorgraph

    start = time.perf_counter()
    graph = actorgraph.load(folder, store="oxigraph")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "claims": graph.info()["claims"]}


def run(quick: bool = False) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in QUICK_SIZES if quick else SIZES:
            csv_path = Path(tmp) / f"acled-{rows}.csv"
            write_acled(csv_path, rows)
            mb = csv_path.stat().st_size / 2**20
            for per in ("event", "pair-month"):
                folder = Path(tmp) / f"acled-{rows}-{per}"
                done, rss = isolated(_import, str(csv_path), str(folder), per)
                out.append({"step": f"import --per {per}", "rows": rows, "input_mb": mb,
                            "claims": done["claims"], "actors": done["actors"],
                            "seconds": done["seconds"], "rows_per_s": rows / done["seconds"],
                            "peak_rss_mb": rss})
                loaded, rss = isolated(_load, str(folder))
                out.append({"step": f"load the --per {per} dataset (oxigraph)", "rows": rows,
                            "claims": loaded["claims"], "seconds": loaded["seconds"],
                            "claims_per_s": loaded["claims"] / loaded["seconds"],
                            "peak_rss_mb": rss})
    return out
