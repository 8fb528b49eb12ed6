"""Write actors, sources and claims as N-Triples: the one writer of actorgraph's RDF shape.

Every store loads these lines (rdflib parses them, Oxigraph bulk-loads them, a SPARQL
server receives them), so the shape is defined once. Lines are built as strings, without
a Python object per triple, so that a million claims stream in bounded memory.

>>> from actorgraph._model import Actor
>>> print(next(actor_lines(Actor("A1", 'say "hi"', "person"))), end="")
<https://w3id.org/actorgraph/id/actor/A1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/actorgraph/ontology#Person> .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ._dates import PartialDate
from ._model import Actor, Claim, Source
from ._vocab import KINDS, RELATIONS

__all__ = ["DATA", "ONTOLOGY", "actor_lines", "claim_lines", "dataset_lines", "iri", "source_lines"]

ONTOLOGY = "https://w3id.org/actorgraph/ontology#"
DATA = "https://w3id.org/actorgraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
DESCRIPTION = "<http://purl.org/dc/terms/description>"
TITLE = "<http://purl.org/dc/terms/title>"
PUBLISHER = "<http://purl.org/dc/terms/publisher>"
ISSUED = "<http://purl.org/dc/terms/issued>"
LANGUAGE = "<http://purl.org/dc/terms/language>"
URL = "<https://schema.org/url>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\ud800-\udfff]')


def _escape_char(match: re.Match) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _ag(local: str) -> str:
    return f"<{ONTOLOGY}{local}>"


def iri(kind: str, ident: str) -> str:
    """The IRI of an actor, claim or source with a (validated) id, in N-Triples form."""
    return f"<{DATA}{kind}/{ident}>"


def literal(text: str, datatype: str | None = None) -> str:
    """A literal in N-Triples form, escaped.

    >>> literal('a "b"\\n'), literal("2019", "gYear")
    ('"a \\\\"b\\\\"\\\\n"', '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    body = _NEEDS_ESCAPE.sub(_escape_char, text)
    if datatype:
        return f'"{body}"^^<{XSD}{datatype}>'
    return f'"{body}"'


def _date(text: str) -> str:
    return literal(text, PartialDate.parse(text).xsd_type)


def actor_lines(actor: Actor) -> Iterator[str]:
    """N-Triples lines of one actor."""
    s = iri("actor", actor.id)
    yield f"{s} {RDF_TYPE} {_ag(KINDS[actor.kind].class_name)} .\n"
    yield f"{s} {IDENTIFIER} {literal(actor.id)} .\n"
    yield f"{s} {LABEL} {literal(actor.label)} .\n"
    for alias in actor.aliases:
        yield f"{s} {ALT_LABEL} {literal(alias)} .\n"
    if actor.country:
        yield f"{s} {_ag('country')} {literal(actor.country)} .\n"
    if actor.wikidata:
        yield f"{s} {_ag('wikidata')} {literal(actor.wikidata)} .\n"
    if actor.description:
        yield f"{s} {DESCRIPTION} {literal(actor.description)} .\n"


def source_lines(source: Source) -> Iterator[str]:
    """N-Triples lines of one source."""
    s = iri("source", source.id)
    yield f"{s} {RDF_TYPE} {_ag('Source')} .\n"
    yield f"{s} {IDENTIFIER} {literal(source.id)} .\n"
    yield f"{s} {TITLE} {literal(source.title)} .\n"
    if source.publisher:
        yield f"{s} {PUBLISHER} {literal(source.publisher)} .\n"
    if source.published:
        yield f"{s} {ISSUED} {_date(source.published)} .\n"
    if source.url:
        yield f"{s} {URL} {literal(source.url, 'anyURI')} .\n"
    if source.reliability:
        yield f"{s} {_ag('reliability')} {literal(source.reliability)} .\n"
    if source.language:
        yield f"{s} {LANGUAGE} {literal(source.language)} .\n"


_CLAIM = {name: _ag(name) for name in (
    "Claim", "subject", "relation", "object", "certainty", "quote", "start", "end",
    "attributedTo", "via", "place")}


def claim_lines(claim: Claim) -> Iterator[str]:
    """N-Triples lines of one claim: the claim node and its direct triple(s).

    The lines come in pieces of one or more whole lines (each ends with a newline): built
    as one string where they always occur, they cost a fraction of a string per line.
    """
    c = iri("claim", claim.id)
    subject, obj, relation = iri("actor", claim.subject), iri("actor", claim.object), _ag(claim.relation)
    p = _CLAIM
    yield (f"{c} {RDF_TYPE} {p['Claim']} .\n"
           f"{c} {IDENTIFIER} {literal(claim.id)} .\n"
           f"{c} {p['subject']} {subject} .\n"
           f"{c} {p['relation']} {relation} .\n"
           f"{c} {p['object']} {obj} .\n"
           f"{c} {p['certainty']} {_ag(claim.certainty)} .\n"
           f"{c} {p['quote']} {literal(claim.quote)} .\n"
           f"{subject} {relation} {obj} .\n")
    for source in claim.sources:
        yield f"{c} {DERIVED} {iri('source', source)} .\n"
    if claim.start:
        yield f"{c} {p['start']} {_date(claim.start)} .\n"
    if claim.end:
        yield f"{c} {p['end']} {_date(claim.end)} .\n"
    if claim.attributed_to:
        yield f"{c} {p['attributedTo']} {literal(claim.attributed_to)} .\n"
    for via in claim.via:
        yield f"{c} {p['via']} {iri('actor', via)} .\n"
    if claim.place:
        yield f"{c} {p['place']} {literal(claim.place)} .\n"
    if claim.note:
        yield f"{c} {COMMENT} {literal(claim.note)} .\n"
    if RELATIONS[claim.relation].symmetric:
        yield f"{obj} {relation} {subject} .\n"


def dataset_lines(
    actors: Iterable[Actor], sources: Iterable[Source], claims: Iterable[Claim]
) -> Iterator[str]:
    """All N-Triples lines of a dataset, actors first (in pieces of whole lines)."""
    for actor in actors:
        yield from actor_lines(actor)
    for source in sources:
        yield from source_lines(source)
    for claim in claims:
        yield from claim_lines(claim)
