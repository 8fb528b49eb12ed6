"""The stores side by side: load, questions, projections and exports at 10^4, 10^5, 10^6 claims.

For each size a synthetic dataset is written (``actorgraph._synth``, actors = claims / 10)
and its triples dumped as N-Triples. Then, each in a fresh process (so its peak RSS is
its own): pyoxigraph's own bulk load of those N-Triples (in memory and on disk: the
baseline), and every store — ``memory`` (rdflib), ``oxigraph``, ``oxigraph:PATH`` and
``sparql+http`` (an Oxigraph server started for the measurement) — timed on: ``load``
from CSV, ``related`` and ``claims`` for a typical actor (median degree) and for the hub
(highest degree), each named query, a two-hop query, ``to_networkx``, ``signed_graph``,
export to Turtle and N-Triples, and ``reopen`` (a new process opening the persistent
store without loading). Each timed load goes into a fresh, empty store (a new folder, a
new server); ``reload (replacing)`` then loads again over the data, which on a server
includes dropping the previous graph. Other operations: medians over several runs after
an untimed first one (the first ``related`` reads every actor); an operation slower
than ``SLOW_S`` runs once, one still running after ``OP_LIMIT_S`` (60 s, 150 s at 10^6
claims, 30 s in quick mode) is stopped and reported so. rdflib's memory store is skipped above 10^5 claims (its load alone takes
minutes there), which the rows say.

``ACTORGRAPH_BENCH_CLAIMS`` (e.g. ``1000000``) and ``ACTORGRAPH_BENCH_STORES`` (e.g.
``oxigraph-disk``), comma-separated, restrict a run to some sizes and stores.

Columns: ``s`` median wall seconds, ``cpu_s`` median CPU seconds of the measuring
process (all its threads; not a server's: less sensitive than ``s`` to other load on the
machine); ``vs_rdflib`` how many times faster than rdflib's memory
store on the same operation; ``vs_bulk`` load time over pyoxigraph's bulk load of the same
triples into the same kind of store; ``rss_mb`` the measuring process's peak RSS after
the operation (for the server, ``server_mb`` is the server's).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bench._util import peak_rss_mb

FULL = {10_000: 5, 100_000: 3, 1_000_000: 2}  # claims: timed runs of each operation
QUICK = {10_000: 2}
STORES = ["memory", "oxigraph", "oxigraph-disk", "sparql-http"]
MEMORY_MAX = 100_000  # rdflib beyond this takes minutes per load
SLOW_S = 20.0  # an operation slower than this is run once
OP_LIMIT_S = {10_000: 60, 100_000: 60, 1_000_000: 150}  # claims: an operation still running
QUICK_LIMIT_S = 30  # is stopped after this many seconds (rdflib: minutes per query at 10^5)
CHILD_TIMEOUT_S = 4 * 3600
TWO_HOP = """SELECT DISTINCT ?far WHERE {
  ?near ?r1 ?actor . ?r1 rdfs:subPropertyOf* ag:backs .
  ?far ?r2 ?near . ?r2 rdfs:subPropertyOf* ag:backs .
}"""
PARAMS = {"actor": "typical", "relation": "backs", "certainty": "probable", "string": "typical"}


# -- child processes ------------------------------------------------------------------------
RESUME = 75  # a child stopped by its parent in the middle of an operation: go on after it
GRACE_S = 15  # how long past its limit an operation may run before its process is killed


def _in_child(log: Path, fn, args) -> None:
    fn(log, *args)


def _logged(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.endswith("}")]


def _child(fn, *args, timeout: float = CHILD_TIMEOUT_S) -> list[dict]:
    """Run ``fn(log, *args)`` in a fresh interpreter; return the records it logged (one JSON
    object per line), also when it crashed or ran out of time, with a record saying so.

    An operation announced by a ``_start`` record (its ``limit`` in seconds) and still
    running ``GRACE_S`` past that limit is stopped here, by killing the process (and a
    server it announced): Oxigraph does not return to Python while an aggregation yields no
    rows, so the alarm in :func:`_timed` cannot stop it. The operation is then logged as
    stopped and the last record's ``op`` is ``"_resume"``: the caller starts a new child
    that skips what is done.
    """
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "log.jsonl"
        log.touch()
        process = multiprocessing.get_context("spawn").Process(target=_in_child,
                                                               args=(log, fn, args))
        process.start()
        deadline, problem, stopped = time.monotonic() + timeout, None, False
        while process.is_alive():
            process.join(1)
            records = _logged(log)
            running = records[-1] if records and records[-1]["op"] == "_start" else None
            overdue = running and time.time() > running["at"] + running["limit"] + GRACE_S
            if overdue or time.monotonic() > deadline:
                process.kill()
                process.join()
                stopped = bool(overdue)
                if stopped:
                    if _logged(log)[-1] == running:  # (not finished just before the kill)
                        _record(log, running["name"], None, limit=running["limit"], rss_mb=None)
                    _note(log, op="_resume")
                else:
                    problem = f"stopped after {timeout:.0f} s"
        if problem is None and not stopped and process.exitcode:
            problem = f"exit code {process.exitcode}"
        records = _logged(log)
        if process.exitcode:
            _kill_servers(records)
        records = [r for r in records if r["op"] not in ("_start", "_server", "_server_closed")]
    if problem:
        records.append({"op": "error", "note": problem})
    return records


def _kill_servers(records: list[dict]) -> None:
    """Kill the servers a child started and did not stop (it was killed, or it crashed)."""
    closed = {r["pid"] for r in records if r["op"] == "_server_closed"}
    for pid in (r["pid"] for r in records if r["op"] == "_server"):
        if pid not in closed:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _note(log: Path, **record) -> None:
    with log.open("a") as out:
        out.write(json.dumps(record) + "\n")


def _record(log: Path, op: str, timings: list[tuple[float, float]] | None, **extra) -> None:
    """Log one operation's timings; ``None`` if it was stopped at ``limit`` (in ``extra``)."""
    limit = extra.pop("limit", None)
    timings = timings or []
    runs = [wall for wall, _ in timings]
    row = {"op": op, "s": statistics.median(runs) if runs else None,
           "cpu_s": statistics.median(cpu for _, cpu in timings) if runs else None,
           "runs": len(runs), "rss_mb": round(peak_rss_mb()), **extra}
    if not runs:
        row["note"] = f"stopped after {limit} s"
    _note(log, **row)


