"""A short load test, bounded in count and time, on loopback: concurrent clients, no errors.

Latency percentiles are measured by ``make bench`` (``bench/bench_serve.py``); here only
correctness under concurrency is asserted, with generous bounds.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

pytestmark = [pytest.mark.server, pytest.mark.slow]

CLIENTS = 8
SECONDS = 3.0


def _client(server, number: int) -> list[tuple[int, float]]:
    """One keep-alive client: a mix of requests for ``SECONDS``; (status, seconds) each.

    Every SPARQL text is new (a numbered comment), so that parses run concurrently:
    rdflib's parser is not thread-safe and the server must not let that show.
    """
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    results, i = [], 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        i += 1
        paths = [
            "/sparql?query=" + quote(f"ASK {{ actor:EGY ag:backs ?x }} # {number}-{i}"),
            "/sparql?query=" + quote(f"SELECT ?id WHERE {{ ?a dcterms:identifier ?id }} "
                                     f"LIMIT {i % 7 + 1}"),
            "/api/related?" + urlencode({"name": "LNA", "direction": "in"}),
            "/health",
        ]
        start = time.monotonic()
        conn.request("GET", paths[i % len(paths)])
        response = conn.getresponse()
        response.read()
        results.append((response.status, time.monotonic() - start))
    conn.close()
    return results


def test_concurrent_clients_get_no_errors(server):
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [r for rs in pool.map(lambda n: _client(server, n), range(CLIENTS))
                   for r in rs]
    statuses = [status for status, _ in answers]
    assert len(answers) >= CLIENTS
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    assert max(seconds for _, seconds in answers) < 20


FIRST_REQUESTS = """
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote
sys.path.insert(0, sys.argv[1])
from _helpers import Client
from actorgraph._serve import make_server

with make_server(port=0, workers=1) as server:
    client = Client(server.url)
    texts = [f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}" for n in range(1, 9)]
    with ThreadPoolExecutor(8) as pool:
        print(sorted(pool.map(lambda t: client.query(t).status, texts)))
"""


def test_the_first_requests_can_arrive_at_once(tmp_path):
    """Regression: eight different queries as a fresh server's very first requests.

    pyparsing rewrites rdflib's grammar on its first parse; parses racing it used to fail
    (500). It needs a process whose parser has never run, hence a child interpreter.
    """
    done = subprocess.run([sys.executable, "-c", FIRST_REQUESTS, str(Path(__file__).parent)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str([200] * 8)
