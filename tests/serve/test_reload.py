"""Reloads (POST /admin/reload with the token, or SIGHUP) never expose a half-loaded graph:
readers see the old data or the new; a dataset that fails to load leaves the old one served."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from ._helpers import Client, add_claims, bearer, count_claims

pytestmark = pytest.mark.server


def test_readers_see_the_old_or_the_new_data_never_a_mix(admin, admin_client):
    before = count_claims(admin_client)
    add_claims(admin.dataset_folder, 25)
    seen, stop = [], threading.Event()

    def read():
        reader = Client(admin.url)
        while not stop.is_set():
            seen.append(count_claims(reader))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    generation = admin_client.get("/health").json()["generation"]
    answer = admin_client.post("/admin/reload", b"", "text/plain", **bearer())
    after_reload = [count_claims(admin_client) for _ in range(4)]
    stop.set()
    for thread in readers:
        thread.join(60)

    assert answer.status == 200, answer.text
    assert answer.json()["generation"] == generation + 1
    assert seen and set(seen) <= {before, before + 25}
    assert after_reload == [before + 25] * 4


def test_a_broken_dataset_leaves_the_old_data_served(admin, admin_client):
    before = count_claims(admin_client)
    status = admin_client.get("/health").json()
    path = admin.dataset_folder / "claims.csv"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "bad1,LNA,frenemy,GNA,2019,,probable,tna-2019-12-07,quote,,,,\n",
                    encoding="utf-8")
    try:
        answer = admin_client.post("/admin/reload", b"", "text/plain", **bearer())
    finally:
        path.write_text(good, encoding="utf-8")
    assert answer.status == 422
    message = answer.json()["error"]["message"]
    assert "still serving the previous data" in message
    assert "claims.csv" in message and "frenemy" in message
    assert str(admin.dataset_folder.parent) not in message
    assert "actorgraph-serve-" not in message  # nor the private copy's folder
    assert count_claims(admin_client) == before
    assert admin_client.get("/health").json()["generation"] == status["generation"]


def test_reload_drops_updates(admin, admin_client):
    """Updates live in the served snapshot only; a reload reads the dataset files again."""
    insert = 'INSERT DATA { actor:LNA rdfs:comment "until the next reload" }'
    ask = 'ASK { actor:LNA rdfs:comment "until the next reload" }'
    assert admin_client.post("/sparql", insert, "application/sparql-update",
                             **bearer()).status == 200
    assert admin_client.query(ask).json()["boolean"] is True
    assert admin_client.post("/admin/reload", b"", "text/plain", **bearer()).status == 200
    assert admin_client.query(ask).json()["boolean"] is False


def test_sighup_reloads_a_running_serve(dataset_copy):
    """``serve()`` as the CLI runs it, in its own process: SIGHUP reloads, SIGTERM stops."""
    code = ("import sys; from actorgraph._serve import serve; "
            "serve(sys.argv[1], port=0, workers=1, timeout=30)")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-c", code, str(dataset_copy)],
                               stderr=subprocess.PIPE, text=True, env=env)
    lines = []
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            assert line, "serve() ended before it served: " + "".join(lines)
            lines.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            url = found and found.group(1)
        client = Client(url)
        before = count_claims(client)
        add_claims(dataset_copy, 3, prefix="hup")
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while count_claims(client) != before + 3:
            assert time.monotonic() < deadline, "SIGHUP did not reload"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    rest = process.stderr.read()
    assert "reloaded" in rest and "stopping" in rest
