"""Atomic writes: a temporary file in the same folder, fsync, then ``os.replace``.

A failure at any point (an exception, a full disk, Ctrl-C) leaves any previous file at the
path intact and removes the temporary file. A process killed outright (``kill -9``, a power
cut) cannot clean up: its temporary file carries its process id
(``.NAME.PID.RANDOM.tmp``), and the next write to the same path removes those of processes
that are no longer running (:func:`remove_leftovers`), never a live one's. The file gets
the mode any new file gets under the process's umask (a temporary file is made private,
0600, which is not what a user who exports a graph expects to find).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ._exceptions import ExportError

__all__ = ["atomic_path", "file_mode", "make_parents", "remove_leftovers", "running",
           "write_bytes"]


def file_mode() -> int:
    """The mode a new file gets under the process's umask (0644 under umask 022)."""
    try:  # Linux says it without changing it (changing it is not thread-safe)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def make_parents(path: str | Path) -> None:
    """Make the folders missing above ``path``, with the mode a new folder gets under the
    umask (as writing a dataset folder does).

    Raises
    ------
    ExportError
        A folder could not be made (a file has its name, no permission …).
    """
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        file = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                    None)
        why = f"{file} is a file" if file is not None else exc.strerror or str(exc)
        raise ExportError(f"cannot write {path}: cannot make the folder {folder} ({why}); "
                          "choose another path") from None


def running(pid: int) -> bool:
    """Whether process ``pid`` is running (taken as running where that cannot be told).

    >>> running(os.getpid())
    True
    """
    if os.name != "posix":  # os.kill(pid, 0) is no probe on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say: it exists
        return True
    return True


def remove_leftovers(folder: Path, prefix: str, suffix: str = "") -> list[Path]:
    """Remove what dead processes left in ``folder``: files or folders named ``prefix``,
    a process id, ``.`` or ``-``, a random part, then ``suffix``, whose process is no
    longer running. Returns what was removed."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)[.-][A-Za-z0-9_]+" + re.escape(suffix))
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or running(int(found.group(1))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        removed.append(entry)
    return removed


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}."
    remove_leftovers(folder, prefix, ".tmp")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_path, file_mode())
        os.replace(tmp_path, target)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}; "
                          "any previous file is intact") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
