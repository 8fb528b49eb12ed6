"""The exit codes of the command line: 0 success, 1 actorgraph's error, 2 a bug (or a usage
error, as click has it), 3 a dataset with no claim (see test_csv_messages), 130 Ctrl-C with
nothing changed (bad-inputs I4), 141 output cut short by its reader (see test_cli_edges)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

import actorgraph
from actorgraph._cli import handle_errors


@pytest.mark.parametrize("raised, code, said", [
    (KeyboardInterrupt(), 130, "error: interrupted; nothing was changed"),
    (actorgraph.LoadError("x.csv: 1 problem(s)"), 1, "error: x.csv: 1 problem(s)"),
    (RuntimeError("boom"), 2, "this is a bug in actorgraph"),
])
def test_exit_codes(raised, code, said):
    @click.command()
    @handle_errors
    def run():
        raise raised

    result = CliRunner().invoke(run)
    assert result.exit_code == code
    assert said in result.output


def test_an_error_message_shows_control_characters_escaped():
    @click.command()
    @handle_errors
    def run():
        raise actorgraph.DataError("bad \u202evalue\x1b[2J")

    result = CliRunner().invoke(run)
    assert "bad \\u202evalue\\x1b[2J" in result.output and "\x1b" not in result.output
