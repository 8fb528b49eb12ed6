"""``actorgraph serve --workers N``: N worker processes, and N queries running at once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ._helpers import Client

pytestmark = [pytest.mark.server, pytest.mark.slow]

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours
LIMIT_S = 8


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_scale_the_queries_that_run_at_once():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "serve", "--port", "0", "--workers", "3",
         "--timeout", str(LIMIT_S)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = None
        deadline = time.monotonic() + 90
        while url is None:
            line = process.stderr.readline()
            assert line and time.monotonic() < deadline, "the server did not start"
            found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            url = found and found.group(1)
        threading.Thread(target=process.stderr.read, daemon=True).start()
        client = Client(url)
        health = client.get("/health").json()
        assert health["workers"] == 3
        assert len(_children(process.pid)) == 3

        answers = []
        threads = [threading.Thread(target=lambda: answers.append(client.query(SLOW)))
                   for _ in range(3)]
        for thread in threads:
            thread.start()
        busiest, deadline = 0, time.monotonic() + LIMIT_S
        while busiest < 3 and time.monotonic() < deadline:
            busiest = max(busiest, client.get("/health").json()["busy"])
            time.sleep(0.05)
        for thread in threads:
            thread.join(LIMIT_S * 6)
        assert busiest == 3  # three queries ran at once
        assert [a.status for a in answers] == [504, 504, 504]
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
