"""The types of fields: how a value is checked, written as RDF, and read back from RDF.

Each type turns the text of a cell into its canonical text (or refuses it with
:class:`FieldError`, saying why and what to do), writes that text as an N-Triples term, and
reads it back from the value of an RDF term (an IRI or a literal's lexical form). The
records themselves keep text: ``"2019-08"``, ``"LNA"``, ``"possible"``.

>>> TYPES["certainty"].check("Alleged"), TYPES["date"].term("2019-08")
('possible', '"2019-08"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')
>>> TYPES["actor"].term("LNA"), TYPES["actor"].read("https://w3id.org/actorgraph/id/actor/LNA")
('<https://w3id.org/actorgraph/id/actor/LNA>', 'LNA')
>>> TYPES["wikidata"].term("Q1016"), TYPES["identifier"].check("UCDP:411")
('<http://www.wikidata.org/entity/Q1016>', 'ucdp:411')
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

from ._dates import UNKNOWN_END, PartialDate
from ._schema import NS

__all__ = ["ID_PATTERN", "SOURCE_KINDS", "TYPES", "FieldError", "FieldType", "did_you_mean",
           "literal", "name_key", "normalise_certainty"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
AG, DATA, XSD, WD = NS["ag"], NS["id"], NS["xsd"], NS["wd"]
#: The kinds of source, as the DCMI Type Vocabulary names them (``dcterms:type``).
SOURCE_KINDS = {"report": NS["dcmitype"] + "Text", "dataset": NS["dcmitype"] + "Dataset"}

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\ud800-\udfff]')


class FieldError(ValueError):
    """A value a field cannot hold: ``message`` says why, ``hint`` what to do."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


