"""Read a dataset folder (``actors.csv``, ``sources.csv``, ``claims.csv``) with every problem found.

Reading is strict about what silently corrupts data elsewhere: a missing or extra column,
a short or long row, text that is not UTF-8 (a BOM is accepted), a field over the size
limit, a file saved with the wrong delimiter. Each problem names file, line and field; a
file that cannot be read to its end is one problem, not one more for every reference to
its records.

Line ends: a file whose lines end with LF or CRLF may hold a lone carriage return (CR) in a
field, quoted or not (Python's ``csv.writer`` before 3.11.9 leaves it unquoted with
``lineterminator="\n"``): it is part of the field. Only a file with no LF at all (old Mac
line ends) is split at its CRs.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from ._exceptions import LoadError, Problem
from ._model import Claim
from ._records import MAX_FIELD, Dataset, DatasetChecker, Origins, RawRecord
from ._schema import FILES as FILE_OF
from ._schema import ONE_OF, REVIEW, columns, required

__all__ = ["FILES", "DatasetStream", "read_dataset"]

#: The files of a dataset folder and their columns.
FILES = {FILE_OF[kind]: columns(kind) for kind in FILE_OF}
_REQUIRED = {FILE_OF[kind]: required(kind) for kind in FILE_OF}
#: The columns of each file as a dataset has them, and those a folder of candidates adds.
_DATASET = {FILE_OF[kind]: columns(kind, review=False) for kind in FILE_OF}
_REVIEW = {FILE_OF[kind]: REVIEW[kind] for kind in FILE_OF}
#: Columns of which a file needs at least one (a claim's quote or evidence).
_ONE_OF = {FILE_OF[kind]: ONE_OF.get(kind, ()) for kind in FILE_OF}


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
_LONE_CR_CHAR = re.compile(r"\r(?!\n)")
# Stands for a lone CR inside a line while the csv module reads it (which would end an
# unquoted field there); a non-character that no field may hold (see _unicode), so a file
# holding it is refused rather than misread.
_CR = "\uffff"


class _Lines:
    """The text lines of a file, read as they are needed.

    A BOM is dropped; text that is not UTF-8 is a problem at its exact line, where reading
    stops (``failed`` is then true). A lone CR inside a line is given to the csv module as
    :data:`_CR` (``crs`` is then true until the reader puts them back).
    """

    def __init__(self, path: Path, name: str, problems: list[Problem]) -> None:
        self.path, self.name, self.problems, self.failed = path, name, problems, False
        self.crs = False

    def __iter__(self) -> Iterator[str]:
        with self.path.open("rb") as handle:
            offset = 0
            for number, data in enumerate(handle, start=1):
                if number == 1 and data.startswith(codecs.BOM_UTF8):
                    data, offset = data[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.failed = True
                    self.problems.append(Problem(
                        self.name, number, None, f"not valid UTF-8 at byte {offset + exc.start}",
                        "re-save the file as UTF-8 (in Excel: 'CSV UTF-8'); nothing was loaded"))
                    return
                offset += len(data)
                if "\r" not in text[:-2]:
                    yield text
                elif number == 1 and not text.endswith("\n"):  # no LF at all: old Mac
                    yield from filter(None, _LONE_CR.split(text))
                elif _CR in text:  # refused anyway; the lone CR is left to the csv module
                    yield text
                else:
                    self.crs = True
                    yield _LONE_CR_CHAR.sub(_CR, text)


def _cells(row: list[str], source: _Lines) -> list[str]:
    """The cells of a row, with the lone CRs :class:`_Lines` hid put back."""
    if source.crs:
        source.crs = False
        return [cell.replace(_CR, "\r") for cell in row]
    return row


def _delimiter(header: str) -> str | None:
    """The separator a header read as one column was written with (a localised spreadsheet
    saves with ``;``): the first of ``;``, tab and ``|`` it holds."""
    return next((sep for sep in (";", "\t", "|") if sep in header), None)


def _broken_field(path: Path, name: str, start: int, header: list[str]) -> Problem:
    """What is wrong with the record starting at line ``start``, that the csv module could
    not read: the field where it broke, and how (too long, a quote never closed, text after
    a closing quote). The file is read again from that line, once, only on such an error."""
    lines = itertools.islice(_Lines(path, name, []), start - 1, None)
    column, size, quoted, after_quote, opened = 0, 0, False, False, start
    number = start
    for line in lines:
        for ch in line:
            if after_quote:
                after_quote = False
                if ch == '"':  # a doubled quote: one character of the field
                    quoted, size = True, size + 1
                    continue
                if ch not in ',\r\n':
                    return _field_problem(name, start, header, column,
                                          f"text after the closing quote (line {number})",
                                          "double every quote inside a quoted field (\"\")")
            if quoted:
                if ch == '"':
                    quoted, after_quote = False, True
                else:
                    size += 1
            elif ch == ",":
                if size > MAX_FIELD:
                    break
                column, size = column + 1, 0
            elif ch in "\r\n":
                break
            elif ch == '"' and size == 0:
                quoted, opened = True, number
            else:
                size += 1
        else:
            number += 1
            continue
        break
    if quoted:
        return _field_problem(name, start, header, column,
                              f"malformed CSV: unclosed quote (opened on line {opened}, "
                              f"it runs to the end of the file, {size:,} characters)",
                              "close the quote, and double every quote inside it (\"\")")
    if size > MAX_FIELD:
        return _field_problem(name, start, header, column,
                              f"{size:,} characters ({size / 1e6:.1f} MB) exceeds the "
                              f"limit of {MAX_FIELD:,}", "shorten the field")
    return _field_problem(name, start, header, column, "malformed CSV",
                          "check the quotes of this record")


def _field_problem(name: str, line: int, header: list[str], column: int, message: str,
                   hint: str) -> Problem:
    field = header[column] if column < len(header) else f"column {column + 1}"
    return Problem(name, line, field, message, hint)


def _records(path: Path, name: str, problems: list[Problem],
             unread: set[str]) -> Iterator[RawRecord]:
    """The records of a CSV file; ``name`` is added to ``unread`` if the file could not be
    read to its end (its records then cannot be told from unknown ones)."""
    unread.add(name)
    columns = FILES[name]
    source = _Lines(path, name, problems)
    lines = iter(source)
    leading = []
    for line in lines:
        leading.append(line)
        if line.strip():
            break
    else:
        if not source.failed:
            problems.append(Problem(name, 1, None, "empty file", "the first line must be the "
                                    f"header: {','.join(_DATASET[name])}"))
        return
    reader = csv.reader(itertools.chain(leading, lines), strict=True)
    try:
        header = [h.strip() for h in _cells(next(reader), source)]
    except csv.Error as exc:
        problems.append(Problem(name, 1, None, f"cannot read the header: {exc}"))
        return
    missing = [repr(c) for c in _REQUIRED[name] if c not in header] + [
        " or ".join(repr(c) for c in group) for group in _ONE_OF[name]
        if not any(c in header for c in group)]
    extra = [h for h in header if h not in columns]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    sep = _delimiter(header[0]) if len(header) == 1 else None
    if sep is not None:
        problems.append(Problem(
            name, 1, "header", f"the file separates its columns with {sep!r}, not commas: "
            f"expected {len(columns)} columns, found 1 ({header[0]!r}); nothing was read "
            "from it", "wrong delimiter: save it as CSV with commas (in Excel: 'CSV UTF-8 "
            "(Comma delimited)')"))
        return
    if missing or extra or duplicated:
        parts = []
        if missing:
            parts.append("missing required column " + ", ".join(missing))
        if extra:
            parts.append("unknown column " + ", ".join(repr(e) for e in extra))
        if duplicated:
            parts.append("repeated column " + ", ".join(repr(d) for d in duplicated))
        added = (f" (a folder of candidates adds {','.join(_REVIEW[name])})"
                 if _REVIEW[name] else "")
        problems.append(Problem(name, 1, "header", "; ".join(parts) + f" (found: {','.join(header)})",
                                f"the columns are: {','.join(_DATASET[name])}{added}"))
        return
    line = 2
    try:
        for row in reader:
            row = _cells(row, source)
            start, line = line, reader.line_num + 1
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                what = "missing values" if len(row) < len(header) else "extra values"
                detail = (f"for {', '.join(repr(c) for c in header[len(row):])}; "
                          f"{len(header)} expected, {len(row)} found"
                          if len(row) < len(header) else f"extra: {row[len(header):]!r}")
                problems.append(Problem(name, start, None, f"{what} ({detail})",
                                        "quote fields that contain commas"))
                continue
            yield RawRecord(name, start, dict(zip(header, row)))
    except csv.Error:
        if source.failed:  # the text ended at the bad byte, maybe inside a quoted field
            return
        problems.append(_broken_field(path, name, line, header))
        return
    if not source.failed:
        unread.discard(name)


class DatasetStream:
    """A dataset folder read for loading: actors and sources at once, claims as they stream.

    Actors and sources are read and checked when the stream is made (they are few); each
    claim is checked as :meth:`claims` reads it, so a million claims go from the file to a
    store without being held. Problems are collected in ``problems``; :meth:`verify` raises
    them all, once the claims have been read.

    Examples
    --------
    >>> from actorgraph._resources import dataset_path
    >>> stream = DatasetStream(dataset_path())
    >>> claims = list(stream.claims())
    >>> stream.verify()
    >>> len(claims) == stream.count > 20
    True
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise LoadError(f"{self.folder}: not a dataset folder (expected {', '.join(FILES)})")
        csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD + 1))
        self.problems: list[Problem] = []
        #: what was loaded but deserves a look (bidirectional controls in text)
        self.warnings: list[str] = []
        self.count = 0
        self._unread: set[str] = set()
        self._checker = DatasetChecker(self.problems, self.warnings)
        self.actors = self._checker.actors(self._rows("actors.csv"))
        self.sources = self._checker.sources(self._rows("sources.csv"))
        self._checker.unreadable = {kind for kind, name in FILE_OF.items()
                                    if name in self._unread}

    @property
    def origins(self) -> Origins:
        """Where each record was read."""
        return self._checker.origins

    def _rows(self, name: str) -> Iterator[RawRecord]:
        path = self.folder / name
        if not path.is_file():
            self.problems.append(Problem(name, None, None, "file missing",
                                         f"a dataset folder holds {', '.join(FILES)}"))
            self._unread.add(name)
            return iter(())
        return _records(path, name, self.problems, self._unread)

    def claims(self) -> Iterator[Claim]:
        """The valid claims, checked one by one as they are read (once)."""
        for raw in self._rows("claims.csv"):
            claim = self._checker.claim(raw)
            if claim is not None:
                self.count += 1
                yield claim

    def verify(self) -> None:
        """Raise :class:`LoadError` listing every problem found, if there is any."""
        if self.problems:
            raise LoadError(f"{self.folder}: {len(self.problems)} problem(s); nothing was loaded",
                            self.problems)


def read_dataset(folder: str | Path) -> Dataset:
    """Read and check a dataset folder; raise :class:`LoadError` listing every problem.

    Examples
    --------
    >>> from actorgraph._resources import dataset_path
    >>> ds = read_dataset(dataset_path())
    >>> len(ds.actors) > 10 and len(ds.claims) > 20
    True
    """
    stream = DatasetStream(folder)
    claims = list(stream.claims())
    stream.verify()
    return Dataset(stream.actors, stream.sources, claims, stream.origins)
