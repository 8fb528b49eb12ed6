"""Turn raw records (a CSV row, or the properties of an RDF node) into actors, sources and claims.

Both loaders hand this module :class:`RawRecord` values and get back typed records plus
every :class:`Problem` found, each naming file, line and field. Nothing here stops at the
first problem: a user fixing a dataset wants the whole list at once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._dates import PartialDate
from ._exceptions import Problem
from ._model import Actor, Claim, Source
from ._vocab import CERTAINTY, CERTAINTY_ALIASES, KINDS, RELATIONS

__all__ = ["Dataset", "DatasetChecker", "Origins", "RawRecord", "build_dataset", "normalise_certainty"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
MAX_FIELD = 1_000_000  # characters; a larger field is an error, not a silent truncation

ACTOR_COLUMNS = ("id", "label", "kind", "aliases", "country", "wikidata", "description")
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "reliability", "language")
CLAIM_COLUMNS = (
    "id", "subject", "relation", "object", "start", "end", "certainty", "sources",
    "quote", "attributed_to", "via", "place", "note",
)
REQUIRED = {
    "actor": ("id", "label", "kind"),
    "source": ("id", "title"),
    "claim": ("id", "subject", "relation", "object", "certainty", "sources", "quote"),
}


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


def _suggest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return [lowered[name.lower()]]
    return difflib.get_close_matches(name, pool, n=n, cutoff=0.6)


def normalise_certainty(value: str) -> str | None:
    """The canonical certainty code for a code or an alias, or ``None`` if it is neither.

    >>> normalise_certainty("Alleged"), normalise_certainty("probable"), normalise_certainty("sure")
    ('possible', 'probable', None)
    """
    key = value.strip().lower()
    if key in CERTAINTY:
        return key
    return CERTAINTY_ALIASES.get(key)


class _Checker:
    """Collects problems for one record."""

    def __init__(self, record: RawRecord, problems: list[Problem]):
        self.record = record
        self.problems = problems

    def fail(self, column: str | None, message: str, hint: str | None = None, value=None):
        self.problems.append(
            Problem(self.record.file, self.record.line, column, message, hint,
                    None if value is None else str(value), self.record.name)
        )

    def get(self, column: str) -> str:
        raw = self.record.values.get(column)
        if raw.__class__ is not str:
            raw = _text(raw)
        if len(raw) > MAX_FIELD:
            self.fail(column, f"{len(raw):,} characters exceeds the limit of {MAX_FIELD:,}",
                      "shorten the field")
            return ""
        return _clean(raw)

    def required(self, kind: str) -> None:
        for column in REQUIRED[kind]:
            raw = self.record.values.get(column)
            if not raw or (raw.isspace() if raw.__class__ is str else not _text(raw).strip()):
                self.fail(column, "missing value", f"every {kind} needs a {column!r}")

    def identifier(self) -> str:
        value = self.get("id")
        if value and not ID_PATTERN.match(value):
            self.fail("id", f"invalid id {value!r}",
                      "ids may contain only letters, digits, '_', '.' and '-'")
            return ""
        return value

    def pattern(self, column: str, regex: re.Pattern, what: str) -> str | None:
        value = self.get(column)
        if not value:
            return None
        if not regex.match(value):
            self.fail(column, f"invalid {what} {value!r}")
            return None
        return value

    def date(self, column: str) -> PartialDate | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.fail(column, str(exc), "write dates as YYYY, YYYY-MM or YYYY-MM-DD")
            return None


def _actor(rec: RawRecord, problems: list[Problem]) -> Actor | None:
    c = _Checker(rec, problems)
    before = len(problems)
    c.required("actor")
    ident = c.identifier()
    label = c.get("label")
    kind = c.get("kind").lower().replace(" ", "_")
    if kind and kind not in KINDS:
        c.fail("kind", f"unknown kind {kind!r}",
                f"use one of: {', '.join(KINDS)}" + _did_you_mean(kind, KINDS))
    country = c.pattern("country", _COUNTRY, "country code (ISO 3166-1 alpha-2, e.g. 'LY')")
    wikidata = c.pattern("wikidata", _WIKIDATA, "Wikidata id (e.g. 'Q1016')")
    if len(problems) > before:
        return None
    return Actor(ident, label, kind, tuple(_items(rec.values.get("aliases"))), country,
                 wikidata, c.get("description") or None)


def _source(rec: RawRecord, problems: list[Problem]) -> Source | None:
    c = _Checker(rec, problems)
    before = len(problems)
    c.required("source")
    ident = c.identifier()
    published = c.date("published")
    url = c.get("url")
    if url and not _URL.match(url):
        c.fail("url", f"not an absolute http(s) URL: {url!r}",
               "give the full address, starting with https:// or http://")
    reliability = c.get("reliability").upper()
    if reliability and (len(reliability) != 1 or reliability not in "ABCDEF"):
        c.fail("reliability", f"invalid reliability {reliability!r}",
               "use an Admiralty grade A (completely reliable) to F (cannot be judged)")
    language = c.pattern("language", _LANGUAGE, "language tag (BCP 47, e.g. 'en', 'ar')")
    if len(problems) > before:
        return None
    return Source(ident, c.get("title"), c.get("publisher") or None,
                  published.text if published else None, url or None, reliability or None,
                  language)


def _claim(rec: RawRecord, problems: list[Problem]) -> Claim | None:
    c = _Checker(rec, problems)
    before = len(problems)
    c.required("claim")
    ident = c.identifier()
    subject, obj = c.get("subject"), c.get("object")
    relation = c.get("relation")
    if relation and relation not in RELATIONS:
        c.fail("relation", f"{relation!r} is not in the relation vocabulary",
               f"use one of: {', '.join(RELATIONS)}" + _did_you_mean(relation, RELATIONS))
    raw_certainty = c.get("certainty")
    certainty = normalise_certainty(raw_certainty) if raw_certainty else None
    if raw_certainty and certainty is None:
        c.fail("certainty", f"{raw_certainty!r} is not on the certainty scale",
               f"use one of: {', '.join(CERTAINTY)} (or 'alleged', 'reported')")
    start, end = c.date("start"), c.date("end")
    if start and end and start.first > end.last:
        c.fail("end", f"end {end.text!r} is before start {start.text!r}",
               "swap them, or correct the date")
    if subject and subject == obj:
        c.fail("object", f"{relation or 'a relation'} from {subject!r} to itself",
               "a claim relates two different actors")
    quote = c.get("quote")
    if len(problems) > before:
        return None
    return Claim(
        ident, subject, relation, obj, certainty, tuple(_items(rec.values.get("sources"))),
        quote, start.text if start else None, end.text if end else None,
        c.get("attributed_to") or None, tuple(_items(rec.values.get("via"))),
        c.get("place") or None, c.get("note") or None,
    )


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = _suggest(name, candidates)
    return f"; did you mean {', '.join(repr(x) for x in close)}?" if close else ""


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


class DatasetChecker:
    """Checks records and their cross-references, claims one at a time.

    Actors and sources are checked first, as lists (they are few); each claim is then
    checked on its own against them, so a million claims can stream from a file to a store
    without being held. Every problem is appended to ``problems``; a rejected actor or
    source is reported where it is used as "not loaded", not as unknown.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.origins = Origins()
        self._rejected: dict[str, dict[str, str]] = {"actor": {}, "source": {}}
        self._actor_ids: set[str] = set()
        self._source_ids: set[str] = set()
        self._names: dict[str, str] = {}

    def _kept(self, kind: str, record, raw: RawRecord) -> bool:
        """Whether ``record`` (``None`` if rejected) is kept: checked and not a duplicate."""
        if record is None:
            if kind in self._rejected:
                ident = _clean(_text(raw.values.get("id")))
                self._rejected[kind].setdefault(ident, _place(raw.file, raw.line))
            return False
        first = self.origins.get((kind, record.id))
        if first is not None:
            self.problems.append(Problem(
                raw.file, raw.line, "id", f"duplicate {kind} id {record.id!r}",
                f"first defined at {_place(*first)}; ids must be unique", record=raw.name))
            return False
        self.origins.add(kind, record.id, raw.file, raw.line)
        return True

    def actors(self, rows: Iterable[RawRecord]) -> list[Actor]:
        """The valid, unique actors of ``rows``."""
        kept = [a for raw in rows if self._kept("actor", a := _actor(raw, self.problems), raw)]
        self._actor_ids = {a.id for a in kept}
        self._names = {n.lower(): a.id for a in kept for n in (a.label, *a.aliases)}
        return kept

    def sources(self, rows: Iterable[RawRecord]) -> list[Source]:
        """The valid, unique sources of ``rows``."""
        kept = [s for raw in rows if self._kept("source", s := _source(raw, self.problems), raw)]
        self._source_ids = {s.id for s in kept}
        return kept

    def claim(self, raw: RawRecord) -> Claim | None:
        """The claim of ``raw`` if it is valid, unique and refers to loaded actors and sources."""
        claim = _claim(raw, self.problems)
        if not self._kept("claim", claim, raw):
            return None
        before = len(self.problems)
        record = None if raw.line else f"claim {claim.id!r}"
        for column, value in (("subject", claim.subject), ("object", claim.object)):
            if value not in self._actor_ids:
                self._unknown(raw.file, raw.line, column, "actor", value, record)
        for value in claim.via:
            if value not in self._actor_ids:
                self._unknown(raw.file, raw.line, "via", "actor", value, record)
        if not claim.sources:
            self.problems.append(Problem(raw.file, raw.line, "sources", "missing value",
                                         "every claim needs at least one source", record=record))
        for value in claim.sources:
            if value not in self._source_ids:
                self._unknown(raw.file, raw.line, "sources", "source", value, record)
        return claim if len(self.problems) == before else None

    def _unknown(self, file, line, column, kind, value, record) -> None:
        if value in self._rejected[kind]:
            self.problems.append(Problem(file, line, column, f"{kind} {value!r} was not loaded",
                                         f"fix the problem reported at {self._rejected[kind][value]}",
                                         record=record))
            return
        pool = self._actor_ids if kind == "actor" else self._source_ids
        hint = _did_you_mean(value, pool) or ""
        if kind == "actor" and not hint and value.lower() in self._names:
            hint = f"; did you mean {self._names[value.lower()]!r}?"
        target = f"{kind}s.csv" if file.endswith(".csv") else f"{file} (with its identifier)"
        self.problems.append(Problem(file, line, column, f"unknown {kind} {value!r}",
                                     f"add it to {target} or fix the id{hint}", record=record))


def build_dataset(
    actor_rows: Iterable[RawRecord],
    source_rows: Iterable[RawRecord],
    claim_rows: Iterable[RawRecord],
    problems: list[Problem],
) -> Dataset:
    """Check raw records and cross-references; append every problem to ``problems``."""
    checker = DatasetChecker(problems)
    actors, sources = checker.actors(actor_rows), checker.sources(source_rows)
    claims = [c for raw in claim_rows if (c := checker.claim(raw)) is not None]
    return Dataset(actors, sources, claims, checker.origins)
