"""``actorgraph accept``: accepted candidates into a dataset, as a merge, validated first.

The accepted candidates, the actors they name and the report as their source are built as a
dataset of their own, then merged into the target by :func:`actorgraph._merge.merge_streams`,
the rule every merge follows: an actor the target already has (by id, Wikidata id or an exact
name) is that actor, not a second one; a claim id the target has is renamed
``<candidates folder>.<id>``; the source is kept once. Actors the candidates name as
``known`` are written as the target has them (the names the report used for them are not
added to a curated record). The review fields are left out of what is written.

The result is written beside the target, validated (loader, shapes, shared names), and only
then put in place of the target in one rename; the target's other files (its README) are
kept. If anything fails, the target is as it was. The accepted candidates are then marked
``accepted`` in the folder of candidates.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .._csvwrite import _swap_in, write_dataset
from .._exceptions import DataError
from .._fieldtypes import name_key
from .._readers import RecordStream, reader_for
from .._records import Origins
from .._schema import FILES, REVIEW
from ._folder import CandidateFolder

__all__ = ["AcceptReport", "accept"]


@dataclass
class AcceptReport:
    """What :func:`accept` wrote: candidate id -> claim id in the dataset, the actors added
    and unified, the candidates left out because their two actors are one actor of the
    dataset (``collapsed``), and the merge's own report."""

    dataset: str
    claims: dict[str, str] = field(default_factory=dict)
    added_actors: list[str] = field(default_factory=list)
    unified_actors: dict[str, str] = field(default_factory=dict)
    kept_once: list[str] = field(default_factory=list)
    collapsed: list[str] = field(default_factory=list)
    merge: object = None

    def __str__(self) -> str:
        renamed = {c: i for c, i in self.claims.items() if c != i}
        lines = [f"accepted {len(self.claims) - len(self.kept_once)} claim(s) into "
                 f"{self.dataset}" + (f" ({len(self.kept_once)} already there: "
                                       f"{', '.join(self.kept_once)})" if self.kept_once else "")]
        if renamed:
            lines.append("  renamed (the dataset has the id): " + ", ".join(
                f"{c} -> {i}" for c, i in renamed.items()))
        if self.collapsed:
            lines.append("  not written, their subject and object being one actor of the "
                         "dataset: " + ", ".join(self.collapsed))
        if self.added_actors:
            lines.append("  new actors: " + ", ".join(self.added_actors))
        unified = {a: t for a, t in self.unified_actors.items() if a != t}
        if unified:
            lines.append("  proposed actors the dataset has: " + ", ".join(
                f"{a} -> {t}" for a, t in unified.items()))
        conflicts = getattr(self.merge, "conflicts", [])
        lines += [f"  {event}" for event in conflicts]
        return "\n".join(lines)


def _empty_stream(name: str) -> RecordStream:
    return RecordStream(name, [], [], lambda: iter(()), lambda: None, Origins(), ())


def _target_of(actor, target_actors: dict, by_name: dict) -> str | None:
    """The target's actor a candidate's actor is: a known one by its id; a proposed one by
    its Wikidata id or by a name (label or alias) that one target actor has. A proposed
    actor's kind is a guess: the dataset's record wins."""
    if actor.status == "known" and actor.id in target_actors:
        return actor.id
    if actor.wikidata:
        found = {a.id for a in target_actors.values() if a.wikidata == actor.wikidata}
        if len(found) == 1:
            return found.pop()
    found = {i for n in (actor.label, *actor.aliases) for i in by_name.get(name_key(n), ())}
    return found.pop() if len(found) == 1 else None


def _accepted_stream(folder: CandidateFolder, claims, target_actors: dict):
    """The accepted candidates as a dataset (claims, actors, source), and the candidates'
    actors that are the target's (id -> target id)."""
    by_name: dict[str, set[str]] = {}
    for a in target_actors.values():
        for n in (a.label, *a.aliases):
            by_name.setdefault(name_key(n), set()).add(a.id)
    named = dict.fromkeys(k for c in claims for k in (c.subject, c.object, *c.via))
    same = {k: t for k in named if (t := _target_of(folder.actors[k], target_actors, by_name))}
    actors = list({same[k]: target_actors[same[k]] for k in named if k in same}.values())
    actors += [folder.without_review(folder.actors[k]) for k in named if k not in same]
    cited = {s for c in claims for s in c.sources}
    sources = [s for s in folder.sources if s.id in cited]
    kept = [dataclasses.replace(folder.without_review(c), subject=same.get(c.subject, c.subject),
                                object=same.get(c.object, c.object),
                                via=tuple(same.get(v, v) for v in c.via)) for c in claims]
    # 'Haftar's forces part of the LNA' when the dataset's LNA is both: no relation is left
    collapsed = [c.id for c in kept if c.subject == c.object]
    kept = [c for c in kept if c.subject != c.object]
    stream = RecordStream(folder.path.name, actors, sources, lambda: iter(kept),
                          lambda: None, Origins(), ())
    return stream, same, collapsed


