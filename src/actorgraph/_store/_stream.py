"""Streaming N-Triples lines into a store: byte chunks, a named pipe, a background feeder.

Two ways to hand lines to a bulk loader while Python produces them: :class:`Pipe`, a named
pipe the loader reads by path (POSIX; the loader then runs without the GIL, in parallel with
the producing thread), and :class:`Feeder`, a file object (everywhere; each read takes the
GIL, so it is slower when the producer is busy).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._progress import LoadProgress

__all__ = ["CHUNK_BYTES", "Feeder", "Pipe", "byte_chunks"]

CHUNK_BYTES = 4 * 1024 * 1024
PIPE_BYTES = 1024 * 1024  # what Linux lets a pipe hold by default (fs.pipe-max-size)


def _widen(pipe: int, size: int) -> None:
    """Let the pipe hold a whole chunk, where the system allows it (Linux).

    A chunk written into a pipe that has room returns at once, and the next chunk is made
    while the loader parses this one. Into a default pipe (64 KB) the write waits for the
    loader to read nearly all of it, so making chunks and parsing them took turns (10^5
    claims in memory: 7.7 s, where the two alone take 2.5 s and 4.4 s).
    """
    import fcntl  # POSIX, as named pipes are

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):  # above fs.pipe-max-size: keep the default
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, size)


def byte_chunks(lines: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[tuple[bytes, int]]:
    """``(UTF-8 bytes, number of lines)`` of about ``size`` bytes each, in order.

    ``lines`` are pieces of whole N-Triples lines (one line or several, each ending with a
    newline; N-Triples escapes newlines inside literals, so each one ends a line).

    >>> list(byte_chunks(["a .\\n", "b .\\nc .\\n", "d .\\n"], size=8))
    [(b'a .\\nb .\\nc .\\n', 3), (b'd .\\n', 1)]
    """
    batch: list[str] = []
    filled = 0
    for line in lines:
        batch.append(line)
        filled += len(line)
        if filled >= size:
            chunk = "".join(batch).encode("utf-8")
            yield chunk, chunk.count(b"\n")
            batch, filled = [], 0
    if batch:
        chunk = "".join(batch).encode("utf-8")
        yield chunk, chunk.count(b"\n")


class Feeder:
    """A binary file over lines encoded by a background thread, for a bulk loader to read.

    Producing the lines (Python) and loading them (Oxigraph, which releases the GIL) then
    run at the same time. Use as a context manager: on exit the thread is stopped and
    joined, and an error raised while producing the lines is raised again.

    >>> with Feeder(iter(["<urn:a> <urn:b> <urn:c> .\\n"])) as feed:
    ...     feed.read()
    b'<urn:a> <urn:b> <urn:c> .\\n'
    """

    def __init__(self, lines: Iterable[str], progress: LoadProgress | None = None, *,
                 size: int = CHUNK_BYTES, depth: int = 4) -> None:
        self._lines = lines
        self._progress = progress
        self._size = size
        self._queue: queue.Queue = queue.Queue(depth)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._buffer = b""
        self._position = 0
        self._finished = False
        self._thread = threading.Thread(target=self._produce, name="actorgraph-feeder",
                                        daemon=True)

    def __enter__(self) -> Feeder:
        self._thread.start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self._stop.set()
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def _produce(self) -> None:
        try:
            for chunk, count in byte_chunks(self._lines, self._size):
                if not self._put(chunk):
                    return
                if self._progress is not None:
                    self._progress.advance(count)
        except BaseException as exc:  # re-raised by __exit__ in the caller's thread
            self._error = exc
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all that is left if ``size`` is negative); ``b""`` at the end."""
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(1 << 30), b""))
        if self._position >= len(self._buffer):
            if self._finished:
                return b""
            item = self._queue.get()
            if item is None:
                self._finished = True
                return b""
            self._buffer, self._position = item, 0
        data = self._buffer[self._position:self._position + size]
        self._position += len(data)
        return data

    def readable(self) -> bool:
        return True



class Pipe:
    """A named pipe (FIFO) that a background thread fills with lines, for a loader that
    reads a path.

    Use as a context manager: it gives the pipe's path. On exit the thread is stopped
    (whatever the loader did not read is drained, so the thread never blocks) and joined,
    the pipe removed, and an error raised while producing the lines is raised again. POSIX
    only (``os.mkfifo``).

    >>> with Pipe(iter(["<urn:a> <urn:b> <urn:c> .\\n"])) as path, open(path, "rb") as pipe:
    ...     pipe.read()
    b'<urn:a> <urn:b> <urn:c> .\\n'
    """

    def __init__(self, lines: Iterable[str], progress: LoadProgress | None = None, *,
                 size: int = PIPE_BYTES) -> None:
        self._lines = lines
        self._progress = progress
        self._size = size
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._folder = ""
        self.path = ""
        self._thread = threading.Thread(target=self._produce, name="actorgraph-pipe",
                                        daemon=True)

    def __enter__(self) -> str:
        self._folder = tempfile.mkdtemp(prefix="actorgraph-pipe-")
        self.path = os.path.join(self._folder, "triples.nt")
        os.mkfifo(self.path, 0o600)
        self._thread.start()
        return self.path

    def __exit__(self, kind, value, traceback) -> None:
        self._stop.set()
        try:
            if self._thread.is_alive():
                self._drain()
            self._thread.join()
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
        if self._error is not None and kind is None:
            raise self._error

    def _drain(self) -> None:
        """Read and drop what the loader left (it stopped early) until the thread ends."""
        reader = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # also frees a waiting open
        try:
            while self._thread.is_alive():
                with contextlib.suppress(BlockingIOError):  # empty for now
                    os.read(reader, 1 << 16)
                self._thread.join(0.01)
        finally:
            os.close(reader)

    def _produce(self) -> None:
        out = None
        try:
            out = os.open(self.path, os.O_WRONLY)  # waits for the loader to open the pipe
            _widen(out, self._size)
            for chunk, count in byte_chunks(self._lines, self._size):
                if self._stop.is_set():
                    return
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
                if self._progress is not None:
                    self._progress.advance(count)
        except BrokenPipeError:  # the loader closed the pipe: it failed, and says why
            pass
        except BaseException as exc:  # re-raised by __exit__ in the caller's thread
            self._error = exc
        finally:
            if out is not None:
                os.close(out)
