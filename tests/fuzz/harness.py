"""Load an input in a child process that can hang or die without taking the caller with it.

Used by the fuzz run (``tests/fuzz/run.py``) and by the replay of the inputs it kept
(``tests/test_fuzz_regressions.py``). Every reader of the registry
(``actorgraph._readers.readers()``) is fuzzed: its seeds are the examples under
``tests/data`` it accepts (or kept in a folder named after it), so a new reader (an
importer, the report reader) is fuzzed as soon as it is registered and has an example there.

An input *passes* when loading it either succeeds — and then its Turtle export loads back
as the same claims — or raises an :class:`actorgraph.ActorGraphError`. Anything else is a
*finding*: another exception (a bug; a connection or a name lookup counts as one), no
answer within the time limit (a hang), or the child dying (a crash).
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


def _offline(event: str, args) -> None:
    """Loading never touches the network: a connection or a name lookup is a finding."""
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        raise RuntimeError(f"loading opened a connection: {event} {args}")


def _serve(conn) -> None:
    import logging
    import sys

    # rdflib logs every ill-typed literal it meets; the outcome says what matters
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    sys.addaudithook(_offline)
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


_NOT_INPUT = ("expected.txt", "expected.json", "finding.txt")


def input_files(folder: Path) -> list[Path]:
    """The files of a folder that an input is made of (not its README or expectations)."""
    return sorted(f for f in folder.iterdir() if f.is_file() and f.name not in _NOT_INPUT
                  and not f.name.startswith("README"))


def seeds(reader) -> list[Path]:
    """The examples under ``tests/data`` (the valid and invalid cases, the importers' files,
    …) that ``reader`` accepts — files, and folders that hold files — and the files of a
    folder named after it (a reader that is only ever named, such as ``wikidata``, whose
    JSON files JSON-LD would claim, accepts nothing by itself)."""
    found = []
    for path in sorted(DATA.rglob("*")):
        if path.is_dir() and not input_files(path):
            continue
        if path.is_file() and (path.name in _NOT_INPUT or path.name.startswith("README")):
            continue
        if reader.accepts(path) or (path.is_file() and path.parent.name == reader.name):
            found.append(path)
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