class _Stopped(Exception):
    """An operation ran past ``OP_LIMIT_S``."""


def _stop(signum, frame):
    raise _Stopped


def _timed(fn, repeat: int, limit: int, log: Path | None = None,
           op: str = "") -> list[tuple[float, float]]:
    """``(wall, CPU)`` seconds of each run of ``fn``: ``repeat`` runs after an untimed first
    one (caches warm), only the first if it took over ``SLOW_S``, none if stopped after
    ``limit`` seconds (the alarm fires when control is back in Python: rdflib at once,
    Oxigraph between rows; past that, :func:`_child` kills the process, told by a
    ``_start`` record in ``log`` before each run). CPU counts every thread of this process,
    not a server's."""
    signal.signal(signal.SIGALRM, _stop)
    runs: list[tuple[float, float]] = []
    while len(runs) < repeat + 1 and (len(runs) != 1 or runs[0][0] <= SLOW_S):
        if log is not None:
            _note(log, op="_start", name=op, at=time.time(), limit=limit)
        start, cpu = time.perf_counter(), time.process_time()
        signal.alarm(limit)
        try:
            fn()
        except _Stopped:
            return []
        finally:
            signal.alarm(0)
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    return runs if len(runs) == 1 else runs[1:]


# -- an Oxigraph server for the sparql+http store ----------------------------------------------
def _server_binary() -> str:
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("oxigraph", path=search)
    if found is None:
        raise RuntimeError("the oxigraph server binary is missing (pip install -e '.[test]')")
    return found


