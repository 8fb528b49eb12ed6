"""``actorgraph serve`` under load: 50 concurrent clients on loopback, before and after.

Each client keeps one HTTP/1.1 connection and sends requests back to back until the round's
time is up or it has sent ``MAX_PER_CLIENT`` requests (bounded in time and in count;
127.0.0.1 only). Scenarios:

- ``health``: ``GET /health`` only, answered without a worker: the HTTP layer's own cost;
- ``mix``: a named query (SPARQL JSON), a SELECT as CSV, an ASK, ``/api/related`` and
  ``/api/claims``, on the default (rdflib) store and on Oxigraph;
- ``mix, slow query in flight``: the same mix while one more client keeps a query in flight
  that runs into the time limit (4 s): it must be stopped (504) every time, while the mix
  goes on with the other worker.

Each scenario runs on two servers side by side: ``before`` is ``serve`` as of
:data:`BEFORE` (the last commit on ``http.server``, taken from git), ``after`` is the working
tree. Each round runs the scenario on both, one right after the other (which goes first
alternates), so that a machine busy with other work slows both alike; each row gives the
medians over the rounds (and every round's p50 and p99), and a ``ratio`` row divides after
by before. ``ACTORGRAPH_BENCH_BEFORE`` names another commit to compare with
(or ``none`` to measure the working tree alone).

``page`` is one client alone asking for the HTML view (``GET /``) on a fresh server: the
first request (the page built), the second (before the page was kept per generation, the
other worker built it again), the median of the next ``PAGE_REPEATS``, a request naming the
page's ``ETag`` in ``If-None-Match`` (``304``; none before), and the first request for
other options (``?as_of=``, built by a worker that has built a page already). Its
``before`` is :data:`PAGE_BEFORE`, the last commit where each worker kept its own pages.

``ACTORGRAPH_BENCH_SERVE`` chooses the parts: ``load`` (the scenarios under load), ``page``,
or both (the default), e.g. ``ACTORGRAPH_BENCH_SERVE=page python -m bench --only serve
--out page-results``.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import rdflib

from actorgraph._sparql import named_queries
from actorgraph._store._bind import bind

BEFORE = "4e5705ed04059703dbe74375f768d6ca20604656"  # main, serve on http.server
PAGE_BEFORE = "9f4a524beb80767fd614ca2b5b21b6ccb01d955b"  # main, pages kept by each worker
PAGE_REPEATS = 20
CLIENTS = 50
MAX_PER_CLIENT = 5_000
FULL = {"seconds": 6.0, "rounds": 5}
QUICK = {"seconds": 2.0, "rounds": 1}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 1587³ rows
SLOW_LIMIT_S = 4.0
ROOT = Path(__file__).resolve().parents[1]


def request_mix(actor: str) -> list[tuple[str, str]]:
    """``(path, Accept)`` for each request a client cycles through."""
    iri = rdflib.URIRef(f"https://w3id.org/actorgraph/id/actor/{actor}")
    backers = bind(named_queries()["backers-all"].text, {"actor": iri})[1]
    by_relation = ("SELECT ?relation (COUNT(?c) AS ?n) WHERE { ?c a ag:Claim ; ag:relation "
                   "?relation } GROUP BY ?relation ORDER BY DESC(?n)")
    return [
        (f"/sparql?query={quote(backers)}", "application/sparql-results+json"),
        (f"/sparql?query={quote(by_relation)}", "text/csv"),
        (f"/sparql?query={quote('ASK { ?s ag:backs ?o }')}", "*/*"),
        ("/api/related?" + urlencode({"name": actor, "direction": "both"}), "application/json"),
        ("/api/claims?" + urlencode({"subject": actor}), "application/json"),
    ]


def _client(url: str, mix, deadline: float, out: list) -> None:
    split = urlsplit(url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=120)
    for i in range(MAX_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        path, accept = mix[i % len(mix)]
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = None
            conn.close()
            conn = http.client.HTTPConnection(split.hostname, split.port, timeout=120)
        out.append((status, time.perf_counter() - start))
    conn.close()


def load(url: str, mix, clients: int, seconds: float, slow: bool = False) -> dict:
    """``clients`` clients for ``seconds`` (and one more with the slow query if ``slow``)."""
    results, slow_results = [], []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(url, mix, deadline, results))
               for _ in range(clients)]
    if slow:
        threads.append(threading.Thread(target=_client, args=(
            url, [(f"/sparql?query={quote(SLOW)}", "*/*")], deadline, slow_results)))
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(t * 1000 for _, t in results)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    stats = {"requests": len(results), "errors": sum(s != 200 for s, _ in results),
             "per_s": len(results) / elapsed, "p50_ms": cuts[49], "p99_ms": cuts[98]}
    if slow:
        stats["slow_stopped"] = sum(s == 504 for s, _ in slow_results)
        stats["slow_other"] = sum(s != 504 for s, _ in slow_results)
    return stats


class Served:
    """``serve()`` in a process of its own, as the CLI runs it, from ``source`` (a folder
    holding ``src/actorgraph``) or the installed package; the address is read from its
    start line."""

    def __init__(self, source: Path | None, store: str | None, timeout: float):
        code = ("import sys; from actorgraph._serve import serve; "
                "serve(store=sys.argv[1] or None, port=0, timeout=float(sys.argv[2]))")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if source is not None:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source / "src"),
                                                              env.get("PYTHONPATH")]))
        self.process = subprocess.Popen([sys.executable, "-c", code, store or "", str(timeout)],
                                        stderr=subprocess.PIPE, text=True, env=env,
                                        cwd=tempfile.gettempdir())
        self.url = None
        while self.url is None:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError("the server ended before it served")
            found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            self.url = found and found.group(1)
        threading.Thread(target=self.process.stderr.read, daemon=True).start()  # drain

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def checkout(commit: str, folder: Path) -> Path | None:
    """The source tree of ``commit`` (``src``, ``data``, ``ontology``) in ``folder``, or
    ``None`` when git or the commit is not available (e.g. outside a clone)."""
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src", "data",
                                  "ontology"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return folder


# (scenario, store, time limit, paths: "health" or "mix", slow query in flight)
SCENARIOS = [
    ("health", None, 10.0, "health", False),
    ("mix, rdflib store", None, 10.0, "mix", False),
    ("mix, oxigraph store", "oxigraph", 10.0, "mix", False),
    ("mix, slow query in flight", None, SLOW_LIMIT_S, "mix", True),
]


def _measure(source: Path | None, scenario: tuple, seconds: float) -> dict:
    """One round of one scenario on the server from ``source``."""
    _, store, timeout, paths, slow = scenario
    with Served(source, store, timeout) as server:
        mix = [("/health", "application/json")] if paths == "health" else request_mix("LNA")
        load(server.url, mix, 4, 1.0)  # warm the workers' caches and the parser
        return load(server.url, mix, CLIENTS, seconds, slow)


def _summary(scenario: str, stack: str, rounds: list[dict]) -> dict:
    def median(key):
        return statistics.median(r[key] for r in rounds)

    row = {"scenario": scenario, "stack": stack, "clients": CLIENTS, "rounds": len(rounds),
           "requests": median("requests"), "errors": sum(r["errors"] for r in rounds),
           "per_s": median("per_s"), "p50_ms": median("p50_ms"), "p99_ms": median("p99_ms"),
           "p50_runs": [round(r["p50_ms"], 1) for r in rounds],
           "p99_runs": [round(r["p99_ms"], 1) for r in rounds]}
    if "slow_stopped" in rounds[0]:
        row["slow_stopped"] = sum(r["slow_stopped"] for r in rounds)
        row["slow_other"] = sum(r["slow_other"] for r in rounds)
    return row


def _timed_get(conn: http.client.HTTPConnection, path: str,
               headers: dict | None = None) -> tuple[float, http.client.HTTPResponse, bytes]:
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response, body


def _page_round(source: Path | None) -> dict:
    """One client, one kept-alive connection, on a server just started (see ``page``)."""
    with Served(source, None, 10.0) as server:
        split = urlsplit(server.url)
        conn = http.client.HTTPConnection(split.hostname, split.port, timeout=120)
        try:
            times, etags = [], set()
            for _ in range(2 + PAGE_REPEATS):
                took, response, _ = _timed_get(conn, "/")
                assert response.status == 200, response.status
                times.append(took)
                etags.add(response.getheader("ETag"))
            etag = response.getheader("ETag")
            not_modified = None
            if etag is not None:
                assert etags == {etag}
                runs = []
                for _ in range(PAGE_REPEATS):
                    took, response, body = _timed_get(conn, "/", {"If-None-Match": etag})
                    assert response.status == 304 and body == b""
                    runs.append(took)
                not_modified = statistics.median(runs)
            filter_first, response, _ = _timed_get(conn, "/?as_of=2019-06")
            assert response.status == 200
        finally:
            conn.close()
    return {"first_ms": times[0], "second_ms": times[1],
            "repeat_p50_ms": statistics.median(times[2:]), "not_modified_p50_ms": not_modified,
            "filter_first_ms": filter_first}


def _page_rows(stacks: dict[str, Path], rounds: int) -> list[dict]:
    measured: dict[str, list[dict]] = {stack: [] for stack in stacks}
    for number in range(rounds):
        order = list(stacks) if number % 2 == 0 else list(reversed(stacks))
        for stack in order:
            measured[stack].append(_page_round(stacks[stack]))
    keys = ("first_ms", "second_ms", "repeat_p50_ms", "not_modified_p50_ms", "filter_first_ms")
    rows = {}
    for stack, runs in measured.items():
        row = {"scenario": "GET / (page), one client", "stack": stack, "rounds": len(runs)}
        for key in keys:
            values = [r[key] for r in runs if r[key] is not None]
            row[key] = statistics.median(values) if values else None
        row["first_runs"] = [round(r["first_ms"], 1) for r in runs]
        row["repeat_runs"] = [round(r["repeat_p50_ms"], 2) for r in runs]
        rows[stack] = row
    if len(rows) == 2:
        before, after = rows["before"], rows["after"]
        rows["ratio"] = {"scenario": "GET / (page), one client", "stack": "ratio after/before",
                         **{k: after[k] / before[k] for k in keys
                            if after[k] is not None and before[k] is not None}}
    return list(rows.values())


def _stacks(commit: str, folder: Path) -> dict[str, Path]:
    """``after`` (the working tree holding this file) and, unless ``commit`` is ``none`` or
    cannot be exported, ``before`` (its source tree in ``folder``)."""
    if commit == "none":
        return {"after": ROOT}
    before = checkout(commit, folder)
    if before is None:
        print(f"bench_serve: commit {commit} not available; measuring 'after' only",
              file=sys.stderr)
        return {"after": ROOT}
    return {"before": before, "after": ROOT}


def run(quick: bool = False) -> list[dict]:
    """The parts ``ACTORGRAPH_BENCH_SERVE`` names (default: all) on both stacks; see the
    module docstring."""
    size = QUICK if quick else FULL
    parts = {p.strip() for p in os.environ.get("ACTORGRAPH_BENCH_SERVE", "load,page").split(",")}
    rows = []
    if "load" in parts:
        rows += _load_rows(size)
    if "page" in parts:
        with tempfile.TemporaryDirectory() as tmp:
            commit = os.environ.get("ACTORGRAPH_BENCH_BEFORE", PAGE_BEFORE)
            rows += _page_rows(_stacks(commit, Path(tmp)), size["rounds"])
    return rows


def _load_rows(size: dict) -> list[dict]:
    """The scenarios under load, on both stacks."""
    commit = os.environ.get("ACTORGRAPH_BENCH_BEFORE", BEFORE)
    with tempfile.TemporaryDirectory() as tmp:
        stacks = _stacks(commit, Path(tmp))
        rows = []
        for scenario in SCENARIOS:
            measured: dict[str, list[dict]] = {stack: [] for stack in stacks}
            for number in range(size["rounds"]):
                order = list(stacks) if number % 2 == 0 else list(reversed(stacks))
                for stack in order:
                    measured[stack].append(_measure(stacks[stack], scenario, size["seconds"]))
            by_stack = {stack: _summary(scenario[0], stack, rounds)
                        for stack, rounds in measured.items()}
            rows += by_stack.values()
            if len(by_stack) == 2:
                before, after = by_stack["before"], by_stack["after"]
                rows.append({"scenario": scenario[0], "stack": "ratio after/before",
                             **{k: after[k] / before[k] for k in ("per_s", "p50_ms", "p99_ms")}})
    return rows
