"""Write a dataset folder: ``actors.csv``, ``sources.csv``, ``claims.csv``, all or nothing.

The one writer of the project's own format (``synth``, ``merge``, the importers, the
candidates of ``extract`` and what ``accept`` writes all go through it). Columns come from
the schema; rows are records or dicts of cells, streamed, so a million claims need no more
memory than a thousand. The folder is written beside its path under a temporary name and
renamed into place when complete: an interruption leaves nothing half-written, and a folder
already there is replaced only once the new one is whole.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ._exceptions import ExportError
from ._model import Record
from ._schema import FILES, columns

__all__ = ["write_dataset", "write_rows"]


def _cells(row: Record | Mapping[str, str]) -> Mapping[str, str]:
    return row.to_row() if isinstance(row, Record) else row


def write_rows(path: Path, kind: str, rows: Iterable[Record | Mapping[str, str]],
               extra: tuple[str, ...] = (), leave_out: tuple[str, ...] = ()) -> int:
    """Write the CSV file of ``kind`` (``actor``, ``source``, ``claim``) at ``path``, its
    schema's columns (but ``leave_out``) then ``extra`` ones; return the number of rows."""
    count = 0
    names = [c for c in columns(kind) if c not in leave_out]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*names, *extra], restval="", lineterminator="\n",
                                extrasaction="ignore" if leave_out else "raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(_cells(row))
            count += 1
    return count


def _swap_in(new: Path, path: Path) -> None:
    """Rename ``new`` to ``path``; a folder already there is removed once ``new`` is in place."""
    if not path.exists():
        new.rename(path)
        return
    old = new.with_name(new.name + ".old")
    path.rename(old)
    try:
        new.rename(path)
    except BaseException:
        old.rename(path)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask_mode() -> int:
    """The mode a new folder gets under the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def write_dataset(path: str | Path, records: Mapping[str, Iterable[Record | Mapping[str, str]]],
                  *, readme: str | Callable[[dict[str, int]], str] | None = None,
                  overwrite: bool = False,
                  extra: Mapping[str, tuple[str, ...]] | None = None,
                  files: Mapping[str, str] | None = None,
                  leave_out: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Write a dataset folder at ``path``, atomically; return the rows written per kind.

    Parameters
    ----------
    path : str or Path
        The folder. It must not exist, or be empty, unless ``overwrite``.
    records : mapping
        ``{"actor": …, "source": …, "claim": …}``: records, or rows as dicts of cells.
    readme : str or callable, optional
        The text of a ``README.md`` written beside the CSV files, or a function of the rows
        written per kind that gives it (for a README that tells what the stream held).
    overwrite : bool
        Replace a folder already at ``path`` (once the new one is complete).
    extra : mapping, optional
        Columns written after the schema's, by kind (``{"claim": ("rule", "score")}``).
    files : mapping, optional
        Other text files written beside them, ``{name: text}``, byte for byte (no newline
        translation): the report of a folder of candidates.
    leave_out : mapping, optional
        Optional columns of the schema not written, by kind (``accept`` leaves the review
        fields out of a curated dataset).

    Raises
    ------
    ExportError
        The folder exists (without ``overwrite``), or could not be written; nothing changed.
    """
    path = Path(path)
    if path.exists() and not (path.is_dir() and (overwrite or not any(path.iterdir()))):
        raise ExportError(f"{path}: already exists and is not an empty folder",
                          argument="overwrite", advice="choose another path or pass overwrite=True")
    staging = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        counts = {kind: write_rows(staging / FILES[kind], kind, records.get(kind, ()),
                                   (extra or {}).get(kind, ()), (leave_out or {}).get(kind, ()))
                  for kind in FILES}
        readme_text = readme(counts) if callable(readme) else readme
        for name, text in {**({"README.md": readme_text} if readme is not None else {}),
                           **(files or {})}.items():
            with (staging / name).open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        staging.chmod(_umask_mode())
        _swap_in(staging, path)
    except BaseException as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: could not write the dataset: {exc}") from exc
        raise
    return counts
