"""The small typed values the API returns: actors, sources, claims, and vocabulary entries."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Actor", "CertaintyInfo", "Claim", "KindInfo", "RelationInfo", "Source"]


@dataclass(frozen=True)
class Actor:
    """A person, state, government, armed group or other party to a conflict."""

    id: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None
    description: str | None = None

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        d = dict(vars(self))  # fields are strings and tuples: no deep copy needed
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True)
class Source:
    """A document that states claims: a report, an article, a dataset."""

    id: str
    title: str
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    reliability: str | None = None
    language: str | None = None

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return dict(vars(self))


@dataclass(frozen=True)
class Claim:
    """What a source states: ``subject`` — ``relation`` — ``object``, dated, graded, quoted.

    ``subject``, ``object`` and ``via`` hold actor ids; ``sources`` source ids;
    ``start`` and ``end`` ISO dates at their precision (``2019``, ``2019-08``,
    ``2019-08-15``) or ``None``; ``certainty`` a term of the certainty scale.
    """

    id: str
    subject: str
    relation: str
    object: str
    certainty: str
    sources: tuple[str, ...]
    quote: str
    start: str | None = None
    end: str | None = None
    attributed_to: str | None = None
    via: tuple[str, ...] = ()
    place: str | None = None
    note: str | None = None

    @property
    def sign(self) -> int:
        """The relation's sign for alliance analysis: +1, -1 or 0."""
        from ._vocab import RELATIONS

        return RELATIONS[self.relation].sign

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        d = dict(vars(self))
        d["sources"] = list(self.sources)
        d["via"] = list(self.via)
        return d


@dataclass(frozen=True)
class RelationInfo:
    """A relation of the vocabulary, as the ontology defines it."""

    name: str
    label: str
    definition: str
    sign: int
    parent: str | None
    family: str
    symmetric: bool
    ucdp_esd: str | None = None
    cameo: str | None = None
    plover: str | None = None
    children: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class KindInfo:
    """A kind of actor (``person``, ``state``, ``armed_group`` …) and its ontology class."""

    code: str
    label: str
    class_name: str
    definition: str


@dataclass(frozen=True)
class CertaintyInfo:
    """A grade of the certainty scale (NATO/Admiralty information credibility, 1–6)."""

    code: str
    rank: int
    label: str
    definition: str
