"""Turn raw records (a CSV row, or the properties of an RDF node) into actors, sources and claims.

Both loaders hand this module :class:`RawRecord` values and get back typed records plus
every :class:`Problem` found, each naming file, line and field. Nothing here stops at the
first problem: a user fixing a dataset wants the whole list at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._dates import UNKNOWN_END, first_day, last_day
from ._exceptions import Problem
from ._fieldtypes import ID_PATTERN, TYPES, FieldError, did_you_mean, normalise_certainty
from ._model import RECORDS, Actor, Claim, Record, Source
from ._schema import FIELDS, FILES, ONE_OF
from ._unicode import bidi_controls, describe, refused

__all__ = ["ID_PATTERN", "MAX_FIELD", "Dataset", "DatasetChecker", "Origins", "RawRecord",
           "build_dataset", "check_record", "normalise_certainty"]

MAX_FIELD = 1_000_000  # characters; a larger field is an error, not a silent truncation


@dataclass
class RawRecord:
    """One record as read: ``values`` maps a column to its text (lists for multi-valued cells)."""

    file: str
    line: int | None
    values: dict[str, str | list[str]]
    name: str | None = None


class Origins:
    """Where each record was read: ``(file, line)`` by ``(kind, id)``.

    A million claims come from one file: their lines are kept in one ``{id: line}``
    dictionary per kind rather than a tuple per record.

    >>> origins = Origins()
    >>> origins.add("claim", "C1", "claims.csv", 2)
    >>> origins.get(("claim", "C1")), origins.get(("claim", "C9"), (None, None))
    (('claims.csv', 2), (None, None))
    """

    def __init__(self) -> None:
        self._files: dict[str, str] = {}
        self._lines: dict[str, dict[str, int | None]] = {}
        self._elsewhere: dict[tuple[str, str], tuple[str, int | None]] = {}

    def add(self, kind: str, ident: str, file: str, line: int | None) -> None:
        """Record where ``(kind, ident)`` was read."""
        if self._files.setdefault(kind, file) == file:
            self._lines.setdefault(kind, {})[ident] = line
        else:
            self._elsewhere[(kind, ident)] = (file, line)

    def get(self, key: tuple[str, str], default=None):
        """``(file, line)`` of ``key = (kind, id)``, or ``default``."""
        kind, ident = key
        lines = self._lines.get(kind, {})
        if ident in lines:
            return self._files[kind], lines[ident]
        return self._elsewhere.get(key, default)


@dataclass
class Dataset:
    """A checked dataset: records and, for each, where it came from (file, line)."""

    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    origins: Origins = field(default_factory=Origins)


def _text(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(value)
    return value


def _clean(value: str) -> str:
    value = value.strip()
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _items(value: str | list[str] | None) -> list[str]:
    parts = value if isinstance(value, list) else _text(value).split("|")
    return [_clean(p) for p in parts if p.strip()]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


_ONE_OF_WHY = {("quote", "evidence"): " (the words of a text source, or the key and release "
                                      "of a dataset's record)"}

#: ``field -> (check, required, multi, text)`` of each kind of record; ``check`` is ``None``
#: for free text and references, ``text`` true for free text.
_CHECKS = {kind: {f.name: (TYPES[f.type].check if TYPES[f.type].checks else None,
                           f.required, f.multi, f.type == "text") for f in fields}
           for kind, fields in FIELDS.items()}
#: The value of each field when its cell is empty or its column absent.
_EMPTY = {kind: {f.name: () if f.multi else f.default for f in fields}
          for kind, fields in FIELDS.items()}
#: The required fields of each kind.
_REQUIRED = {kind: tuple(f.name for f in fields if f.required) for kind, fields in FIELDS.items()}


class _Checker:
    """Collects the problems of one record, each with its file, line and field (and what
    it loads but warns about, in ``warnings``)."""

    def __init__(self, kind: str, record: RawRecord, problems: list[Problem],
                 warnings: list[str] | None = None):
        self.kind, self.record, self.problems = kind, record, problems
        self.warnings = warnings

    def fail(self, column: str | None, message: str, hint: str | None = None, value=None):
        self.problems.append(self._problem(column, message, hint, value))

    def _problem(self, column, message, hint, value) -> Problem:
        return Problem(self.record.file, self.record.line, column, message, hint,
                       None if value is None else str(value), self.record.name)

    def _characters(self, column: str, text: str) -> bool:
        """Whether free text may be kept (it is not all printable, so it is looked at): a
        character no field may hold is a problem; bidirectional controls are a warning."""
        bad = refused(text)
        if bad is not None:
            self.fail(column, f"holds the character {describe(bad)}",
                      "remove it: control characters other than tab and line breaks cannot "
                      "be written to XML, and rdflib writes them into Turtle unreadable",
                      value=text)
            return False
        controls = bidi_controls(text)
        if controls and self.warnings is not None:
            names = ", ".join(describe(c) for c in dict.fromkeys(controls))
            self.warnings.append(str(self._problem(
                column, f"holds bidirectional control characters ({names}) that reorder how "
                "the text around them is displayed", "kept as written; remove them unless "
                "they are meant (the command line shows them escaped)", text)))
        return True

    def _checked(self, column: str, check, text: str) -> str | None:
        if len(text) > MAX_FIELD:
            self.fail(column, f"{len(text):,} characters exceeds the limit of {MAX_FIELD:,}",
                      "shorten the field")
            return None
        try:
            return check(text)
        except FieldError as exc:
            self.fail(column, exc.message, exc.hint)
            return None

    def values(self) -> dict:
        """Every field's checked value (``None`` or nothing for a value with a problem)."""
        before = len(self.problems)
        out = dict(_EMPTY[self.kind])
        given = self.record.values
        checks = _CHECKS[self.kind]
        for name in _REQUIRED[self.kind]:
            if name not in given:
                self.fail(name, "missing value", f"every {self.kind} needs "
                          + ("at least one of" if checks[name][2] else _article(name))
                          + f" {name!r}")
        # only the fields given: a file's columns are often fewer than the schema's
        for name, raw in given.items():
            spec = checks.get(name)
            if spec is None:  # not a field (an RDF record's extra): its reader reported it
                continue
            check, required, multi, text_field = spec
            if multi:
                items = _items(raw)
                if text_field:
                    items = [i for i in items if i.isprintable() or self._characters(name, i)]
                if check is not None or any(len(i) > MAX_FIELD for i in items):
                    items = [self._checked(name, check or str, i) for i in items]
                out[name] = tuple(i for i in items if i is not None)
                if required and not items:
                    self.fail(name, "missing value",
                              f"every {self.kind} needs at least one of {name!r}")
                continue
            text = raw.strip() if raw.__class__ is str else _text(raw).strip()
            if not text:
                if required:
                    self.fail(name, "missing value",
                              f"every {self.kind} needs {_article(name)} {name!r}")
                continue
            if not text.isascii():
                text = unicodedata.normalize("NFC", text)
            if text_field and not text.isprintable() and not self._characters(name, text):
                out[name] = None
                continue
            if check is None and len(text) <= MAX_FIELD:
                out[name] = text
            else:
                out[name] = self._checked(name, check or str, text)
        for group in ONE_OF.get(self.kind, ()):
            if not any(out.get(name) for name in group) and not any(
                    _text(given.get(name)).strip() for name in group):
                first, *others = group
                self.fail(first, "missing value",
                          f"every {self.kind} needs {_article(first)} {first!r}"
                          + "".join(f" or {_article(o)} {o!r}" for o in others)
                          + _ONE_OF_WHY.get(group, ""))
        if self.kind == "claim" and len(self.problems) == before:
            self._claim_rules(out)
        return out

    def _claim_rules(self, claim: dict) -> None:
        """What a claim's fields must satisfy together."""
        start, end = claim["start"], claim["end"]
        if start and end and end != UNKNOWN_END and first_day(start) > last_day(end):
            self.fail("end", f"end {end!r} is before start {start!r}",
                      "swap them, or correct the date")
        if claim["subject"] == claim["object"]:
            self.fail("object", f"{claim['relation']} from {claim['subject']!r} to itself",
                      "a claim relates two different actors")
        begin, finish = claim["evidence_start"], claim["evidence_end"]
        if begin and finish and int(begin) >= int(finish):
            self.fail("evidence_end", f"evidence_end {finish} is not after evidence_start "
                      f"{begin}", "the quote runs from evidence_start up to evidence_end")


