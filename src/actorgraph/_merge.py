"""Merging datasets: several record streams into one, every unification and conflict reported.

``actorgraph.load([A, B, …])`` and ``actorgraph merge A B … -o OUT`` both go through
:func:`merge_streams`. The first dataset is the base; each record of the next ones is
matched against what is merged so far:

- **actors** are one actor when they share an id (and a kind), a Wikidata id, an identifier
  in another dataset (``ucdp:411``: what an importer keeps), or an exact name — a label or
  an alias, compared as :meth:`Graph.actor` compares them (case, Unicode
  normalisation, tatweel and spaces aside). The first record's fields win; the others'
  names become aliases, and a field they give differently (a country, a Wikidata id; not
  free text such as a description) is reported as a conflict. An id
  shared by actors of different kinds, or a name that matches two actors, is a conflict:
  the newcomer stays an actor of its own (renamed ``<dataset>.<id>`` if its id is taken);
- **sources** that are the same document (the same id and fields, or the same title,
  publisher, date and address under another id) are kept once; another source under a
  taken id is renamed ``<dataset>.<id>``;
- **claims** keep their ids unless taken, then become ``<dataset>.<id>``; a claim that
  states exactly what a merged one states (same fields, after the renaming) is kept once.

Nothing is merged silently: :class:`MergeReport` lists every unification, renaming and
conflict, with the dataset and id of each record.

>>> from actorgraph._resources import dataset_path
>>> report = merge_report_of([dataset_path(), dataset_path()])
>>> report.counts()["kept once claims"]
70
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ._exceptions import LoadError, Problem
from ._fieldtypes import name_key
from ._model import Actor, Claim, Source
from ._readers import RecordStream
from ._records import Origins
from ._schema import FIELDS

__all__ = ["MergeEvent", "MergeReport", "merge", "merge_report_of", "merge_streams"]

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class MergeEvent:
    """One thing merging did: ``what`` (``unified``, ``renamed``, ``kept once``,
    ``conflict``), the kind of record, the dataset and id it came with, the id it has in
    the merged data, and why."""

    what: str
    kind: str
    dataset: str
    ident: str
    merged_as: str
    why: str

    def __str__(self) -> str:
        target = f" -> {self.merged_as}" if self.merged_as != self.ident else ""
        return f"{self.what}: {self.kind} {self.dataset}/{self.ident}{target} ({self.why})"


@dataclass
class MergeReport:
    """Every unification, renaming and conflict of a merge, in the order they happened."""

    datasets: list[str]
    events: list[MergeEvent] = field(default_factory=list)

    def add(self, *args) -> None:
        self.events.append(MergeEvent(*args))

    @property
    def conflicts(self) -> list[MergeEvent]:
        """The conflicts: what an analyst must look at."""
        return [e for e in self.events if e.what == "conflict"]

    def counts(self) -> dict[str, int]:
        """How many events of each kind, by ``"<what> <kind>s"`` (``"unified actors"``)."""
        out: dict[str, int] = {}
        for e in self.events:
            key = f"{e.what} {e.kind}s"
            out[key] = out.get(key, 0) + 1
        return out

    def __str__(self) -> str:
        head = f"merged {', '.join(self.datasets)}"
        if not self.events:
            return f"{head}: nothing in common"
        return head + "\n" + "\n".join(f"  {e}" for e in self.events)


def _dataset_name(stream: RecordStream, taken: set[str]) -> str:
    """A short name for a dataset, safe in an id, distinct from the others."""
    base = _SAFE.sub("-", Path(stream.name).stem).strip("-.") or "dataset"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


class _Merger:
    """The state of a merge: what is merged so far, and how each dataset's ids map to it."""

    def __init__(self, report: MergeReport):
        self.report = report
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, Source] = {}
        self.by_name: dict[str, set[str]] = {}
        self.by_wikidata: dict[str, str] = {}
        self.by_identifier: dict[str, str] = {}
        self.by_document: dict[tuple, str] = {}
        self.claim_ids: set[str] = set()
        self.claim_keys: set[tuple] = set()

    # -- actors ---------------------------------------------------------------------------
    def _index(self, actor: Actor) -> None:
        for name in (actor.label, *actor.aliases):
            self.by_name.setdefault(name_key(name), set()).add(actor.id)
        if actor.wikidata:
            self.by_wikidata.setdefault(actor.wikidata, actor.id)
        for identifier in actor.identifiers:
            self.by_identifier.setdefault(identifier, actor.id)

    def _match(self, actor: Actor) -> tuple[str | None, str]:
        """The merged actor ``actor`` is (``None`` if none), and why."""
        same_id = self.actors.get(actor.id)
        if same_id is not None:
            if same_id.kind == actor.kind:
                return actor.id, "same id"
            return None, (f"id {actor.id!r} is already a {same_id.kind}, not a {actor.kind}")
        if actor.wikidata and actor.wikidata in self.by_wikidata:
            return self.by_wikidata[actor.wikidata], f"same Wikidata id {actor.wikidata}"
        shared = sorted({self.by_identifier[i] for i in actor.identifiers
                         if i in self.by_identifier})
        if len(shared) == 1:
            same = next(i for i in actor.identifiers if i in self.by_identifier)
            return shared[0], f"same identifier {same}"
        if len(shared) > 1:
            return None, f"its identifiers match {', '.join(shared)}: ambiguous"
        found: set[str] = set()
        matched = ""
        for name in (actor.label, *actor.aliases):
            hits = self.by_name.get(name_key(name), set())
            if hits and not matched:
                matched = name
            found |= hits
        if len(found) == 1:
            return next(iter(found)), f"same name {matched!r}"
        if len(found) > 1:
            return None, f"its names match {', '.join(sorted(found))}: ambiguous"
        return None, ""

    def _unify(self, dataset: str, actor: Actor, target: str, why: str) -> None:
        base = self.actors[target]
        self.report.add("unified", "actor", dataset, actor.id, target, why)
        names = [n for n in (actor.label, *actor.aliases) if name_key(n) not in
                 {name_key(m) for m in (base.label, *base.aliases)}]
        changes: dict = {}
        if names:
            changes["aliases"] = tuple(sorted({*base.aliases, *names}))
        if set(actor.identifiers) - set(base.identifiers):
            changes["identifiers"] = tuple(sorted({*base.identifiers, *actor.identifiers}))
        for f in FIELDS["actor"]:
            if f.multi or f.name in ("id", "label"):
                continue
            mine, theirs = getattr(base, f.name), getattr(actor, f.name)
            if theirs is None or mine == theirs:
                continue
            if mine is None:
                changes[f.name] = theirs
            elif f.type != "text":  # free text (a description) may differ; an identity may not
                self.report.add("conflict", "actor", dataset, actor.id, target,
                                f"{f.name} {theirs!r} differs from {mine!r}; kept {mine!r}")
        if changes:
            self.actors[target] = dataclasses.replace(base, **changes)
            self._index(self.actors[target])

    def add_actors(self, dataset: str, actors: list[Actor]) -> dict[str, str]:
        """Merge a dataset's actors; return its id -> merged id."""
        mapping: dict[str, str] = {}
        for actor in actors:
            target, why = self._match(actor)
            if target is not None:
                mapping[actor.id] = target
                self._unify(dataset, actor, target, why)
                continue
            ident = actor.id
            if ident in self.actors:
                ident = f"{dataset}.{actor.id}"
                self.report.add("renamed", "actor", dataset, actor.id, ident,
                                "its id is another actor's")
            if why:
                self.report.add("conflict", "actor", dataset, actor.id, ident,
                                f"{why}; kept apart")
            merged = dataclasses.replace(actor, id=ident)
            self.actors[ident] = merged
            self._index(merged)
            mapping[actor.id] = ident
        return mapping

    # -- sources --------------------------------------------------------------------------
    @staticmethod
    def _document(source: Source) -> tuple:
        return (name_key(source.title), source.publisher and name_key(source.publisher),
                source.published, source.url)

    def add_sources(self, dataset: str, sources: list[Source]) -> dict[str, str]:
        """Merge a dataset's sources; return its id -> merged id (``cites`` remapped)."""
        mapping: dict[str, str] = {}
        for source in sources:
            same = self.sources.get(source.id)
            document = self._document(source)
            if same is not None and self._document(same) == document:
                mapping[source.id] = source.id
                self.report.add("kept once", "source", dataset, source.id, source.id,
                                "the same source")
                continue
            if document in self.by_document:
                target = self.by_document[document]
                mapping[source.id] = target
                self.report.add("kept once", "source", dataset, source.id, target,
                                "the same title, publisher, date and address")
                continue
            ident = source.id
            if same is not None:
                ident = f"{dataset}.{source.id}"
                self.report.add("renamed", "source", dataset, source.id, ident,
                                "its id is another source's")
            mapping[source.id] = ident
            self.sources[ident] = dataclasses.replace(source, id=ident)
            self.by_document[document] = ident
        for new in mapping.values():
            cited = self.sources[new].cites
            if cited and any(mapping.get(c, c) != c for c in cited):
                self.sources[new] = dataclasses.replace(
                    self.sources[new], cites=tuple(mapping.get(c, c) for c in cited))
        return mapping

    # -- claims ---------------------------------------------------------------------------
    def add_claim(self, dataset: str, claim: Claim, actors: dict[str, str],
                  sources: dict[str, str]) -> Claim | None:
        """The claim with its references merged and its id unique, or ``None`` if a merged
        claim already states exactly the same."""
        merged = dataclasses.replace(
            claim, subject=actors[claim.subject], object=actors[claim.object],
            via=tuple(actors[v] for v in claim.via),
            sources=tuple(sorted({sources[s] for s in claim.sources})))
        key = tuple(getattr(merged, f.name) for f in FIELDS["claim"] if f.name != "id")
        if key in self.claim_keys:
            self.report.add("kept once", "claim", dataset, claim.id, claim.id,
                            "a merged claim states exactly the same")
            return None
        self.claim_keys.add(key)
        if merged.id in self.claim_ids:
            ident = f"{dataset}.{claim.id}"
            self.report.add("renamed", "claim", dataset, claim.id, ident,
                            "its id is another claim's")
            merged = dataclasses.replace(merged, id=ident)
        self.claim_ids.add(merged.id)
        return merged


