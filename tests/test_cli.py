"""The command line: one library call per command, clean errors, JSON that is JSON only."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

import actorgraph
from actorgraph._cli import cli
from actorgraph._merge import merge
from actorgraph._synth import synth_dataset

COMMANDS = sorted(cli.commands)


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_the_documented_commands_exist():
    assert set(COMMANDS) >= {"info", "validate", "query", "related", "claims", "export", "render",
                             "analyze", "synth", "serve", "demo"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_related_json_is_json_only(run):
    """'the Tripoli-based GNA is supported by Italy, Turkey and Qatar'."""
    result = run("related", "GNA", "--relation", "backs", "--direction", "in", "--exact",
                 "--format", "json")
    assert result.exit_code == 0
    assert sorted(a["id"] for a in json.loads(result.stdout)) == ["ITA", "QAT", "TUR"]
    wider = run("related", "GNA", "--relation", "backs", "--direction", "in", "--format", "json")
    assert sorted(a["id"] for a in json.loads(wider.stdout)) == ["ITA", "QAT", "TUR", "UN"]


def test_query_csv(run):
    result = run("query", "-e", "SELECT ?b WHERE { ?b ag:backs actor:GNA } ORDER BY ?b",
                 "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "b"
    assert lines[1:] == sorted(f"https://w3id.org/actorgraph/id/actor/{x}"
                               for x in ("ITA", "QAT", "TUR"))


def test_named_query_with_bind(run):
    result = run("query", "--name", "backers", "--bind", "actor=Libyan National Army",
                 "--format", "json")
    assert result.exit_code == 0
    assert "EGY" in {row["backer"] for row in json.loads(result.stdout)["rows"]}


def test_claims_json_carries_provenance(run):
    result = run("claims", "--object", "LNA", "--relation", "trains", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows and all(r["quote"] and r["sources"] for r in rows)
    assert {r["certainty"] for r in rows} == {"possible"}


@pytest.mark.parametrize("args, message", [
    (("related", "Nobody"), "unknown actor 'Nobody'"),
    (("related", "LNA", "--relation", "frenemy"), "unknown relation 'frenemy'"),
    (("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
     "SERVICE is not allowed"),
    (("query", "-e", "DELETE WHERE { ?s ?p ?o }"), "updates"),
    (("query", "-e", "SELECT * WHERE {"), "SPARQL syntax error"),
    (("claims", "--as-of", "2019-13"), "invalid date"),
    (("related", "LNA", "--dataset", "no/such/folder"), "no such file or folder"),
])
def test_errors_go_to_stderr_with_a_nonzero_exit(args, message):
    """Run as a user would: a real process, stderr separate from stdout."""
    proc = subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_validate_exit_codes(run, tmp_path):
    assert run("validate").exit_code == 0
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "actors.csv").write_text("id,label\nA,Alpha\n", encoding="utf-8")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert "actors.csv:1: field 'header': missing required column 'kind'" in result.output


def test_export_and_info(run, tmp_path):
    out = tmp_path / "libya.jsonld"
    assert run("export", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))
    info = json.loads(run("info", "--dataset", str(out), "--format", "json").stdout)
    assert info["claims"] == 70 and info["store"] in ("memory", "oxigraph")


@pytest.mark.parametrize("command, name", [
    ("export", "libya.ttl"), ("export", "libya.csv"), ("render", "libya.html")])
def test_export_and_render_make_the_folders_missing_above_their_output(command, name,
                                                                      tmp_path):
    """As import, merge and extract do (was: "No such file or directory")."""
    out = tmp_path / "new" / "deeper" / name
    result = CliRunner().invoke(cli, [command, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert result.stderr.startswith(f"wrote {out}")


@pytest.mark.parametrize("command, name", [("export", "libya.ttl"), ("render", "libya.html")])
def test_export_and_render_name_a_file_in_the_way_of_their_folder(command, name, tmp_path):
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    out = tmp_path / "taken" / name
    result = CliRunner().invoke(cli, [command, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: cannot write {out}: cannot make the folder "
                             f"{tmp_path / 'taken'} ({tmp_path / 'taken'} is a file); "
                             "choose another path\n")


@pytest.mark.parametrize("as_of, trained", [
    ("2019-07-31", False), ("2019-08", True), ("2019-09-30", True), ("2019-12-31", False)])
def test_as_of_changes_the_answer(run, as_of, trained):
    """'to carry out the training in August and September of 2019'."""
    result = run("related", "LNA", "-r", "trains", "--direction", "in", "--as-of", as_of,
                 "--format", "json")
    assert ("IDF" in {a["id"] for a in json.loads(result.stdout)}) is trained


# -- an output folder already there -----------------------------------------------------------

ESD = "tests/data/imports/ucdp-esd/ucdp-esd-ty-181.csv"


def _report(folder) -> str:
    report = folder / "report.txt"
    report.write_text("Egypt backs the Libyan National Army.\n", encoding="utf-8")
    return str(report)


#: The commands that write a dataset folder, with their arguments but the folder.
WRITERS = {
    "import": lambda tmp: ["import", "ucdp-esd", ESD],
    "merge": lambda tmp: ["merge", "data/libya-2019"],
    "synth": lambda tmp: ["synth", "--actors", "10", "--claims", "10"],
    "extract": lambda tmp: ["extract", _report(tmp), "--published", "2020-01-14"],
}


def _occupied(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    return out


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_existing_folder_is_refused_with_the_command_line_option(command, tmp_path):
    """The command line names its own option, ``--overwrite``, not the library's
    ``overwrite=True``; the folder is left as it was."""
    out = _occupied(tmp_path)
    result = CliRunner().invoke(cli, [*WRITERS[command](tmp_path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"error: {out}: already exists and is not an empty folder; "
                             "choose another path or pass --overwrite\n")
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize("call", [
    lambda out: actorgraph.import_dataset("ucdp-esd", ESD, out),
    lambda out: merge(["data/libya-2019"], out),
    lambda out: synth_dataset(out, actors=10, claims=10),
], ids=["import_dataset", "merge", "synth_dataset"])
def test_an_existing_folder_is_refused_with_the_keyword_argument(call, tmp_path):
    """In Python the advice is the keyword argument; it is also given as data
    (``argument``, ``reason``) for a front end to say in its own words."""
    out = _occupied(tmp_path)
    with pytest.raises(actorgraph.ExportError) as caught:
        call(out)
    assert str(caught.value) == (f"{out}: already exists and is not an empty folder; "
                                 "choose another path or pass overwrite=True")
    assert caught.value.argument == "overwrite"
    assert caught.value.reason == f"{out}: already exists and is not an empty folder"


# -- a refusal the library lifts with a keyword argument ------------------------------------

SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
FROM = "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("sparql, said", [
    (SERVICE, "SERVICE is not allowed: queries run on the local graph only; the command line "
              "never allows SERVICE: to query an endpoint you trust, run the query from "
              "Python with g.query(text, allow_service=True)"),
    ("select * where { ?s ?p ?o optional { service silent <http://127.0.0.1:9/> { ?s ?p ?x } } }",
     "the command line never allows SERVICE"),
    (FROM, "FROM and FROM NAMED are not allowed: queries run on the loaded dataset; the "
           "command line never allows FROM: to use it, run the query from Python with "
           "g.query(text, allow_dataset=True)"),
], ids=["SERVICE", "service-silent-in-optional", "FROM"])
def test_a_refused_query_tells_what_the_command_line_user_can_do(sparql, said):
    """The command line has no option to allow SERVICE or FROM: it says so, and how to run
    the query from Python, instead of 'pass allow_service=True'."""
    result = CliRunner().invoke(cli, ["query", "-e", sparql])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and said in result.stderr
    assert "pass allow_" not in result.stderr


@pytest.mark.parametrize("sparql, argument, said", [
    (SERVICE, "allow_service", "; pass allow_service=True to query remote endpoints"),
    (FROM, "allow_dataset", "; pass allow_dataset=True to override"),
], ids=["SERVICE", "FROM"])
def test_in_python_a_refused_query_names_the_keyword_argument(sparql, argument, said):
    with pytest.raises(actorgraph.UnsafeQueryError) as caught:
        actorgraph.load().query(sparql)
    assert str(caught.value).endswith(said)
    assert caught.value.argument == argument


def test_the_command_line_has_its_own_advice_for_every_keyword_argument_the_library_names():
    """Each ``argument=`` the library gives an error has its command-line wording."""
    from pathlib import Path

    from actorgraph._cli import COMMAND_LINE_ADVICE

    source = Path(actorgraph.__file__).parent
    named = {m for path in source.rglob("*.py")
             for m in re.findall(r'\bargument="(\w+)"', path.read_text(encoding="utf-8"))}
    assert named == set(COMMAND_LINE_ADVICE)
