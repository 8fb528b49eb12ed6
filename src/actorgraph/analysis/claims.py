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
    for claim in g.claims(relation="backs", include_subrelations=True, as_of=as_of,
                          min_certainty=min_certainty):
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
    opposes, fights or accuses B (or B, A).

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import both_sides
    >>> both_sides(actorgraph.load())
    []
    """
    options = dict(as_of=as_of, min_certainty=min_certainty, include_subrelations=True)
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
    """Pairs the claims disagree about, with the claims and sources side by side.

    Two kinds: ``opposite sign`` (the same pair of actors with claims of positive and of
    negative sign, as :meth:`actorgraph.Graph.signed_graph` reports them as conflicts) and
    ``disputed`` (the same subject, relation and object graded probable or confirmed by
    some sources and doubtful or improbable — in effect denied — by others).

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import contradictions
    >>> contradictions(actorgraph.load())
    []
    """
    from .._vocab import CERTAINTY

    claims = {c.id: c for c in g.claims(as_of=as_of, min_certainty=min_certainty)}

    def side(ids):
        return {"claims": sorted(ids), "sources": sorted({s for i in ids for s in claims[i].sources}),
                "quotes": [claims[i].quote for i in sorted(ids)]}

    rows = []
    signed = g.signed_graph(as_of=as_of, min_certainty=min_certainty)
    for u, v, data in sorted(signed.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if data["conflict"]:
            rows.append({"kind": "opposite sign", "pair": [u, v], "decided": data["sign"],
                         "for": side(data["positive"]), "against": side(data["negative"])})
    by_triple: dict[tuple, list] = defaultdict(list)
    for claim in claims.values():
        by_triple[(claim.subject, claim.relation, claim.object)].append(claim)
    for (s, r, o), group in sorted(by_triple.items()):
        upheld = [c.id for c in group if CERTAINTY[c.certainty].rank <= 2]
        denied = [c.id for c in group if CERTAINTY[c.certainty].rank in (4, 5)]
        if upheld and denied:
            rows.append({"kind": "disputed", "pair": [s, o], "relation": r,
                         "for": side(upheld), "against": side(denied)})
    return rows


def timeline(g, actor, *, min_certainty=None) -> list[dict]:
    """Every claim about an actor (subject, object or intermediary), in date order.

    Undated claims come last. Rows carry the claim's dates, relation, the other party,
    certainty, attribution and quote.

    Examples
    --------
    >>> import actorgraph
    >>> from actorgraph.analysis import timeline
    >>> [r["date"] for r in timeline(actorgraph.load(), "Haftar")][:2]
    ['2018', '2019-04']
    """
    from .._dates import PartialDate

    who = g.actor(actor)
    found = {c.id: c for c in g.claims(subject=who, min_certainty=min_certainty)}
    found.update({c.id: c for c in g.claims(object=who, min_certainty=min_certainty)})
    found.update({c.id: c for c in g.claims(min_certainty=min_certainty) if who.id in c.via})

    def key(c):
        start = PartialDate.parse(c.start).first if c.start else None
        return (start is None, start or 0, c.id)

    return [
        {"date": c.start or c.end or "", "end": c.end, "claim": c.id, "subject": c.subject,
         "relation": c.relation, "object": c.object, "role": (
             "subject" if c.subject == who.id else "object" if c.object == who.id else "via"),
         "certainty": c.certainty, "attributed_to": c.attributed_to, "quote": c.quote}
        for c in sorted(found.values(), key=key)
    ]


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
    for claim in g.claims(relation=list(ORGANISATIONAL), as_of=as_of, min_certainty=min_certainty):
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