def _start_server(folder: Path, limit: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "server.log").open("ab")
    server = subprocess.Popen([_server_binary(), "serve", "--location", str(folder / "data"),
                               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(limit)],
                              stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the Oxigraph server did not start")


def _server_peak_mb(server: subprocess.Popen) -> int | None:
    try:
        status = Path(f"/proc/{server.pid}/status").read_text()
    except OSError:
        return None
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
    return round(kb / 1024)


# -- what is measured ---------------------------------------------------------------------------
def _actors(folder: Path) -> dict[str, str]:
    """The typical (median degree) and the hub (highest degree) actor of a dataset."""
    degree: Counter = Counter()
    with (folder / "claims.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            degree[row["subject"]] += 1
            degree[row["object"]] += 1
    ranked = [a for a, _ in degree.most_common()]
    return {"hub": ranked[0], "typical": ranked[len(ranked) // 2],
            "other": ranked[len(ranked) // 2 + 1]}


def _bindings(graph, query, actors: dict) -> dict:
    values, used = {}, 0
    for param, kind in query.params.items():
        value = PARAMS[kind]
        if kind == "actor":
            value = graph.actor(actors["typical" if used == 0 else "other"])
            used += 1
        values[param] = value
    return values


class _Target:
    """Where one store kind is loaded: a fresh place (folder, server) for each timed load."""

    def __init__(self, kind: str, folder: Path, limit: int, log: Path) -> None:
        self.kind, self.folder, self.count, self.limit, self.log = kind, folder, 0, limit, log
        self.server: subprocess.Popen | None = None
        self.spec = kind

    def fresh(self) -> str:
        """A new, empty store of this kind (the previous one removed): its spec."""
        self.close()
        self.count += 1
        place = self.folder / f"{self.count}"
        while place.exists():  # left by a process stopped in the middle (see _child)
            self.count += 1
            place = self.folder / f"{self.count}"
        if self.kind == "oxigraph-disk":
            self.spec = f"oxigraph:{place}"
        elif self.kind == "sparql-http":
            place.mkdir(parents=True)
            self.server, url = _start_server(place, self.limit)
            _note(self.log, op="_server", pid=self.server.pid)
            self.spec = "sparql+" + url
        return self.spec

    def close(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait()
            _note(self.log, op="_server_closed", pid=self.server.pid)
            self.server = None
        shutil.rmtree(self.folder / f"{self.count}", ignore_errors=True)

    def extra(self) -> dict:
        return {"server_mb": _server_peak_mb(self.server)} if self.server else {}


def _measure_store(log: Path, kind: str, folder: str, place: str, repeat: int,
                   actors: dict, limit: int, done: dict) -> None:
    """Load into a fresh store ``repeat`` times, then time every operation on the last one,
    and last a reload that replaces the data (which, on a server, drops the old graph).

    ``done`` maps the operations an earlier process already logged to their records (that
    process was stopped in an operation, see :func:`_child`): they are skipped, and the
    store is reopened (on disk) or loaded again, untimed.
    """
    import actorgraph
    from actorgraph._sparql import named_queries

    target, runs, g = _Target(kind, Path(place), limit, log), [], None
    try:
        if "_spec" in done and kind == "oxigraph-disk":
            spec = done["_spec"]["spec"]
            g = actorgraph.load(store=spec)
        elif "load" in done:
            spec = target.fresh()
            g = actorgraph.load(folder, store=spec)
        while "load" not in done and len(runs) < repeat and (not runs or runs[-1][0] <= SLOW_S):
            g = None  # closed before the next: one open store per path
            gc.collect()
            spec = target.fresh()
            start, cpu = time.perf_counter(), time.process_time()
            g = actorgraph.load(folder, store=spec)
            runs.append((time.perf_counter() - start, time.process_time() - cpu))
        if runs:
            _record(log, "load", runs, **target.extra())
            _note(log, op="_spec", spec=spec)
        ops = {
            "related (typical)": lambda: g.related(actors["typical"], direction="both"),
            "claims (typical)": lambda: g.claims(subject=actors["typical"]),
            "related (hub)": lambda: g.related(actors["hub"], direction="both"),
            "claims (hub)": lambda: g.claims(subject=actors["hub"]),
        }
        for name, query in named_queries().items():
            ops[f"query {name}"] = lambda q=query: g.named_query(q.name, **_bindings(g, q, actors))
        ops["two-hop backers (typical)"] = lambda: g.query(TWO_HOP, actor=g.actor(actors["typical"]))
        ops["to_networkx"] = g.to_networkx
        ops["signed_graph"] = g.signed_graph
        out = Path(tempfile.mkdtemp())
        ops["export turtle"] = lambda: g.export(out / "graph.ttl")
        ops["export n-triples"] = lambda: g.export(out / "graph.nt")
        for op, fn in ops.items():
            if op not in done:
                _record(log, op, _timed(fn, repeat, limit, log, op), limit=limit,
                        **target.extra())
        shutil.rmtree(out, ignore_errors=True)
        g = None  # closed (with the bound methods in ops): the reload opens the same path
        ops.clear()
        gc.collect()
        if kind in ("oxigraph-disk", "sparql-http") and "reload (replacing)" not in done:
            reload = _timed(lambda: actorgraph.load(folder, store=spec), 0, limit, log,
                            "reload (replacing)")
            _record(log, "reload (replacing)", reload, limit=limit, **target.extra())
            gc.collect()
    finally:
        if kind != "oxigraph-disk":
            target.close()


def _measure_reopen(log: Path, spec: str, actors: dict) -> None:
    import actorgraph

    start, cpu = time.perf_counter(), time.process_time()
    g = actorgraph.load(store=spec)
    opened = (time.perf_counter() - start, time.process_time() - cpu)
    g.related(actors["typical"], direction="both")
    _record(log, "reopen", [opened], first_related_s=time.perf_counter() - start - opened[0])


def _measure_bulk(log: Path, nt: str, on_disk: bool, repeat: int) -> None:
    import pyoxigraph as ox

    runs = []
    for _ in range(repeat):
        folder = tempfile.mkdtemp(dir=Path(nt).parent) if on_disk else None
        store = ox.Store(folder) if on_disk else ox.Store()
        start, cpu = time.perf_counter(), time.process_time()
        store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
        del store
        if folder:
            shutil.rmtree(folder)
    _record(log, "pyoxigraph bulk load (N-Triples)", runs)


def _prepare(log: Path, folder: str, claims: int, nt: str) -> None:
    import actorgraph
    from actorgraph._synth import synth_dataset

    start, cpu = time.perf_counter(), time.process_time()
    synth_dataset(folder, actors=claims // 10, claims=claims, seed=0)
    _record(log, "synth", [(time.perf_counter() - start, time.process_time() - cpu)])
    graph = actorgraph.load(folder, store="oxigraph")
    graph.store.dump(Path(nt), "nt")


# -- the run ----------------------------------------------------------------------------------
def _size(claims: int, repeat: int, tmp: Path, limit: int) -> Iterator[dict]:
    """The rows of one size: the baseline bulk loads first, then each store."""
    folder, nt = tmp / f"claims-{claims}", tmp / f"claims-{claims}.nt"
    _child(_prepare, str(folder), claims, str(nt))
    actors = _actors(folder)
    bulk: dict[str, float] = {}
    for kind, on_disk in (("oxigraph", False), ("oxigraph-disk", True)):
        for r in _child(_measure_bulk, str(nt), on_disk, repeat):
            if "s" in r:
                bulk[kind] = r["s"]
            yield {"claims": claims, "store": f"pyoxigraph {'disk' if on_disk else 'memory'}", **r}
    rdflib: dict[str, float] = {}
    for kind in _chosen("ACTORGRAPH_BENCH_STORES", STORES):
        if kind == "memory" and claims > MEMORY_MAX:
            yield {"claims": claims, "store": kind, "op": "(all)",
                   "note": f"skipped: rdflib takes minutes per load above {MEMORY_MAX:,} claims"}
            continue
        place = tmp / f"{kind}-{claims}"
        records: list[dict] = []
        while not records or records[-1]["op"] == "_resume":
            done = {r["op"]: r for r in records}
            records += _child(_measure_store, kind, str(folder), str(place), repeat, actors,
                              limit, done)
        spec = next((r["spec"] for r in records if r["op"] == "_spec"), None)
        if kind == "oxigraph-disk" and spec:
            records += _child(_measure_reopen, spec, actors)
        for r in records:
            if r["op"].startswith("_"):
                continue
            row = {"claims": claims, "store": kind, **r}
            if r.get("s") and kind == "memory":
                rdflib[r["op"]] = r["s"]
            elif r.get("s") and r["op"] in rdflib:
                row["vs_rdflib"] = rdflib[r["op"]] / r["s"]
            if r["op"] == "load" and r.get("s") and kind in bulk:
                row["vs_bulk"] = r["s"] / bulk[kind]
            yield row
        shutil.rmtree(place, ignore_errors=True)
    nt.unlink()
    shutil.rmtree(folder, ignore_errors=True)


def _chosen(variable: str, default: list) -> list:
    """The values of ``default`` named in the environment variable (all if it is unset)."""
    named = os.environ.get(variable)
    if not named:
        return default
    wanted = {type(default[0])(v.strip()) for v in named.split(",")}
    return [v for v in default if v in wanted]


def run(quick: bool = False) -> list[dict]:
    rows = []
    sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        for claims in _chosen("ACTORGRAPH_BENCH_CLAIMS", list(sizes)):
            repeat = sizes[claims]
            limit = QUICK_LIMIT_S if quick else OP_LIMIT_S[claims]
            for row in _size(claims, repeat, Path(tmp), limit):
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def _cell(row: dict | None) -> str:
    if row is None:
        return ""
    if row.get("s") is None:
        return "stopped" if "stopped" in row.get("note", "") else "skipped"
    seconds = row["s"]
    text = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
    ratios = [f"{row['vs_rdflib']:.0f}× rdflib" if row.get("vs_rdflib", 0) >= 10 else
              f"{row['vs_rdflib']:.1f}× rdflib" if row.get("vs_rdflib") else "",
              f"{row['vs_bulk']:.2f}× bulk" if row.get("vs_bulk") else ""]
    return ", ".join([text, *filter(None, ratios)])


def markdown(rows: list[dict]) -> str:
    """One Markdown table per size: operations down, stores across (for docs/performance.md)."""
    out = []
    for claims in sorted({r["claims"] for r in rows}):
        baseline = {"pyoxigraph memory": "oxigraph", "pyoxigraph disk": "oxigraph-disk"}
        here = [{**r, "store": baseline.get(r["store"], r["store"])} for r in rows
                if r["claims"] == claims]
        stores = [s for s in STORES if any(r["store"] == s for r in here)]
        ops = list(dict.fromkeys(r["op"] for r in here if r["op"] not in ("(all)", "error")))
        found = {(r["store"], r["op"]): r for r in here}
        for (store, op), row in found.items():  # rows merged from runs without rdflib's
            rdflib = found.get(("memory", op), {}).get("s")
            if store != "memory" and row.get("s") and rdflib and "vs_rdflib" not in row:
                found[store, op] = {**row, "vs_rdflib": rdflib / row["s"]}
        out.append(f"\n#### {claims:,} claims\n")
        out.append("| operation | " + " | ".join(stores) + " |")
        out.append("|---" * (len(stores) + 1) + "|")
        for op in ops:
            out.append(f"| {op} | " + " | ".join(_cell(found.get((s, op))) for s in stores) + " |")
        peaks = [max((r.get("rss_mb") or 0) for r in here if r["store"] == s) for s in stores]
        out.append("| peak RSS (MB) | " + " | ".join(str(p or "") for p in peaks) + " |")
        servers = [max((r.get("server_mb") or 0) for r in here if r["store"] == s) for s in stores]
        if any(servers):
            out.append("| server peak RSS (MB) | " + " | ".join(str(p or "") for p in servers) + " |")
        out.extend(f"\n{r['store']}: {r['note']}" for r in here if r["op"] in ("(all)", "error"))
    return "\n".join(out) + "\n"


def merged(results: list[dict]) -> dict:
    """Results of several runs as one: each size comes from the last run that measured it
    (e.g. one run for 10^4 and 10^5 claims, another for 10^6); ``machine`` lists each run's."""
    rows: dict[int, list[dict]] = {}
    for result in results:
        sizes = {r["claims"] for r in result["rows"]}
        rows.update({size: [r for r in result["rows"] if r["claims"] == size] for size in sizes})
    return {"benchmark": "stores", "machine": [r["machine"] for r in results],
            "rows": [row for size in sorted(rows) for row in rows[size]]}


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.bench_stores RESULTS.json [MORE.json ...] [--out MERGED.json]``:
    print the Markdown tables of one run, or of several merged (see :func:`merged`)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.bench_stores")
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, help="write the merged results here")
    args = parser.parse_args(argv)
    combined = merged([json.loads(p.read_text(encoding="utf-8")) for p in args.results])
    if args.out:
        args.out.write_text(json.dumps(combined, indent=2) + "\n", encoding="utf-8")
    print(markdown(combined["rows"]))


if __name__ == "__main__":
    main()
