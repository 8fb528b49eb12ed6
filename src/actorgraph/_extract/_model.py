"""What extraction proposes and returns: proposals, candidates, actors, and the drop log.

A :class:`Proposal` is what any extractor (the built-in rules, a language model, a
user's own) puts forward; only after the shared checks (:mod:`._checks`) does it become a
:class:`Candidate`, with a claim id, actor ids and verified character offsets. Candidates
and actors give their dataset rows with ``to_row()``: the columns of ``claims.csv`` (plus
``stance``, ``evidence_start``, ``evidence_end``, ``rule``, ``score``, ``decision``) and of
``actors.csv`` (plus ``status``), every cell a string, multi-valued cells joined with ``|``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .._schema import columns

__all__ = [
    "ACTOR_COLUMNS",
    "CLAIM_COLUMNS",
    "ActorRef",
    "Candidate",
    "Context",
    "Dropped",
    "Extraction",
    "ProposedActor",
    "Proposal",
]

#: The columns of a candidate's and an actor's row: the schema's (review fields included).
CLAIM_COLUMNS = columns("claim")
ACTOR_COLUMNS = columns("actor")


@dataclass(frozen=True)
class ActorRef:
    """An actor as an extractor names it: an actor id it knows, or a name as written.

    ``kind`` is the kind an extractor proposes for a new actor (a code of ``KINDS``).
    """

    name: str
    id: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Proposal:
    """A claim an extractor puts forward, before the checks.

    ``evidence_start``/``evidence_end`` are optional: when absent (or wrong) the checks
    look the quote up in the report.
    """

    subject: ActorRef
    relation: str
    object: ActorRef
    quote: str
    evidence_start: int | None = None
    evidence_end: int | None = None
    start: str | None = None
    end: str | None = None
    certainty: str = "probable"
    stance: str = "asserts"
    attributed_to: str | None = None
    via: tuple[ActorRef, ...] = ()
    place: str | None = None
    note: str | None = None
    rule: str = ""
    score: float = 0.5


@dataclass(frozen=True)
class Context:
    """What an extractor is given besides the text.

    ``published`` anchors relative dates; ``known_actors`` are the ``Actor`` values of a
    dataset (their ids and names); ``actors`` is the engine's table of the actors its own
    reading found (an ``ActorTable``), which other extractors may use to name actors by id;
    ``reading`` is that whole reading (parsed document, mentions, dates).
    """

    published: _dt.date
    known_actors: tuple = ()
    actors: object = None
    reading: object = None


@dataclass(frozen=True)
class Dropped:
    """A proposal the checks refused, with the reasons."""

    proposal: Proposal
    reasons: tuple[str, ...]
    extractor: str

    def __str__(self) -> str:
        p = self.proposal
        return (f"dropped {self.extractor} proposal {p.subject.name!r} {p.relation} "
                f"{p.object.name!r}: {'; '.join(self.reasons)}")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "|".join(value)
    if isinstance(value, float):  # the canonical form the schema reads back ("0.8", "1")
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class ProposedActor:
    """An actor that candidates name: ``known`` (from the dataset) or ``proposed`` (new)."""

    id: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None
    description: str | None = None
    status: str = "proposed"
    identifiers: tuple[str, ...] = ()

    def to_row(self) -> dict[str, str]:
        """The ``actors.csv`` row, with its ``status`` column (a column of the schema this
        class does not hold is empty).

        >>> ProposedActor("Wagner_Group", "Wagner Group", "mercenary_group",
        ...               ("Wagner",)).to_row()["aliases"]
        'Wagner'
        """
        return {name: _cell(getattr(self, name, None)) for name in ACTOR_COLUMNS}


@dataclass(frozen=True)
class Candidate:
    """A claim proposed for review: checked, with actor ids and exact evidence offsets.

    ``report[evidence_start:evidence_end] == quote`` always holds.
    """

    id: str
    subject: str
    relation: str
    object: str
    certainty: str
    quote: str
    evidence_start: int
    evidence_end: int
    source: str
    start: str | None = None
    end: str | None = None
    attributed_to: str | None = None
    via: tuple[str, ...] = ()
    place: str | None = None
    note: str | None = None
    stance: str = "asserts"
    rule: str = ""
    score: float = 0.5
    extractor: str = "rules"

    def to_row(self) -> dict[str, str]:
        """The ``claims.csv`` row of this candidate; ``decision`` is empty until reviewed."""
        values = {**{name: getattr(self, name, None) for name in CLAIM_COLUMNS},
                  "sources": self.source, "decision": ""}
        return {name: _cell(values[name]) for name in CLAIM_COLUMNS}


@dataclass(frozen=True)
class Extraction:
    """The result of :func:`extract`: candidates, the actors they name, and what was dropped."""

    text: str
    source: dict[str, str]
    candidates: tuple[Candidate, ...]
    actors: tuple[ProposedActor, ...]
    dropped: tuple[Dropped, ...] = ()
    pipeline: str = ""
    meta: dict = field(default_factory=dict)

    def claim_rows(self) -> list[dict[str, str]]:
        """Every candidate's ``claims.csv`` row."""
        return [c.to_row() for c in self.candidates]

    def actor_rows(self) -> list[dict[str, str]]:
        """Every named actor's ``actors.csv`` row."""
        return [a.to_row() for a in self.actors]

    def log(self) -> list[str]:
        """One line per dropped proposal, saying why."""
        return [str(d) for d in self.dropped]
