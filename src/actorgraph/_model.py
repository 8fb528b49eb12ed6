"""The small typed values the API returns: actors, sources, claims, and vocabulary entries."""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

from ._schema import FIELDS

__all__ = ["RECORDS", "Actor", "CertaintyInfo", "Claim", "KindInfo", "Record", "RelationInfo",
           "Source", "StanceInfo"]


class Record:
    """What actors, sources and claims share: fields from the schema, a JSON-ready dict."""

    __slots__ = ()
    KIND: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (multi-valued fields as lists)."""
        d = dict(vars(self))  # fields are strings and tuples: no deep copy needed
        for name in _MULTI[self.KIND]:
            d[name] = list(d[name])
        return d

    @classmethod
    def from_row(cls, row: dict[str, str]):
        """The record of a trusted CSV row (cells as text, ``|`` between values); missing or
        empty cells are no value. Untrusted rows go through the loader's checks instead."""
        values = {}
        for f in FIELDS[cls.KIND]:
            cell = row.get(f.name) or ""
            values[f.name] = tuple(cell.split("|")) if f.multi and cell else (
                () if f.multi else (cell or f.default))
        return cls(**values)

    def to_row(self) -> dict[str, str]:
        """The record as a CSV row: one cell per column, ``|`` between values, ``""`` for none."""
        return {k: "|".join(v) if isinstance(v, tuple) else ("" if v is None else v)
                for k, v in vars(self).items()}


_MULTI = {kind: tuple(f.name for f in fields if f.multi) for kind, fields in FIELDS.items()}


def _record_class(name: str, kind: str, doc: str) -> type:
    """A frozen dataclass with the fields of ``kind`` in the schema: the required ones
    positional, in the schema's order, the others keyword-only."""
    specs = []
    for f in FIELDS[kind]:
        annotation = "tuple[str, ...]" if f.multi else ("str" if f.required else "str | None")
        if f.required:
            specs.append((f.name, annotation))
        else:
            default = field(default=(), kw_only=True) if f.multi else field(default=f.default,
                                                                          kw_only=True)
            specs.append((f.name, annotation, default))
    fields_doc = "\n".join(f"    ``{f.name}``: {f.doc}" + (" (several)" if f.multi else "")
                           for f in FIELDS[kind])
    cls = make_dataclass(name, specs, bases=(Record,), frozen=True,
                         namespace={"KIND": kind, "__doc__": f"{doc}\n\n{fields_doc}\n"})
    cls.__module__ = "actorgraph"
    return cls


Actor = _record_class("Actor", "actor",
                      "A person, state, government, armed group or other party to a conflict.")
Source = _record_class("Source", "source",
                       "A document that states claims: a report, an article, a dataset.")
Claim = _record_class("Claim", "claim",
                      "What a source states: subject — relation — object, dated, graded, "
                      "quoted.\n\n``subject``, ``object`` and ``via`` hold actor ids; "
                      "``sources`` source ids; ``start`` and ``end`` ISO dates at their "
                      "precision (``2019``, ``2019-08``, ``2019-08-15``) or ``None``.")
RECORDS = {"actor": Actor, "source": Source, "claim": Claim}


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
    """A grade of the certainty scale (NATO/Admiralty information credibility, 1–6).

    ``truthy``: an asserting claim of this grade yields the direct triple; ``credence``: what
    the grade does to its relation (``upholds``, ``alleges``, ``doubts``, ``unjudged``).
    """

    code: str
    rank: int
    label: str
    definition: str
    truthy: bool
    credence: str


@dataclass(frozen=True)
class StanceInfo:
    """A stance a claim takes towards its relation: it ``asserts`` it or ``denies`` it."""

    code: str
    label: str
    definition: str
