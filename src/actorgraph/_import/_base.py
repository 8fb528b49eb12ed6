"""What every importer shares: reading a release's CSV by column name, building records, and
handing them to the loader's checks as a :class:`~actorgraph._readers.RecordStream`.

An importer maps the rows of another dataset (UCDP, ACLED, Mapping Militants, Wikidata) to
actors, one source (the release) and claims. It reads its file twice: once for the actors,
which are few and must be written first, and once for the claims, which stream to the
dataset folder or the store one by one, so that a million rows need no more memory than a
thousand. Every record goes through :class:`~actorgraph._records.DatasetChecker`, as a
dataset folder's would: an import is all or nothing, and its problems name the input file,
line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from abc import abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import LoadError, Problem
from .._progress import progress
from .._readers import Reader, RecordStream
from .._records import MAX_FIELD, DatasetChecker, RawRecord

__all__ = ["Actors", "Importer", "TabularImporter", "slug"]


def slug(text: str) -> str:
    """An id made of a name: ASCII letters, digits and '-', lower case.

    >>> slug("Military Forces of Libya (2014-)"), slug("Ansar al-Sharia (Benghazi)")
    ('military-forces-of-libya-2014', 'ansar-al-sharia-benghazi')
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def short_hash(text: str) -> str:
    """Six hex digits of a text's SHA-1: what tells apart two names of one slug."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


@dataclass
class _Actor:
    label: str
    kind: str
    line: int | None
    aliases: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    country: str | None = None
    wikidata: str | None = None
    description: str | None = None


class Actors:
    """The actors an import finds, by id, merged as they are met again.

    The first label met is kept; other names become aliases; identifiers add up. Written
    sorted by id, so that the same file gives the same ``actors.csv`` byte for byte.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, _Actor] = {}

    def add(self, ident: str, label: str, kind: str, *, line: int | None = None,
            aliases: Iterable[str] = (), identifiers: Iterable[str] = (),
            country: str | None = None, wikidata: str | None = None,
            description: str | None = None) -> str:
        """Record actor ``ident`` (or what more this row says of it); return ``ident``."""
        actor = self._by_id.get(ident)
        if actor is None:
            actor = self._by_id[ident] = _Actor(label, kind, line)
        elif label != actor.label:
            actor.aliases.add(label)
        actor.aliases.update(a for a in aliases if a and a != actor.label)
        actor.identifiers.update(identifiers)
        actor.country = actor.country or country
        actor.wikidata = actor.wikidata or wikidata
        actor.description = actor.description or description
        return ident

    def raw(self, file: str) -> list[RawRecord]:
        """The actors as raw records for the checks, sorted by id."""
        return [RawRecord(file, a.line, {
            "id": ident, "label": a.label, "kind": a.kind, "aliases": sorted(a.aliases),
            "identifiers": sorted(a.identifiers), "country": a.country or "",
            "wikidata": a.wikidata or "", "description": a.description or ""})
            for ident, a in sorted(self._by_id.items())]


class Importer(Reader):
    """An importer is a reader: ``actorgraph.load(path, format=NAME)`` reads the file
    directly, and ``actorgraph import NAME FILE -o DATASET`` writes what it reads.

    Subclasses give ``name``, ``description``, :meth:`source` (the release as a source
    record), and :meth:`records`: the actors (an :class:`Actors`, filled by a first
    pass) and a function giving the claims (a second pass), as dicts of cells with the
    line they come from. Options (``release``, ``per``) are given to the constructor.
    """

    #: What the evidence of a claim starts with, e.g. "UCDP ESD".
    dataset: str = ""

    def __init__(self, **options) -> None:
        self.options = options
        self.notes: list[str] = []

    def accepts(self, path: Path) -> bool:
        return False

    def note(self, text: str) -> None:
        """Something the user should know about the import (a column ignored, rows skipped)."""
        if text not in self.notes:
            self.notes.append(text)

    @abstractmethod
    def source(self, path: Path) -> dict[str, str]:
        """The cells of the release's source record."""

    @abstractmethod
    def records(self, path: Path) -> tuple[Actors, Iterator[tuple[int | None, dict]]]:
        """The actors (read at once) and the claims' cells with their lines (read lazily)."""

    def read(self, path: Path) -> RecordStream:
        path = Path(path)
        if not path.is_file():
            raise LoadError(f"{path}: not a file", [Problem(
                path.name, None, None, "not a file", f"give the {self.description}")])
        self.notes = []
        problems: list[Problem] = []
        checker = DatasetChecker(problems)
        source = self.source(path)
        if self.options.get("licence"):  # the user's word over what the importer knows
            source["licence"] = self.options["licence"]
        actors, claims = self.records(path)
        name = path.name
        actor_records = checker.actors(actors.raw(name))
        source_records = checker.sources([RawRecord(name, None, source, "the release")])
        counted = [0]

        def checked() -> Iterator:
            for line, cells in claims:
                claim = checker.claim(RawRecord(name, line, cells))
                if claim is not None:
                    counted[0] += 1
                    yield claim

        def verify() -> None:
            if problems:
                raise LoadError(f"{name}: {len(problems)} problem(s); nothing was imported",
                                problems)

        return RecordStream(name, actor_records, source_records, lambda: checked(), verify,
                            checker.origins, (path,), warnings=self.notes, problems=problems,
                            counted=lambda: counted[0])