def _read_target(into: Path) -> RecordStream:
    if not into.exists():
        return _empty_stream(into.name)
    reader = reader_for(into)
    if reader.name != "dataset":
        raise DataError(f"{into}: accept writes into a dataset folder (actors.csv, "
                        f"sources.csv, claims.csv), not a {reader.name} file")
    return reader.read(into)


def accept(candidates: str | Path | CandidateFolder, into: str | Path, *, ids=None,
           every: bool = False) -> AcceptReport:
    """Write accepted candidates into a dataset folder, atomically, once the result validates.

    Parameters
    ----------
    candidates : str, Path or CandidateFolder
        The folder of candidates (``actorgraph extract -o``).
    into : str or Path
        The dataset folder to add them to (made if it does not exist).
    ids : iterable of str, optional
        Accept these candidates (by id).
    every : bool
        Accept every candidate not rejected in review.
        By default, the candidates the review accepted.

    Returns
    -------
    AcceptReport

    Raises
    ------
    DataError
        Nothing to accept, an unknown or rejected id, a quote that is not the report's, or
        a result that would not validate (every problem listed); the dataset is unchanged.
    LoadError
        The dataset cannot be read.
    """
    from .._merge import merge_streams
    from .._validate import validate

    folder = candidates if isinstance(candidates, CandidateFolder) else \
        CandidateFolder(candidates)
    chosen = folder.chosen(ids, every=every)
    if not chosen:
        raise DataError(f"{folder.path}: no candidate to accept; accept some in review, or "
                        "name them (--ids c3,c7) or take every one not rejected (--all)")
    into = Path(into)
    target = _read_target(into)
    accepted, same, collapsed = _accepted_stream(folder, chosen,
                                                 {a.id: a for a in target.actors})
    stream, report = merge_streams([target, accepted])
    work = Path(tempfile.mkdtemp(prefix=f".{into.name}.accept.", dir=into.parent))
    try:
        staged = work / into.name

        def claims():
            yield from stream.claims()
            stream.verify()

        write_dataset(staged, {"actor": stream.actors, "source": stream.sources,
                               "claim": claims()}, leave_out=REVIEW)
        if into.exists():
            for item in into.iterdir():
                if item.name not in FILES.values():
                    copy = shutil.copytree if item.is_dir() else shutil.copy2
                    copy(item, staged / item.name)
        checked = validate(staged)
        if not checked.ok:
            raise DataError(f"{into}: accepting {', '.join(c.id for c in chosen)} would leave "
                            "a dataset that does not validate; nothing was changed",
                            checked.problems)
        if into.exists():
            staged.chmod(into.stat().st_mode & 0o777)
        _swap_in(staged, into)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _report(str(into), folder, chosen, report, same, collapsed)


def _report(dataset: str, folder: CandidateFolder, chosen, merge_report,
            same: dict[str, str], collapsed: list[str]) -> AcceptReport:
    out = AcceptReport(dataset, merge=merge_report, unified_actors=dict(same),
                       collapsed=collapsed)
    name = merge_report.datasets[-1]
    renamed: dict[str, dict[str, str]] = {"claim": {}, "actor": {}}
    for event in merge_report.events:
        if event.dataset != name:
            continue
        if event.what == "renamed" and event.kind in renamed:
            renamed[event.kind][event.ident] = event.merged_as
        elif event.kind == "claim" and event.what == "kept once":
            out.kept_once.append(event.ident)
        elif event.kind == "actor" and event.what == "unified":
            out.unified_actors[event.ident] = event.merged_as
    out.claims = {c.id: renamed["claim"].get(c.id, c.id) for c in chosen
                  if c.id not in collapsed}
    out.added_actors = [renamed["actor"].get(k, k) for k in dict.fromkeys(
        k for c in chosen for k in (c.subject, c.object, *c.via)) if k not in out.unified_actors]
    for claim in chosen:
        if claim.decision != "accepted":
            folder.decide(claim.id, "accepted")
    return out
