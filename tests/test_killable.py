"""The child process a timed query runs in (``actorgraph._killable``): what it sends back,
how it ends, and that it never outlives its caller or reaches the network unasked."""

from __future__ import annotations

import faulthandler
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import actorgraph
from actorgraph._killable import ChildTraceback, run


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def _raise(exc: BaseException):
    raise exc


def _bug():
    return {}["missing"]


def _unpicklable():
    raise Unpicklable(1, 2)


def _crash():
    faulthandler.disable()  # pytest's, inherited: its dump would only be noise here
    os.kill(os.getpid(), signal.SIGSEGV)


def _connect(port: int):
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return "connected"


def test_the_value_comes_back():
    assert run(lambda: ("rows", [1, 2, 3]), timeout=30) == ("rows", [1, 2, 3])
    assert run(os.getpid, timeout=None) != os.getpid()


def test_our_errors_come_back_as_they_are():
    with pytest.raises(actorgraph.QueryError, match="^bad query$") as raised:
        run(lambda: _raise(actorgraph.QueryError("bad query")), timeout=30)
    assert raised.value.__cause__ is None


def test_a_bug_comes_back_with_the_child_traceback():
    with pytest.raises(KeyError) as raised:
        run(_bug, timeout=30)
    assert isinstance(raised.value.__cause__, ChildTraceback)
    assert "in _bug" in str(raised.value.__cause__)


def test_an_error_that_cannot_travel_is_said():
    with pytest.raises(RuntimeError, match="error could not be sent back"):
        run(_unpicklable, timeout=30)


def test_a_crash_is_an_error_not_an_empty_answer():
    with pytest.raises(actorgraph.QueryError, match="killed by SIGSEGV before answering"):
        run(_crash, timeout=30)


def test_the_time_limit_kills_the_child():
    start = time.monotonic()
    with pytest.raises(actorgraph.QueryTimeoutError, match=r"time limit \(0.5 s\)"):
        run(lambda: time.sleep(60), timeout=0.5)
    assert time.monotonic() - start < 10


def test_the_child_has_no_network_unless_asked(listener):
    with pytest.raises(PermissionError):
        run(lambda: _connect(listener.port), timeout=30)
    assert run(lambda: _connect(listener.port), timeout=30, network=True) == "connected"


def test_the_child_ignores_ctrl_c_the_caller_decides():
    def interrupted() -> str:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        return "still here"

    assert run(interrupted, timeout=30) == "still here"


def test_the_child_dies_with_its_caller(tmp_path):
    """A caller killed outright (kill -9) takes its query with it: nothing runs on."""
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, time
        from actorgraph._killable import run

        def forever():
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(600)

        run(forever, timeout=None)
    """)
    caller = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists()
