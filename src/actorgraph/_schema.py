"""The one table of the fields of actors, sources and claims.

Everything that reads or writes records derives from it: the model's classes
(:mod:`actorgraph._model`), the CSV reader and writer, the N-Triples writer, the RDF reader,
the records read back from a store, ``synth`` and ``serve``. Each field names its CSV column
(the field's name), its RDF predicate, its type (:mod:`actorgraph._fieldtypes`: how a value is
checked, written and read back), whether it is required and whether it holds several values
(``|``-separated in a CSV cell). Adding a field means adding a row here, its property to the
ontology and its rule to the shapes — nothing else.

>>> [f.name for f in FIELDS["source"]]
['id', 'title', 'publisher', 'published', 'url', 'reliability', 'language', 'cites', 'kind', 'citation', 'licence']
>>> field("claim", "via").multi
True

The review fields (:data:`REVIEW`) are those of a folder of candidates (``actorgraph
extract``): where a claim's quote sits in the report, what proposed it, and the analyst's
decision; an actor's ``status`` says whether the dataset knew it. They are optional, so any
dataset may carry them; ``accept`` leaves them out of what it writes into a dataset.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLASSES", "FIELDS", "FILES", "KINDS_OF_RECORD", "NS", "ONE_OF", "REVIEW", "Field",
           "by_predicate", "columns", "field", "required"]

#: Namespaces, defined once.
NS = {
    "ag": "https://w3id.org/actorgraph/ontology#",
    "id": "https://w3id.org/actorgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "wd": "http://www.wikidata.org/entity/",
}
AG, DCT, RDFS, SKOS, OWL = NS["ag"], NS["dcterms"], NS["rdfs"], NS["skos"], NS["owl"]


@dataclass(frozen=True)
class Field:
    """A field of a record: its CSV column and attribute (``name``), RDF ``predicate``,
    ``type`` (a name in :data:`actorgraph._fieldtypes.TYPES`), whether it is ``required``,
    whether it holds several values (``multi``), and the value an empty cell stands for
    (``default``; ``None`` for no value)."""

    name: str
    predicate: str
    type: str
    required: bool = False
    multi: bool = False
    doc: str = ""
    default: str | None = None


def _f(name, predicate, type_, *, required=False, multi=False, doc="", default=None):
    return Field(name, predicate, type_, required, multi, doc, default)


#: The fields of each kind of record, in CSV column order.
FIELDS: dict[str, tuple[Field, ...]] = {
    "actor": (
        _f("id", DCT + "identifier", "id", required=True, doc="unique id"),
        _f("label", RDFS + "label", "text", required=True, doc="the name shown"),
        _f("kind", NS["rdf"] + "type", "kind", required=True, doc="a kind of actor"),
        _f("aliases", SKOS + "altLabel", "text", multi=True, doc="other names"),
        _f("country", AG + "country", "country", doc="ISO 3166-1 alpha-2 code"),
        # the item's IRI in RDF (owl:sameAs wd:Q…), its QID in CSV and in Actor.wikidata
        _f("wikidata", OWL + "sameAs", "wikidata", doc="Wikidata item (QID)"),
        _f("description", DCT + "description", "text", doc="free text"),
        _f("identifiers", AG + "identifier", "identifier", multi=True,
           doc="its ids in other datasets, SCHEME:ID (ucdp:411, acled:…, mmp:…, gwno:620)"),
        _f("status", AG + "reviewStatus", "status",
           doc="in a folder of candidates: known (from the dataset) or proposed (new)"),
    ),
    "source": (
        _f("id", DCT + "identifier", "id", required=True, doc="unique id"),
        _f("title", DCT + "title", "text", required=True, doc="the report's title"),
        _f("publisher", DCT + "publisher", "text", doc="who published it"),
        _f("published", DCT + "issued", "date", doc="when, at its precision"),
        _f("url", NS["schema"] + "url", "url", doc="where it can be read"),
        _f("reliability", AG + "reliability", "reliability", doc="Admiralty grade A-F"),
        _f("language", DCT + "language", "language", doc="BCP 47 tag"),
        _f("cites", DCT + "references", "source", multi=True,
           doc="sources it cites or reports from (they count as one when corroborating)"),
        _f("kind", DCT + "type", "source_kind",
           doc="report (text: claims quote it) or dataset (claims name a record)"),
        _f("citation", DCT + "bibliographicCitation", "text",
           doc="how its publisher asks it to be cited"),
        _f("licence", DCT + "license", "link", doc="the licence's address"),
    ),
    "claim": (
        _f("id", DCT + "identifier", "id", required=True, doc="unique id"),
        _f("subject", AG + "subject", "actor", required=True, doc="who"),
        _f("relation", AG + "relation", "relation", required=True, doc="does what"),
        _f("object", AG + "object", "actor", required=True, doc="to whom"),
        _f("start", AG + "start", "date", doc="since when, at its precision"),
        _f("end", AG + "end", "end",
           doc="until when, at its precision, or 'unknown' (it ended, the source does not say when)"),
        _f("certainty", AG + "certainty", "certainty", required=True,
           doc="how credible (Admiralty 1-6)"),
        _f("sources", NS["prov"] + "wasDerivedFrom", "source", required=True, multi=True,
           doc="the sources that state it"),
        _f("quote", AG + "quote", "text", doc="the source's exact words"),
        _f("attributed_to", AG + "attributedTo", "text", doc="who the source says said it"),
        _f("via", AG + "via", "actor", multi=True, doc="intermediaries"),
        _f("place", AG + "place", "text", doc="where"),
        _f("note", RDFS + "comment", "text", doc="free text"),
        _f("stance", AG + "stance", "stance", doc="asserts (the default) or denies",
           default="asserts"),
        _f("evidence", AG + "evidence", "text",
           doc="a dataset's record: its release and key (instead of a quote)"),
        _f("evidence_start", AG + "evidenceStart", "offset",
           doc="where the quote starts in the source's text (characters)"),
        _f("evidence_end", AG + "evidenceEnd", "offset",
           doc="where the quote ends in the source's text (characters, exclusive)"),
        _f("rule", AG + "extractionRule", "text", doc="what proposed the claim"),
        _f("score", AG + "extractionScore", "score", doc="how sure its proposer was, 0-1"),
        _f("decision", AG + "reviewDecision", "decision",
           doc="the analyst's: accepted or rejected (empty until reviewed)"),
    ),
}

#: Fields of which a record needs at least one (each may be empty alone): a claim quotes a
#: text, or names the record of a dataset that states it, never neither.
ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {"claim": (("quote", "evidence"),)}

#: The review fields of each kind of record (in a folder of candidates; see above).
REVIEW: dict[str, tuple[str, ...]] = {
    "actor": ("status",),
    "source": (),
    "claim": ("evidence_start", "evidence_end", "rule", "score", "decision"),
}

#: The dataset folder's file of each kind of record.
FILES = {"actor": "actors.csv", "source": "sources.csv", "claim": "claims.csv"}
KINDS_OF_RECORD = tuple(FIELDS)
#: The RDF class of sources and claims (an actor's class is its kind's).
CLASSES = {"source": AG + "Source", "claim": AG + "Claim"}


def field(kind: str, name: str) -> Field:
    """The field ``name`` of records of ``kind`` (``actor``, ``source``, ``claim``)."""
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(f"{kind} has no field {name!r}")


def columns(kind: str, *, review: bool = True) -> tuple[str, ...]:
    """The CSV columns of ``kind``, in order; without ``review``, those of a dataset (the
    review fields, a folder of candidates', left out).

    >>> columns("claim", review=False)[-3:], columns("claim")[-2:]
    (('note', 'stance', 'evidence'), ('score', 'decision'))
    """
    return tuple(f.name for f in FIELDS[kind] if review or f.name not in REVIEW[kind])


def required(kind: str) -> tuple[str, ...]:
    """The columns a record of ``kind`` cannot do without."""
    return tuple(f.name for f in FIELDS[kind] if f.required)


def by_predicate(kind: str) -> dict[str, Field]:
    """``predicate IRI -> field`` for ``kind``."""
    return {f.predicate: f for f in FIELDS[kind]}
