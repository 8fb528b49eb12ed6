"""The data a page embeds: vis-network nodes and edges, and the claims, actors and sources behind them.

One edge per (subject, relation, object) and stance: the asserting claims make the edges of
``Graph.to_networkx``, and the denying claims of the same triple an edge of their own beside it
(``denial``), so that a denial never adds to, nor takes the colour of, the support or opposition
it denies. The claims of a symmetric relation merge whatever their orientation, keeping the
first claim's, the same for both stances. Edges between the same pair get distinct curvatures so
that parallel relations stay visible. Nodes carry their kind (or camp) as a vis-network group;
edge colours, dashes, arrows and tooltips are set by the page from the relation, the stance and
the claims shown. A claim's days in force are anchored to its sources
(:meth:`ClaimFilter.interval`). Every string shown to the reader has its bidi controls removed;
the page builds all DOM from this data as text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from urllib.parse import urlsplit

import numpy as np

from .._dates import PartialDate
from .._filter import ClaimFilter, reported
from .._model import Actor, Claim, Source
from ._layout import positions
from ._style import CAMP_COLORS, FAMILY_COLORS, NO_CAMP_COLOR, clean, kind_style, short

__all__ = ["build", "day"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal(): dates travel as days since 1970-01-01
_BEND = 0.3  # roundness step between parallel edges
_CHAR = 8.0  # average width of a label character at the default font size, in canvas units


def build(
    actor_ids: Sequence[str],
    actors: Mapping[str, Actor],
    claims: Sequence[Claim],
    sources: Mapping[str, Source],
    *,
    keep: ClaimFilter,
    assessments: Mapping[tuple[str, str, str], Mapping] | None = None,
    camps: Mapping[str, int] | None = None,
    frustrated: Collection[frozenset] = (),
    seed: int = 0,
) -> dict:
    """Build the page's data for the actors ``actor_ids`` and the claims among them.

    Parameters
    ----------
    actor_ids : sequence of str
        The actors to draw, in a stable order.
    actors, sources : mapping
        Every known actor and source by id (``via`` and source ids are looked up here).
    claims : sequence of Claim
        The claims to draw, in a stable order; both ends must be in ``actor_ids``.
    keep : ClaimFilter
        Its :meth:`~ClaimFilter.interval` (and ``assume_persistence``) gives each claim's
        first and last day in force from its dates and its sources' publication.
    assessments : mapping, optional
        ``(subject, relation, object)`` to a row of ``Graph.assess`` (``assessed``,
        ``independent_sources``, ``first_reported``, ``last_reported``, ``for``,
        ``against``), shown in the panel of the edges of that triple.
    camps : mapping of str to int, optional
        Colour nodes by camp index instead of by kind.
    frustrated : collection of frozenset
        Actor pairs whose edges are marked as frustrated (they break the camps' balance).
    seed : int
        Layout seed.

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (vis-network items; an edge's ``claims`` index ``claims``,
        ``denial`` marks an edge of denying claims), ``groups`` (vis-network node groups),
        ``claims`` (columns ``rank``, ``d0`` and ``d1``: certainty rank, first and last day in
        force, ``None`` when open), ``actors`` (label, kind, aliases), ``kinds``,
        ``relations``, ``camps``, ``families``, ``certainty``, ``reliability``, ``range``
        (first and last day in force of all claims) and ``provenance`` (for the side panel:
        each claim in full, the actors' other fields, the sources, the claims each actor is
        an intermediary of, and the assessments by edge when given).
    """
    from .._vocab import CERTAINTY, CERTAINTY_ALIASES, KINDS, RELATIONS, RELIABILITY

    by_edge = _by_edge(claims, RELATIONS)
    keys = sorted(by_edge)
    degree = Counter(a for c in claims for a in (c.subject, c.object))
    nodes = [_node(actors[a], degree[a], camps) for a in actor_ids]
    index = {a: i for i, a in enumerate(actor_ids)}
    boxes = [(max(n["size"], _CHAR * len(n["label"]) / 2) + 6, n["size"] + 12) for n in nodes]
    xy = positions(len(nodes), [(index[s], index[o]) for s, _, o, _ in keys], seed=seed,
                   boxes=np.array(boxes).reshape(-1, 2))
    for node, (x, y) in zip(nodes, xy.tolist(), strict=True):
        node["x"], node["y"] = int(x), int(y)
    kinds = [*KINDS, *sorted({a.kind for a in actors.values()} - set(KINDS))]
    used_kinds = {actors[a].kind for a in actor_ids}
    used_relations = Counter(c.relation for c in claims)
    starts, ends = _in_force(claims, sources, keep)
    days = [d for d in starts + ends if d is not None]
    ranks = {code: info.rank for code, info in CERTAINTY.items()}
    provenance = {
        "claims": [_provenance(c, actors, CERTAINTY_ALIASES) for c in claims],
        "actors": {a: _actor(actors[a]) for a in actor_ids},
        "sources": _sources(claims, sources),
        "intermediaries": _intermediaries(claims, index),
    }
    if assessments is not None:
        provenance["assessments"] = _assessments(keys, assessments, RELATIONS)
    return {
        "nodes": nodes,
        "edges": [_edge(key, by_edge[key], bend, frustrated)
                  for key, bend in zip(keys, _bends(keys), strict=True)],
        "groups": {n["group"]: _group_style(n["group"]) for n in nodes},
        "claims": {"rank": [ranks[CERTAINTY_ALIASES.get(c.certainty, c.certainty)]
                            for c in claims],
                   "d0": starts, "d1": ends},
        "actors": {a: {"label": clean(actors[a].label), "kind": actors[a].kind,
                       "aliases": [clean(x) for x in actors[a].aliases], "claims": degree[a]}
                   for a in actor_ids},
        "provenance": provenance,
        "kinds": [{"code": k, "label": KINDS[k].label if k in KINDS else k,
                   "shape": kind_style(k)[0], "color": kind_style(k)[1]}
                  for k in kinds if k in used_kinds],
        "relations": [{"name": r.name, "label": r.label, "family": r.family,
                       "symmetric": r.symmetric, "claims": used_relations[r.name]}
                      for r in RELATIONS.values() if r.name in used_relations],
        "camps": None if camps is None else [
            {"camp": k, "color": _camp_color(k)} for k in sorted(set(camps.values()))],
        "families": FAMILY_COLORS,
        "certainty": [{"code": c.code, "label": c.label, "rank": c.rank}
                      for c in CERTAINTY.values()],
        "reliability": RELIABILITY,
        "range": [min(days), max(days)] if days else None,
    }


def day(d: PartialDate, last: bool = False) -> int:
    """The first (or last) day of a partial date, in days since 1970-01-01.

    >>> day(PartialDate.parse("1970-02")), day(PartialDate.parse("1970-02"), last=True)
    (31, 58)
    """
    return (d.last if last else d.first).toordinal() - _EPOCH


def _in_force(claims: Sequence[Claim], sources: Mapping[str, Source],
              keep: ClaimFilter) -> tuple[list[int | None], list[int | None]]:
    """Each claim's first and last day in force (days since 1970-01-01; ``None``: open), as
    the filter that kept it sees them: an undated claim holds when its sources say so."""
    published = {i: s.published for i, s in sources.items()}
    known: dict[tuple[str, ...], tuple] = {}  # claims share their few sources' spans
    starts, ends = [], []
    for c in claims:
        if c.sources not in known:
            known[c.sources] = reported(c.sources, published)
        first, last = keep.interval(c.start, c.end, known[c.sources])
        starts.append(_ordinal(first))
        ends.append(_ordinal(last))
    return starts, ends


def _ordinal(d: date | None) -> int | None:
    return None if d is None else d.toordinal() - _EPOCH


def _by_edge(claims: Sequence[Claim], relations) -> dict[tuple[str, str, str, bool], list[int]]:
    """Claim indices by edge key ``(subject, relation, object, denies)``; a symmetric relation
    has its ends in id order, as in :meth:`actorgraph.Graph.to_networkx`, so that both
    orientations, and a denial and what it denies, make the same edge."""
    groups: dict[tuple[str, str, str, bool], list[int]] = {}
    for i, c in enumerate(claims):
        s, o = c.subject, c.object
        if relations[c.relation].symmetric and o < s:
            s, o = o, s
        groups.setdefault((s, c.relation, o, c.stance == "denies"), []).append(i)
    return groups


def _bends(keys: Sequence[tuple[str, str, str, bool]]) -> list[float]:
    """A signed roundness per edge: 0 for a lone edge, spread out for parallel ones (a denial
    beside what it denies among them)."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, (s, _, o, _) in enumerate(keys):
        by_pair[(min(s, o), max(s, o))].append(n)
    bends = [0.0] * len(keys)
    for (first, _), members in by_pair.items():
        for rank, n in enumerate(members):
            bend = (rank - (len(members) - 1) / 2) * _BEND
            bends[n] = bend if keys[n][0] == first else -bend
    return bends


def _camp_color(camp: int | None) -> str:
    return NO_CAMP_COLOR if camp is None else CAMP_COLORS[camp % len(CAMP_COLORS)]


def _group_style(group: str) -> dict:
    """vis-network group options: shape by kind, colour by kind or by camp (``kind/camp``)."""
    kind, _, camp = group.partition("/")
    shape, colour = kind_style(kind)
    if camp:
        colour = _camp_color(None if camp == "none" else int(camp))
    return {"shape": shape,
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}}}


