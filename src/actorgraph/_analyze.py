"""``actorgraph analyze``: each analysis as rows and a summary for the command line."""

from __future__ import annotations

from ._exceptions import DataError

__all__ = ["run"]


def _claims_of(g, ids) -> list[dict]:
    wanted = set(ids)
    return [{"id": c.id, "relation": c.relation, "subject": c.subject, "object": c.object,
             "certainty": c.certainty, "quote": c.quote}
            for c in g.claims() if c.id in wanted]


def run(g, analysis: str, *, actor=None, as_of=None, min_certainty=None, k=2):
    """Run one analysis on graph ``g``; return ``(rows, summary)``."""
    from . import analysis as an

    if analysis == "timeline":
        if actor is None:
            raise DataError("timeline needs an actor: actorgraph analyze timeline Haftar")
        return an.timeline(g, actor, min_certainty=min_certainty), {"actor": g.actor(actor).label}
    options = dict(as_of=as_of, min_certainty=min_certainty)
    if analysis in ("proxies", "both-sides", "contradictions"):
        fn = {"proxies": an.proxies, "both-sides": an.both_sides,
              "contradictions": an.contradictions}[analysis]
        return fn(g, **options), {}
    S = g.signed_graph(**options)
    if analysis == "balance":
        return [], an.balance(S)
    if analysis == "enemy-of-enemy":
        return an.enemy_of_enemy(S), {}
    if analysis == "brokers":
        return an.brokers(S, an.camps(S, k=k)), {}
    result = an.alliance_camps(g, k=k, **options)
    labels = {a.id: a.label for a in g.actors()}
    rows = [{"camp": i + 1, "actor": m, "label": labels.get(m, m),
             "placed_by": f"organisation: {labels[result.inherited[m]]}"
             if m in result.inherited else "signed ties"}
            for i, members in enumerate(result.partition)
            for m in sorted(members, key=lambda x: labels.get(x, str(x)))]
    frustrated = [
        {"u": u, "v": v, "sign": sign, "claims": _claims_of(g, ids)}
        for u, v, sign, ids in result.frustrated
    ]
    summary = {
        "as_of": as_of, "signed_pairs": result.signed.number_of_edges(),
        "claims_in_force": len({c for *_, d in result.signed.edges(data=True) for c in d["claims"]}),
        "frustration": result.frustration, "exact": result.exact,
        "method": result.method,
        "camps": [sorted(labels.get(m, m) for m in members) for members in result.partition],
        "unaligned": [labels.get(m, m) for m in result.unaligned],
        "frustrated": frustrated,
    }
    return rows, summary
