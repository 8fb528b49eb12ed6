"""Corroboration: how well the sources together support subject-relation-object.

Claims keep the certainty their source gave them; an assessment is computed beside them,
never written over them. For each (subject, relation, object):

- the claims **for** it (asserting it, in that relation) and **against** it (denying it, or
  denying a relation it is a sub-relation of: a denial of backing denies arming too);
- the **independent sources**: sources count as one when they share a publisher (two
  articles of one outlet) or when one cites the other (``cites``; an outlet quoting
  another's report), transitively;
- the best source reliability, and the first and last day it was reported;
- the **assessed certainty**, by this rule, after NATO AJP-2.1's grades (credibility 1,
  "confirmed by other independent sources"):

  1. ``confirmed`` only when at least two independent sources uphold it (each with a claim
     graded confirmed or probable) — one source alone never confirms, whatever it says;
  2. else ``probable`` when at least two independent sources at least allege it (possible
     or better): corroborated allegations;
  3. else the best grade its claims give, a lone ``confirmed`` read as ``probable``;
  4. then a denial by someone other than the actors themselves (its ``attributed_to`` is
     not a name of the subject or the object), from a source independent of those that
     assert it, lowers the grade one step (never below ``doubtful``), and the relation is
     ``disputed``. A denial by an actor of its own relation (the Kremlin denying Russia's
     deployment) lowers nothing by itself but is always listed.

>>> import actorgraph
>>> g = actorgraph.load("tests/data/many-sources")
>>> [(a.relation, a.assessed, a.independent_sources) for a in g.assess("TUR", "arms", "GNA")]
[('arms', 'confirmed', 2)]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from ._fieldtypes import name_key
from ._model import Actor, Claim, Source

__all__ = ["Assessment", "ancestors", "assess", "grade", "lowers", "outlets", "self_denial"]


@dataclass(frozen=True)
class Assessment:
    """The corroboration of one (subject, relation, object): see :mod:`actorgraph._assess`.

    ``assessed`` is ``None`` when no claim asserts the relation (only denials); ``rule``
    says which step of the rule decided it.
    """

    subject: str
    relation: str
    object: str
    assessed: str | None
    rule: str
    independent_sources: int
    sources: tuple[str, ...]
    best_reliability: str | None
    first_reported: str | None
    last_reported: str | None
    claims_for: tuple[str, ...]
    claims_against: tuple[str, ...]
    self_denials: tuple[str, ...]
    disputed: bool

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        d = asdict(self)
        for key in ("sources", "claims_for", "claims_against", "self_denials"):
            d[key] = list(d[key])
        return d


def outlets(sources: Iterable[Source]) -> dict[str, str]:
    """Source id -> the outlet it counts with: one per publisher, and a source that cites
    another counts with it (transitively).

    >>> from actorgraph import Source
    >>> outlets([Source("a", "A", publisher="Wire"), Source("b", "B", publisher="wire"),
    ...          Source("c", "C", publisher="Post", cites=("a",)), Source("d", "D")])
    {'a': 'a', 'b': 'a', 'c': 'a', 'd': 'd'}
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    sources = list(sources)
    by_publisher: dict[str, str] = {}
    for s in sources:
        root(s.id)
        if s.publisher:
            join(s.id, by_publisher.setdefault(name_key(s.publisher), s.id))
        for cited in s.cites:
            join(s.id, cited)
    return {s.id: root(s.id) for s in sources}


def grade(best_by_outlet: Mapping[str, int], third_party_denials: bool) -> tuple[str, str]:
    """The assessed certainty from the best rank each independent outlet gives, and whether
    an independent third party denies it; and the step of the rule that decided.

    >>> grade({"a": 2, "b": 2}, False), grade({"a": 3, "b": 2}, False)
    (('confirmed', 'upheld by 2 independent sources'), ('probable', 'alleged by 2 independent sources'))
    >>> grade({"a": 1}, False)[0], grade({"a": 2}, True)[0]
    ('probable', 'possible')
    """
    return _grade(tuple(sorted(best_by_outlet.values())), third_party_denials)