def _escape_char(match: re.Match) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def literal(text: str, datatype: str | None = None) -> str:
    """A literal in N-Triples form, escaped (``datatype``: a local name in XSD).

    >>> literal('a "b"\\n'), literal("2019", "gYear")
    ('"a \\\\"b\\\\"\\\\n"', '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    body = _NEEDS_ESCAPE.sub(_escape_char, text)
    return f'"{body}"^^<{XSD}{datatype}>' if datatype else f'"{body}"'


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    close = [lowered[name.lower()]] if name.lower() in lowered else \
        difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(x) for x in close)}?" if close else ""


@functools.cache
def _certainty_codes() -> dict[str, str]:
    """Every certainty code and alias, lower-cased, to its code."""
    from ._vocab import CERTAINTY, CERTAINTY_ALIASES

    return {**{code: code for code in CERTAINTY}, **CERTAINTY_ALIASES}


def name_key(name: str) -> str:
    """How names are compared (finding an actor, merging datasets): NFC, case-folded,
    tatweel removed, spaces collapsed.

    >>> name_key("  United  Arab Emirates "), name_key("حـماس") == name_key("حماس")
    ('united arab emirates', True)
    """
    text = unicodedata.normalize("NFC", name).casefold().replace("\u0640", "")
    return " ".join(text.split())


def normalise_certainty(value: str) -> str | None:
    """The canonical certainty code for a code or an alias, or ``None`` if it is neither.

    >>> normalise_certainty("Alleged"), normalise_certainty("probable"), normalise_certainty("sure")
    ('possible', 'probable', None)
    """
    return _certainty_codes().get(value.strip().lower())


class FieldType:
    """Free text: any string, written as a plain literal."""

    #: Whether the value is an IRI in RDF (a reference or a term of the vocabulary).
    iri = False
    #: Whether :meth:`check` refuses anything (free text and references take any text: a
    #: reference is checked against the records it may name).
    checks = True

    def check(self, text: str) -> str:
        """The canonical text of ``text`` (already stripped and NFC); :class:`FieldError`
        if the field cannot hold it."""
        return text

    def term(self, value: str) -> str:
        """``value`` as an N-Triples term."""
        return literal(value)

    def read(self, value: str) -> str:
        """The text of an RDF term's value (an IRI, or a literal's lexical form)."""
        return value


class _Text(FieldType):
    checks = False


class _Pattern(FieldType):
    def __init__(self, pattern: str, what: str, hint: str, upper: bool = False):
        self.pattern, self.what, self.hint, self.upper = re.compile(pattern), what, hint, upper

    def check(self, text: str) -> str:
        value = text.upper() if self.upper else text
        if not self.pattern.match(value):
            raise FieldError(f"invalid {self.what} {text!r}", self.hint)
        return value


class _Typed(_Pattern):
    """A pattern, written as a literal of an XSD datatype."""

    def __init__(self, pattern: str, what: str, hint: str, datatype: str):
        super().__init__(pattern, what, hint)
        self.datatype = datatype

    def term(self, value: str) -> str:
        return literal(value, self.datatype)


class _Date(FieldType):
    """An ISO 8601 date at its precision, written as ``xsd:gYear``, ``gYearMonth`` or ``date``."""

    def check(self, text: str) -> str:
        try:
            return PartialDate.parse(text).text
        except ValueError as exc:
            raise FieldError(str(exc), "write dates as YYYY, YYYY-MM or YYYY-MM-DD") from None

    def term(self, value: str) -> str:
        return literal(value, PartialDate.parse(value).xsd_type)


class _End(_Date):
    """A claim's end: a date, or ``unknown`` when the source says the relation ended (or may
    have) without saying when — a plain literal ``"unknown"``, never a made-up date."""

    def check(self, text: str) -> str:
        if text.lower() == UNKNOWN_END:
            return UNKNOWN_END
        try:
            return PartialDate.parse(text).text
        except ValueError as exc:
            raise FieldError(str(exc), "write dates as YYYY, YYYY-MM or YYYY-MM-DD, or "
                             f"{UNKNOWN_END!r} when the source does not say when it "
                             "ended") from None

    def term(self, value: str) -> str:
        return literal(value) if value == UNKNOWN_END else super().term(value)


class _Offset(FieldType):
    """A character offset: a whole number from 0, written as ``xsd:nonNegativeInteger``."""

    def check(self, text: str) -> str:
        if not text.isascii() or not text.isdigit():
            raise FieldError(f"invalid offset {text!r}",
                             "write a whole number of characters from 0, e.g. '120'")
        return str(int(text))

    def term(self, value: str) -> str:
        return literal(value, "nonNegativeInteger")


class _Score(FieldType):
    """A number from 0 to 1, kept in the canonical form of ``xsd:decimal`` (``0.8``, ``1``)
    so that it reads back from any store as it was written."""

    def check(self, text: str) -> str:
        from decimal import Decimal, InvalidOperation

        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 1:
            raise FieldError(f"invalid score {text!r}", "write a number from 0 to 1, e.g. '0.8'")
        return format(value.normalize(), "f") if value else "0"

    def term(self, value: str) -> str:
        return literal(value, "decimal")


class _Named(FieldType):
    """A name of the vocabulary (``backs``, ``possible``), an IRI in the ontology."""

    iri = True

    def __init__(self, message: str, names, hint: str):
        self.message, self.names, self.hint = message, functools.cache(names), hint

    def check(self, text: str) -> str:
        if text not in self.names():
            names = list(self.names())
            raise FieldError(self.message.format(text),
                             f"use one of: {', '.join(names)}{self.hint}"
                             + did_you_mean(text, names))
        return text

    def term(self, value: str) -> str:
        return f"<{AG}{value}>"

    def read(self, value: str) -> str:
        return value[len(AG):] if value.startswith(AG) else re.split(r"[/#]", value)[-1]


class _Certainty(_Named):
    def check(self, text: str) -> str:
        code = normalise_certainty(text)
        if code is None:
            super().check(text)
        return code


class _Kind(_Named):
    """An actor's kind code, written as the rdf:type of its class."""

    def check(self, text: str) -> str:
        return super().check(text.lower().replace(" ", "_"))

    def term(self, value: str) -> str:
        return f"<{AG}{self.names()[value].class_name}>"

    def read(self, value: str) -> str:
        return _codes_of_classes().get(value, "")


class _Reference(FieldType):
    """The id of another record (an actor, a source), its IRI in RDF."""

    iri = True
    checks = False

    def __init__(self, kind: str):
        self.base = f"{DATA}{kind}/"

    def check(self, text: str) -> str:
        return IDENTIFIER.check(text)

    def term(self, value: str) -> str:
        return f"<{self.base}{value}>"

    def read(self, value: str) -> str:
        return value[len(self.base):] if value.startswith(self.base) else ""


class _Prefixed(_Pattern):
    """A value whose IRI is a namespace followed by it (a Wikidata QID, an address)."""

    iri = True

    def __init__(self, pattern: str, what: str, hint: str, namespace: str = ""):
        super().__init__(pattern, what, hint)
        self.namespace = namespace

    def term(self, value: str) -> str:
        return f"<{self.namespace}{value}>"

    def read(self, value: str) -> str:
        return value[len(self.namespace):] if value.startswith(self.namespace) else value