def merge_streams(streams: list[RecordStream]) -> tuple[RecordStream, MergeReport]:
    """One record stream of several, and the report of what was unified and renamed.

    The claims stream in dataset order; the merged stream's ``verify`` raises one
    :class:`~actorgraph.LoadError` listing the problems of every dataset, each file named
    with its dataset.
    """
    names: set[str] = set()
    datasets = [_dataset_name(s, names) for s in streams]
    report = MergeReport(datasets)
    merger = _Merger(report)
    actor_maps = [merger.add_actors(d, s.actors) for d, s in zip(datasets, streams, strict=True)]
    source_maps = [merger.add_sources(d, s.sources)
                   for d, s in zip(datasets, streams, strict=True)]
    origins = Origins()
    for i, (dataset, stream) in enumerate(zip(datasets, streams, strict=True)):
        for kind, records, mapping in (("actor", stream.actors, actor_maps[i]),
                                       ("source", stream.sources, source_maps[i])):
            for record in records:
                found = stream.origins.get((kind, record.id))
                if found is not None and origins.get((kind, mapping[record.id])) is None:
                    origins.add(kind, mapping[record.id], f"{dataset}/{found[0]}", found[1])
    counted = [0]

    def claims() -> Iterator[Claim]:
        for i, (dataset, stream) in enumerate(zip(datasets, streams, strict=True)):
            for claim in stream.claims():
                merged = merger.add_claim(dataset, claim, actor_maps[i], source_maps[i])
                if merged is not None:
                    counted[0] += 1
                    found = stream.origins.get(("claim", claim.id))
                    if found is not None:
                        origins.add("claim", merged.id, f"{dataset}/{found[0]}", found[1])
                    yield merged

    def verify() -> None:
        problems: list[Problem] = []
        for dataset, stream in zip(datasets, streams, strict=True):
            try:
                stream.verify()
            except LoadError as exc:
                problems += [dataclasses.replace(p, file=f"{dataset}/{p.file}")
                             for p in exc.problems]
        if problems:
            raise LoadError(f"{len(problems)} problem(s) in {', '.join(datasets)}; "
                            "nothing was loaded", problems)

    merged = RecordStream(
        "+".join(datasets), list(merger.actors.values()), list(merger.sources.values()),
        claims, verify, origins, tuple(f for s in streams for f in s.files),
        [line for s in streams for line in s.extra],
        [w for s in streams for w in s.warnings] + [str(e) for e in report.conflicts],
        counted=lambda: counted[0])
    return merged, report


