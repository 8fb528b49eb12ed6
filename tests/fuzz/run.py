"""The bounded fuzz run of every loader (issue 12): ``python tests/fuzz/run.py --seconds 240``.

For each reader of the registry, hypothesis picks one of its seeds (the examples under
``tests/data`` it accepts), one file of it (a dataset folder has three), and a few byte
mutations of the kinds that broke loaders before (quotes, separators, line ends, NUL and
other controls, invalid UTF-8, bidirectional controls, other scripts' digits, truncation,
duplication, splices from another seed); the input is loaded in a child process
(:mod:`harness`). The run is bounded by the total time (shared between the readers,
checked between batches of examples) and by the time limit of each input; it exits 1 on any finding, after
copying the input to ``tests/fuzz/regressions/`` (replayed by
``tests/test_fuzz_regressions.py``: commit it with the fix).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Child, input_files, keep, seeds  # noqa: E402 - beside this script

from actorgraph._readers import readers  # noqa: E402

PIECES = [b'"', b'""', b",", b";", b"\t", b"|", b"\r", b"\n", b"\r\n", b"\x00", b"\x1b", b"\x0c",
          b"\xff", b"\xc3", b"\xef\xbb\xbf", "\u202e".encode(), "\u200b".encode(),
          "２０１９".encode(), "٢٠٢٠".encode(), "حـماس".encode(), b"unknown", b"2019-02-30",
          b"\\u0000", b"^^xsd:integer", b"@prefix", b"<http://e/a>", b" .", b"[", b"{", b"}",
          b'"@context"', b"\"@graph\"", b"x" * 300]


@st.composite
def mutated(draw, data: bytes, others: list[bytes]) -> bytes:
    """``data`` after one to four mutations."""
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate",
                                   "splice", "bytes"]))
        if op == "insert":
            data = data[:at] + draw(st.sampled_from(PIECES)) + data[at:]
        elif op == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        elif op == "replace":
            data = data[:at] + draw(st.sampled_from(PIECES)) + data[at + 1:]
        elif op == "duplicate":
            end = min(size, at + draw(st.integers(1, 200)))
            data = data[:end] + data[at:end] + data[end:]
        elif op == "truncate":
            data = data[:at]
        else:
            other = draw(st.sampled_from(others))
            start = draw(st.integers(0, len(other)))
            data = data[:at] + other[start:start + draw(st.integers(1, 200))] + data[at:]
    return data


def fuzz_reader(reader, child: Child, until: float, examples: int, run_seed: int,
                work: Path) -> list[Path]:
    """Fuzz one reader until ``until`` (a monotonic time); the kept inputs of its findings."""
    found_seeds = seeds(reader)
    if not found_seeds:
        raise SystemExit(f"reader {reader.name!r} has no example in tests/data to fuzz from: "
                         "add a valid and an invalid case for it")
    files = {s: input_files(s) if s.is_dir() else [s] for s in found_seeds}
    others = [f.read_bytes() for fs in files.values() for f in fs]
    findings: list[Path] = []
    counter = {"n": 0}

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one(data):
        chosen = data.draw(st.sampled_from(found_seeds))
        target = data.draw(st.sampled_from(files[chosen]))
        content = data.draw(mutated(target.read_bytes(), others))
        counter["n"] += 1
        case = work / f"{reader.name}-{counter['n']}"
        case.mkdir()
        if chosen.is_dir():
            for f in files[chosen]:
                shutil.copyfile(f, case / f.name)
            (case / target.name).write_bytes(content)
            path = case
        else:
            path = case / chosen.name
            path.write_bytes(content)
        store = "memory" if counter["n"] % 4 == 0 else "oxigraph"
        outcome = child.load(reader.name, path, store)
        if outcome.finding:
            kept = keep(reader.name, path, outcome)
            findings.append(kept)
            print(f"FINDING {reader.name} ({store}): {outcome.kind}, kept as {kept}\n"
                  f"{outcome.detail}", flush=True)
        shutil.rmtree(case)

    batch = 0
    while time.monotonic() < until:
        seed(run_seed * 1000 + batch)(one)()
        batch += 1
    print(f"{reader.name}: {counter['n']} inputs from {len(found_seeds)} seeds, "
          f"{len(findings)} finding(s)", flush=True)
    return findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=240,
                        help="total time, shared between the readers (default 240)")
    parser.add_argument("--examples", type=int, default=25,
                        help="examples per hypothesis batch; the time is checked between "
                             "batches (default 25)")
    parser.add_argument("--time-limit", type=float, default=20,
                        help="seconds one input may take before it counts as a hang")
    parser.add_argument("--seed", type=int, default=int(time.time()),
                        help="the run's seed (printed, to replay it)")
    args = parser.parse_args()
    everyone = readers()
    print(f"fuzzing {', '.join(r.name for r in everyone)} for {args.seconds:g} s, "
          f"seed {args.seed}", flush=True)
    start, findings = time.monotonic(), []
    child = Child(args.time_limit)
    try:
        with tempfile.TemporaryDirectory(prefix="actorgraph-fuzz-") as work:
            for i, reader in enumerate(everyone):
                share = (args.seconds - (time.monotonic() - start)) / (len(everyone) - i)
                findings += fuzz_reader(reader, child, time.monotonic() + share,
                                        args.examples, args.seed, Path(work))
    finally:
        child.close()
    if findings:
        print(f"{len(findings)} finding(s): fix them and commit the inputs kept under "
              "tests/fuzz/regressions/", flush=True)
        return 1
    print("fuzz run: no finding", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