def check_record(kind: str, record: RawRecord, problems: list[Problem]) -> Record | None:
    """The record of ``kind`` in ``record`` if every field is valid; each problem found is
    appended to ``problems``."""
    before = len(problems)
    values = _Checker(kind, record, problems).values()
    return RECORDS[kind](**values) if len(problems) == before else None


_REFERENCES = {kind: tuple((f.name, f.type) for f in fields if f.type in FILES)
               for kind, fields in FIELDS.items()}


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


class DatasetChecker:
    """Checks records and their cross-references, claims one at a time.

    Actors and sources are checked first, as lists (they are few); each claim is then
    checked on its own against them, so a million claims can stream from a file to a store
    without being held. Every problem is appended to ``problems`` — a claim with a bad
    relation still has its references checked; a rejected actor or source is reported where
    it is used as "not loaded", not as unknown; references to a kind whose file could not be
    read whole (``unreadable``) are not reported at all: its file's problem says it once.
    What loads but deserves a look is appended to ``warnings``.
    """

    def __init__(self, problems: list[Problem], warnings: list[str] | None = None) -> None:
        self.problems = problems
        self.warnings = [] if warnings is None else warnings
        #: kinds of record whose file was missing or could not be read to its end
        self.unreadable: set[str] = set()
        self.origins = Origins()
        self._rejected: dict[str, dict[str, str]] = {kind: {} for kind in FIELDS}
        self._ids: dict[str, set[str]] = {kind: set() for kind in FIELDS}
        self._names: dict[str, str] = {}
        self._datasets: set[str] = set()

    def _record(self, kind: str, raw: RawRecord) -> Record | None:
        """The record of ``raw`` if it is valid, unique and refers to known records."""
        before = len(self.problems)
        values = _Checker(kind, raw, self.problems, self.warnings).values()
        ident = values.get("id")
        if ident:
            first = self.origins.get((kind, ident))
            if first is not None:
                self.problems.append(Problem(
                    raw.file, raw.line, "id", f"duplicate {kind} id {ident!r}",
                    f"first defined at {_place(*first)}; ids must be unique", record=raw.name))
                return None
        record = None if raw.line else f"{kind} {ident!r}"
        for column, target in _REFERENCES[kind]:
            if target == kind:  # to a record of the same file: checked once all are read
                continue
            value = values.get(column)
            for ref in value if isinstance(value, tuple) else (value,) if value else ():
                if ref not in self._ids[target]:
                    self._unknown(raw.file, raw.line, column, target, ref, record)
        if len(self.problems) > before:
            if ident:
                self._rejected[kind].setdefault(ident, _place(raw.file, raw.line))
            return None
        self.origins.add(kind, ident, raw.file, raw.line)
        self._ids[kind].add(ident)
        return RECORDS[kind](**values)

    def actors(self, rows: Iterable[RawRecord]) -> list[Actor]:
        """The valid, unique actors of ``rows``."""
        kept = [a for raw in rows if (a := self._record("actor", raw)) is not None]
        self._names = {n.lower(): a.id for a in kept for n in (a.label, *a.aliases)}
        return kept

    def sources(self, rows: Iterable[RawRecord]) -> list[Source]:
        """The valid, unique sources of ``rows`` (a source may cite one further down)."""
        kept = [s for raw in rows if (s := self._record("source", raw)) is not None]
        self._datasets = {s.id for s in kept if s.kind == "dataset"}
        return [s for s in kept if self._known_in_kind("source", s)]

    def _known_in_kind(self, kind: str, record: Record) -> bool:
        """Whether the references of ``record`` to records of its own kind all resolve."""
        file, line = self.origins.get((kind, record.id))
        ok = True
        for column, target in _REFERENCES[kind]:
            if target != kind:
                continue
            for ref in getattr(record, column):
                if ref not in self._ids[kind]:
                    self._unknown(file, line, column, kind, ref,
                                  None if line else f"{kind} {record.id!r}")
                    ok = False
        return ok

    def claim(self, raw: RawRecord) -> Claim | None:
        """The claim of ``raw`` if it is valid, unique and refers to loaded actors and sources.

        A claim with an evidence record and no quote names a dataset's record: one of its
        sources must be a dataset (``kind`` ``dataset``).
        """
        claim = self._record("claim", raw)
        if claim is not None and claim.evidence and not claim.quote and not any(
                s in self._datasets for s in claim.sources):
            self.problems.append(Problem(
                raw.file, raw.line, "evidence",
                "an evidence record without a quote, but no source of kind 'dataset'",
                "give the claim a quote, or set kind=dataset on the dataset's source",
                record=None if raw.line else f"claim {claim.id!r}"))
            return None
        return claim

    def _unknown(self, file, line, column, kind, value, record) -> None:
        if kind in self.unreadable:
            return
        if value in self._rejected[kind]:
            self.problems.append(Problem(file, line, column, f"{kind} {value!r} was not loaded",
                                         f"fix the problem reported at {self._rejected[kind][value]}",
                                         record=record))
            return
        hint = did_you_mean(value, self._ids[kind])
        if kind == "actor" and not hint and value.lower() in self._names:
            hint = f"; did you mean {self._names[value.lower()]!r}?"
        target = FILES[kind] if file.endswith(".csv") else f"{file} (with its identifier)"
        self.problems.append(Problem(file, line, column, f"unknown {kind} {value!r}",
                                     f"add it to {target} or fix the id{hint}", record=record))


def build_dataset(
    actor_rows: Iterable[RawRecord],
    source_rows: Iterable[RawRecord],
    claim_rows: Iterable[RawRecord],
    problems: list[Problem],
    warnings: list[str] | None = None,
) -> Dataset:
    """Check raw records and cross-references; append every problem to ``problems`` (and
    what loads but deserves a look to ``warnings``)."""
    checker = DatasetChecker(problems, warnings)
    actors, sources = checker.actors(actor_rows), checker.sources(source_rows)
    claims = [c for raw in claim_rows if (c := checker.claim(raw)) is not None]
    return Dataset(actors, sources, claims, checker.origins)
