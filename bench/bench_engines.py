"""The store parity suite's queries on each engine, side by side: rdflib's memory store,
Oxigraph in memory and on disk, an Oxigraph server and a Virtuoso server.

The operations are the ones ``tests/stores/test_store_parity.py`` compares across engines:
``actors`` and ``sources`` (each on a new :class:`~actorgraph.Graph`, which reads them
again), ``claims`` unfiltered and filtered, ``related``, every named query, ``to_networkx``,
the triple count, a one-row ``ASK`` (a user query's round trip) and ``version`` (on a
server: reading the pointer again, which each Graph call does first). The data: the Libya
dataset (the suite's) on every engine, and in full mode a synthetic dataset of 10^4 claims on
every engine but rdflib's (whose whole-graph queries take minutes there: see the stores
benchmark); the actor of the filters is the LNA, or the synthetic actor of median degree.

Each operation runs once untimed, then ``RUNS`` times, or not again if that first run took
over ``SLOW_S`` (its time is then the cell); the engines take turns operation by operation,
so that other load on the machine falls on all of them alike. Cells are median milliseconds
of wall time, measured in this process (for a server: the request, the server's work and
the answer's parsing). ``answers`` says whether every engine gave an answer of the same
size (rows, actors, edges…), or lists the sizes; an engine that failed has no cell, and
``errors`` says why.

The servers are started as the tests start them (``tests/_servers.py``): throw-away
databases on loopback ports. Virtuoso runs on Debian's ``virtuoso.ini`` with
``ResultSetMaxRows`` raised to 10^7: at 10,000, its default, ``claims()`` on 10^4 claims
would be cut, which actorgraph refuses. Without the ``oxigraph`` binary or Virtuoso,
that engine's column is left empty.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import actorgraph
from actorgraph._resources import dataset_path
from actorgraph._sparql import named_queries
from actorgraph._synth import synth_dataset

ENGINES = ["memory", "oxigraph", "oxigraph-disk", "oxigraph-server", "virtuoso"]
RUNS, QUICK_RUNS = 11, 5
SLOW_S = 2.0
SYNTH_CLAIMS = 10_000
VIRTUOSO_SETTINGS = {("SPARQL", "ResultSetMaxRows"): 10_000_000}


def _servers():
    # the tests' launchers: run from the repository's root, as ``python -m bench`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import _servers

    return _servers


def _start(engine: str, folder: Path):
    """A started server for ``engine`` (``None`` if it cannot run here)."""
    servers = _servers()
    folder.mkdir(parents=True)
    if engine == "oxigraph-server":
        binary = servers.oxigraph_binary()
        return servers.start_oxigraph(binary, folder) if binary else None
    missing = servers.virtuoso_missing()
    if missing:
        print(f"virtuoso: {missing}", file=sys.stderr)
        return None
    return servers.start_virtuoso(folder, VIRTUOSO_SETTINGS)


def _typical(reference: actorgraph.Graph) -> str:
    """The actor of median degree (claims as subject or object)."""
    degree = Counter()
    for claim in reference.claims():
        degree[claim.subject] += 1
        degree[claim.object] += 1
    ranked = sorted(degree, key=lambda a: (degree[a], a))
    return ranked[len(ranked) // 2]


def _operations(actor: str, label: str) -> dict:
    """``{name: fn(graph)}``: the parity suite's operations, the filters on ``actor``."""
    values = {"actor": actor, "relation": "backs", "certainty": "probable", "string": label}
    ops = {
        "actors (new Graph)": lambda g: actorgraph.Graph(g.store).actors(),
        "sources (new Graph)": lambda g: actorgraph.Graph(g.store).sources(),
        "claims": lambda g: g.claims(),
        "claims subject=A": lambda g: g.claims(subject=actor),
        "claims backs+sub": lambda g: g.claims(relation="backs", include_subrelations=True),
        "related A in": lambda g: g.related(actor, direction="in"),
        "related A backs both": lambda g: g.related(actor, relation="backs",
                                                    include_subrelations=True),
    }
    for name, query in sorted(named_queries().items()):
        params = {p: values[kind] for p, kind in query.params.items()}
        ops[f"named {name}"] = lambda g, name=name, params=params: g.named_query(name, **params)
    ops.update({
        "to_networkx": lambda g: g.to_networkx(),
        "triple count": lambda g: len(g.store),
        "ASK round trip": lambda g: g.query("ASK { ?s ?p ?o }"),
        "version": lambda g: g.store.version,
    })
    return ops


