"""What a time limit costs a query: ``g.query(text)`` against ``g.query(text, timeout=60)``.

With a limit the query runs in a child forked from the caller (``actorgraph._killable``):
the fork, the answer pickled through a pipe, and the child's exit are the overhead. Measured
on the Libya graph (30 actors, 70 claims, rdflib's memory store, as loaded by default) and
on 10^5 synthetic claims (Oxigraph in memory, as loaded by default at that size), for an
ASK, 1,000 rows and 10,000 rows (the command line's default cap). Each dataset is loaded
in a fresh process; the two calls alternate, and ``overhead_ms`` is the median of the
differences of each pair.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import actorgraph
from actorgraph._synth import synth_dataset
from bench._util import isolated, median, peak_rss_mb, timeit

QUERIES = {
    "ask": "ASK { ?c a ag:Claim }",
    "1k rows": "SELECT ?c ?s WHERE { ?c a ag:Claim ; ag:subject ?s } LIMIT 1000",
    "10k rows": "SELECT ?c ?s ?q WHERE { ?c a ag:Claim ; ag:subject ?s ; ag:quote ?q } "
                "LIMIT 10000",
}


def _measure(claims: int | None, repeat: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        if claims is None:
            g = actorgraph.load()
        else:
            folder = Path(tmp) / "ds"
            synth_dataset(folder, actors=claims // 10, claims=claims, seed=1)
            g = actorgraph.load(folder)
        rows = []
        for name, text in QUERIES.items():
            # alternated, so that both see the same load on a shared machine
            plain, timed = [], []
            for _ in range(repeat):
                plain.append(timeit(lambda t=text: g.query(t), repeat=1)["median"])
                timed.append(timeit(lambda t=text: g.query(t, timeout=60), repeat=1)["median"])
            rows.append({
                "dataset": "libya-2019" if claims is None else f"synth {claims:,}",
                "store": g.store.kind, "query": name, "rows": len(g.query(text)),
                "untimed_ms": median(plain) * 1000, "timed_ms": median(timed) * 1000,
                "overhead_ms": median(t - p for t, p in zip(timed, plain)) * 1000,
                "rss_mb": peak_rss_mb(), "runs": repeat,
            })
        return rows


def run(quick: bool = False) -> list[dict]:
    rows = []
    for claims in (None, 10_000 if quick else 100_000):
        found, _ = isolated(_measure, claims, 5 if quick else 21)
        rows.extend(found)
    return rows
