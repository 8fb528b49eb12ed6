"""Progress bars for long imports, loads and exports (tqdm), on a terminal only.

A bar is drawn on stderr when stderr is a terminal, and never otherwise: CI logs, pipes,
notebooks and ``--format json`` output stay clean. Reading a file counts its bytes, so the
bar knows its total; writing records counts them.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

__all__ = ["LoadProgress", "counting", "on_terminal", "progress"]

T = TypeVar("T")


def on_terminal(stream=None) -> bool:
    """Whether ``stream`` (default stderr) is a terminal (where a bar may be drawn)."""
    try:
        return (stream if stream is not None else sys.stderr).isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _bar(file=None, **options):
    from tqdm import tqdm

    return tqdm(file=file, disable=not on_terminal(file), leave=False, dynamic_ncols=True,
                mininterval=0.5, **options)


class _CountingReader(io.RawIOBase):
    """A binary file whose reads advance a bar by the bytes read."""

    def __init__(self, raw: BinaryIO, bar) -> None:
        self._raw, self._bar = raw, bar

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self._bar.update(n)
        return n


@contextlib.contextmanager
def progress(raw: BinaryIO, path: Path, what: str) -> Iterator[BinaryIO]:
    """``raw`` (a file opened in binary mode) buffered, with a bar of its bytes read."""
    with _bar(total=path.stat().st_size, desc=what, unit="B", unit_scale=True) as bar:
        yield io.BufferedReader(_CountingReader(raw, bar), buffer_size=1 << 20)


def counting(items: Iterable[T], what: str, unit: str = "records",
             total: int | None = None) -> Iterator[T]:
    """``items`` as they are, with a bar that counts them."""
    with _bar(desc=what, unit=f" {unit}", unit_scale=True, total=total) as bar:
        for item in items:
            yield item
            bar.update()


class LoadProgress:
    """Triples streamed into a store, as a bar shown once the load has taken ``delay`` seconds.

    The total is unknown while streaming, so the bar counts triples and gives their rate.

    Parameters
    ----------
    what : str
        The store loaded, e.g. ``"oxigraph:/data/kg"``.
    stream : file, optional
        Where to draw (default stderr); nothing is drawn unless it is a terminal.
    delay : float
        Seconds before the bar appears: a quick load shows nothing.
    """

    def __init__(self, what: str, *, stream=None, delay: float = 2.0) -> None:
        self._bar = _bar(stream, desc=f"loading into {what}", unit=" triples",
                         unit_scale=True, delay=delay)

    def advance(self, triples: int) -> None:
        """Count ``triples`` more."""
        self._bar.update(triples)

    def finish(self) -> None:
        """Take the bar away (the load's outcome is the caller's to say)."""
        self._bar.close()