def _streams(paths) -> list[RecordStream]:
    from ._readers import reader_for

    out = []
    for path in paths:
        path = Path(path)
        out.append(reader_for(path).read(path))
    return out


def merge_report_of(paths) -> MergeReport:
    """What merging ``paths`` would unify, rename and report (the claims read, nothing
    written)."""
    stream, report = merge_streams(_streams(paths))
    for _ in stream.claims():
        pass
    stream.verify()
    return report


def merge(paths, out: str | Path, *, overwrite: bool = False) -> MergeReport:
    """Merge datasets into one dataset folder at ``out``; return what was unified.

    Parameters
    ----------
    paths : list of str or Path
        Dataset folders or files (anything :func:`actorgraph.load` reads), the first the
        base.
    out : str or Path
        The folder to write (atomically: nothing is left there if a dataset has a
        problem).
    overwrite : bool
        Replace a folder already at ``out``.

    Returns
    -------
    MergeReport

    Raises
    ------
    LoadError
        A dataset has a problem (every problem listed); nothing is written.
    ExportError
        ``out`` exists (without ``overwrite``) or cannot be written.
    """
    from ._csvwrite import write_dataset

    stream, report = merge_streams(_streams(paths))

    def claims() -> Iterator[Claim]:
        yield from stream.claims()
        stream.verify()  # before the folder is put in place

    readme = (f"# Merged dataset\n\nWritten by `actorgraph merge` from "
              f"{', '.join(f'`{d}`' for d in report.datasets)}.\n\n```\n{report}\n```\n")
    write_dataset(out, {"actor": stream.actors, "source": stream.sources, "claim": claims()},
                  readme=readme, overwrite=overwrite)
    return report
