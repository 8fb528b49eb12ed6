"""``actorgraph serve`` under load: N concurrent clients for a few seconds, on loopback.

Each client keeps one HTTP/1.1 connection and cycles through a mix of requests: a named
query (SPARQL JSON), a SELECT as CSV, an ASK, ``/api/related`` and ``/api/claims``. Rows give
requests, errors, throughput and latency percentiles per dataset, store and client count;
the last scenario keeps a query that runs into the time limit in flight meanwhile, to show
that it does not stall the others. Everything is bounded: seconds per scenario, loopback only.
"""

from __future__ import annotations

import http.client
import json
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

from actorgraph._sparql import named_queries
from actorgraph._store._bind import bind
from actorgraph._synth import synth_dataset

FULL = {"seconds": 5.0, "clients": (1, 4, 16), "synth_claims": 10_000}
QUICK = {"seconds": 2.0, "clients": (4,), "synth_claims": 2_000}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def request_mix(actor: str, actor_iri: str) -> list[tuple[str, str, str]]:
    """``(kind, path, Accept)`` for each request a client cycles through."""
    backers = bind(named_queries()["backers-all"].text, {"actor": _iri(actor_iri)})[1]
    by_relation = ("SELECT ?relation (COUNT(?c) AS ?n) WHERE { ?c a ag:Claim ; ag:relation "
                   "?relation } GROUP BY ?relation ORDER BY DESC(?n)")
    return [
        ("named query", f"/sparql?query={quote(backers)}", "application/sparql-results+json"),
        ("select csv", f"/sparql?query={quote(by_relation)}", "text/csv"),
        ("ask", f"/sparql?query={quote('ASK { ?s ag:backs ?o }')}", "*/*"),
        ("api related", "/api/related?" + urlencode({"name": actor, "direction": "both"}),
         "application/json"),
        ("api claims", "/api/claims?" + urlencode({"subject": actor}), "application/json"),
    ]


def _iri(text: str):
    import rdflib

    return rdflib.URIRef(text)


def _client(url: str, mix, stop: threading.Event, out: list) -> None:
    split = urlsplit(url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=120)
    i = 0
    while not stop.is_set():
        kind, path, accept = mix[i % len(mix)]
        i += 1
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(split.hostname, split.port, timeout=120)
        out.append((kind, time.perf_counter() - start, ok))
    conn.close()


def load(url: str, mix, clients: int, seconds: float) -> dict:
    """Run ``clients`` clients for ``seconds``; requests, errors, rate and latency percentiles."""
    stop, results = threading.Event(), []
    threads = [threading.Thread(target=_client, args=(url, mix, stop, results))
               for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(t * 1000 for _, t, _ in results)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"requests": len(results), "errors": sum(not ok for *_, ok in results),
            "per_s": len(results) / elapsed, "p50_ms": cuts[49], "p90_ms": cuts[89],
            "p99_ms": cuts[98], "max_ms": latencies[-1] if latencies else None}


class Served:
    """``serve()`` in a process of its own (as the CLI runs it), so that the clients here do
    not share its interpreter; the address is read from its start line."""

    def __init__(self, dataset, store, timeout: float):
        code = ("import sys; from actorgraph._serve import serve; "
                "serve(sys.argv[1] or None, store=sys.argv[2] or None, port=0, "
                "timeout=float(sys.argv[3]))")
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(dataset or ""), store or "", str(timeout)],
            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
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


def _get_json(url: str, path: str):
    split = urlsplit(url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def _scenario(name: str, dataset, store, clients_list, seconds: float, *,
              slow_in_flight: bool = False) -> list[dict]:
    timeout = 4.0 if slow_in_flight else 30.0
    with Served(dataset, store, timeout) as server:
        actor = _get_json(server.url, "/api/claims")[0]["object"]
        mix = request_mix(actor, f"https://w3id.org/actorgraph/id/actor/{actor}")
        load(server.url, mix, 4, 2.0)  # warm both workers' caches
        rows = []
        for clients in clients_list:
            slow = None
            if slow_in_flight:
                slow = threading.Thread(target=load, args=(
                    server.url, [("slow", f"/sparql?query={quote(SLOW)}", "*/*")], 1, 0.1))
                slow.start()
                time.sleep(0.3)
            stats = load(server.url, mix, clients, seconds)
            if slow is not None:
                slow.join()
            rows.append({"scenario": name, "store": store or "memory", "clients": clients,
                         **stats})
        return rows


def run(quick: bool = False) -> list[dict]:
    """Every scenario; see the module docstring."""
    size = QUICK if quick else FULL
    rows = _scenario("libya-2019", None, None, size["clients"], size["seconds"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synth"
        synth_dataset(folder, actors=size["synth_claims"] // 10, claims=size["synth_claims"])
        rows += _scenario(f"synth {size['synth_claims']:,} claims", folder, "oxigraph",
                          size["clients"], size["seconds"])
    rows += _scenario("libya-2019, a 4 s query in flight", None, None, (4,), size["seconds"],
                      slow_in_flight=True)
    return rows
