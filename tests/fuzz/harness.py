"""Load an input in a child process that can hang or die without taking the caller with it.

Used by the fuzz run (``tests/fuzz/run.py``) and by the replay of the inputs it kept
(``tests/test_fuzz_regressions.py``). Every reader of the registry
(``actorgraph._readers.readers()``) is fuzzed: its seeds are the examples of ``tests/data``
it accepts, so a new reader (an importer, the report reader) is fuzzed as soon as it is
registered and has an example there.

An input *passes* when loading it either succeeds — and then its Turtle export loads back
as the same claims — or raises an :class:`actorgraph.ActorGraphError`. Anything else is a
*finding*: another exception (a bug), no answer within the time limit (a hang), or the child
dying (a crash).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
REGRESSIONS = Path(__file__).resolve().parent / "regressions"


@dataclass(frozen=True)
class Outcome:
    """``kind``: ``loaded``, ``refused`` (an ActorGraphError), ``bug``, ``hang`` or ``crash``."""

    kind: str
    detail: str = ""

    @property
    def finding(self) -> bool:
        return self.kind in ("bug", "hang", "crash")


def _load(reader: str, path: str, store: str) -> Outcome:
    """In the child: load, then (if it loaded) export to Turtle and load that back."""
    import warnings

    import actorgraph

    warnings.simplefilter("ignore")  # an empty dataset warns; that is not a finding
    try:
        graph = actorgraph.load(path, format=reader, store=store)
        claims = graph.claims()
        with tempfile.TemporaryDirectory() as out:
            again = actorgraph.load(graph.export(Path(out) / "export.ttl"), store=store)
            if again.claims() != claims:
                return Outcome("bug", "the Turtle export loads back as other claims")
    except actorgraph.ActorGraphError as exc:
        return Outcome("refused", str(exc)[:500])
    except Exception:  # noqa: BLE001 - anything else is what the fuzz run looks for
        return Outcome("bug", traceback.format_exc()[-3000:])
    return Outcome("loaded")


def _serve(conn) -> None:
    import logging

    # rdflib logs every ill-typed literal it meets; the outcome says what matters
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        conn.send(_load(*job))


class Child:
    """One worker process, started once and replaced after a hang or a crash."""

    def __init__(self, time_limit: float) -> None:
        self.time_limit = time_limit
        self._context = multiprocessing.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self._conn, child_end = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child_end,), daemon=True)
        self._process.start()
        child_end.close()

    def load(self, reader: str, path: Path, store: str = "oxigraph") -> Outcome:
        self._conn.send((reader, str(path), store))
        if not self._conn.poll(self.time_limit):
            self._process.kill()
            self._process.join()
            self._start()
            return Outcome("hang", f"no answer within {self.time_limit:g} s")
        try:
            return self._conn.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            self._start()
            return Outcome("crash", f"the child died (exit code {code})")

    def close(self) -> None:
        self._conn.close()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()


def seeds(reader) -> list[Path]:
    """The examples of ``tests/data`` (valid and invalid cases) that ``reader`` accepts."""
    found = []
    for case in sorted(p for kind in ("valid", "invalid") for p in (DATA / kind).iterdir()):
        for candidate in (case, *sorted(case.iterdir())) if case.is_dir() else ():
            if candidate.name not in ("expected.txt", "expected.json") \
                    and reader.accepts(candidate):
                found.append(candidate)
    return found


def keep(reader: str, input_path: Path, outcome: Outcome) -> Path:
    """Copy an input that gave a finding to ``regressions/<reader>/<hash>/`` (a folder input
    as ``input/``, a file as itself), with ``finding.txt`` saying what happened."""
    files = sorted(input_path.iterdir()) if input_path.is_dir() else [input_path]
    digest = hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files))
    target = REGRESSIONS / reader / digest.hexdigest()[:12]
    if input_path.is_dir():
        shutil.copytree(input_path, target / "input", dirs_exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(input_path, target / input_path.name)
    (target / "finding.txt").write_text(f"{outcome.kind}\n{outcome.detail}\n", encoding="utf-8")
    return target


def regression_inputs() -> list[tuple[str, Path]]:
    """``(reader, what to load)`` of every kept input."""
    out = []
    for folder in sorted(REGRESSIONS.glob("*/*")):
        if (folder / "input").is_dir():
            out.append((folder.parent.name, folder / "input"))
        else:
            (single,) = [f for f in folder.iterdir() if f.name != "finding.txt"]
            out.append((folder.parent.name, single))
    return out
