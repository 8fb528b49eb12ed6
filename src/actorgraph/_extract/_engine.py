"""The engine: read a report once, let every extractor propose, check every proposal.

:func:`extract` parses the report (:mod:`._nlp`), finds the actors it names
(:mod:`._mentions`) and its dates (:mod:`._when`), runs the extractors (the built-in
rules unless others are given), and passes every proposal through the same checks
(:mod:`._checks`). Same input, same output, byte for byte: nothing depends on hash
order, time or the machine.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ._actors import ActorTable, slug
from ._checks import check
from ._mentions import find_mentions
from ._model import Context, Extraction
from ._nlp import load_pipeline
from ._syntax import Sentences
from ._when import DateMention, find_dates

__all__ = ["Reading", "extract", "read"]


class _Dates:
    """The report's dates, and which of them a relation's evidence carries."""

    def __init__(self, text: str, found: list[DateMention]):
        self.text = text
        self.found = found

    def for_span(self, span, asides=()) -> tuple[str | None, str | None]:
        """The dates inside the evidence (not in its ``asides``), or just after it in the
        same clause."""
        lo, hi = span.start_char, span.end_char
        sent_end = span.sent.end_char if span.sent is not None else len(self.text)
        chosen = [d for d in self.found if d.begin >= lo and d.finish <= hi
                  and not any(a <= d.begin < b for a, b in asides)]
        after = [d for d in self.found if hi <= d.begin < sent_end
                 and not any(ch in self.text[hi:d.begin] for ch in ",;:()\u2014")]
        chosen += after[:1]
        start = next((d.start for d in chosen if d.start), None)
        end = next((d.end for d in chosen if d.end), None)
        if start and end and start > end and len(start) == len(end):
            start, end = end, start
        return start, end


@dataclass
class Reading:
    """The engine's reading of one report, which extractors may use (``context.reading``)."""

    text: str
    doc: object
    pipeline: object
    table: ActorTable
    mentions: list
    sentences: Sentences
    dates: _Dates


def _date(value) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def read(text: str, published, known_actors=(), model: str | None = None) -> Reading:
    """Parse a report and find its actors and dates (the first half of :func:`extract`)."""
    pipeline = load_pipeline(model)
    doc = pipeline(text)
    table = ActorTable(known_actors)
    mentions = find_mentions(doc, table, pipeline)
    return Reading(text, doc, pipeline, table, mentions, Sentences(doc, mentions, table),
                   _Dates(text, find_dates(text, _date(published))))


def extract(text: str, *, published, known_actors=(), source_id: str | None = None,
            title: str | None = None, publisher: str | None = None, url: str | None = None,
            extractors=None, model: str | None = None) -> Extraction:
    """Candidate claims and the actors they name, from the text of one news report.

    Parameters
    ----------
    text : str
        The report, exactly as published (evidence offsets index into it).
    published : str or datetime.date
        Its publication date: relative dates ("last month", "on Tuesday") resolve
        against it.
    known_actors : iterable of actorgraph.Actor
        Actors of a dataset: their ids, labels and aliases are recognised and kept.
    source_id : str, optional
        The id of the report as a source (default: from the publisher and date).
    title, publisher, url : str, optional
        The source's description.
    extractors : list, optional
        Objects with ``name`` and ``propose(text, context)``; default: the built-in
        :class:`RuleExtractor`. Every proposal passes the same checks.
    model : str, optional
        An installed spaCy pipeline, or ``"blank"`` for the fallback; default: the first
        of ``data/pipelines.json`` that is installed.

    Returns
    -------
    Extraction
        ``candidates`` (ids ``c1``, ``c2`` … in the order of the text), ``actors`` (known
        and proposed) and ``dropped`` (what failed the checks, and why).

    Examples
    --------
    >>> from actorgraph._extract import extract
    >>> x = extract("The M23 rebel group is backed by Rwanda, UN experts said.",
    ...             published="2023-11-08")
    >>> [(c.subject, c.relation, c.object, c.attributed_to) for c in x.candidates]
    [('Rwanda', 'backs', 'M23_rebel_group', 'UN experts')]
    """
    from ._rules import RuleExtractor

    published_date = _date(published)
    reading = read(text, published_date, tuple(known_actors), model)
    context = Context(published_date, tuple(known_actors), reading.table, reading)
    source_id = source_id or slug(f"{publisher or 'report'}-{published_date.isoformat()}")
    proposals = []
    for extractor in extractors if extractors is not None else [RuleExtractor()]:
        name = getattr(extractor, "name", type(extractor).__name__)
        proposals.extend((name, p) for p in extractor.propose(text, context))
    candidates, actors, dropped = check(proposals, text, reading.table, source_id)
    source = {"id": source_id, "title": title or "", "publisher": publisher or "",
              "published": published_date.isoformat(), "url": url or "",
              "reliability": "", "language": "en"}
    return Extraction(text, source, tuple(candidates), tuple(actors), tuple(dropped),
                      reading.pipeline.name,
                      {"pipeline_version": reading.pipeline.version or ""})
