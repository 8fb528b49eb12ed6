"""A disk store's lock is the operating system's: a process killed while holding the store
leaves nothing to clean up by hand (bad-inputs H4); the next open succeeds."""

from __future__ import annotations

import signal
import subprocess
import sys

import actorgraph
from actorgraph._resources import dataset_path


def test_a_killed_holder_leaves_no_lock(tmp_path):
    spec = f"oxigraph:{tmp_path / 'kg'}"
    code = ("import sys, actorgraph; actorgraph.load(sys.argv[1], store=sys.argv[2]); "
            "print('loaded', flush=True); sys.stdin.read()")
    holder = subprocess.Popen([sys.executable, "-c", code, str(dataset_path()), spec],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "loaded"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert actorgraph.load(store=spec).info()["claims"] == 70
