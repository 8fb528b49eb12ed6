"""Read a dataset folder (``actors.csv``, ``sources.csv``, ``claims.csv``) with every problem found.

Reading is strict about what silently corrupts data elsewhere: a missing or extra column,
a short or long row, text that is not UTF-8 (a BOM is accepted), a field over the size
limit, a file saved with the wrong delimiter. Each problem names file, line and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ._exceptions import LoadError, Problem
from ._records import (
    ACTOR_COLUMNS,
    CLAIM_COLUMNS,
    MAX_FIELD,
    SOURCE_COLUMNS,
    Dataset,
    RawRecord,
    build_dataset,
)

__all__ = ["FILES", "read_dataset"]

FILES = {"actors.csv": ACTOR_COLUMNS, "sources.csv": SOURCE_COLUMNS, "claims.csv": CLAIM_COLUMNS}
OPTIONAL_COLUMNS = {"place", "note", "attributed_to", "via", "start", "end", "aliases", "country",
                    "wikidata", "description", "publisher", "published", "url", "reliability",
                    "language"}


def _decode(path: Path, name: str, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(
            name, line, None, f"not valid UTF-8 at byte {exc.start}",
            "re-save the file as UTF-8 (in Excel: 'CSV UTF-8'); nothing was loaded"))
        return None


def _records(path: Path, name: str, columns: tuple[str, ...],
             problems: list[Problem]) -> Iterator[RawRecord]:
    text = _decode(path, name, problems)
    if text is None:
        return
    if not text.strip():
        problems.append(Problem(name, 1, None, "empty file",
                                f"the first line must be the header: {','.join(columns)}"))
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.append(Problem(name, 1, None, f"cannot read the header: {exc}"))
        return
    required = [c for c in columns if c not in OPTIONAL_COLUMNS]
    missing = [c for c in required if c not in header]
    extra = [h for h in header if h not in columns]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
        problems.append(Problem(
            name, 1, None, f"expected {len(columns)} columns, found 1 ({header[0]!r})",
            "wrong delimiter? save the file with commas as separators"))
        return
    if missing or extra or duplicated:
        parts = []
        if missing:
            parts.append("missing required column " + ", ".join(repr(m) for m in missing))
        if extra:
            parts.append("unknown column " + ", ".join(repr(e) for e in extra))
        if duplicated:
            parts.append("repeated column " + ", ".join(repr(d) for d in duplicated))
        problems.append(Problem(name, 1, "header", "; ".join(parts) + f" (found: {','.join(header)})",
                                f"the columns are: {','.join(columns)}"))
        return
    line = 2
    try:
        for row in reader:
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
    except csv.Error as exc:
        problems.append(Problem(name, line, None, f"malformed CSV: {exc}",
                                f"fields are limited to {MAX_FIELD:,} characters; "
                                "check for an unclosed quote"))


def read_dataset(folder: str | Path) -> Dataset:
    """Read and check a dataset folder; raise :class:`LoadError` listing every problem.

    Examples
    --------
    >>> from actorgraph._resources import dataset_path
    >>> ds = read_dataset(dataset_path())
    >>> len(ds.actors) > 10 and len(ds.claims) > 20
    True
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(f"{folder}: not a dataset folder (expected {', '.join(FILES)})")
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD + 1))
    problems: list[Problem] = []
    rows: dict[str, list[RawRecord]] = {}
    for name, columns in FILES.items():
        path = folder / name
        if not path.is_file():
            problems.append(Problem(name, None, None, "file missing",
                                    f"a dataset folder holds {', '.join(FILES)}"))
            rows[name] = []
            continue
        rows[name] = list(_records(path, name, columns, problems))
    dataset = build_dataset(rows["actors.csv"], rows["sources.csv"], rows["claims.csv"], problems)
    if problems:
        raise LoadError(f"{folder}: {len(problems)} problem(s); nothing was loaded", problems)
    return dataset
