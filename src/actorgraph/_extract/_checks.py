"""The checks every proposal passes, from whichever extractor, before it is a candidate.

- the quote is in the report verbatim: at the offsets given, or found in the text (a
  quote whose spaces differ from the report's is taken at the report's own text); the
  candidate's offsets are then always such that ``text[start:end] == quote``;
- the relation is in the vocabulary, the stance ``asserts`` or ``denies``, the certainty a
  grade of the scale (one report never makes a claim ``confirmed``: it is graded
  ``probable``, and the note says so);
- subject, object and intermediaries resolve to a known actor, to one the reading found,
  or to a new actor whose name is written in the report; subject and object differ;
- dates are ISO dates at a precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) and the start
  is not after the end.

What fails is dropped, with every reason, into the extraction's ``dropped`` log.
"""

from __future__ import annotations

import re

from .._dates import PartialDate
from .._vocab import CERTAINTY, CERTAINTY_ALIASES, KINDS, RELATIONS
from ._mentions import kind_from_words
from ._model import Candidate, Dropped

__all__ = ["check", "locate"]


def locate(text: str, quote: str, start: int | None = None,
           end: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: the given offsets if they hold, else the nearest match.

    >>> locate("Iran armed them. Iran armed them.", "Iran armed them", 17)
    (17, 32)
    >>> locate("backed  by\\nRussia", "backed by Russia")
    (0, 17)
    >>> locate("backed by Russia", "armed by Russia") is None
    True
    """
    if not quote or not quote.strip():
        return None
    if start is not None and end is not None and 0 <= start <= end <= len(text) \
            and text[start:end] == quote:
        return start, end
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if hits:
        at = min(hits, key=lambda h: (abs(h - (start or 0)), h))
        return at, at + len(quote)
    words = quote.split()
    flexible = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = list(flexible.finditer(text))
    if not matches:
        return None
    m = min(matches, key=lambda m: (abs(m.start() - (start or 0)), m.start()))
    return m.start(), m.end()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the spaces and line breaks around it (a dataset's cells are read
    stripped, and a quote must read back as the report's text at its offsets)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _date(value, name: str, reasons: list[str]) -> PartialDate | None:
    if value in (None, ""):
        return None
    try:
        return PartialDate.parse(str(value))
    except ValueError as exc:
        reasons.append(f"{name}: {exc}")
        return None


class _Resolver:
    def __init__(self, text: str, table):
        self.text_lower = text.lower()
        self.table = table

    def __call__(self, ref, role: str, reasons: list[str]):
        """(key, None) for an actor of the table, (None, (name, kind)) for a new one."""
        name = (ref.name or "").strip()
        if ref.id and ref.id in self.table:
            return ref.id, None
        key = self.table.find(name) if name else None
        if key is None and ref.id:
            key = self.table.find(ref.id)
        if key:
            return key, None
        if name and name.lower() in self.text_lower:
            kind = ref.kind if ref.kind in KINDS else kind_from_words(name.split(), "other")
            return None, (name, kind)
        reasons.append(f"{role} {name or ref.id!r} is neither a known actor nor named in the "
                       "report")
        return None, None


def check(proposals, text: str, table, source_id: str):
    """Candidates, the actors they name, and the dropped proposals with their reasons.

    ``proposals`` is a list of ``(extractor name, Proposal)``. New actors that a passing
    proposal names are added to ``table`` as proposed.
    """
    resolve = _Resolver(text, table)
    kept, dropped, seen = [], [], set()
    for extractor, p in proposals:
        reasons: list[str] = []
        relation = p.relation if p.relation in RELATIONS else None
        if relation is None:
            reasons.append(f"relation {p.relation!r} is not in the vocabulary")
        if p.stance not in ("asserts", "denies"):
            reasons.append(f"stance {p.stance!r} is neither 'asserts' nor 'denies'")
        certainty = CERTAINTY_ALIASES.get(p.certainty, p.certainty)
        note = p.note
        if certainty not in CERTAINTY:
            reasons.append(f"certainty {p.certainty!r} is not a grade of the scale")
        elif certainty == "confirmed":
            certainty = "probable"
            note = "; ".join(filter(None, [note, "graded probable: one report does not "
                                                 "confirm a claim"]))
        where = locate(text, p.quote, p.evidence_start, p.evidence_end)
        if where is not None:
            where = _trimmed(text, *where)
        if where is None:
            reasons.append("the quote is not in the report")
        subject = resolve(p.subject, "subject", reasons)
        obj = resolve(p.object, "object", reasons)
        via = [resolve(v, "via", reasons) for v in p.via]
        start = _date(p.start, "start", reasons)
        end = _date(p.end, "end", reasons)
        if start and end and start.first > end.last:
            reasons.append(f"start {p.start} is after end {p.end}")
        if not isinstance(p.score, (int, float)) or not 0 <= p.score <= 1:
            reasons.append(f"score {p.score!r} is not between 0 and 1")
        if not reasons:
            keys = [k or table.add(new[0], new[1]) for k, new in (subject, obj, *via)]
            s_key, o_key, via_keys = keys[0], keys[1], tuple(dict.fromkeys(keys[2:]))
            if s_key == o_key:
                reasons.append("subject and object are the same actor")
        if reasons:
            dropped.append(Dropped(p, tuple(reasons), extractor))
            continue
        pair = tuple(sorted((s_key, o_key))) if RELATIONS[relation].symmetric else (s_key, o_key)
        identity = (pair, relation, p.stance, where)
        if identity in seen:
            continue
        seen.add(identity)
        rule = p.rule if extractor == "rules" else f"{extractor}:{p.rule or 'proposal'}"
        kept.append(dict(
            subject=s_key, relation=relation, object=o_key, certainty=certainty,
            quote=text[where[0]:where[1]], evidence_start=where[0], evidence_end=where[1],
            source=source_id, start=start.text if start else None,
            end=end.text if end else None, attributed_to=p.attributed_to or None,
            via=tuple(v for v in via_keys if v not in (s_key, o_key)), place=p.place or None,
            note=note or None, stance=p.stance, rule=rule, score=round(float(p.score), 2),
            extractor=extractor))
    kept.sort(key=lambda c: (c["evidence_start"], c["evidence_end"], c["subject"],
                             c["relation"], c["object"], c["stance"]))
    candidates = [Candidate(id=f"c{i}", **c) for i, c in enumerate(kept, 1)]
    named = list(dict.fromkeys(k for c in candidates for k in (c.subject, c.object, *c.via)))
    return candidates, [table.actor(k) for k in named], dropped
