"""Content negotiation: which result format a client gets, from ``format=`` or ``Accept``.

SELECT answers come as SPARQL JSON, XML, CSV or TSV; ASK answers as SPARQL JSON or XML;
CONSTRUCT and DESCRIBE answers, and the service description (``DESCRIPTION``), as Turtle,
N-Triples, JSON-LD or RDF/XML. Without an ``Accept`` header (or with ``*/*``) a client gets
SPARQL JSON or Turtle.
"""

from __future__ import annotations

from ._errors import HttpError

__all__ = ["MEDIA_TYPES", "choose_format", "formats_for"]

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdf-xml": "application/rdf+xml",
}

# media types a client may ask for, per format, in the server's order of preference
_ACCEPTED = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "json-ld": ("application/ld+json", "application/json"),
    "rdf-xml": ("application/rdf+xml", "application/xml", "text/xml"),
}

_FORMS = {
    "SELECT": ("json", "xml", "csv", "tsv"),
    "ASK": ("json", "xml"),
    "CONSTRUCT": ("turtle", "nt", "json-ld", "rdf-xml"),
    "DESCRIBE": ("turtle", "nt", "json-ld", "rdf-xml"),
    "DESCRIPTION": ("turtle", "nt", "json-ld", "rdf-xml"),
}
_WHAT = {"DESCRIPTION": "the service description"}

# what ``format=`` may say (SPARQLWrapper's names too); full media types are accepted too
_NAMES = {
    "results": {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv",
                "tsv": "tsv"},
    "graph": {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
              "n-triples": "nt", "n3": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
              "json": "json-ld", "rdf-xml": "rdf-xml", "rdfxml": "rdf-xml", "rdf": "rdf-xml",
              "rdf+xml": "rdf-xml", "xml": "rdf-xml"},
}


def formats_for(form: str) -> tuple[str, ...]:
    """The format names that answers of this query form can take, the default first.

    >>> formats_for("ASK")
    ('json', 'xml')
    """
    return _FORMS[form]


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for each entry of an ``Accept`` header."""
    entries = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        entries.append((media.lower(), q, position))
    return entries


def _match(media_type: str, entries) -> tuple[float, int, int] | None:
    """The (q, specificity, -position) of the most specific range matching ``media_type``."""
    kind = media_type.split("/")[0]
    best = None
    for media_range, q, position in entries:
        if media_range == media_type:
            specificity = 2
        elif media_range == f"{kind}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[1]:
            best = (q, specificity, -position)
    return best


def _named(form: str, value: str) -> str | None:
    """The format a ``format=`` value names: a short name, a media type, or a list of them."""
    offered = formats_for(form)
    wanted = value.strip().lower()
    name = _NAMES["results" if form in ("SELECT", "ASK") else "graph"].get(wanted)
    if name is not None:
        return name
    for media_type in wanted.split(","):
        media_type = media_type.split(";")[0].strip()
        found = next((f for f in offered if media_type in _ACCEPTED[f]), None)
        if found is not None:
            return found
    return None


def choose_format(form: str, accept: str | None, format_values=()) -> str:
    """The format name to answer a ``form`` query in.

    Parameters
    ----------
    form : str
        ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or ``DESCRIPTION`` (the service
        description).
    accept : str, optional
        The request's ``Accept`` header.
    format_values : sequence of str
        The values of ``format=`` (or ``output=``, ``results=``), which win over ``Accept``;
        they must all name the same format.

    Raises
    ------
    HttpError
        400 for ``format=`` values this kind of answer cannot take (or naming different
        formats), 406 when nothing in ``Accept`` can be served.

    Examples
    --------
    >>> choose_format("SELECT", "text/csv, application/sparql-results+json;q=0.5")
    'csv'
    >>> choose_format("CONSTRUCT", "*/*")
    'turtle'
    >>> choose_format("SELECT", None, ["tsv", "text/tab-separated-values"])
    'tsv'
    """
    offered = formats_for(form)
    what = _WHAT.get(form, f"{form} results")
    if format_values:
        names = {_named(form, value) for value in format_values}
        if len(names) != 1 or None in names:
            raise HttpError(400, f"format {', '.join(format_values)[:100]!r} does not apply to "
                                 f"{what}; use one of: {', '.join(offered)}")
        return names.pop()
    if not accept or not accept.strip():
        return offered[0]
    entries = _parse_accept(accept)
    scored = []
    for rank, name in enumerate(offered):
        for media_type in _ACCEPTED[name]:
            match = _match(media_type, entries)
            if match is not None and match[0] > 0:
                scored.append((*match, -rank, name))
    if not scored:
        types = ", ".join(MEDIA_TYPES[f] for f in offered)
        what = _WHAT.get(form, f"a {form} query")
        raise HttpError(406, f"cannot answer {what} in any type the request accepts "
                             f"({accept.strip()[:200]!r}); available: {types}")
    return max(scored)[-1]
