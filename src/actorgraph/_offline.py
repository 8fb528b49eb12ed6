"""Run code with the network switched off: the second line of defence of user queries.

The query guard (:func:`actorgraph._sparql.check_query`) refuses ``SERVICE``, ``LOAD`` and
``FROM`` by parsing the query. Parsers disagree at the edges (a lone carriage return ended a
comment for Oxigraph but not for rdflib's parser, so a ``SERVICE`` hidden behind it passed the
guard and ran), so a query run for a user also runs where it *cannot* open a connection,
whatever it says:

- on Linux (x86-64 and AArch64), in a thread with a seccomp filter that makes the
  ``socket()`` system call fail with ``EACCES`` for every address family but ``AF_UNIX``
  (and every system call of a foreign ABI fail). A filter binds the thread that installs it
  and the threads it starts, never the rest of the process, and cannot be lifted: each call
  gets a fresh thread. It stops Oxigraph's own HTTP client (Rust, invisible to Python) and
  rdflib's (``urllib``) alike;
- elsewhere, an audit hook refuses Python's socket calls in that thread (rdflib's ``SERVICE``
  and ``LOAD``); Oxigraph's client is then stopped by the guard alone.

>>> import socket
>>> def connect():
...     with socket.socket() as s:
...         s.connect(("127.0.0.1", 9))
>>> offline(connect)
Traceback (most recent call last):
PermissionError: ...
"""

from __future__ import annotations

import ctypes
import errno
import functools
import platform
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

__all__ = ["deny_network", "mechanism", "offline", "refused"]

T = TypeVar("T")

# <linux/audit.h> architecture tokens and the number of socket(2) for each
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xB7 | 0xC0000000, 198)}
_X32_BIT = 0x40000000  # x86-64's x32 ABI numbers its system calls from here
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_LD_ABS_W, _JEQ_K, _JSET_K, _RET_K = 0x20, 0x15, 0x45, 0x06


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _filter(arch: int, nr_socket: int, x32: bool) -> list[tuple[int, int, int, int]]:
    """The BPF program: ``socket(family != AF_UNIX)`` and foreign ABIs fail with EACCES.

    ``struct seccomp_data`` holds the system call number at offset 0, the architecture at
    4 and the first argument (the address family) at 16.
    """
    deny = _RET_ERRNO | errno.EACCES
    program = [(_LD_ABS_W, 0, 0, 4), (_JEQ_K, 1, 0, arch), (_RET_K, 0, 0, deny),
               (_LD_ABS_W, 0, 0, 0)]
    if x32:
        program.append((_JSET_K, 0, 1, _X32_BIT))  # an x32 call: deny it outright
        program.append((_RET_K, 0, 0, deny))
    program += [(_JEQ_K, 0, 3, nr_socket), (_LD_ABS_W, 0, 0, 16),
                (_JEQ_K, 1, 0, socket.AF_UNIX), (_RET_K, 0, 0, deny), (_RET_K, 0, 0, _RET_ALLOW)]
    return program


def _seccomp() -> bool:
    """Install the filter on the calling thread; ``False`` where the platform has none."""
    machine = platform.machine().lower()
    if sys.platform != "linux" or machine not in _ARCHES:
        return False
    arch, nr_socket = _ARCHES[machine]
    code = _filter(arch, nr_socket, machine == "x86_64")
    instructions = (_Instruction * len(code))(*(_Instruction(*i) for i in code))
    program = _Program(len(code), instructions)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0
    except (OSError, AttributeError):
        return False


_OFFLINE_THREADS = threading.local()
_HOOKED = threading.Lock()
_hook_installed = False
_REFUSED_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg"})


def _audit(event: str, args) -> None:
    if event in _REFUSED_EVENTS and getattr(_OFFLINE_THREADS, "offline", False):
        family = getattr(args[0], "family", None) if args else None
        if family != socket.AF_UNIX:
            raise PermissionError(errno.EACCES, "network access is switched off for this query")


def _audit_hook() -> str:
    """Refuse Python's socket calls in the calling thread (installed once per process)."""
    global _hook_installed
    with _HOOKED:
        if not _hook_installed:
            sys.addaudithook(_audit)  # cannot be removed; it only acts in marked threads
            _hook_installed = True
    _OFFLINE_THREADS.offline = True
    return "audit-hook"


def deny_network() -> str:
    """Switch the network off for the calling thread and the threads it starts, for good.

    Returns the mechanism: ``"seccomp"`` (every socket of the thread, from any language) or
    ``"audit-hook"`` (Python's sockets only, where seccomp is not available). Meant for a
    thread made for the purpose, or a process that will never need the network again.
    """
    return "seccomp" if _seccomp() else _audit_hook()


def refused(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a connection the switched-off network refused.

    >>> refused(OSError("disk full")), refused(PermissionError("Permission denied"))
    (False, True)
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, PermissionError):
            return True
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__
    return False


def offline(fn: Callable[..., T], *args, timeout: float | None = None, network: bool = False,
            **kwargs) -> T:
    """``fn(*args, **kwargs)`` in a new thread whose network is switched off (unless
    ``network``).

    Returns what ``fn`` returns and raises what it raises; the caller's thread keeps its
    network. Past ``timeout`` seconds it raises :class:`~actorgraph.QueryTimeoutError` and
    leaves the thread to finish in the background (a thread cannot be stopped: where
    processes can be forked, queries with a time limit run in a child instead, see
    :mod:`actorgraph._killable`).
    """
    outcome: list = []

    def run() -> None:
        if not network:
            deny_network()
        try:
            outcome.append((True, fn(*args, **kwargs)))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            # what the failed frames held goes here: some engines' objects (pyoxigraph's
            # query solutions) must be dropped by the thread that made them
            traceback.clear_frames(exc.__traceback__)
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="actorgraph-offline", daemon=True)
    thread.start()
    thread.join(timeout)
    if not outcome:
        from ._exceptions import QueryTimeoutError

        raise QueryTimeoutError(f"the query ran past its time limit ({timeout:g} s); it goes "
                                "on in the background, and no partial result is returned")
    ok, value = outcome[0]
    if ok:
        return value
    raise value


@functools.cache
def mechanism() -> str:
    """What :func:`offline` uses on this platform: ``"seccomp"`` or ``"audit-hook"``."""
    found: list[str] = []
    thread = threading.Thread(target=lambda: found.append(deny_network()), daemon=True)
    thread.start()
    thread.join()
    return found[0]
