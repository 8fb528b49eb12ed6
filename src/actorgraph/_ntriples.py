"""Write actors, sources and claims as N-Triples: the one writer of actorgraph's RDF shape.

Every store loads these lines (rdflib parses them, Oxigraph bulk-loads them, a SPARQL
server receives them), so the shape is defined once. Lines are built as strings, without
a Python object per triple, so that a million claims stream in bounded memory.

>>> from actorgraph._model import Actor
>>> print(record_lines("actor", Actor("A1", 'say "hi"', "person")), end="")
<https://w3id.org/actorgraph/id/actor/A1> <http://purl.org/dc/terms/identifier> "A1" .
<https://w3id.org/actorgraph/id/actor/A1> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"" .
<https://w3id.org/actorgraph/id/actor/A1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/actorgraph/ontology#Person> .
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from ._fieldtypes import TYPES, literal
from ._model import Actor, Claim, Record, Source
from ._schema import CLASSES, FIELDS, NS

__all__ = ["DATA", "ONTOLOGY", "actor_lines", "claim_lines", "dataset_lines", "iri", "literal",
           "record_lines", "source_lines"]

ONTOLOGY = NS["ag"]
DATA = NS["id"]
RDF_TYPE = f"<{NS['rdf']}type>"


def iri(kind: str, ident: str) -> str:
    """The IRI of an actor, claim or source with a (validated) id, in N-Triples form."""
    return f"<{DATA}{kind}/{ident}>"


def _writers(kind: str) -> dict[str, tuple[str, object, bool]]:
    """``field -> (predicate, term, multi)`` of each field of ``kind``, ready to write."""
    return {f.name: (f"<{f.predicate}>", literal if f.type == "text" else TYPES[f.type].term,
                     f.multi) for f in FIELDS[kind]}


_WRITERS = {kind: _writers(kind) for kind in FIELDS}
_CLASS_LINE = {kind: f" {RDF_TYPE} <{cls}> .\n" for kind, cls in CLASSES.items()}


@functools.cache
def _symmetric() -> frozenset[str]:
    from ._vocab import RELATIONS

    return frozenset(name for name, r in RELATIONS.items() if r.symmetric)


@functools.cache
def _truthy() -> frozenset[str]:
    """The certainty grades whose asserting claims yield the direct triple (the ontology's
    ``ag:truthy``)."""
    from ._vocab import CERTAINTY

    return frozenset(code for code, c in CERTAINTY.items() if c.truthy)


def record_lines(kind: str, record: Record) -> str:
    """The N-Triples lines of one record, as one string (each line ends with a newline).

    An asserting claim of a truthy grade (confirmed, probable, possible) also yields its
    direct triple, ``subject relation object`` (both ways for a symmetric relation); other
    claims live on their claim nodes only, as Wikidata's truthy statements leave deprecated
    ones out.
    """
    s = iri(kind, record.id)
    lines = [s + _CLASS_LINE[kind]] if kind in _CLASS_LINE else []
    writers = _WRITERS[kind]
    for name, value in vars(record).items():
        if value is None or value == ():  # most optional fields are empty: skip them first
            continue
        predicate, term, multi = writers[name]
        if multi:
            lines.extend(f"{s} {predicate} {term(v)} .\n" for v in value)
        else:
            lines.append(f"{s} {predicate} {term(value)} .\n")
    if kind == "claim" and record.stance == "asserts" and record.certainty in _truthy():
        subject, obj = iri("actor", record.subject), iri("actor", record.object)
        relation = f"<{ONTOLOGY}{record.relation}>"
        lines.append(f"{subject} {relation} {obj} .\n")
        if record.relation in _symmetric():
            lines.append(f"{obj} {relation} {subject} .\n")
    return "".join(lines)


def actor_lines(actor: Actor) -> Iterator[str]:
    """N-Triples lines of one actor."""
    yield record_lines("actor", actor)


def source_lines(source: Source) -> Iterator[str]:
    """N-Triples lines of one source."""
    yield record_lines("source", source)


def claim_lines(claim: Claim) -> Iterator[str]:
    """N-Triples lines of one claim: the claim node and its direct triple(s)."""
    yield record_lines("claim", claim)


def dataset_lines(
    actors: Iterable[Actor], sources: Iterable[Source], claims: Iterable[Claim]
) -> Iterator[str]:
    """All N-Triples lines of a dataset, actors first (in pieces of whole lines)."""
    for actor in actors:
        yield record_lines("actor", actor)
    for source in sources:
        yield record_lines("source", source)
    for claim in claims:
        yield record_lines("claim", claim)
