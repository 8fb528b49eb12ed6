"""Acceptance (issue 2): a bad dataset fails to load, all at once, clearly, and loads nothing.

Every folder of ``tests/data/invalid/`` is one bad input: a dataset folder (``actors.csv``,
``sources.csv``, ``claims.csv``) or a single ``.ttl`` / ``.nt`` / ``.jsonld`` file, and an
``expected.txt`` listing, one per line, the substrings the error message must contain
(file and line, field, the offending value, the hint). For each case:

- ``actorgraph.load(case)`` raises ``actorgraph.LoadError`` (also a ``ValueError``);
- the message contains every line of ``expected.txt``;
- ``err.problems`` is not empty and every problem names its file (and, in a CSV, its line);
- nothing is fetched from the network (no socket is opened while loading);
- nothing is loaded: a persistent store that already holds the Libya data is left as it was.

The catalogue behind the cases is ``reference/bad-inputs.md`` (sections A–E, I).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import actorgraph
from _cases import DATA, case_dirs, dataset_of

INVALID = DATA / "invalid"


# -- helpers ----------------------------------------------------------------------------

def expected_lines(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]




def load_error(target: Path) -> actorgraph.LoadError:
    with pytest.raises(actorgraph.LoadError) as info:
        actorgraph.load(target)
    return info.value


def counts(graph) -> dict:
    """``graph.info()`` without the names of the store and dataset (they name the path)."""
    return {k: v for k, v in graph.info().items() if k not in ("dataset", "store")}


INVALID_CASES = case_dirs(INVALID)


# -- the folders themselves ------------------------------------------------------------------

def test_folders_not_empty():
    """``tests/data/valid`` and ``tests/data/invalid`` each hold at least one case: an empty
    folder would make the parametrized tests pass vacuously."""
    assert case_dirs(DATA / "valid"), "tests/data/valid holds no case"
    assert case_dirs(INVALID), "tests/data/invalid holds no case"


@pytest.mark.parametrize("case", INVALID_CASES, ids=[c.name for c in INVALID_CASES])
def test_case_is_well_formed(case):
    """Each invalid case is tiny (a few rows) and says what its error must contain."""
    assert (case / "expected.txt").is_file(), f"{case.name}: no expected.txt"
    assert expected_lines(case), f"{case.name}: expected.txt is empty"
    target = dataset_of(case)
    files = [target] if target.is_file() else [p for p in case.iterdir() if p.suffix == ".csv"]
    for f in files:
        assert f.read_bytes().count(b"\n") <= 30, f"{f.name}: an invalid case should be tiny"


# -- every invalid case ------------------------------------------------------------------------

@pytest.mark.parametrize("case", INVALID_CASES,
                         ids=[c.name for c in INVALID_CASES])
def test_invalid_case_fails_with_expected_message(case, sockets):
    """The load fails with a LoadError whose message holds every line of expected.txt,
    lists its problems each with file (and line, for CSV), and opens no socket."""
    err = load_error(dataset_of(case))
    assert isinstance(err, ValueError)
    assert isinstance(err, actorgraph.ActorGraphError)
    message = str(err)
    missing = [line for line in expected_lines(case) if line not in message]
    assert not missing, f"missing from the message: {missing}\n--- message ---\n{message}"
    assert "Traceback" not in message
    assert err.problems, "LoadError.problems is empty"
    for problem in err.problems:
        assert isinstance(problem, actorgraph.Problem)
        assert problem.file, f"problem without a file: {problem}"
        assert problem.message
        if problem.file.endswith(".csv") and problem.message != "file missing":
            assert isinstance(problem.line, int) and problem.line >= 1, \
                f"CSV problem without a line: {problem}"
        assert str(problem) in message, "every problem is listed in the message"
    assert sockets == [], f"loading touched the network: {sockets}"


# -- nothing was loaded ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def libya_store_template(tmp_path_factory):
    """A closed on-disk Oxigraph store holding the bundled Libya data, and its info()."""
    root = tmp_path_factory.mktemp("libya-store")
    spec = f"oxigraph:{root / 'db'}"
    graph = actorgraph.load(store=spec)
    assert graph.info()["claims"] > 0
    del graph
    gc.collect()
    reopened = actorgraph.load(store=spec)
    info = counts(reopened)
    claims = [c.id for c in reopened.claims()]
    del reopened
    gc.collect()
    return root / "db", info, claims


@pytest.mark.parametrize("case", INVALID_CASES, ids=[c.name for c in INVALID_CASES])
def test_failed_load_leaves_persistent_store_intact(case, tmp_path, libya_store_template):
    """Loading is all-or-nothing: a failed load into ``oxigraph:PATH`` that already holds
    the Libya data leaves it exactly as it was (same ``info()`` counts, same claims)."""
    template, info_before, claims_before = libya_store_template
    db = tmp_path / "db"
    shutil.copytree(template, db)
    spec = f"oxigraph:{db}"
    with pytest.raises(actorgraph.LoadError):
        actorgraph.load(dataset_of(case), store=spec)
    gc.collect()
    graph = actorgraph.load(store=spec)  # reopen as it is
    assert counts(graph) == info_before
    assert [c.id for c in graph.claims()] == claims_before
    del graph
    gc.collect()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"], "staging left behind"


# -- python -O ---------------------------------------------------------------------------------

_RUN = """
import json, sys
import actorgraph
try:
    actorgraph.load(sys.argv[1])
