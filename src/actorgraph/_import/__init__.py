"""Importers of the datasets analysts already use: UCDP ESD and ACD, ACLED, Mapping Militant
Organizations, Wikidata.

Each importer is a reader (``actorgraph.load(path, format="ucdp-esd")`` reads the file
directly) and :func:`import_dataset` writes what it reads as a dataset folder, the project's
own format, which validates and merges with any other. ``docs/importers.md`` gives each
mapping with the codebook's definitions.

>>> sorted(IMPORTERS)
['acled', 'mmp', 'ucdp-acd', 'ucdp-esd', 'wikidata']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import LoadError, Problem
from .._readers import register_reader
from ._acled import AcledImporter
from ._base import Importer
from ._mmp import MmpImporter
from ._ucdp import AcdImporter, EsdImporter
from ._wikidata import WikidataImporter

__all__ = ["IMPORTERS", "ImportReport", "import_dataset", "importer"]

#: The importers, by the name ``actorgraph import NAME`` and ``load(format=NAME)`` take.
IMPORTERS: dict[str, type[Importer]] = {cls.name: cls for cls in (
    EsdImporter, AcdImporter, AcledImporter, MmpImporter, WikidataImporter)}

for _cls in IMPORTERS.values():
    register_reader(_cls())


@dataclass
class ImportReport:
    """What :func:`import_dataset` wrote: the folder, the rows per kind, and notes (columns
    ignored, rows that gave no claim)."""

    path: Path
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.path}: {self.counts['actor']} actors, {self.counts['source']} source(s), "
                f"{self.counts['claim']} claims")


def importer(kind: str, **options) -> Importer:
    """The importer named ``kind``, with its options (``release``, ``published``, ``per``)."""
    if kind not in IMPORTERS:
        import difflib

        close = difflib.get_close_matches(kind, IMPORTERS)
        raise LoadError(f"unknown importer {kind!r}", [Problem(
            kind, None, None, f"unknown importer {kind!r}",
            f"use one of: {', '.join(IMPORTERS)}" + (f"; did you mean {close[0]!r}?" if close
                                                     else ""))])
    return IMPORTERS[kind](**{k: v for k, v in options.items() if v is not None})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _readme(kind: str, path: Path, options: dict, counts: dict, notes: list[str]) -> str:
    """The folder's README: what was imported, how, and what the import noted. Nothing in
    it changes between two imports of the same file (no date, no local path)."""
    given = ", ".join(f"{k}={v}" for k, v in sorted(options.items()) if v is not None)
    lines = [f"# Imported from {path.name}", "",
             f"Written by `actorgraph import {kind}`" + (f" ({given})" if given else "")
             + f" from `{path.name}` (SHA-256 `{_sha256(path)}`): {counts['actor']} actors, "
             f"{counts['source']} source, {counts['claim']} claims.", "",
             "Each claim names the record it comes from in its `evidence` column; the source row "
             "names the release, its citation and its licence. The mapping is described in "
             "actorgraph's `docs/importers.md`."]
    if notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n"


def import_dataset(kind: str, path: str | Path, out: str | Path, *, overwrite: bool = False,
                   **options) -> ImportReport:
    """Import the file ``path`` of another dataset as a dataset folder at ``out``.

    Parameters
    ----------
    kind : str
        ``ucdp-esd``, ``ucdp-acd``, ``acled``, ``mmp`` or ``wikidata``.
    path : str or Path
        The release's file (CSV; JSON for Wikidata), its columns as the release names them.
    out : str or Path
        The dataset folder to write (all or nothing). It must not exist, or be empty,
        unless ``overwrite``.
    overwrite : bool
        Replace a folder already at ``out`` once the new one is complete.
    **options
        ``release`` (e.g. ``"18.1"``; UCDP ACD reads its ``version`` column, UCDP ESD the
        file name), ``published`` (the release's date), ``per`` (ACLED: ``event``, the
        default, or ``pair-month``), ``licence`` (the licence's address, where the
        importer knows none — Mapping Militants states none — or the user knows better).

    Returns
    -------
    ImportReport

    Raises
    ------
    LoadError
        A missing column, a cell the mapping cannot read, or a record that fails the
        dataset's checks: each problem names the input file, line and column.
    ExportError
        The folder could not be written.

    Examples
    --------
    >>> import tempfile, actorgraph
    >>> out = tempfile.mkdtemp() + "/esd"
    >>> report = import_dataset("ucdp-esd", "tests/data/imports/ucdp-esd/ucdp-esd-ty-181.csv", out)
    >>> report.counts["claim"] > 0 and actorgraph.validate(out).ok
    True
    """
    from .._csvwrite import write_dataset

    path, reader = Path(path), importer(kind, **options)
    stream = reader.read(path)

    def claims():
        yield from stream.claims()
        stream.verify()  # before the folder is swapped in: an import is all or nothing

    counts = write_dataset(
        out, {"actor": stream.actors, "source": stream.sources, "claim": claims()},
        overwrite=overwrite, readme=lambda counts: _readme(kind, path, options, counts,
                                                           reader.notes))
    return ImportReport(Path(out), counts, list(reader.notes))