class TabularImporter(Importer):
    """An importer of a CSV release whose columns are read by name.

    ``columns`` are the release's columns, as its codebook spells them; ``required`` those
    the mapping cannot do without (a missing one is an error naming the file and the
    column); any other column is ignored, with a note.
    """

    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def accepts(self, path: Path) -> bool:
        if not (path.is_file() and path.suffix.lower() in (".csv", ".tsv")):
            return False
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, UnicodeDecodeError, csv.Error):
            return False
        return set(self.required) <= {h.strip() for h in header}

    def rows(self, path: Path, what: str = "rows") -> Iterator[tuple[int, dict[str, str]]]:
        """``(line, {column: cell})`` of each row; the header checked first."""
        csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD + 1))
        with path.open("rb") as raw, progress(raw, path, f"{path.name}: {what}") as counted:
            text = io.TextIOWrapper(counted, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, strict=True)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise LoadError(f"{path.name}: empty file", [Problem(
                    path.name, 1, None, "empty file",
                    f"the first line must be the header of the {self.description}")]) from None
            except (csv.Error, UnicodeDecodeError) as exc:
                raise LoadError(f"{path.name}: cannot read the header", [Problem(
                    path.name, 1, None, f"cannot read the header: {exc}")]) from None
            missing = [c for c in self.required if c not in header]
            if missing:
                names = ", ".join(repr(c) for c in missing)
                raise LoadError(f"{path.name}: missing column {names}", [Problem(
                    path.name, 1, missing[0], f"missing required column {names}",
                    f"the {self.description} has the columns {', '.join(self.required)}; "
                    "is this the right file and kind?")])
            extra = [h for h in header if h not in self.columns]
            if extra:
                self.note(f"{path.name}: ignored column(s) not in the {self.dataset} layout: "
                          + ", ".join(extra))
            width = len(header)
            try:
                for row in reader:
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != width:
                        raise LoadError(f"{path.name}:{reader.line_num}: {len(row)} cells, "
                                        f"{width} columns", [Problem(
                                            path.name, reader.line_num, None,
                                            f"{len(row)} cells where the header has {width}",
                                            "quote cells that contain commas")])
                    yield reader.line_num, {h: c.strip() for h, c in zip(header, row)}
            except (csv.Error, UnicodeDecodeError) as exc:
                raise LoadError(f"{path.name}:{reader.line_num}: cannot read", [Problem(
                    path.name, reader.line_num, None, f"cannot read: {exc}",
                    "save the file as UTF-8 CSV")]) from None


def split_cell(cell: str) -> list[str]:
    """The values of a multi-valued cell ("a, b"), empty ones left out.

    >>> split_cell("Government of Iraq, Government of Syria"), split_cell("")
    (['Government of Iraq', 'Government of Syria'], [])
    """
    return [v.strip() for v in cell.split(",") if v.strip()]


def problem(path: Path, line: int, column: str, message: str, hint: str | None = None):
    """A :class:`LoadError` for one bad cell of the input."""
    return LoadError(f"{path.name}:{line}: {column}: {message}",
                     [Problem(path.name, line, column, message, hint)])


def claim(ident: str, subject: str, relation: str, object_: str, *, source: str,
          evidence: str, certainty: str = "probable", start: str | None = None,
          end: str | None = None, quote: str = "", place: str = "", note: str = "",
          via: Iterable[str] = (), attributed_to: str = "") -> dict:
    """The cells of an imported claim (text, as a CSV row would give them)."""
    return {"id": ident, "subject": subject, "relation": relation, "object": object_,
            "start": start or "", "end": end or "", "certainty": certainty,
            "sources": [source], "quote": quote, "attributed_to": attributed_to,
            "via": list(via), "place": place, "note": note, "evidence": evidence}


def release_source(ident: str, title: str, *, publisher: str, url: str, citation: str,
                   licence: str = "", published: str = "", reliability: str = "B") -> dict:
    """The cells of the source of an import: the dataset's release, of kind ``dataset``."""
    return {"id": ident, "title": title, "publisher": publisher, "published": published,
            "url": url, "reliability": reliability, "language": "en", "kind": "dataset",
            "citation": citation, "licence": licence}


def flag(path: Path, line: int, row: dict[str, str], column: str) -> bool:
    """A 0/1 cell of a codebook (empty is 0); anything else is an error naming the cell."""
    value = row.get(column, "")
    if value in ("", "0", "0.0"):
        return False
    if value in ("1", "1.0"):
        return True
    raise problem(path, line, column, f"expected 0 or 1, found {value!r}",
                  "the codebook codes this column 0 (no) or 1 (yes)")


def year(path: Path, line: int, row: dict[str, str], column: str = "year") -> str:
    """A four-digit year cell."""
    value = row.get(column, "")
    if not re.fullmatch(r"[0-9]{4}", value):
        raise problem(path, line, column, f"expected a year, found {value!r}")
    return value
