"""Helpers shared by the benchmark modules: timing, peak memory, a fresh process per measurement."""

from __future__ import annotations

import multiprocessing
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["isolated", "median", "peak_rss_mb", "timeit"]


def median(values) -> float:
    """The median of some numbers."""
    return statistics.median(values)


def timeit(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> dict:
    """Time ``fn()`` ``repeat`` times after ``warmup`` untimed calls.

    Returns ``{"median", "min", "max", "runs"}`` in seconds (``runs``: every timing, in order).
    """
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"median": median(runs), "min": min(runs), "max": max(runs), "runs": runs}


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB.

    On Linux this is ``VmHWM``, the process's own peak: ``ru_maxrss`` would also count the
    memory of the parent it was forked from, when that was larger.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, KB elsewhere
    return int(re.search(r"VmHWM:\s*(\d+) kB", status).group(1)) / 2**10


def _measured(fn, args, kwargs):
    return fn(*args, **kwargs), peak_rss_mb()


def isolated(fn: Callable, *args, **kwargs) -> tuple[object, float]:
    """Call ``fn(*args, **kwargs)`` in a fresh interpreter; return its result and that
    process's peak RSS in MB, so that one measurement's memory does not hide another's.

    ``fn`` must be a module-level function and its arguments and result picklable.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measured, (fn, args, kwargs))
