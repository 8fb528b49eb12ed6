"""``actorgraph import`` and ``actorgraph export`` as a user runs them: a real process, its
stderr not a terminal (no progress bar drawn), our errors as clean messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

IMPORTS = Path(__file__).parent / "data" / "imports"


def actorgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actorgraph", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize(("kind", "path", "options"), [
    ("ucdp-esd", IMPORTS / "ucdp-esd" / "ucdp-esd-ty-181.csv", ()),
    ("acled", IMPORTS / "acled" / "acled-arcadia-2019.csv", ("--per", "pair-month")),
    ("wikidata", IMPORTS / "wikidata" / "entities.json", ("--release", "2026-11-30")),
])
def test_import_writes_a_dataset_that_validates(tmp_path, kind, path, options):
    done = actorgraph("import", kind, str(path), "-o", "out", *options, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "\r" not in done.stderr  # no progress bar off a terminal
    assert done.stderr.splitlines()[-1].startswith("wrote out: ")
    checked = actorgraph("validate", "--dataset", "out", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_import_of_the_wrong_kind_is_a_clean_error(tmp_path):
    done = actorgraph("import", "acled", str(IMPORTS / "mmp" / "relationships.csv"), "-o", "out",
                      cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error: relationships.csv: missing column 'event_id_cnty'")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_per_is_for_acled_only(tmp_path):
    done = actorgraph("import", "mmp", str(IMPORTS / "mmp" / "relationships.csv"), "-o", "out",
                      "--per", "event", cwd=tmp_path)
    assert done.returncode == 2 and "--per is an option of the acled importer" in done.stderr


def test_export_csv_writes_the_node_table_beside_it(tmp_path):
    done = actorgraph("export", "-o", "libya.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["libya.csv", "libya.nodes.csv"]
    assert "libya.nodes.csv" in done.stderr
