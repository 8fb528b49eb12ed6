"""The command line's edges: our errors are one line, a bug is a traceback with how to report
it, output cut short by ``| head`` ends quietly, arguments are checked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from actorgraph import _cli
from actorgraph._cli import cli


def _actorgraph(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True,
                          text=True, timeout=120, **options)


def test_our_errors_are_one_line():
    proc = _actorgraph("related", "Nobody")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: unknown actor 'Nobody'")
    assert "Traceback" not in proc.stderr


def test_a_bug_shows_its_traceback_and_how_to_report_it(monkeypatch):
    """An exception that is not actorgraph's is a bug: never dressed up as a tidy message."""
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("actorgraph._graph.Graph.info", broken)
    result = CliRunner().invoke(cli, ["info"])
    assert result.exit_code == 2
    assert "Traceback" in result.output and "ZeroDivisionError: a bug" in result.output
    assert _cli.REPORT_BUGS in result.output and "this is a bug in actorgraph" in result.output


def test_output_cut_short_by_head_ends_quietly():
    """``actorgraph claims | head -1``: no BrokenPipeError, nothing on stderr."""
    proc = subprocess.run(f"{sys.executable} -m actorgraph claims --format csv | head -1",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("id,subject")
    assert proc.stderr == ""


@pytest.mark.parametrize("args, lines", [
    (("claims", "--format", "csv"), 1),  # written at once
    (("claims",), 1),  # a table, written a line at a time
    (("--help",), 0),  # click's own output, shorter than the pipe holds: nothing is read
], ids=["csv", "table", "help"])
def test_a_reader_that_stops_ends_the_command_quietly_with_141(args, lines):
    """stdout is a pipe its reader closes after a line (or at once): the command ends with
    exit code 141 (128 + SIGPIPE, as a shell reports it; click alone exits 1, the code of a
    data error), and nothing on stderr. The pipe holds one page, less than the output, so
    the command is still writing when it closes."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("needs Linux's F_SETPIPE_SZ")
    # unbuffered, Python's text layer drops what a write to a closed pipe leaves unwritten
    # and goes on: a run in that mode says nothing of how a user's run ends
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
    with open(read, "rb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "actorgraph", *args], stdout=write,
                                stderr=subprocess.PIPE, env=env)
        os.close(write)
        read_lines = [out.readline() for _ in range(lines)]
    _, stderr = proc.communicate(timeout=120)
    assert all(line.startswith(b"id") for line in read_lines)
    assert stderr == b""
    assert proc.returncode == 141 == _cli.STDOUT_CLOSED


@pytest.mark.parametrize("args, message", [
    (("related", "LNA", "--direction", "incoming"), "'incoming' is not one of"),
    (("render", "-o", "x.png"), "render writes an HTML page"),
    (("validate", "data/libya-2019", "--dataset", "data/libya-2019"), "give the datasets once"),
])
def test_bad_arguments_say_what_to_do(args, message, tmp_path):
    args = tuple(str(tmp_path / a) if a == "x.png" else a for a in args)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.png").exists()


def test_the_library_names_the_valid_directions():
    import actorgraph

    with pytest.raises(actorgraph.ActorGraphError, match="out, in, both"):
        actorgraph.load().related("LNA", direction="incoming")


def test_validate_takes_dataset_like_every_command():
    result = CliRunner().invoke(cli, ["validate", "--dataset", "data/libya-2019", "--no-shacl"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
