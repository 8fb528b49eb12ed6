"""README.md says what the code does: every command is in its table, every command line it
shows parses with the real options, its links and the files its examples read exist.

The examples are not run here (several write files, `serve` and `review` do not return);
this checks what goes stale without anyone noticing: a renamed option, a new command, a
moved file."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from actorgraph._cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The table of commands: name -> its example (in backticks) or "see below".
TABLE = {name: example.strip() for name, example in
         re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$", README, re.M)}


def _command_lines() -> list[str]:
    """Every ``actorgraph …`` command line of the README's ``sh`` blocks (continuation lines
    joined, comments dropped) and of its table of commands."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("actorgraph "):
                lines.append(line)
    lines += [example.strip("`") for example in TABLE.values() if example != "see below"]
    return sorted(set(lines))


COMMAND_LINES = _command_lines()


def test_every_command_has_a_row_with_an_example():
    assert set(TABLE) == set(cli.commands)
    for name, example in TABLE.items():
        if example == "see below":  # the extract / review / accept workflow
            assert any(line.startswith(f"actorgraph {name} ") for line in COMMAND_LINES), name
        else:
            assert example == f"`actorgraph {name}`" or example.startswith(f"`actorgraph {name} ")


@pytest.mark.parametrize("line", COMMAND_LINES)
def test_each_command_line_parses(line, tmp_path, monkeypatch):
    """The options exist and the arguments fit (click parses, nothing runs), in a checkout
    where the folders the examples write under ``out/`` are there (as after the earlier
    examples: ``accept`` and ``review`` need the candidates)."""
    args = shlex.split(line)[1:]
    for top in ("data", "tests"):
        (tmp_path / top).symlink_to(ROOT / top)
    for word in args:
        if word.startswith("out/") and not Path(word).suffix:
            (tmp_path / word).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path)
    command = cli.commands[args[0]]
    with command.make_context(args[0], args[1:]) as ctx:
        assert ctx.command is command


@pytest.mark.parametrize("line", COMMAND_LINES)
def test_the_files_an_example_reads_exist(line):
    for word in shlex.split(line):
        if word.startswith(("data/", "tests/")):
            assert (ROOT / word).exists(), word


def test_links_stay_inside_the_repository():
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert links
    for link in links:
        assert not link.startswith(("/", "..", "http")), link
        assert (ROOT / link).exists(), link


def test_every_docs_page_is_linked():
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in README, page.name


def test_the_exit_codes_are_those_of_the_command_line():
    from actorgraph._cli import NO_CLAIMS, STDOUT_CLOSED

    table = dict(re.findall(r"^\| (\d+) \| ([^|]+) \|$", README, re.M))
    assert set(table) == {"0", "1", "2", str(NO_CLAIMS), "130", str(STDOUT_CLOSED)}


def test_the_query_defaults_are_those_of_the_command_line():
    from actorgraph._cli import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    assert f"`--timeout {DEFAULT_TIMEOUT:g}` seconds" in README
    assert f"`--max-rows {DEFAULT_MAX_ROWS}`" in README
