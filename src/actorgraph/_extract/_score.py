"""Precision and recall of extracted relations against hand-made expected claims.

The matching rule (one rule, used by the bench and documented in ``docs/extraction.md``):

- A claim counts once per distinct **(subject, relation, object, stance)**; for symmetric
  relations (``allied_with``, ``agreement_with``, ``fights``, ``meets_with``) the pair is
  unordered. Dates, certainty, quotes and attribution are not scored here.
- An extracted actor is the expected actor that shares a name with it: any of its label
  and aliases equals any of the expected actor's label and aliases, compared without case,
  a leading "the", possessive endings or typographic apostrophes. When several share a
  name, the one with the highest weight wins (each shared name counts 1, 2 if it is the
  extracted actor's label, one more if it is the expected actor's label; then the first
  listed). An extracted actor that matches none can only produce false positives.
- Relations match exactly: a sub-relation is its own relation (``arms`` does not match
  ``backs``, nor the reverse). ``lenient`` scores, reported beside, also accept a parent for
  its child and a child for its parent.
- Families are ``RELATIONS[r].family`` (support, opposition, organisational, diplomatic);
  ``denials`` restricts both sides to denying claims, and ``flipped`` counts expected
  denials that were extracted only as assertions.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .._vocab import RELATIONS
from ._actors import normalise

__all__ = ["Gold", "load_gold", "score"]


@dataclass(frozen=True)
class Gold:
    """Expected actors (id -> names) and claims (distinct keys)."""

    names: dict[str, tuple[str, ...]]
    claims: frozenset[tuple[str, str, str, str]]


def _key(subject: str, relation: str, obj: str, stance: str):
    if RELATIONS[relation].symmetric:
        subject, obj = sorted((subject, obj))
    return subject, relation, obj, stance or "asserts"


def load_gold(actors_csv: Path, claims_csv: Path) -> Gold:
    """Read expected actors (``id,label,aliases``…) and claims (``subject,relation,object``
    and an optional ``stance``)."""
    with open(actors_csv, encoding="utf-8", newline="") as f:
        names = {row["id"]: tuple(n for n in [row["label"], *row.get("aliases", "").split("|")]
                                  if n.strip())
                 for row in csv.DictReader(f)}
    with open(claims_csv, encoding="utf-8", newline="") as f:
        claims = frozenset(_key(r["subject"], r["relation"], r["object"], r.get("stance", ""))
                           for r in csv.DictReader(f))
    return Gold(names, claims)


def _mapping(actors, gold: Gold) -> dict[str, str]:
    index: dict[str, list[str]] = {}
    for gid, names in gold.names.items():
        for name in names:
            index.setdefault(normalise(name), []).append(gid)
    out = {}
    for actor in actors:
        if actor.id in gold.names and actor.status == "known":
            out[actor.id] = actor.id
            continue
        votes: dict[str, int] = {}
        label = normalise(actor.label)
        for name in {normalise(n) for n in (actor.label, *actor.aliases)}:
            for gid in dict.fromkeys(index.get(name, ())):
                # a shared label outweighs a shared alias
                weight = (2 if name == label else 1) + (name == normalise(gold.names[gid][0]))
                votes[gid] = votes.get(gid, 0) + weight
        if votes:
            order = list(gold.names)
            out[actor.id] = max(votes, key=lambda g: (votes[g], -order.index(g)))
    return out


def _related(a: str, b: str) -> bool:
    return a == b or RELATIONS[a].parent == b or RELATIONS[b].parent == a


def _pr(predicted, expected, lenient: bool = False) -> dict:
    if lenient:
        tp_p = sum(any(p[0] == g[0] and p[2] == g[2] and p[3] == g[3] and _related(p[1], g[1])
                       for g in expected) for p in predicted)
        tp_g = sum(any(p[0] == g[0] and p[2] == g[2] and p[3] == g[3] and _related(p[1], g[1])
                       for p in predicted) for g in expected)
    else:
        tp_p = tp_g = len(predicted & expected)
    return {"precision": tp_p / len(predicted) if predicted else None,
            "recall": tp_g / len(expected) if expected else None}


def score(extraction, gold: Gold) -> list[dict]:
    """One row per scope (all, each family, denials): counts, precision and recall."""
    mapping = _mapping(extraction.actors, gold)
    predicted = set()
    unmatched = set()
    for c in extraction.candidates:
        s, o = mapping.get(c.subject), mapping.get(c.object)
        if s is None or o is None:
            unmatched.add((c.subject, c.relation, c.object, c.stance))
            continue
        if s != o:
            predicted.add(_key(s, c.relation, o, c.stance))
    rows = []
    scopes = [("all", lambda k: True)]
    scopes += [(family, lambda k, f=family: RELATIONS[k[1]].family == f)
               for family in ("support", "opposition", "organisational", "diplomatic")]
    scopes.append(("denials", lambda k: k[3] == "denies"))
    for scope, keep in scopes:
        p = {k for k in predicted if keep(k)}
        extra = {k for k in unmatched if k[1] in RELATIONS and keep(k)}
        g = {k for k in gold.claims if keep(k)}
        strict = _pr(p, g)
        lenient = _pr(p, g, lenient=True)
        n_pred = len(p) + len(extra)
        row = {"scope": scope, "expected": len(g), "extracted": n_pred,
               "matched": len(p & g),
               "precision": round(len(p & g) / n_pred, 3) if n_pred else None,
               "recall": round(strict["recall"], 3) if strict["recall"] is not None else None,
               "lenient_precision": round(lenient["precision"] * len(p) / n_pred, 3)
               if n_pred and lenient["precision"] is not None else None,
               "lenient_recall": round(lenient["recall"], 3)
               if lenient["recall"] is not None else None}
        if scope == "denials":
            asserted = {(k[0], k[1], k[2], "asserts") for k in predicted}
            row["flipped"] = sum(1 for k in g if k not in p and (k[0], k[1], k[2], "asserts")
                                 in asserted)
        rows.append(row)
    return rows
