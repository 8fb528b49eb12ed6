"""The wheel carries the ontology and the Libya dataset: ``load()`` works after ``pip install .``."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, timeout=300)
    (path,) = out.glob("actorgraph-*.whl")
    return path


def test_wheel_contains_the_ontology_data_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("actorgraph/_data/ontology/actorgraph.ttl",
                     "actorgraph/_data/ontology/shapes.ttl",
                     "actorgraph/_data/libya-2019/claims.csv",
                     "actorgraph/_data/libya-2019/actors.csv",
                     "actorgraph/_data/libya-2019/sources.csv",
                     "actorgraph/queries/backers.rq",
                     "actorgraph/queries/api/claims.rq",
                     "actorgraph/_render/template.html.j2"):
        assert expected in names


def test_installed_wheel_loads_the_bundled_dataset_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = ("import actorgraph, pathlib; g = actorgraph.load(); "
            f"assert pathlib.Path(actorgraph.__file__).is_relative_to(pathlib.Path(r'{target}')); "
            "print(g.info()['claims'], actorgraph.validate().ok)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["70", "True"]