def _size(answer) -> object:
    """What to compare across engines: how many rows, actors, edges… (or the value)."""
    if hasattr(answer, "number_of_edges"):
        return answer.number_of_edges()
    if getattr(answer, "form", None) == "ASK":
        return answer.boolean
    if isinstance(answer, (int, tuple)):
        return None  # a count is its own check; a version token differs by design
    return len(answer)


def _median_ms(fn, graph: actorgraph.Graph, runs: int) -> tuple[float, object]:
    """Median milliseconds of ``fn(graph)``, and the size of its answer."""
    start = time.perf_counter()
    answer = fn(graph)
    first = time.perf_counter() - start
    if first > SLOW_S:
        return first * 1000, _size(answer)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(graph)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, _size(answer)


def _dataset(name: str, folder: Path, runs: int, specs: dict) -> list[dict]:
    graphs = {engine: actorgraph.load(folder, store=spec) for engine, spec in specs.items()}
    reference = graphs["oxigraph"]
    actor = "LNA" if name == "libya-2019" else _typical(reference)
    ops = _operations(actor, reference.actor(actor).label)
    for g in graphs.values():
        g.actors()  # what a Graph reads once (actor names) is read before timing
    rows = []
    for op, fn in ops.items():
        row: dict = {"dataset": name, "op": op}
        sizes, errors = {}, {}
        for engine in ENGINES:
            row[f"{engine}_ms"] = None
            if engine not in graphs:
                continue
            try:
                ms, sizes[engine] = _median_ms(fn, graphs[engine], runs)
            except actorgraph.ActorGraphError as exc:  # e.g. a server's own time limit
                errors[engine] = str(exc)[:200]
            else:
                row[f"{engine}_ms"] = round(ms, 2)
        oxigraph, virtuoso = row["oxigraph-server_ms"], row["virtuoso_ms"]
        row["virtuoso_vs_oxigraph_server"] = (round(virtuoso / oxigraph, 1)
                                              if oxigraph and virtuoso else None)
        row["answers"] = "same" if len(set(sizes.values())) <= 1 else sizes
        row["errors"] = errors or None
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def run(quick: bool = False) -> list[dict]:
    runs = QUICK_RUNS if quick else RUNS
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        root = Path(tmp)
        datasets = {"libya-2019": dataset_path()}
        if not quick:
            datasets[f"synthetic {SYNTH_CLAIMS:,}"] = root / "synthetic"
            synth_dataset(root / "synthetic", actors=SYNTH_CLAIMS // 10, claims=SYNTH_CLAIMS)
        for name, folder in datasets.items():
            servers = {e: _start(e, root / f"{e}-{len(rows)}") for e in ENGINES[3:]}
            try:
                specs = {"oxigraph": "oxigraph",
                         "oxigraph-disk": f"oxigraph:{root / f'disk-{len(rows)}'}"}
                if name == "libya-2019":
                    specs["memory"] = "memory"
                specs.update({e: s.spec for e, s in servers.items() if s is not None})
                rows += _dataset(name, folder, runs, specs)
            finally:
                for server in servers.values():
                    if server is not None:
                        server.stop()
    return rows


def markdown(rows: list[dict]) -> str:
    """One Markdown table per dataset: operations down, engines across (docs/performance.md)."""
    out = []
    for dataset in dict.fromkeys(r["dataset"] for r in rows):
        out += [f"\n#### {dataset}\n",
                "| operation | " + " | ".join(ENGINES) + " | Virtuoso ÷ Oxigraph server | answers |",
                "|---|" + "---:|" * (len(ENGINES) + 1) + "---|"]
        for r in rows:
            if r["dataset"] == dataset:
                cells = [_ms(r[f"{e}_ms"]) for e in ENGINES]
                ratio = r["virtuoso_vs_oxigraph_server"]
                answers = r["answers"] if r["answers"] == "same" else f"differ: {r['answers']}"
                if r.get("errors"):
                    answers += "; failed: " + ", ".join(r["errors"])
                out.append(f"| {r['op']} | " + " | ".join(cells)
                           + f" | {'' if ratio is None else f'{ratio:g}×'} | {answers} |")
    return "\n".join(out) + "\n"


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.bench_engines bench/results/engines.json``: the Markdown tables."""
    for path in argv if argv is not None else sys.argv[1:]:
        print(markdown(json.loads(Path(path).read_text(encoding="utf-8"))["rows"]))


if __name__ == "__main__":
    main()
