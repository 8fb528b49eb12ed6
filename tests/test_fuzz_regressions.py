"""Every input the fuzz run kept (``tests/fuzz/regressions/``) loads or is refused clearly,
in a child process, within its time limit (issue 12). The seeds themselves are the valid and
invalid cases of ``tests/data``, checked by ``test_load_valid`` and ``test_load_errors``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))
from harness import Child, regression_inputs, seeds  # noqa: E402

from actorgraph._readers import readers  # noqa: E402

KEPT = regression_inputs()


@pytest.fixture(scope="module")
def child():
    worker = Child(time_limit=60)
    yield worker
    worker.close()


def test_inputs_were_kept():
    assert KEPT, "tests/fuzz/regressions holds no input"


@pytest.mark.parametrize("reader, path", KEPT, ids=[f"{r}/{p.parent.name}" for r, p in KEPT])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_kept_input_is_no_longer_a_finding(child, reader, path, store):
    outcome = child.load(reader, path, store)
    assert not outcome.finding, f"{outcome.kind}: {outcome.detail}"


@pytest.mark.parametrize("reader", readers(), ids=lambda r: r.name)
def test_every_reader_has_seeds_to_fuzz_from(reader):
    """The fuzz run refuses a reader with no example in tests/data."""
    assert seeds(reader)