class _Identifier(FieldType):
    """An actor's id in another dataset, ``SCHEME:ID``, the scheme one of the ontology's
    ``ag:IdentifierScheme`` (``ucdp``, ``acled``, ``mmp``, ``gwno``)."""

    def check(self, text: str) -> str:
        from ._vocab import IDENTIFIER_SCHEMES

        scheme, sep, local = text.partition(":")
        scheme = scheme.strip().lower()
        if not sep or not local.strip():
            raise FieldError(f"invalid identifier {text!r}",
                             "write SCHEME:ID, e.g. 'ucdp:411'")
        if scheme not in IDENTIFIER_SCHEMES:
            raise FieldError(f"unknown identifier scheme {scheme!r}",
                             f"use one of: {', '.join(IDENTIFIER_SCHEMES)}"
                             + did_you_mean(scheme, IDENTIFIER_SCHEMES))
        return f"{scheme}:{local.strip()}"


class _Choice(FieldType):
    """One of a few words, each an IRI in RDF (``report`` is ``dcmitype:Text``)."""

    iri = True

    def __init__(self, what: str, iris: dict[str, str]):
        self.what, self.iris = what, iris
        self.words = {v: k for k, v in iris.items()}

    def check(self, text: str) -> str:
        word = text.lower()
        if word not in self.iris:
            raise FieldError(f"{text!r} is not a {self.what}",
                             f"use one of: {', '.join(self.iris)}" + did_you_mean(word, self.iris))
        return word

    def term(self, value: str) -> str:
        return f"<{self.iris[value]}>"

    def read(self, value: str) -> str:
        return self.words.get(value, "")


@functools.cache
def _codes_of_classes() -> dict[str, str]:
    """The IRI of each kind's class to the kind's code."""
    from ._vocab import KINDS

    return {AG + k.class_name: k.code for k in KINDS.values()}


def _vocab(name: str):
    def names():
        from . import _vocab as vocab

        return getattr(vocab, name)
    return names


class _Id(_Pattern):
    """An id (part of an IRI): the message names the first character not allowed, so that
    one that cannot be seen (a zero-width space, a bidirectional control) is found."""

    def check(self, text: str) -> str:
        if self.pattern.match(text):
            return text
        from ._unicode import describe

        bad = next((ch for ch in text if not _ID_CHARACTER.match(ch)), None)
        raise FieldError(f"invalid id {text!r}" + (f": it holds {describe(bad)}" if bad else ""),
                         self.hint)


_ID_CHARACTER = re.compile(r"[A-Za-z0-9_.-]")
IDENTIFIER = _Id(r"^[A-Za-z0-9_.-]+$", "id",
                 "ids may contain only letters, digits, '_', '.' and '-'")

#: Every field type, by the name the schema uses.
TYPES: dict[str, FieldType] = {
    "text": _Text(),
    "id": IDENTIFIER,
    "country": _Pattern(r"^[A-Z]{2}$", "country code (ISO 3166-1 alpha-2, e.g. 'LY')",
                        "write the two-letter code, e.g. 'LY' for Libya"),
    "wikidata": _Prefixed(r"^Q[1-9][0-9]*$", "Wikidata id (e.g. 'Q1016')",
                          "give the item's QID, e.g. 'Q1016'", WD),
    "url": _Typed(r"^https?://[^\s<>\"{}|\\^`]+$", "URL",
                  "give the full address, starting with https:// or http://", "anyURI"),
    "link": _Prefixed(r"^https?://[^\s<>\"{}|\\^`]+$", "address",
                      "give the full address, starting with https:// or http://"),
    "identifier": _Identifier(),
    "source_kind": _Choice("kind of source", SOURCE_KINDS),
    "reliability": _Pattern(r"^[A-F]$", "reliability",
                            "use an Admiralty grade A (completely reliable) to F (cannot be "
                            "judged)", upper=True),
    "language": _Pattern(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$",
                         "language tag (BCP 47, e.g. 'en', 'ar')", "e.g. 'en', 'ar', 'fr-CA'"),
    "date": _Date(),
    "end": _End(),
    "relation": _Named("{!r} is not in the relation vocabulary", _vocab("RELATIONS"), ""),
    "certainty": _Certainty("{!r} is not on the certainty scale", _vocab("CERTAINTY"),
                            " (or 'alleged', 'reported')"),
    "kind": _Kind("unknown kind {!r}", _vocab("KINDS"), ""),
    "stance": _Named("{!r} is not a stance", _vocab("STANCES"),
                     " (asserts: the source says it holds; denies: it says it does not)"),
    "actor": _Reference("actor"),
    "source": _Reference("source"),
    "offset": _Offset(),
    "score": _Score(),
    "status": _Pattern(r"^(known|proposed)$", "status",
                       "use known (the dataset has the actor) or proposed (a new actor)"),
    "decision": _Pattern(r"^(accepted|rejected)$", "decision",
                         "use accepted or rejected, or leave it empty until reviewed"),
}
