"""Surface patterns for the blank fallback pipeline, which has no parser.

A relation word's subject is the list of actors just before it in its clause and its
object the list just after it (after "by" for a passive: "is backed by X"); lists are
actors joined by commas and "and". Lower recall and precision than the parse, but the
same vocabulary, cues and checks.
"""

from __future__ import annotations

from ._lexicon import lexicon
from ._syntax import Arg

__all__ = ["surface_rules"]

_BE = frozenset({"is", "are", "was", "were", "been", "being", "be"})
_JOIN = frozenset({",", "and", "as", "well", "the", "&"})
_STOP = frozenset({";", ":", ".", "(", ")", "—", "–", "who", "which", "that", "while",
                   "but", "whom", "after", "before", "because", "although", "when"})


def _participles() -> frozenset[str]:
    return frozenset(f for forms in lexicon().relations["irregular_verbs"].values() for f in forms)


def _group(reader, sent, i: int, step: int) -> Arg:
    """The list of actors starting next to token ``i`` going ``step`` (-1 left, +1 right)."""
    s = reader.s
    arg = Arg()
    j = i + step
    gap = 0
    while sent.start <= j < sent.end:
        tok = reader.doc[j]
        m = s.at.get(j)
        if m is not None:
            arg.add(m.key, range(m.start, m.end), m.how in ("anaphora", "pronoun"))
            j = (m.start - 1) if step < 0 else m.end
            gap = 0
            continue
        if tok.lower_ in _STOP or (arg and tok.lower_ not in _JOIN):
            break
        gap += 1
        if gap > 4:
            break
        j += step
    return arg


def surface_rules(reader, sent) -> list:
    """Relations of one sentence by surface patterns (see the module docstring)."""
    from ._rules import Raw, _lemma

    out = []
    doc = reader.doc
    for tok in sent:
        lower = tok.lower_
        frame = reader.verbs.get(_lemma(tok)) or (
            reader.verbs[reader.verb_forms[lower]] if lower in reader.verb_forms else None)
        relation, key = None, "surface"
        if frame is not None:
            relation = frame["relation"]
        elif lower in reader.give or lower in reader.receive:
            following = [t for t in doc[tok.i + 1:min(tok.i + 5, sent.end)]]
            material = next((reader.materials[t.lower_] for t in following
                             if t.lower_ in reader.materials), None)
            if material is None:
                continue
            relation = material
            if lower in reader.receive:
                giver = Arg()
                for t in following + list(doc[min(tok.i + 5, sent.end - 1):sent.end]):
                    if t.lower_ == "from":
                        giver = _group(reader, sent, t.i, 1)
                        break
                out.append(Raw(relation, giver, _group(reader, sent, tok.i, -1), tok,
                               f"surface:{lower}", key, {tok.i}))
                continue
        if relation is None:
            continue
        passive = tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "by" and (
            lower.endswith(("ed", "en")) or lower in _participles())
        if passive:
            subject = _group(reader, sent, tok.i + 1, 1)
            j = tok.i - 1
            while j >= sent.start and (doc[j].lower_ in _BE or doc[j].is_punct
                                       or doc[j].pos_ == "ADV" or doc[j].lower_.endswith("ly")):
                j -= 1
            obj = _group(reader, sent, j + 1, -1)
        else:
            subject = _group(reader, sent, tok.i, -1)
            j = tok.i + 1
            preps = (frame or {}).get("preps", [])
            if j < sent.end and doc[j].lower_ in preps + ["to", "against"]:
                j += 1
            obj = _group(reader, sent, j - 1, 1)
        if subject and obj:
            out.append(Raw(relation, subject, obj, tok, f"surface:{lower}", key, {tok.i}))
    return out
