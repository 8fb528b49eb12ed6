"""Loading by streaming: the named pipe and the feeder, the progress line, the on-disk swap."""

from __future__ import annotations

import io
import os
import threading
import time

import pyoxigraph as ox
import pytest

from actorgraph._progress import LoadProgress
from actorgraph._store._oxigraph import OxigraphStore, bulk_load
from actorgraph._store._stream import PIPE_BYTES, Feeder, Pipe

LINE = "<urn:x:a> <urn:x:b> <urn:x:c> .\n"
WAYS = [pytest.param(True, id="pipe", marks=pytest.mark.skipif(
    not hasattr(os, "mkfifo"), reason="no named pipes here")), pytest.param(False, id="file")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_feeder_streams_every_line_in_order():
    lines = [f"<urn:x:{i}> <urn:x:p> <urn:x:o> .\n" for i in range(5000)]
    with Feeder(iter(lines), size=1000) as feed:
        data = b"".join(iter(lambda: feed.read(777), b""))
    assert data.decode() == "".join(lines)


def test_pipe_streams_every_line_in_order():
    lines = [f"<urn:x:{i}> <urn:x:p> <urn:x:o> .\n" for i in range(50_000)]
    with Pipe(iter(lines), size=1000) as path, open(path, "rb") as pipe:
        data = pipe.read()
    assert data.decode() == "".join(lines)
    assert not os.path.exists(path)


def test_pipe_holds_a_whole_chunk():
    """A chunk written into a pipe that has room returns at once, so the next chunk is made
    while the loader parses this one (in a 64 KB pipe the two took turns)."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are fixed here")
    with Pipe(iter([LINE] * 10), size=PIPE_BYTES) as path, open(path, "rb") as pipe:
        assert pipe.read(1)  # the writer has opened, and sized, the pipe
        assert fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) >= PIPE_BYTES
        pipe.read()


@pytest.mark.parametrize("pipe", WAYS)
def test_bulk_load_streams_every_line(pipe):
    store = ox.Store()
    bulk_load(store, (f"<urn:x:{i}> <urn:x:p> <urn:x:o> .\n" for i in range(20_000)), pipe=pipe)
    assert len(store) == 20_000


@pytest.mark.parametrize("pipe", WAYS)
def test_bulk_load_raises_what_the_lines_raised(pipe):
    def lines():
        yield LINE
        raise ValueError("row 2 is broken")

    with pytest.raises(ValueError, match="row 2 is broken"):
        bulk_load(ox.Store(), lines(), pipe=pipe)


@pytest.mark.parametrize("pipe", WAYS)
def test_bulk_load_stops_the_thread_when_the_loader_fails(pipe):
    endless = iter(lambda: LINE, None)  # never ends: only the stop can end the thread
    with pytest.raises(SyntaxError):
        bulk_load(ox.Store(), (line[:-3] + "\n" for line in endless), pipe=pipe)
    assert not [t for t in threading.enumerate() if t.name in ("actorgraph-pipe", "actorgraph-feeder")]


def test_pipe_the_loader_never_opened_does_not_hang():
    with Pipe(iter(lambda: LINE, None)) as path:  # endless, and nobody reads
        assert os.path.exists(path)
    assert not [t for t in threading.enumerate() if t.name == "actorgraph-pipe"]


def test_progress_is_silent_off_a_terminal():
    out = io.StringIO()
    progress = LoadProgress("oxigraph", stream=out, delay=0)
    progress.advance(10)
    progress.finish()
    assert out.getvalue() == ""


def test_progress_shows_on_a_terminal_once_the_load_takes_time():
    out = Terminal()
    progress = LoadProgress("oxigraph:kg", stream=out, delay=0)
    progress.advance(1_499_999)
    time.sleep(0.6)  # the bar redraws at most twice a second
    progress.advance(1)
    progress.finish()
    text = out.getvalue()
    assert "loading into oxigraph:kg: 1.50M triples" in text and "triples/s" in text


def test_progress_waits_for_the_delay():
    out = Terminal()
    progress = LoadProgress("oxigraph", stream=out, delay=3600)
    progress.advance(10)
    progress.finish()
    assert out.getvalue() == ""


def test_interrupted_swap_is_repaired_on_open(tmp_path):
    """A crash between the swap's two renames leaves only ``.NAME.previous``: it comes back."""
    path = tmp_path / "kg"
    store = OxigraphStore(path)
    store.replace_with(iter([LINE]))
    del store
    path.rename(tmp_path / ".kg.previous")
    reopened = OxigraphStore(path)
    assert len(reopened) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]


def test_finished_swap_leftover_is_removed_on_open(tmp_path):
    path = tmp_path / "kg"
    store = OxigraphStore(path)
    store.replace_with(iter([LINE]))
    del store
    (tmp_path / ".kg.previous").mkdir()
    assert len(OxigraphStore(path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg"]


def test_a_store_in_a_new_folder(tmp_path):
    store = OxigraphStore(tmp_path / "new" / "folders" / "kg")
    store.replace_with(iter([LINE]))
    assert len(store) == 1
