"""The examples of ``docs/serve.md`` run unchanged against a real server: every SPARQL query
in Jena's ``rsparql`` (which parses the query itself, so each must declare its prefixes) with
the same answer as over HTTP, the curl commands in curl, the ``rsparql`` command as written,
the SPARQLWrapper code in Python. Only the address changes: the documented port is 8000,
the tests' server listens on a free one."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from actorgraph._sparql import check_query

pytestmark = pytest.mark.server

DOC = Path(__file__).resolve().parents[2] / "docs" / "serve.md"
DOCUMENTED = "http://127.0.0.1:8000/"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(encoding="utf-8"),
                      re.MULTILINE | re.DOTALL)


QUERIES = _blocks("sparql")
CURL = [b for b in _blocks("sh") if b.lstrip().startswith(("curl", "# "))
        and "curl" in b and "actorgraph serve" not in b]
RSPARQL = [b for b in _blocks("sh") if b.startswith("rsparql")]
PYTHON = [b for b in _blocks("python") if "SPARQLWrapper" in b]


def _address(text: str, server) -> str:
    return text.replace(DOCUMENTED, server.url)


def test_the_doc_has_examples_of_each_kind():
    assert len(QUERIES) >= 4 and CURL and len(RSPARQL) == 1 and len(PYTHON) == 1


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: check_query(q).form)
def test_every_query_declares_its_prefixes(query):
    """Oxigraph's parser knows no prefix that is not declared: each query parses there."""
    pyoxigraph.Store().query(query)


def _csv_rows(text: str) -> list[list[str]]:
    return sorted(csv.reader(io.StringIO(text)))


def _run_rsparql(rsparql, server, query: str, folder: Path, results: str) -> str:
    path = folder / "query.rq"
    path.write_text(query, encoding="utf-8")
    done = subprocess.run([*rsparql, "--service", server.url + "sparql", "--query", str(path),
                           "--results", results], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: check_query(q).form)
def test_queries_in_rsparql_answer_as_over_http(rsparql, server, client, query, tmp_path):
    form = check_query(query).form
    if form in ("SELECT", "ASK"):
        theirs = _run_rsparql(rsparql, server, query, tmp_path, "CSV")
        if form == "ASK":
            expected = "true" if client.query(query).json()["boolean"] else "false"
            assert _csv_rows(theirs) == sorted([["_askResult"], [expected]])
        else:
            ours = client.query(query, "text/csv")
            assert ours.status == 200, ours.text
            assert _csv_rows(theirs) == _csv_rows(ours.text)
            assert len(_csv_rows(theirs)) > 1
    else:
        theirs = _run_rsparql(rsparql, server, query, tmp_path, "N-Triples")
        ours = client.query(query, "application/n-triples")
        graph = rdflib.Graph().parse(data=theirs, format="nt")
        assert len(graph) > 0
        assert isomorphic(graph, rdflib.Graph().parse(data=ours.body, format="nt"))


def test_the_rsparql_command_as_documented(rsparql, server, tmp_path):
    """The documented command, with its query file: the first example's query."""
    words = shlex.split(_address(RSPARQL[0], server))
    file = words[words.index("--query") + 1]
    (tmp_path / file).write_text(QUERIES[0], encoding="utf-8")
    done = subprocess.run([*rsparql, *words[1:]], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert ["Egypt"] in _csv_rows(done.stdout)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("script", CURL, ids=lambda s: f"{s.count('curl ')}-commands")
def test_curl_examples(server, script):
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", _address(script, server)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    assert "Error " not in done.stdout and '"error"' not in done.stdout, done.stdout[:2000]


def test_sparqlwrapper_example(server, g_labels):
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(_address(PYTHON[0], server), {})  # noqa: S102 - the documented example itself
    lines = output.getvalue().splitlines()
    assert lines
    assert {line.rsplit(" ", 1)[0] for line in lines} <= g_labels


@pytest.fixture(scope="module")
def g_labels() -> set[str]:
    import actorgraph

    return {actor.label for actor in actorgraph.load().actors()}