except actorgraph.LoadError as err:
    print(json.dumps({"optimize": sys.flags.optimize, "message": str(err),
                      "problems": [[p.file, p.line, p.field] for p in err.problems]}))
else:
    print(json.dumps({"optimize": sys.flags.optimize, "message": None}))
"""


def _run(case: Path, *flags: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONOPTIMIZE"}
    done = subprocess.run([sys.executable, *flags, "-c", _RUN, str(dataset_of(case))],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["several-problems", "turtle-truncated", "self-loop"])
def test_python_O_gives_the_same_errors(name):
    """Checks never rely on ``assert``: under ``python -O`` the same input fails with the
    same message and problems (bad-inputs I1)."""
    case = INVALID / name
    plain, optimised = _run(case), _run(case, "-O")
    assert plain["optimize"] == 0 and optimised["optimize"] == 1
    assert plain["message"] is not None
    assert optimised == {**plain, "optimize": 1}
    for line in expected_lines(case):
        assert line in optimised["message"]


# -- no network, with a real listener ---------------------------------------------------------



def test_remote_jsonld_context_is_not_fetched(tmp_path, listener, sockets):
    """A JSON-LD file whose ``@context`` is a URL fails with a clear message, and nothing
    connects to that URL (bad-inputs B11): the listener it names receives no connection."""
    port, hits = listener.port, listener.hits
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({
        "@context": f"http://127.0.0.1:{port}/context.jsonld",
        "@id": "https://w3id.org/actorgraph/id/actor/LNA",
        "@type": "ArmedForces", "identifier": "LNA", "label": "Libyan National Army",
    }), encoding="utf-8")
    err = load_error(path)
    assert "remote @context not allowed" in str(err)
    assert "remote.jsonld" in str(err)
    assert hits == [] and sockets == []


def test_remote_context_in_a_context_list_is_not_fetched(tmp_path, listener, sockets):
    """A remote context hidden in a ``@context`` array (after an inline one) is refused too."""
    port, hits = listener.port, listener.hits
    path = tmp_path / "mixed.jsonld"
    path.write_text(json.dumps({
        "@context": [{"ag": "https://w3id.org/actorgraph/ontology#"},
                     f"http://127.0.0.1:{port}/context.jsonld"],
        "@id": "https://w3id.org/actorgraph/id/actor/LNA", "@type": "ag:ArmedForces",
    }), encoding="utf-8")
    err = load_error(path)
    assert "remote @context not allowed" in str(err)
    assert hits == [] and sockets == []


def test_remote_context_message_names_the_url():
    """The message names the refused context, so the user knows what to inline."""
    err = load_error(INVALID / "jsonld-remote-context" / "data.jsonld")
    assert "http://127.0.0.1:9/actorgraph-context.jsonld" in str(err)


# -- messages that must not mislead --------------------------------------------------------------

def test_invalid_actor_row_does_not_cascade_into_unknown_actor():
    """whitespace-only-label: LNA's label is blank (actors.csv:3). The one thing to fix is
    that label; claims naming LNA must not be reported as naming an unknown actor."""
    err = load_error(INVALID / "whitespace-only-label")
    assert "actors.csv:3: field 'label'" in str(err)
    assert "unknown actor 'LNA'" not in str(err)


def test_two_values_are_not_also_reported_missing():
    """rdf-two-values: claim c1 has two quotes; that is one problem, not two."""
    err = load_error(INVALID / "rdf-two-values" / "data.ttl")
    assert "2 values, expected one" in str(err)
    assert "missing value" not in str(err)


def test_short_row_names_the_missing_fields():
    """short-row: claim c2 stops after ``sources``; the message names ``quote``, the first
    required column it lacks."""
    err = load_error(INVALID / "short-row")
    assert "'quote'" in str(err)


def test_rdf_ill_typed_but_parseable_date_is_rejected(tmp_path):
    """``"2019-08"^^xsd:date`` is not an xsd:date; loading it is an error naming claim c2."""
    text = (DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_text(encoding="utf-8")
    assert '"2019-08"^^xsd:gYearMonth' in text
    path = tmp_path / "ill-typed.ttl"
    path.write_text(text.replace('"2019-08"^^xsd:gYearMonth', '"2019-08"^^xsd:date'),
                    encoding="utf-8")
    err = load_error(path)
    assert "claim 'c2'" in str(err) and "start" in str(err)


def test_rdf_unknown_actor_suggests_the_nearest_and_names_the_rdf_file():
    """In ``data.ttl`` claim c1's object is ``actor:LNAA``; ``actor:LNA`` is declared. The
    message suggests LNA and does not tell the user to edit an ``actors.csv`` they do not have."""
    err = load_error(INVALID / "rdf-unknown-actor" / "data.ttl")
    assert "did you mean 'LNA'" in str(err)
    assert "actors.csv" not in str(err)


# -- inputs too big for a committed case ------------------------------------------------------------

def _write_dataset(folder: Path, claims: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("actors.csv", "sources.csv"):
        shutil.copy(DATA / "valid" / "minimal" / name, folder / name)
    (folder / "claims.csv").write_text(claims, encoding="utf-8")
    return folder


def test_oversized_field_is_an_error_not_a_truncation(tmp_path):
    """A 1.2 MB quote is refused with file, line and field (bad-inputs A7), never cut short."""
    header = (DATA / "valid" / "minimal" / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    row = "c1,EGY,backs,LNA,,,probable,tna-2019-12-07," + "x" * 1_200_000 + ",,,,"
    err = load_error(_write_dataset(tmp_path / "big", f"{header}\n{row}\n"))
    assert "claims.csv:2" in str(err)
    assert any(p.file == "claims.csv" and p.line == 2 for p in err.problems)


def test_header_only_claims_load_with_a_warning(tmp_path):
    """A claims.csv with a header and no rows is not an error, but the user is told
    (bad-inputs A8: '0 records' warning)."""
    header = (DATA / "valid" / "minimal" / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    folder = _write_dataset(tmp_path / "empty", header + "\n")
    with pytest.warns(UserWarning, match="no claims"):
        graph = actorgraph.load(folder)
    assert graph.claims() == []
    assert graph.info()["actors"] == 5


def test_missing_path_is_a_load_error(tmp_path):
    """A path that does not exist is a LoadError naming it, not a bare OSError traceback."""
    with pytest.raises(actorgraph.LoadError, match="no such file or folder"):
        actorgraph.load(tmp_path / "nowhere")


def test_unknown_rdf_suffix_is_a_load_error(tmp_path):
    """A file that is neither a dataset folder nor a known RDF format is refused clearly."""
    path = tmp_path / "data.xml"
    path.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(actorgraph.LoadError, match="unknown format '.xml'") as caught:
        actorgraph.load(path)
    assert "turtle: a Turtle file" in str(caught.value)  # it names the formats it reads


def test_a_format_can_be_named(tmp_path):
    """``format=`` picks the reader whatever the suffix; an unknown name suggests one."""
    path = tmp_path / "data.txt"
    path.write_bytes((DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_bytes())
    assert len(actorgraph.load(path, format="turtle").claims()) > 0
    with pytest.raises(actorgraph.LoadError, match="did you mean 'turtle'"):
        actorgraph.load(path, format="turtel")


def test_socket_audit_sees_a_connection(listener, sockets):
    """Canary: the audit hook used above does record a connection (so 'no events' means
    'no network', not 'not listening')."""
    port = listener.port
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert any(event == "socket.connect" for event, _ in sockets)
