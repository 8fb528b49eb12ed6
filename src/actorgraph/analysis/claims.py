"""Analyses over the claims themselves: proxies, backers of both sides, contradictions, timelines.

Unlike the signed-network functions, these read an :class:`actorgraph.Graph` (they need
kinds, relations, dates and sources), and return plain rows (lists of dicts), sorted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

__all__ = ["AllianceCamps", "alliance_camps", "both_sides", "contradictions", "proxies", "timeline"]

#: Kinds of actor that act for a state.
STATE_KINDS = frozenset({"state", "government", "armed_forces", "intelligence_agency"})
#: Kinds of actor that fight.
ARMED_KINDS = frozenset({"armed_forces", "armed_group", "militia", "mercenary_group", "tribe"})


def _best(claims) -> str:
    from .._vocab import CERTAINTY

    return min((c.certainty for c in claims), key=lambda code: CERTAINTY[code].rank)


def proxies(g, *, as_of=None, min_certainty=None) -> list[dict]:
    """Foreign state actors backing armed actors, by kind of support.

    A proxy tie is a support claim (``backs`` or a sub-relation: arms, trains, funds,
    deploys forces, …) from an actor acting for a state (a state, government, armed
    forces or intelligence agency) to an armed actor (armed forces, armed group, militia,
    mercenary group, tribe) of another country (ties where either country is unknown are
    kept). This follows the triad of the Non-State Armed Groups dataset (San-Akca 2016)
    and UCDP's external support (Meier et al. 2023), read from claims.

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import proxies
    >>> rows = proxies(actorgraph.load())
    >>> ("EGY", "LNA") in {(r["sponsor"], r["recipient"]) for r in rows}
    True

    References
    ----------
    .. [1] B. San-Akca, *States in Disguise: Causes of State Support for Rebel Groups*,
       Oxford University Press, 2016.
    .. [2] V. Meier, N. Karlén, T. Pettersson, M. Croicu, "External support in armed
       conflicts: Introducing the UCDP External Support Dataset (ESD), 1975–2017",
       *Journal of Peace Research* 60(3), 2023.
    """
    actors = {a.id: a for a in g.actors()}
    ties: dict[tuple[str, str], list] = defaultdict(list)
    for claim in g.claims(relation="backs", as_of=as_of, min_certainty=min_certainty,
                          stance="asserts"):
        sponsor, recipient = actors[claim.subject], actors[claim.object]
        foreign = not (sponsor.country and recipient.country) or sponsor.country != recipient.country
        if sponsor.kind in STATE_KINDS and recipient.kind in ARMED_KINDS and foreign:
            ties[(sponsor.id, recipient.id)].append(claim)
    return [
        {"sponsor": s, "sponsor_label": actors[s].label, "recipient": r,
         "recipient_label": actors[r].label,
         "support": sorted({c.relation for c in claims}), "certainty": _best(claims),
         "claims": [c.id for c in claims], "via": sorted({v for c in claims for v in c.via})}
        for (s, r), claims in sorted(ties.items())
    ]


def both_sides(g, *, as_of=None, min_certainty=None) -> list[dict]:
    """Actors that back both sides of an opposition.

    X is listed with (A, B) when claims say X backs A (in any way), X backs B, and A
    opposes, fights or accuses B (or B, A). Only asserting claims count: a denial is no tie.

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import both_sides
    >>> both_sides(actorgraph.load())
    []
    """
    options = dict(as_of=as_of, min_certainty=min_certainty, stance="asserts")
    backed: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for claim in g.claims(relation="backs", **options):
        backed[claim.subject][claim.object].append(claim.id)
    hostile: dict[frozenset, list] = defaultdict(list)
    for claim in g.claims(relation="opposes", **options):
        hostile[frozenset((claim.subject, claim.object))].append(claim.id)
    rows = []
    for backer, recipients in sorted(backed.items()):
        names = sorted(recipients)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pair = frozenset((a, b))
                if pair in hostile and backer not in pair:
                    rows.append({"actor": backer, "side_a": a, "side_b": b,
                                 "claims_a": sorted(recipients[a]), "claims_b": sorted(recipients[b]),
                                 "opposition": sorted(hostile[pair])})
    return rows


def contradictions(g, *, as_of=None, min_certainty=None) -> list[dict]:
    """What the claims disagree about, with the claims and their sources side by side.

    Three kinds, each row with the claims ``for`` and ``against`` (ids, sources, quotes):

    - ``denied``: a claim denies subject-relation-object (``stance="denies"``, by whoever
      it is attributed to), and others assert it — the same relation or one of its
      sub-relations (a denial of backing denies arming too), between the same actors
      (either way round for a symmetric relation), whatever their certainty;
    - ``opposite sign``: the same pair of actors with asserting claims of positive and of
      negative sign, as :meth:`actorgraph.Graph.signed_graph` reports them as conflicts;
    - ``disputed``: the same subject, relation and object upheld by some claims and
      doubted — in effect denied — by others, by the grades' ``credence`` in the
      vocabulary (``upholds``: confirmed, probable; ``doubts``: doubtful, improbable).

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import contradictions
    >>> contradictions(actorgraph.load())
    []
    """
    from .._filter import relation_names
    from .._vocab import CERTAINTY, RELATIONS

    claims = {c.id: c for c in g.claims(as_of=as_of, min_certainty=min_certainty)}

    def side(ids):
        ids = sorted(ids)
        return {"claims": ids, "sources": sorted({s for i in ids for s in claims[i].sources}),
                "quotes": [claims[i].quote for i in ids],
                "attributed_to": sorted({claims[i].attributed_to for i in ids
                                         if claims[i].attributed_to})}

    def pair(c):
        ends = (c.subject, c.object)
        return frozenset(ends) if RELATIONS[c.relation].symmetric else ends

    rows = []
    asserted: dict[tuple, list[str]] = defaultdict(list)
    denied: dict[tuple, list[str]] = defaultdict(list)
    for c in claims.values():
        (denied if c.stance == "denies" else asserted)[(pair(c), c.relation)].append(c.id)
    for (ends, relation), against in sorted(denied.items(), key=lambda kv: sorted(kv[1])):
        upheld = [i for r in relation_names(relation) for i in asserted.get((ends, r), ())]
        if upheld:
            first = claims[against[0]]
            rows.append({"kind": "denied", "pair": [first.subject, first.object],
                         "relation": relation, "for": side(upheld), "against": side(against)})
    signed = g.signed_graph(as_of=as_of, min_certainty=min_certainty)
    for u, v, data in sorted(signed.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if data["conflict"]:
            rows.append({"kind": "opposite sign", "pair": [u, v], "decided": data["sign"],
                         "for": side(data["positive"]), "against": side(data["negative"])})
    by_triple: dict[tuple, list] = defaultdict(list)
    for claim in claims.values():
        if claim.stance == "asserts":
            by_triple[(claim.subject, claim.relation, claim.object)].append(claim)
    for (s, r, o), group in sorted(by_triple.items()):
        upheld = [c.id for c in group if CERTAINTY[c.certainty].credence == "upholds"]
        doubted = [c.id for c in group if CERTAINTY[c.certainty].credence == "doubts"]
        if upheld and doubted:
            rows.append({"kind": "disputed", "pair": [s, o], "relation": r,
                         "for": side(upheld), "against": side(doubted)})
    return rows


def timeline(g, actor, *, min_certainty=None) -> list[dict]:
    """Every claim about an actor (subject, object or intermediary), in the order of time.

    A claim is placed where it is first known to hold: its start, or, undated, when its
    sources first reported it (``reported``), or its end when that is all it has; claims
    with no date at all, from the claim or its sources, come last. Rows carry the claim's dates, relation, stance, the other party,
    certainty, attribution and quote.

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import timeline
    >>> [r["date"] for r in timeline(actorgraph.load(), "Haftar")][:2]
    ['2018', '2019-04']
    """
    from .._dates import UNKNOWN_END
    from .._filter import ClaimFilter, reported

    who = g.actor(actor)
    found = {c.id: c for c in g.claims(subject=who, min_certainty=min_certainty)}
    found.update({c.id: c for c in g.claims(object=who, min_certainty=min_certainty)})
    found.update({c.id: c for c in g.claims(min_certainty=min_certainty) if who.id in c.via})
    published = {s.id: s.published for s in g.sources()}
    when = ClaimFilter()

    def key(c):
        first, last = when.interval(c.start, c.end, reported(c.sources, published))
        return (first is None and last is None, first or last, c.start is not None, c.id)

    rows = []
    for c in sorted(found.values(), key=key):
        known = reported(c.sources, published)
        rows.append({
            "date": c.start or (c.end if c.end != UNKNOWN_END else "") or "", "end": c.end,
            "reported": None if c.start or known is None else known[0].isoformat(),
            "claim": c.id, "subject": c.subject, "relation": c.relation, "object": c.object,
            "stance": c.stance,
            "role": "subject" if c.subject == who.id else "object" if c.object == who.id
            else "via",
            "certainty": c.certainty, "attributed_to": c.attributed_to, "quote": c.quote})
    return rows


#: Relations that tie a person or unit to an organisation without a sign of their own.
ORGANISATIONAL = ("leads", "part_of")


@dataclass(frozen=True)
class AllianceCamps:
    """Camps of a claim graph: the signed optimum, plus actors placed by organisation.

    ``partition`` and ``membership`` cover every actor that could be placed; ``inherited``
    maps an actor with no signed tie to the actor whose camp it takes (the organisation it
    leads or is part of, or its leader or unit); ``unaligned`` lists the actors with
    neither. ``frustrated`` holds ``(u, v, sign, claim ids)``; ``frustration``, ``exact``,
    ``bound`` and ``method`` come from :func:`actorgraph.analysis.camps`.
    """

    partition: list
    membership: dict
    inherited: dict
    unaligned: list
    frustrated: list
    frustration: int
    exact: bool
    bound: float
    method: str
    signed: object = field(repr=False, compare=False)


def alliance_camps(g, k: int = 2, *, as_of=None, min_certainty=None) -> AllianceCamps:
    """The camps of the claims: :func:`camps` on the signed graph, then organisational ties.

    The signed graph leaves out relations of sign 0, so a leader who is only said to lead
    a government (Sarraj "led by" the GNA's claims) has no signed tie. Such an actor takes
    the camp of the organisation it ``leads`` or is ``part_of`` (or, failing that, of its
    leader or units): the majority camp among them, ties broken by the lowest camp index.
    Actors with no tie of either kind stay ``unaligned``.

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import alliance_camps
    >>> result = alliance_camps(actorgraph.load())
    >>> result.membership["SARRAJ"] == result.membership["GNA"] != result.membership["HAFTAR"]
    True
    """
    from .camps import camps

    S = g.signed_graph(as_of=as_of, min_certainty=min_certainty)
    tied = S.subgraph(n for n in S if S.degree(n) > 0).copy()
    result = camps(tied, k=k)
    membership = dict(result.membership)
    links: dict[str, list[str]] = defaultdict(list)
    for claim in g.claims(relation=list(ORGANISATIONAL), as_of=as_of,
                          min_certainty=min_certainty, stance="asserts"):
        links[claim.subject].append(claim.object)
        links[claim.object].append(claim.subject)
    inherited: dict[str, str] = {}
    pending = sorted((n for n in S if n not in membership), key=str)
    changed = True
    while changed:
        changed = False
        for actor in pending:
            if actor in membership:
                continue
            placed = [(membership[o], o) for o in links.get(actor, ()) if o in membership]
            if placed:
                votes = Counter(c for c, _ in placed)
                camp = min(votes, key=lambda c: (-votes[c], c))
                membership[actor] = camp
                inherited[actor] = min(o for c, o in placed if c == camp)
                changed = True
    partition = [set() for _ in range(max(membership.values(), default=-1) + 1)]
    for actor, camp in membership.items():
        partition[camp].add(actor)
    frustrated = [(u, v, sign, S.edges[u, v]["claims"]) for u, v, sign in result.frustrated]
    return AllianceCamps(partition, membership, inherited,
                         [a for a in pending if a not in membership], frustrated,
                         result.frustration, result.exact, result.bound, result.method, S)
