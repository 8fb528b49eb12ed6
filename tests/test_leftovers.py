"""What a process killed outright (``kill -9``) leaves behind is removed by the next one
(issue 12, catalogue H1): the staging folder of a load into an on-disk Oxigraph store (up to
gigabytes) and the temporary file of an export. A live process's are never touched. Every
process here is real, and really killed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import actorgraph
from actorgraph._synth import synth_dataset


def _start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "actorgraph", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _appears(folder: Path, pattern: str, proc: subprocess.Popen, exclude=()) -> Path:
    """The first entry of ``folder`` matching ``pattern`` (not in ``exclude``), once there."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(pattern) if p not in exclude]
        if found:
            return found[0]
        assert proc.poll() is None, "the process ended before it was killed"
        time.sleep(0.01)
    raise AssertionError(f"no {pattern} in {folder}")


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()  # reaped: its id belongs to no process any more


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """Enough claims for a load or an export to take seconds."""
    folder = tmp_path_factory.mktemp("leftovers") / "dataset"
    synth_dataset(folder, actors=2_000, claims=40_000, seed=2)
    return folder


def test_a_killed_load_leaves_a_staging_the_next_open_removes(dataset, tmp_path):
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = _start("info", "--store", spec, "--dataset", str(dataset))
    dead = _appears(tmp_path, ".kg.staging-*", first)
    time.sleep(0.5)  # well into the load
    _kill(first)
    assert dead.is_dir() and any(dead.iterdir())

    second = _start("info", "--store", spec, "--dataset", str(dataset))
    try:
        live = _appears(tmp_path, ".kg.staging-*", second, exclude=[dead])
        assert not dead.exists()  # the next open removed the dead load's staging
        with pytest.raises(actorgraph.StoreError, match="another process has it open"):
            actorgraph.load(store=spec)  # an open while the second load runs ...
        assert live.exists()  # ... never removes a live process's staging
    finally:
        _kill(second)
    actorgraph.load(Path(__file__).parent / "data/valid/minimal", store=spec)
    assert not live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]


def test_a_killed_export_leaves_a_temporary_file_the_next_export_removes(dataset, tmp_path):
    spec = f"oxigraph:{tmp_path / 'kg'}"
    subprocess.run([sys.executable, "-m", "actorgraph", "info", "--store", spec, "--dataset",
                    str(dataset)], check=True, capture_output=True, timeout=300)
    out = tmp_path / "out.ttl"
    first = _start("export", "--store", spec, "-o", str(out))
    dead = _appears(tmp_path, ".out.ttl.*.tmp", first)
    _kill(first)
    assert dead.exists() and not out.exists()

    second = _start("export", "--store", spec, "-o", str(out))
    try:
        live = _appears(tmp_path, ".out.ttl.*.tmp", second, exclude=[dead])
        assert not dead.exists()  # the next export removed the dead one's file
        actorgraph.load().export(out)  # another export, here, while the second runs ...
        assert live.exists() or second.poll() is not None  # ... leaves the live one's alone
    finally:
        _kill(second)
    actorgraph.load().export(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg", "out.ttl"]
    assert actorgraph.load(out).info()["claims"] == 70