def _node(actor: Actor, degree: int, camps: Mapping[str, int] | None) -> dict:
    group = actor.kind
    if camps is not None:
        group += f"/{camps.get(actor.id, 'none')}"
    return {"id": actor.id, "label": short(actor.label), "group": group,
            "size": round(min(10 + 3 * math.sqrt(degree), 32), 1)}


def _edge(key: tuple[str, str, str, bool], members: list[int], bend: float,
          frustrated: Collection[frozenset]) -> dict:
    s, r, o, denial = key
    edge = {"from": s, "to": o, "relation": r, "claims": members}
    if denial:
        edge["denial"] = True
    if bend:
        edge["smooth"] = {"enabled": True, "type": "curvedCW" if bend > 0 else "curvedCCW",
                          "roundness": abs(bend)}
    if not denial and frozenset((s, o)) in frustrated:  # the camps weigh signed ties only
        edge["frustrated"] = True
    return edge


def _provenance(c: Claim, actors: Mapping[str, Actor], aliases: Mapping[str, str]) -> dict:
    """What the side panel shows of a claim: the statement, its dates, quote and sources."""
    out = {
        "id": c.id, "s": c.subject, "r": c.relation, "o": c.object,
        "start": c.start, "end": c.end, "certainty": aliases.get(c.certainty, c.certainty),
        "quote": clean(c.quote), "by": clean(c.attributed_to),
        "via": [clean(actors[v].label if v in actors else v) for v in c.via],
        "place": clean(c.place), "note": clean(c.note), "sources": list(c.sources),
    }
    return {k: v for k, v in out.items() if v is not None and v != []}


