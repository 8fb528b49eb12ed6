"""How fast ``synth_dataset`` writes a dataset, and in how much memory.

Each size runs in a fresh process, so the peak RSS is that size's own. Actors are a tenth
of the claims. ``cpu_s`` (CPU time per run) stays meaningful on a busy machine, where
``seconds`` (wall clock) does not.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from actorgraph._synth import synth_dataset
from bench._util import isolated, timeit

SIZES = {10_000: 5, 100_000: 3, 1_000_000: 1}  # claims: timed runs
QUICK_SIZES = {10_000: 3, 100_000: 1}


def _measure(claims: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folders = (Path(tmp) / f"ds{k}" for k in itertools.count())
        cpu = time.process_time()
        timing = timeit(lambda: synth_dataset(next(folders), actors=claims // 10, claims=claims),
                        repeat=repeat, warmup=0)
        cpu = (time.process_time() - cpu) / repeat
        written = sum(p.stat().st_size for p in (Path(tmp) / "ds0").iterdir())
    return {**timing, "cpu": cpu, "mb": written / 2**20}


def run(quick: bool = False) -> list[dict]:
    rows = []
    for claims, repeat in (QUICK_SIZES if quick else SIZES).items():
        timing, rss = isolated(_measure, claims, repeat)
        rows.append({
            "claims": claims, "actors": claims // 10, "seconds": timing["median"],
            "min_s": timing["min"], "cpu_s": timing["cpu"], "claims_per_s": claims / timing["median"],
            "peak_rss_mb": rss, "files_mb": timing["mb"], "runs": repeat,
        })
    return rows
