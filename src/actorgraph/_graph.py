"""The :class:`Graph`: a loaded dataset, asked through Python, SPARQL and networkx."""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import rdflib

from ._dates import first_day, in_force, last_day
from ._exceptions import ActorGraphError, DataError, QueryError, UnknownNameError
from ._gc import gc_paused
from ._model import Actor, Claim, Source
from ._records import ID_PATTERN
from ._sparql import PREFIXES, check_query, named_query, prefixed
from ._store import QueryResult, Store

__all__ = ["Graph"]

AG = PREFIXES["ag"]
ACTOR = PREFIXES["actor"]
RELATED_ALONE = 1000  # more related actors than this: read every actor at once
DIRECTIONS = ("out", "in", "both")


@cache
def _api_query(name: str) -> str:
    return (resources.files("actorgraph") / "queries" / "api" / f"{name}.rq").read_text("utf-8")


def _key(name: str) -> str:
    """A matching key: NFC, case-folded, tatweel removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", name).casefold().replace("\u0640", "")
    return " ".join(text.split())


def _certainty_rank(code: str) -> int:
    from ._vocab import CERTAINTY

    return CERTAINTY[code].rank


def _min_certainty(value: str | None) -> int | None:
    if value is None:
        return None
    from ._records import normalise_certainty
    from ._vocab import CERTAINTY

    code = normalise_certainty(value)
    if code is None:
        raise UnknownNameError("certainty", value, difflib.get_close_matches(value, CERTAINTY))
    return CERTAINTY[code].rank


def _check_date(as_of):
    """Parse ``as_of`` once, up front: a bad date is a :class:`DataError`, not a traceback."""
    if as_of is None or not isinstance(as_of, str):
        return as_of
    from ._dates import PartialDate

    try:
        return PartialDate.parse(as_of)
    except ValueError as exc:
        raise DataError(f"as_of: {exc}") from None


def _relation_names(relations: str | Iterable[str] | None, include_subrelations: bool) -> list[str] | None:
    from ._vocab import RELATIONS

    if relations is None:
        return None
    names = [relations] if isinstance(relations, str) else list(relations)
    out: list[str] = []
    for name in names:
        if name not in RELATIONS:
            raise UnknownNameError("relation", name, difflib.get_close_matches(name, RELATIONS))
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in out:
                out.append(current)
            if include_subrelations:
                stack.extend(RELATIONS[current].children)
    return out


class Graph:
    """A dataset of claims in a store, with the questions analysts ask of it.

    Made by :func:`actorgraph.load`. Actors, sources and claims come back as small
    frozen dataclasses; ``rdf`` is the rdflib graph for those who want it.

    Examples
    --------
    >>> import actorgraph
    >>> g = actorgraph.load()
    >>> g.actor("Libyan National Army").id
    'LNA'
    >>> "Egypt" in [a.label for a in g.related("LNA", relation="backs", direction="in")]
    True
    """

    def __init__(self, store: Store, *, dataset: str | None = None, warnings: Iterable[str] = ()):
        self.store = store
        self.dataset = dataset
        self.warnings = list(warnings)
        self._forget()

    def _forget(self) -> None:
        """Drop what was read from the store (its actors, sources and IRIs)."""
        self._version = self.store.version
        self._actors: dict[str, Actor] | None = None
        self._iris: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._sources: dict[str, Source] | None = None
        self._source_iri: dict[str, str] = {}
        self._by_id: dict[str, Actor | None] = {}
        self._by_iri: dict[str, Actor | None] = {}

    def __repr__(self) -> str:
        return f"<actorgraph.Graph {self.dataset or '(no dataset)'} in {self.store.kind} store>"

    # -- actors and sources -------------------------------------------------------------
    def _fresh(self) -> None:
        """Forget what was read if the store's content changed since (a load into the same
        store, an update)."""
        if self.store.version != self._version:
            self._forget()

    def _actor_by_id(self, ident: str) -> Actor | None:
        """The actor with this exact id, looked up alone: a single-actor call on a large
        graph does not read every actor (``None`` if there is none)."""
        self._fresh()
        if self._actors is not None:
            return self._actors.get(ident)
        if ident not in self._by_id:
            iri = self._iris.get(ident, ACTOR + ident)
            bound = {"actor": rdflib.URIRef(iri)}
            _, rows = self.store.rows(_api_query("actors"), bound)
            found = None
            if rows:
                _, _, label, kind, country, wikidata, description = rows[0]
                _, aliases = self.store.rows(_api_query("aliases"), bound)
                found = Actor(ident, label, kind, tuple(sorted(a for _, a in aliases)),
                              country, wikidata, description)
                self._iris[ident] = iri
            self._by_id[ident] = found
        return self._by_id[ident]

    def _actor_by_iri(self, iri: str) -> Actor | None:
        """The actor at this IRI, looked up alone (``None`` if it is not an actor's)."""
        self._fresh()
        if iri not in self._by_iri:
            _, rows = self.store.rows(_api_query("actors"), {"actor": rdflib.URIRef(iri)})
            found = None
            if rows:
                self._iris.setdefault(rows[0][1], iri)
                found = self._actor_by_id(rows[0][1])
            self._by_iri[iri] = found
        return self._by_iri[iri]

    def _load_actors(self) -> dict[str, Actor]:
        self._fresh()
        if self._actors is None:
            _, alias_rows = self.store.rows(_api_query("aliases"))
            aliases: dict[str, list[str]] = defaultdict(list)
            for ident, alias in alias_rows:
                aliases[ident].append(alias)
            _, rows = self.store.rows(_api_query("actors"))
            actors: dict[str, Actor] = {}
            for iri, ident, label, kind, country, wikidata, description in rows:
                actors[ident] = Actor(ident, label, kind, tuple(sorted(aliases.get(ident, ()))),
                                      country, wikidata, description)
                self._iris[ident] = iri
            self._actors = dict(sorted(actors.items(), key=lambda kv: (_key(kv[1].label), kv[0])))
            names: dict[str, list[str]] = defaultdict(list)
            for actor in self._actors.values():
                for name in (actor.id, actor.label, *actor.aliases):
                    if actor.id not in names[_key(name)]:
                        names[_key(name)].append(actor.id)
            self._names = dict(names)
        return self._actors

    def actors(self) -> list[Actor]:
        """Every actor, sorted by label."""
        return list(self._load_actors().values())

    def actor(self, name: str | Actor) -> Actor:
        """The actor with this id, label or alias (case-insensitive).

        Raises :class:`~actorgraph.UnknownNameError` (a ``KeyError``) naming the nearest
        names when there is none, or the candidates when the name is ambiguous.
        """
        if isinstance(name, Actor):
            return name
        if isinstance(name, str) and ID_PATTERN.match(name):
            found_by_id = self._actor_by_id(name)
            if found_by_id is not None:
                return found_by_id
        actors = self._load_actors()
        key = _key(str(name))
        found = self._names.get(key, [])
        if len(found) == 1:
            return actors[found[0]]
        if len(found) > 1:
            labels = [f"{actors[i].label} ({i})" for i in found]
            raise UnknownNameError("actor (ambiguous name)", name, labels)
        close = difflib.get_close_matches(key, self._names, n=5, cutoff=0.6)
        suggestions = list(dict.fromkeys(actors[i].id for k in close for i in self._names[k]))
        if not suggestions:
            suggestions = [a.id for a in actors.values() if key and key in _key(a.label)][:5]
        raise UnknownNameError("actor", name, suggestions)

    def _load_sources(self) -> dict[str, Source]:
        self._fresh()
        if self._sources is None:
            _, rows = self.store.rows(_api_query("sources"))
            self._sources = {r[0]: Source(*r[:-1]) for r in sorted(rows)}
            self._source_iri = {r[0]: r[-1] for r in rows}
        return self._sources

    def _source_iris(self) -> dict[str, str]:
        """Source id -> IRI."""
        self._load_sources()
        return self._source_iri

    def sources(self) -> list[Source]:
        """Every source, sorted by id."""
        return list(self._load_sources().values())

    def source(self, ident: str) -> Source:
        """The source with this id."""
        sources = self._load_sources()
        if ident not in sources:
            raise UnknownNameError("source", ident, difflib.get_close_matches(ident, sources))
        return sources[ident]

    def iri(self, thing: str | Actor | Source | Claim) -> rdflib.URIRef:
        """The IRI of an actor (by any name), a source or a claim."""
        if isinstance(thing, Source):
            return rdflib.URIRef(PREFIXES["source"] + thing.id)
        if isinstance(thing, Claim):
            return rdflib.URIRef(PREFIXES["claim"] + thing.id)
        actor = self.actor(thing)
        return rdflib.URIRef(self._iris.get(actor.id, ACTOR + actor.id))

    # -- claims -------------------------------------------------------------------------
    def claims(
        self,
        subject: str | Actor | None = None,
        relation: str | Iterable[str] | None = None,
        object: str | Actor | None = None,  # noqa: A002 - the claim field's name
        *,
        as_of=None,
        min_certainty: str | None = None,
        include_subrelations: bool = False,
    ) -> list[Claim]:
        """Claims matching a subject, relation and object (any may be ``None``), sorted by id.

        ``as_of`` keeps claims in force on that date, each date at its precision;
        ``min_certainty`` keeps claims at least that certain (``"probable"`` keeps
        confirmed and probable); ``include_subrelations`` widens ``relation="backs"``
        to arms, trains, funds and the rest.
        """
        bindings: dict = {}
        if subject is not None:
            bindings["s"] = self.iri(subject)
        if object is not None:
            bindings["o"] = self.iri(object)
        names = _relation_names(relation, include_subrelations)
        threshold = _min_certainty(min_certainty)
        as_of = _check_date(as_of)
        found: dict[str, Claim] = {}
        for rel in names if names is not None else [None]:
            if rel is not None:
                bindings["r"] = rdflib.URIRef(AG + rel)
            _, rows = self.store.rows(_api_query("claims"), bindings)
            for row in rows:
                claim = _claim(row)
                if threshold is not None and _certainty_rank(claim.certainty) > threshold:
                    continue
                if as_of is not None and not in_force(claim.start, claim.end, as_of):
                    continue
                found[claim.id] = claim
        return [found[k] for k in sorted(found)]

    def related(
        self,
        name: str | Actor,
        relation: str | Iterable[str] | None = None,
        direction: str = "out",
        *,
        include_subrelations: bool = False,
        as_of=None,
        min_certainty: str | None = None,
    ) -> list[Actor]:
        """Actors related to ``name``: ``out`` (name → them), ``in`` (them → name) or ``both``.

        Symmetric relations (fights, allied_with, agreement_with, meets_with) count in
        both directions whatever the direction asked.
        """
        from ._vocab import RELATIONS

        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        actor = self.actor(name)
        names = _relation_names(relation, include_subrelations)
        wanted = {AG + n for n in names} if names is not None else None
        symmetric = {AG + n for n, r in RELATIONS.items() if r.symmetric}
        threshold = _min_certainty(min_certainty)
        as_of = _check_date(as_of)
        own = self.iri(actor)
        others: set[str] = set()  # IRIs of the actors at the other end
        for end_bound, other_end, way in (("s", 2, "out"), ("o", 0, "in")):
            _, rows = self.store.rows(_api_query("links"), {end_bound: own})
            for row in rows:
                rel, certainty, start, end = row[1], row[3], row[4], row[5]
                if row[other_end] in others or (wanted is not None and rel not in wanted):
                    continue
                if direction not in (way, "both") and rel not in symmetric:
                    continue
                if threshold is not None and _certainty_rank(certainty) > threshold:
                    continue
                if as_of is not None and not in_force(start, end, as_of):
                    continue
                others.add(row[other_end])
        others.discard(str(own))
        if self._actors is not None or len(others) > RELATED_ALONE:
            actors = self._load_actors()
            ids = {ident for ident, iri in self._iris.items() if iri in others}
            return [a for i, a in actors.items() if i in ids]
        found = [self._actor_by_iri(iri) for iri in others]
        return sorted((a for a in found if a is not None), key=lambda a: (_key(a.label), a.id))

    # -- SPARQL -------------------------------------------------------------------------
    def query(self, sparql: str, *, allow_service: bool = False, allow_dataset: bool = False,
              **bindings) -> QueryResult:
        """Run a SPARQL query with the project's prefixes pre-bound.

        Values are passed as keyword bindings (``lna=g.actor("LNA")``, ``label="Egypt"``),
        never pasted into the text. ``SERVICE``, ``FROM``/``FROM NAMED``, ``LOAD`` and
        updates are refused with :class:`~actorgraph.UnsafeQueryError` unless allowed, and
        unless ``allow_service`` the query runs where it cannot open a connection.
        """
        checked = check_query(sparql, allow_service=allow_service, allow_dataset=allow_dataset)
        terms = {k: self._term(v) for k, v in bindings.items()}
        try:
            return self.store.query(prefixed(checked.text), terms, network=allow_service)
        except ActorGraphError:
            raise
        except RecursionError:
            raise QueryError("query too complex (recursion limit reached)") from None
        except (SyntaxError, ValueError) as exc:
            raise QueryError(str(exc)) from None

    def named_query(self, query_name: str, /, **params) -> QueryResult:
        """Run a query shipped with actorgraph (see ``actorgraph query --list``) by name.

        Parameters are passed by keyword (``actor="LNA"``, ``name="UAE"``) and bound by their
        declared type: actors by any of their names, never pasted into the text.
        """
        name = query_name
        nq = named_query(name)
        unknown = set(params) - set(nq.params)
        if unknown:
            raise QueryError(f"query {name!r} takes {sorted(nq.params) or 'no parameters'}, "
                             f"not {sorted(unknown)}")
        terms = {}
        for param, value in params.items():
            kind = nq.params[param]
            if kind == "actor":
                terms[param] = self.iri(value)
            elif kind == "relation":
                _relation_names(value, False)
                terms[param] = rdflib.URIRef(AG + value)
            elif kind == "certainty":
                from ._records import normalise_certainty

                code = normalise_certainty(value)
                if code is None:
                    _min_certainty(value)
                terms[param] = rdflib.URIRef(AG + code)
            else:
                terms[param] = rdflib.Literal(value)
        return self.store.query(prefixed(nq.text), terms)

    def _term(self, value):
        if isinstance(value, rdflib.term.Identifier):
            return value
        if isinstance(value, (Actor, Source, Claim)):
            return self.iri(value)
        return rdflib.Literal(value)

    @property
    def rdf(self) -> rdflib.Graph:
        """The whole graph (data and ontology) as an rdflib graph."""
        return self.store.rdf

    # -- networkx -------------------------------------------------------------------------
    def to_networkx(self, *, as_of=None, min_certainty: str | None = None,
                    relations: str | Iterable[str] | None = None,
                    include_subrelations: bool = False):
        """A new ``networkx.MultiDiGraph``: one edge per (subject, relation, object).

        Edge attributes: ``relation, sign, family, symmetric, certainty`` (the best grade
        among its claims), ``start`` (earliest; ``None`` if any claim is open-started),
        ``end`` (latest; ``None`` if any is open-ended), ``claims`` and ``sources``.
        """
        import networkx as nx

        with gc_paused():
            G = nx.MultiDiGraph()
            G.add_nodes_from(self._node_attributes())
            edges = self._edges(as_of=as_of, min_certainty=min_certainty, relations=relations,
                                include_subrelations=include_subrelations)
            G.add_edges_from((s, o, rel, data) for (s, o, rel), data in edges.items())
        return G

    def _node_attributes(self) -> Iterator[tuple[str, dict]]:
        """``(id, attributes)`` of every actor, as networkx nodes."""
        for actor in self._load_actors().values():
            attrs = actor.to_dict()
            del attrs["id"]
            yield actor.id, attrs

    def _edges(self, *, as_of=None, min_certainty: str | None = None,
               relations: str | Iterable[str] | None = None,
               include_subrelations: bool = False) -> dict[tuple[str, str, str], dict]:
        """``(subject, object, relation) -> edge attributes`` (see :meth:`to_networkx`)."""
        from ._vocab import CERTAINTY, RELATIONS

        wanted = _relation_names(relations, include_subrelations)
        threshold = _min_certainty(min_certainty)
        as_of = _check_date(as_of)
        ranks = {code: c.rank for code, c in CERTAINTY.items()}
        kinds = {name: (r.sign, r.family, r.symmetric) for name, r in RELATIONS.items()}
        edges: dict[tuple[str, str, str], dict] = {}
        for ident, s, rel, o, certainty, start, end, source in self._claim_rows():
            if wanted is not None and rel not in wanted:
                continue
            rank = ranks[certainty]
            if threshold is not None and rank > threshold:
                continue
            if as_of is not None and not in_force(start, end, as_of):
                continue
            sign, family, symmetric = kinds[rel]
            if symmetric and (o, s, rel) in edges:
                s, o = o, s
            data = edges.get((s, o, rel))
            if data is None:  # "_open_*": a claim without that date was seen
                edges[s, o, rel] = {
                    "relation": rel, "sign": sign, "family": family, "symmetric": symmetric,
                    "certainty": certainty, "start": start, "end": end, "claims": {ident},
                    "sources": {source}, "_open_start": start is None, "_open_end": end is None}
                continue
            data["claims"].add(ident)
            data["sources"].add(source)
            if rank < ranks[data["certainty"]]:
                data["certainty"] = certainty
            if start is None:
                data["start"], data["_open_start"] = None, True
            elif not data["_open_start"] and first_day(start) < first_day(data["start"]):
                data["start"] = start
            if end is None:
                data["end"], data["_open_end"] = None, True
            elif not data["_open_end"] and last_day(end) > last_day(data["end"]):
                data["end"] = end
        for data in edges.values():
            del data["_open_start"], data["_open_end"]
            data["claims"] = sorted(data["claims"])
            data["sources"] = sorted(data["sources"])
        return edges

    def _claim_rows(self) -> Iterator[tuple[str, ...]]:
        """``(id, subject, relation, object, certainty, start, end, source)`` for every
        claim and each of its sources; actors and sources by id (their IRIs mapped here, not
        joined in SPARQL)."""
        self._load_actors()
        ids = {iri: ident for ident, iri in self._iris.items()}
        ids.update({iri: ident for ident, iri in self._source_iris().items()})
        _, rows = self.store.rows(_api_query(
            "edges-by-scans" if self.store.scans_beat_lookups else "edges"))
        unknown: list[tuple] = []
        yield from _named(rows, ids, unknown)
        if unknown:  # not declared as actors or sources: named by dcterms:identifier alone
            wanted = {t for row in unknown for t in (row[1], row[3], row[7])}
            _, found = self.store.rows(_api_query("identifiers"))
            ids.update((iri, ident) for iri, ident in found if iri in wanted)
            yield from _named(unknown, ids, [])

    def signed_graph(self, *, as_of=None, min_certainty: str | None = None,
                     relations: str | Iterable[str] | None = None):
        """An undirected ``networkx.Graph`` over actors with ``sign`` +1/-1 per related pair.

        Built from the claims by each relation's sign in the ontology (0-sign relations
        such as ``leads`` or ``meets_with`` are left out). Each edge carries ``claims``
        (ids behind it), ``positive`` and ``negative`` (the ids of each sign) and
        ``conflict`` (claims of both signs). **Rule for a conflict**: the sign whose best
        claim is more certain wins; at equal certainty, the sign of the most recent claim
        (latest start or end) wins; if still tied, the pair counts as hostile (-1), the
        cautious reading. Conflicts are reported, never merged silently: see
        ``actorgraph.analysis.contradictions``.
        """
        from ._signed import signed_projection

        return signed_projection(self, as_of=as_of, min_certainty=min_certainty,
                                 relations=relations)

    def snapshots(self, freq: str = "year", **options):
        """Yield ``(period, signed graph)`` per year (or ``"month"``) that the claims span.

        Each snapshot is :meth:`signed_graph` ``as_of`` that period, so camps can be
        tracked over time with :func:`actorgraph.analysis.camps`.
        """
        from ._signed import snapshots

        return snapshots(self, freq, **options)

    # -- output ---------------------------------------------------------------------------
    def export(self, path: str | Path, format: str | None = None) -> Path:  # noqa: A002
        """Write the graph to ``path``: Turtle, N-Triples, JSON-LD, GraphML, GEXF or CSV edges.

        The format comes from the suffix (``.ttl``, ``.nt``, ``.jsonld``, ``.graphml``,
        ``.gexf``, ``.csv``) or ``format=``. The write is atomic: a failure leaves any
        previous file intact.
        """
        from ._export import export

        return export(self, Path(path), format)

    def render_html(
        self,
        *,
        focus: str | Actor | None = None,
        depth: int | None = None,
        as_of=None,
        relations: str | Iterable[str] | None = None,
        include_subrelations: bool = False,
        min_certainty: str | None = None,
        color_by: str = "kind",
        title: str | None = None,
        seed: int = 0,
    ) -> str:
        """The interactive HTML page of the graph, as a string (see :meth:`render`)."""
        from ._render import render_html

        camps = frustrated = None
        if color_by == "camp":
            from .analysis import alliance_camps

            result = alliance_camps(self, as_of=as_of, min_certainty=min_certainty)
            camps = dict(result.membership)
            frustrated = {frozenset((u, v)) for u, v, *_ in result.frustrated}
        elif color_by != "kind":
            raise ValueError(f"color_by must be 'kind' or 'camp', not {color_by!r}")
        return render_html(
            self.actors(), self.claims(), self.sources(),
            title=title or f"actorgraph: {self.dataset or 'graph'}",
            focus=self.actor(focus).id if focus is not None else None, depth=depth,
            as_of=as_of, relations=_relation_names(relations, include_subrelations),
            min_certainty=min_certainty, color_by=color_by, camps=camps,
            frustrated=frustrated, seed=seed,
        )

    def render(self, path: str | Path, **options) -> Path:
        """Write the interactive network to ``path``: one self-contained, offline HTML file.

        Options: ``focus`` (an actor) and ``depth`` (hops, default 1), ``as_of``,
        ``relations`` (and ``include_subrelations``), ``min_certainty``, ``color_by``
        (``"kind"`` or ``"camp"``: colours by the camps of
        :func:`actorgraph.analysis.camps` and marks frustrated edges), ``title``, ``seed``.
        The write is atomic; nothing is written anywhere else.
        """
        from ._render import write_html

        write_html(path, self.render_html(**options))
        return Path(path)

    def show(self, *, height: int = 640, **options):
        """Show the interactive network inline in Jupyter, JupyterLab, VS Code or Colab."""
        from ._render import NotebookView

        return NotebookView(self.render_html(**options), height=height)

    def info(self) -> dict:
        """A summary: dataset, store, counts of actors, sources and claims by relation and certainty."""
        from collections import Counter

        claims = {row[0]: row for row in self._claim_rows()}.values()
        return {
            "dataset": self.dataset,
            "store": self.store.kind,
            "triples": len(self.store),
            "actors": len(self._load_actors()),
            "sources": len(self._load_sources()),
            "claims": len(claims),
            "relations": dict(Counter(r[2] for r in claims).most_common()),
            "certainty": dict(Counter(r[4] for r in claims).most_common()),
            "kinds": dict(Counter(a.kind for a in self.actors()).most_common()),
        }


def _named(rows: Iterable[tuple], ids: dict[str, str], unknown: list[tuple]) -> Iterator[tuple]:
    """Claim rows with their actors and source by id (``ids``: IRI -> id); a row naming an
    IRI that is not in ``ids`` is put in ``unknown`` instead."""
    for row in rows:
        s, o, source = ids.get(row[1]), ids.get(row[3]), ids.get(row[7])
        if s is None or o is None or source is None:
            unknown.append(row)
        else:
            yield row[0], s, row[2], o, row[4], row[5], row[6], source


def _claim(row: tuple) -> Claim:
    (ident, s, rel, o, certainty, quote, start, end, attributed, place, note, sources, via) = row[:13]
    return Claim(ident, s, rel, o, certainty, tuple(sorted(sources.split("|"))), quote, start, end,
                 attributed, tuple(sorted(v for v in via.split("|") if v)), place, note)