def _intermediaries(claims: Sequence[Claim], drawn: Mapping[str, int]) -> dict[str, list[int]]:
    """The claims each drawn actor is an intermediary (``via``) of, by actor id."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for v in dict.fromkeys(c.via):
            if v in drawn:
                out[v].append(i)
    return {a: out[a] for a in sorted(out)}


def _assessments(keys: Sequence[tuple[str, str, str, bool]],
                 assessments: Mapping[tuple[str, str, str], Mapping],
                 relations) -> dict[int, dict]:
    """The panel line of each edge whose triple is assessed (either way round when symmetric),
    by edge index: a denial's edge shows the assessment of what it denies."""
    out = {}
    for n, (s, r, o, _) in enumerate(keys):
        row = assessments.get((s, r, o))
        if row is None and relations[r].symmetric:
            row = assessments.get((o, r, s))
        if row is not None:
            out[n] = _assessment(row)
    return out


def _assessment(row: Mapping) -> dict:
    """The fields of an assessment the panel shows, as JSON: claims for and against are
    counted, whether given as counts or as the claims themselves."""
    def text(value) -> str | None:
        return None if value is None else clean(str(value))

    def number(value) -> int:
        return len(value) if isinstance(value, Collection) else int(value)

    out = {"assessed": text(row.get("assessed")),
           "independent": _int(row.get("independent_sources")),
           "first": text(row.get("first_reported")), "last": text(row.get("last_reported")),
           "for": number(row.get("for", ())), "against": number(row.get("against", ()))}
    return {k: v for k, v in out.items() if v is not None}


def _int(value) -> int | None:
    return None if value is None else int(value)


def _actor(a: Actor) -> dict:
    """What the side panel shows of an actor besides its label, kind and aliases."""
    out = {"country": a.country, "wikidata": a.wikidata, "description": clean(a.description)}
    return {k: v for k, v in out.items() if v is not None}


def _sources(claims: Sequence[Claim], sources: Mapping[str, Source]) -> dict[str, dict]:
    out = {}
    for sid in sorted({s for c in claims for s in c.sources}):
        src = sources.get(sid)
        if src is None:
            out[sid] = {"title": sid}
            continue
        url = src.url if src.url and urlsplit(src.url).scheme.lower() in ("http", "https") else None
        row = {"title": clean(src.title), "publisher": clean(src.publisher),
               "published": src.published, "url": url, "reliability": src.reliability,
               "language": src.language}
        out[sid] = {k: v for k, v in row.items() if v is not None}
    return out
