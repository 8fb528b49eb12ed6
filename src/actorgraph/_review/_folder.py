"""A folder of candidates: a dataset, the report it was read from, and the analyst's decisions.

``actorgraph extract -o CANDIDATES`` writes it (``actors.csv``, ``sources.csv``,
``claims.csv`` with the review fields, and ``report.txt``, the report as read, which the
claims' ``evidence_start``/``evidence_end`` index). :class:`CandidateFolder` reads it back,
checks that every quote is the report's text at its offsets, applies decisions and edits
(each checked as the loader checks a row), and saves them at once, each file replaced
atomically: actors before claims, so that the claims on disk never name an actor that is
not there. A review that stops resumes from what was saved.
"""

from __future__ import annotations

import dataclasses
import threading
import unicodedata
from pathlib import Path

from .._atomic import atomic_path
from .._csvload import read_dataset
from .._csvwrite import write_rows
from .._exceptions import DataError, LoadError, Problem
from .._model import Actor, Claim, Source
from .._records import RawRecord, check_record
from .._schema import FILES, REVIEW

__all__ = ["DECISIONS", "EDITABLE", "REPORT", "CandidateFolder", "evidence_problems",
           "known_actors", "read_report"]

#: The report's file in a folder of candidates.
REPORT = "report.txt"
#: What an analyst decides about a candidate ("" undoes a decision).
DECISIONS = ("accepted", "rejected", "")
#: The claim fields an analyst may edit (the quote and its offsets stay the report's).
EDITABLE = ("subject", "relation", "object", "start", "end", "certainty", "stance",
            "attributed_to", "via", "place", "note")


def read_report(path: str | Path) -> str:
    """A report's text as offsets index it: UTF-8 (a BOM dropped), lines ending in ``\\n``,
    in Unicode's composed form (NFC), as a dataset's cells are read."""
    try:
        return unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); save the report as "
                        "UTF-8") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read the report: {exc.strerror or exc}") from None


def known_actors(datasets) -> list[Actor]:
    """The actors of the datasets given, read without their claims; several are merged as
    ``actorgraph.load([A, B])`` merges them (one actor for a shared id or name).

    Raises
    ------
    LoadError
        A dataset cannot be read, or its actors or sources have problems.
    """
    from .._merge import merge_streams
    from .._readers import reader_for

    streams = []
    for dataset in datasets:
        path = Path(dataset)
        stream = reader_for(path).read(path)
        if stream.problems:
            raise LoadError(f"{path}: {len(stream.problems)} problem(s) in its actors or "
                            "sources", stream.problems)
        streams.append(stream)
    if len(streams) < 2:
        return [a for s in streams for a in s.actors]
    return merge_streams(streams)[0].actors


def evidence_problems(text: str, claims, lines=None) -> list[Problem]:
    """A problem for every claim whose quote is not the report's text at its offsets (or,
    without offsets, nowhere in the report). ``lines`` maps a claim id to its line."""
    problems = []
    for claim in claims:
        line = (lines or {}).get(claim.id)
        where = f"claim {claim.id!r}" if line is None else None
        if claim.evidence_start is None or claim.evidence_end is None:
            if claim.quote not in text:
                problems.append(Problem(FILES["claim"], line, "quote",
                                        "the quote is not in the report", f"see {REPORT}",
                                        claim.quote, where))
            continue
        start, end = int(claim.evidence_start), int(claim.evidence_end)
        if text[start:end] != claim.quote:
            problems.append(Problem(
                FILES["claim"], line, "quote",
                f"the quote is not the report's text at {start}-{end}",
                f"{REPORT} has {text[start:end]!r} there; correct the offsets or the quote",
                claim.quote, where))
    return problems


def _replace(path: Path, kind: str, records) -> None:
    """Rewrite one CSV file atomically, keeping its permissions."""
    mode = path.stat().st_mode & 0o777
    with atomic_path(path) as tmp:
        write_rows(tmp, kind, records)
        tmp.chmod(mode)