@functools.lru_cache(maxsize=4096)  # a projection grades many edges with the same ranks
def _grade(ranks: tuple[int, ...], third_party_denials: bool) -> tuple[str, str]:
    from ._vocab import CERTAINTY

    by_rank = {c.rank: code for code, c in CERTAINTY.items()}
    upheld = sum(CERTAINTY[by_rank[r]].credence == "upholds" for r in ranks)
    alleged = sum(CERTAINTY[by_rank[r]].credence in ("upholds", "alleges") for r in ranks)
    best = ranks[0]
    confirmed, probable = CERTAINTY["confirmed"].rank, CERTAINTY["probable"].rank
    if upheld >= 2:
        rank, rule = confirmed, f"upheld by {upheld} independent sources"
    elif alleged >= 2:
        rank, rule = min(best, probable), f"alleged by {alleged} independent sources"
    elif best == confirmed:
        rank, rule = probable, "one source alone does not confirm"
    else:
        rank, rule = best, "the best grade of its claims"
    if third_party_denials:
        floor = CERTAINTY["doubtful"].rank
        rank, rule = max(rank, min(rank + 1, floor)), rule + "; lowered: denied by a third party"
    return by_rank[rank], rule


def _names(actor: Actor | None) -> set[str]:
    return set() if actor is None else {name_key(n) for n in (actor.id, actor.label,
                                                              *actor.aliases)}


def self_denial(denial: Claim, actors: Mapping[str, Actor]) -> bool:
    """Whether a denial is the actors' own: attributed to a name of its subject or object."""
    own = _names(actors.get(denial.subject)) | _names(actors.get(denial.object))
    return bool(denial.attributed_to) and name_key(denial.attributed_to) in own


def lowers(denial: Claim, actors: Mapping[str, Actor], outlet: Mapping[str, str],
           asserting_outlets: Iterable[str]) -> bool:
    """Whether a denial lowers the assessed grade: credible, not the actors' own, and from
    a source independent of those that assert the relation."""
    from ._vocab import CERTAINTY

    return (CERTAINTY[denial.certainty].credence in ("upholds", "alleges")
            and not self_denial(denial, actors)
            and not {outlet.get(x, x) for x in denial.sources} & set(asserting_outlets))


def ancestors(relation: str) -> list[str]:
    """The relation and those above it in the hierarchy (a denial of any of them denies it).

    >>> ancestors("arms")
    ['arms', 'backs']
    """
    from ._vocab import RELATIONS

    out = [relation]
    while RELATIONS[out[-1]].parent:
        out.append(RELATIONS[out[-1]].parent)
    return out


def assess(claims: Iterable[Claim], sources: Mapping[str, Source],
           actors: Mapping[str, Actor]) -> list[Assessment]:
    """The assessment of every (subject, relation, object) the claims assert or deny,
    sorted; see the module documentation for the rule."""
    from ._dates import first_day, last_day
    from ._vocab import CERTAINTY, RELATIONS

    outlet = outlets(sources.values())

    def key(c: Claim) -> tuple:
        if RELATIONS[c.relation].symmetric and c.object < c.subject:
            return (c.object, c.relation, c.subject)
        return (c.subject, c.relation, c.object)

    asserting: dict[tuple, list[Claim]] = {}
    denying: dict[tuple, list[Claim]] = {}
    for c in claims:
        (denying if c.stance == "denies" else asserting).setdefault(key(c), []).append(c)
    rows = []
    triples = set(asserting) | {(s, r, o) for (s, r, o) in denying}
    for s, r, o in sorted(triples):
        for_it = asserting.get((s, r, o), [])
        against = [d for parent in ancestors(r) for d in denying.get((s, parent, o), ())]
        self_denials = [d for d in against if self_denial(d, actors)]
        best_by_outlet: dict[str, int] = {}
        for c in for_it:
            for src in c.sources:
                group = outlet.get(src, src)
                best_by_outlet[group] = min(best_by_outlet.get(group, 99),
                                            CERTAINTY[c.certainty].rank)
        third_party = any(lowers(d, actors, outlet, best_by_outlet) for d in against)
        if best_by_outlet:
            assessed, rule = grade(best_by_outlet, third_party)
        else:
            assessed, rule = None, "no source asserts it"
        used = sorted({src for c in for_it for src in c.sources})
        dates = [sources[x].published for x in used if x in sources and sources[x].published]
        grades = [sources[x].reliability for x in used if x in sources and sources[x].reliability]
        rows.append(Assessment(
            s, r, o, assessed, rule, len(best_by_outlet), tuple(used),
            min(grades) if grades else None,
            min(dates, key=first_day) if dates else None,
            max(dates, key=last_day) if dates else None,
            tuple(sorted(c.id for c in for_it)), tuple(sorted(d.id for d in against)),
            tuple(sorted(d.id for d in self_denials)), third_party))
    return rows

