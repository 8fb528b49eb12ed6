"""Inputs that crashed a load (issue 12) now fail with a clear error naming the user's file:
a JSON-LD document nested thousands of levels deep (a segmentation fault inside the parser),
a JSON-LD named graph (a bare ``ParserError``, or an error naming an internal file), and a
load that runs out of memory (a 45-line ``MemoryError`` traceback). Each runs the command in
a process of its own, as a crash would end the test run otherwise."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import actorgraph
from actorgraph._synth import synth_dataset


def actorgraph_cli(*args, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True,
                          text=True, timeout=300, preexec_fn=limit if limit_bytes else None)


def _nested(depth: int) -> str:
    return '{"@id": "http://example.org/x", "http://example.org/p": ' * depth + '"leaf"' + \
        "}" * depth


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_deeply_nested_json_ld_is_refused_before_parsing(tmp_path, store):
    deep = tmp_path / "deep.jsonld"
    deep.write_text(_nested(4_000), encoding="utf-8")
    assert deep.stat().st_size > 130_000
    run = actorgraph_cli("info", "--store", store, "--dataset", str(deep))
    assert run.returncode == 1, run.stderr  # was -11: SIGSEGV
    assert "deep.jsonld: JSON nested too deeply (more than 100 levels" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_deeply_nested_turtle_loads_in_its_own_process(tmp_path, store):
    """Turtle's ``[ … ]`` nested 100,000 deep: both parsers read it without recursing, so it
    loads (blank nodes about no actor, source or claim) where JSON-LD's parser crashed."""
    depth = 100_000
    deep = tmp_path / "deep.ttl"
    deep.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * depth
                    + "ex:b" + " ]" * depth + " .\n", encoding="utf-8")
    run = actorgraph_cli("info", "--store", store, "--dataset", str(deep))
    assert run.returncode == 3, run.stderr  # loaded, but it states no claim
    assert "no claims" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("text, deep", [
    (_nested(100), False),
    (_nested(101), True),
    ('[' * 101 + ']' * 101, True),
    (json.dumps({"@id": "http://example.org/x", "http://example.org/p": "{" * 500}), False),
    (json.dumps({"@id": "http://example.org/x", "http://example.org/p": '\\"[' * 500}), False),
])
def test_the_depth_scan_counts_brackets_outside_strings(tmp_path, text, deep):
    path = tmp_path / "data.jsonld"
    path.write_text(text, encoding="utf-8")
    if deep:
        with pytest.raises(actorgraph.LoadError, match="nested too deeply"):
            actorgraph.load(path)
    else:  # loads: triples about no actor, source or claim
        with pytest.warns(UserWarning, match="no claims"):
            assert len(actorgraph.load(path, store="oxigraph").store) > 0


NAMED = {
    "@context": {"ag": "https://w3id.org/actorgraph/ontology#"},
    "@id": "http://example.org/graph",
    "@graph": [{"@id": "http://example.org/a", "http://example.org/p": "x"}],
}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("where", ["top", "nested"])
def test_a_json_ld_named_graph_is_a_clear_error(tmp_path, store, where):
    document = NAMED if where == "top" else {"@id": "http://example.org/n",
                                             "http://example.org/q": NAMED}
    path = tmp_path / "named.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    run = actorgraph_cli("info", "--store", store, "--dataset", str(path))
    assert run.returncode == 1
    assert 'named.jsonld: a named graph: the node' in run.stderr
    assert "Traceback" not in run.stderr and "triples.nt" not in run.stderr


def test_a_top_level_graph_without_an_id_is_the_default_graph():
    """``"@graph"`` at the top with no ``"@id"`` is the document's one graph: not refused."""
    path = Path(__file__).parent / "data/valid/minimal-jsonld/minimal.jsonld"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "@graph" in document and "@id" not in document
    assert actorgraph.load(path).claims()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big") / "dataset"
    synth_dataset(folder, actors=500, claims=20_000, seed=1)
    return folder


def test_running_out_of_memory_says_so_and_suggests_oxigraph(big):
    """rdflib takes ~2 KB a triple: 20,000 claims do not fit in 300 MB of address space."""
    run = actorgraph_cli("info", "--store", "memory", "--dataset", str(big),
                         limit_bytes=300 * 2**20)
    assert run.returncode == 1, run.stderr[-2000:]
    assert "ran out of memory loading into the memory store" in run.stderr
    assert "store='oxigraph:PATH'" in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) <= 2