class CandidateFolder:
    """A folder of candidates, read and checked; decisions and edits saved as they come.

    Raises
    ------
    LoadError
        The folder is not a valid dataset.
    DataError
        It has no report, or a quote is not the report's text at its offsets.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        report = self.path / REPORT
        if not report.is_file():
            raise DataError(f"{self.path}: no {REPORT}; a folder of candidates holds the "
                            "report it was extracted from (actorgraph extract -o FOLDER)")
        self.text = read_report(report)
        dataset = read_dataset(self.path)
        self.actors: dict[str, Actor] = {a.id: a for a in dataset.actors}
        self.sources: list[Source] = dataset.sources
        self.claims: dict[str, Claim] = {c.id: c for c in dataset.claims}
        lines = {c.id: dataset.origins.get(("claim", c.id), (None, None))[1]
                 for c in dataset.claims}
        problems = evidence_problems(self.text, dataset.claims, lines)
        if problems:
            raise DataError(f"{self.path}: {len(problems)} quote(s) do not match {REPORT}",
                            problems)
        self.lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many candidates are accepted, rejected and still open."""
        out = {"accepted": 0, "rejected": 0, "open": 0}
        for claim in self.claims.values():
            out[claim.decision or "open"] += 1
        return out

    def chosen(self, ids=None, *, every: bool = False) -> list[Claim]:
        """The candidates to accept: those named (``ids``), every one not rejected
        (``every``), or by default those the review accepted.

        Raises
        ------
        DataError
            An id is not a candidate of the folder, or a named one was rejected.
        """
        if ids is not None:
            ids = list(dict.fromkeys(ids))
            unknown = [i for i in ids if i not in self.claims]
            if unknown:
                raise DataError(f"{self.path}: no candidate {', '.join(map(repr, unknown))}; "
                                f"the candidates are {', '.join(self.claims)}")
            rejected = [i for i in ids if self.claims[i].decision == "rejected"]
            if rejected:
                raise DataError(f"{self.path}: {', '.join(rejected)} rejected in review; "
                                "undo the decision first")
            return [self.claims[i] for i in ids]
        if every:
            return [c for c in self.claims.values() if c.decision != "rejected"]
        return [c for c in self.claims.values() if c.decision == "accepted"]

    # -- changing ----------------------------------------------------------------------------

    def _claim(self, ident: str) -> Claim:
        try:
            return self.claims[ident]
        except KeyError:
            raise DataError(f"no candidate {ident!r}") from None

    def decide(self, ident: str, decision: str) -> Claim:
        """Record the analyst's decision on one candidate ("" undoes it) and save."""
        if decision not in DECISIONS:
            raise DataError(f"decision {decision!r}: use accepted, rejected or '' (undecided)")
        with self.lock:
            claim = dataclasses.replace(self._claim(ident), decision=decision or None)
            self.claims[ident] = claim
            self._save(actors=False)
        return claim

    def edit(self, ident: str, changes: dict[str, str], *, new_actors=(),
             kinds: dict[str, str] | None = None) -> Claim:
        """Edit one candidate's fields (:data:`EDITABLE`), checked as the loader checks a
        row, and save.

        ``new_actors`` are actors to add first (one an analyst names that the folder does not
        hold yet: from the target dataset, or new); ``kinds`` sets the kind of proposed actors
        (``{id: kind}``). Nothing is changed if anything is invalid.

        Raises
        ------
        DataError
            With every problem found (a field, an unknown actor, an actor that is not new).
        """
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise DataError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
        with self.lock:
            claim = self._claim(ident)
            problems: list[Problem] = []
            actors = dict(self.actors)
            for actor in new_actors:
                if actor.id in actors:
                    continue
                checked = check_record("actor", RawRecord(FILES["actor"], None, actor.to_row(),
                                                          f"actor {actor.id!r}"), problems)
                if checked is not None:
                    actors[actor.id] = checked
            for key, kind in (kinds or {}).items():
                actor = actors.get(key)
                if actor is None or actor.status == "known":
                    problems.append(Problem(FILES["actor"], None, "kind",
                                            f"{key!r} is not a proposed actor of the folder"))
                    continue
                checked = check_record("actor", RawRecord(FILES["actor"], None, {
                    **actor.to_row(), "kind": kind}, f"actor {key!r}"), problems)
                if checked is not None:
                    actors[key] = checked
            row = {**claim.to_row(), **{k: v or "" for k, v in changes.items()}}
            edited = check_record("claim", RawRecord(FILES["claim"], None, row,
                                                     f"claim {ident!r}"), problems)
            if edited is not None:
                refs = [("subject", edited.subject), ("object", edited.object),
                        *(("via", key) for key in edited.via)]
                problems.extend(Problem(FILES["claim"], None, column, f"unknown actor {key!r}",
                                        "choose an actor of the folder or the dataset, or "
                                        "name a new one", record=f"claim {ident!r}")
                                for column, key in refs if key not in actors)
            if problems:
                raise DataError(f"candidate {ident} not changed", problems)
            self.actors = actors
            self.claims[ident] = edited
            self._save(actors=True)
        return edited

    def _save(self, *, actors: bool) -> None:
        """Replace ``actors.csv`` (when asked) then ``claims.csv``, each atomically."""
        if actors:
            _replace(self.path / FILES["actor"], "actor", self.actors.values())
        _replace(self.path / FILES["claim"], "claim", self.claims.values())

    @staticmethod
    def without_review(record):
        """The record with its review fields emptied (what a curated dataset keeps)."""
        return dataclasses.replace(record, **{name: None for name in REVIEW[record.KIND]})
