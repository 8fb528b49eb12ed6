"""The :class:`Graph`: a loaded dataset, asked through Python, SPARQL and networkx."""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib

from ._assess import ancestors, grade, lowers, outlets
from ._dates import UNKNOWN_END, first_day, last_day
from ._exceptions import ActorGraphError, DataError, QueryError, UnknownNameError
from ._fieldtypes import name_key
from ._filter import ClaimFilter, reported
from ._gc import gc_paused
from ._model import Actor, Claim, Source
from ._records import ID_PATTERN
from ._schema import NS
from ._sparql import PREFIXES, check_query, named_query, prefixed
from ._store import QueryResult, Store
from ._storeread import api_query, read_records

__all__ = ["Graph"]

AG = NS["ag"]
ACTOR = PREFIXES["actor"]
RELATED_ALONE = 1000  # more related actors than this: read every actor at once
DIRECTIONS = ("out", "in", "both")
Relations = str | Iterable[str] | None
#: The time limit (seconds) of a query allowed to use ``SERVICE`` when none is given: a
#: remote endpoint that never answers must not hold the caller forever.
SERVICE_TIMEOUT = 60.0
_OUT_OF_MEMORY = ("the query ran out of memory on the {kind} store; ask for fewer rows "
                  "(max_rows=, LIMIT) or a narrower pattern, or load the data into the "
                  "Oxigraph store (store='oxigraph' or 'oxigraph:PATH'), which needs far less")


def _limits(timeout: float | None, max_rows: int | None) -> None:
    """Refuse a time limit or row cap that is not one."""
    if timeout is not None and not (isinstance(timeout, (int, float))
                                    and 0 < timeout < float("inf")):
        raise QueryError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if max_rows is not None and not (isinstance(max_rows, int) and max_rows >= 0):
        raise QueryError(f"max_rows must be a whole number of rows (0 or more), not {max_rows!r}")


def _columns(names: list[str], *wanted: str) -> tuple[int, ...]:
    """The positions of the ``wanted`` variables in a result's ``names``."""
    return tuple(names.index(w) for w in wanted)


def _reading(method):
    """A public method: before it reads, what was remembered of the store is dropped if the
    store changed since — checked once per call, however many reads the call makes (on a
    SPARQL server the check is a request)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._calls == 0:
            self._fresh()
        self._calls += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            self._calls -= 1

    return wrapper


class Graph:
    """A dataset of claims in a store, with the questions analysts ask of it.

    Made by :func:`actorgraph.load`. Actors, sources and claims come back as small
    frozen dataclasses; ``rdf`` is the rdflib graph for those who want it. The methods that
    choose claims (:meth:`claims`, :meth:`related`, :meth:`to_networkx`,
    :meth:`signed_graph`, :meth:`render`) take the same filter options, with the same
    meaning: ``relation`` (the hierarchy followed unless ``include_subrelations=False``),
    ``min_certainty``, ``as_of``.

    Examples
    --------
    >>> import actorgraph
    >>> g = actorgraph.load()
    >>> g.actor("Libyan National Army").id
    'LNA'
    >>> "Egypt" in [a.label for a in g.related("LNA", relation="backs", direction="in")]
    True
    """

    __module__ = "actorgraph"

    def __init__(self, store: Store, *, dataset: str | None = None, warnings: Iterable[str] = ()):
        self.store = store
        self.dataset = dataset
        self.warnings = list(warnings)
        self.origins = None
        #: What merging several datasets unified, renamed and found in conflict (see
        #: :func:`actorgraph.load`); ``None`` for one dataset.
        self.merge_report = None
        self._calls = 0
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
        self._dates: dict[str, str | None] | None = None
        self._dates_by_iri: dict[str, str | None] | None = None

    def __repr__(self) -> str:
        return f"<actorgraph.Graph {self.dataset or '(no dataset)'} in {self.store.kind} store>"

    def _fresh(self) -> None:
        """Forget what was read if the store's content changed since (a load into the same
        store, an update)."""
        if self.store.version != self._version:
            self._forget()

    # -- actors and sources -------------------------------------------------------------
    def _identifiers(self, iris: list[str]) -> dict[str, str]:
        """The ``dcterms:identifier`` of IRIs not of the project's shape (other tools' data)."""
        names, rows = self.store.rows(api_query("identifiers"))
        node, ident = _columns(names, "resource", "id")
        wanted = set(iris)
        return {row[node]: row[ident] for row in rows if row[node] in wanted}

    def _read(self, kind: str, bindings: dict | None = None, query: str | None = None) -> dict:
        return read_records(self.store, kind, bindings, self._identifiers, query)

    def _actor_by_id(self, ident: str) -> Actor | None:
        """The actor with this exact id, looked up alone: a single-actor call on a large
        graph does not read every actor (``None`` if there is none)."""
        if self._actors is not None:
            return self._actors.get(ident)
        if ident not in self._by_id:
            iri = self._iris.get(ident, ACTOR + ident)
            found = self._read("actor", {"actor": rdflib.URIRef(iri)}).get(ident)
            if found is not None:
                self._iris[ident] = iri
            self._by_id[ident] = None if found is None else found[1]
        return self._by_id[ident]

    def _actor_by_iri(self, iri: str) -> Actor | None:
        """The actor at this IRI, looked up alone (``None`` if it is not an actor's)."""
        if iri not in self._by_iri:
            found = list(self._read("actor", {"actor": rdflib.URIRef(iri)}).values())
            actor = found[0][1] if found else None
            if actor is not None:
                self._iris.setdefault(actor.id, iri)
                self._by_id.setdefault(actor.id, actor)
            self._by_iri[iri] = actor
        return self._by_iri[iri]

    def _load_actors(self) -> dict[str, Actor]:
        if self._actors is None:
            found = self._read("actor")
            self._iris.update({ident: iri for ident, (iri, _) in found.items()})
            self._actors = dict(sorted(((ident, a) for ident, (_, a) in found.items()),
                                       key=lambda kv: (name_key(kv[1].label), kv[0])))
            names: dict[str, list[str]] = defaultdict(list)
            for actor in self._actors.values():
                for name in (actor.id, actor.label, *actor.aliases):
                    if actor.id not in names[name_key(name)]:
                        names[name_key(name)].append(actor.id)
            self._names = dict(names)
        return self._actors

    @_reading
    def actors(self) -> list[Actor]:
        """Every actor, sorted by label.

        Returns
        -------
        list of Actor

        Examples
        --------
        >>> import actorgraph
        >>> len(actorgraph.load().actors()) > 20
        True
        """
        return list(self._load_actors().values())

    @_reading
    def actor(self, name: str | Actor) -> Actor:
        """The actor with this id, label or alias (case-insensitive).

        Parameters
        ----------
        name : str or Actor
            An id (``"LNA"``), a label (``"Libyan National Army"``) or an alias.

        Returns
        -------
        Actor

        Raises
        ------
        UnknownNameError
            (a ``KeyError``) naming the nearest names when there is none, or the
            candidates when the name is ambiguous.

        Examples
        --------
        >>> import actorgraph
        >>> actorgraph.load().actor("haftar's forces").id
        'LNA'
        """
        if isinstance(name, Actor):
            return name
        if isinstance(name, str) and ID_PATTERN.match(name):
            found_by_id = self._actor_by_id(name)
            if found_by_id is not None:
                return found_by_id
        actors = self._load_actors()
        key = name_key(str(name))
        found = self._names.get(key, [])
        if len(found) == 1:
            return actors[found[0]]
        if len(found) > 1:
            labels = [f"{actors[i].label} ({i})" for i in found]
            raise UnknownNameError("actor (ambiguous name)", name, labels)
        close = difflib.get_close_matches(key, self._names, n=5, cutoff=0.6)
        suggestions = list(dict.fromkeys(actors[i].id for k in close for i in self._names[k]))
        if not suggestions:
            suggestions = [a.id for a in actors.values() if key and key in name_key(a.label)][:5]
        raise UnknownNameError("actor", name, suggestions)

    def _load_sources(self) -> dict[str, Source]:
        if self._sources is None:
            found = self._read("source")
            self._sources = {ident: s for ident, (_, s) in sorted(found.items())}
            self._source_iri = {ident: iri for ident, (iri, _) in found.items()}
        return self._sources

    def _source_iris(self) -> dict[str, str]:
        """Source id -> IRI."""
        self._load_sources()
        return self._source_iri

    def _published(self) -> dict[str, str | None]:
        """Source id -> when it was published (what anchors its claims in time)."""
        if self._dates is None:
            self._dates = {ident: s.published for ident, s in self._load_sources().items()}
        return self._dates

    def _published_by_iri(self) -> dict[str, str | None]:
        """Source IRI -> when it was published."""
        if self._dates_by_iri is None:
            published = self._published()
            self._dates_by_iri = {iri: published[ident]
                                  for ident, iri in self._source_iri.items()}
        return self._dates_by_iri

    @_reading
    def sources(self) -> list[Source]:
        """Every source, sorted by id.

        Returns
        -------
        list of Source

        Examples
        --------
        >>> import actorgraph
        >>> [s.publisher for s in actorgraph.load().sources()]
        ['The New Arab']
        """
        return list(self._load_sources().values())

    @_reading
    def source(self, ident: str) -> Source:
        """The source with this id.

        Parameters
        ----------
        ident : str
            The source's id.

        Returns
        -------
        Source

        Raises
        ------
        UnknownNameError
            No source has this id (the nearest ids are suggested).

        Examples
        --------
        >>> import actorgraph
        >>> actorgraph.load().source("tna-2019-12-07").published
        '2019-12-07'
        """
        sources = self._load_sources()
        if ident not in sources:
            raise UnknownNameError("source", ident, difflib.get_close_matches(ident, sources))
        return sources[ident]

    @_reading
    def iri(self, thing: str | Actor | Source | Claim) -> rdflib.URIRef:
        """The IRI of an actor (by any name), a source or a claim.

        Parameters
        ----------
        thing : str, Actor, Source or Claim
            A record, or an actor's id, label or alias.

        Returns
        -------
        rdflib.URIRef

        Examples
        --------
        >>> import actorgraph
        >>> str(actorgraph.load().iri("Egypt"))
        'https://w3id.org/actorgraph/id/actor/EGY'
        """
        if isinstance(thing, Source):
            return rdflib.URIRef(self._source_iris().get(thing.id, PREFIXES["source"] + thing.id))
        if isinstance(thing, Claim):
            return rdflib.URIRef(PREFIXES["claim"] + thing.id)
        actor = self.actor(thing)
        return rdflib.URIRef(self._iris.get(actor.id, ACTOR + actor.id))

    # -- claims -------------------------------------------------------------------------
    @_reading
    def claims(
        self,
        subject: str | Actor | None = None,
        relation: Relations = None,
        object: str | Actor | None = None,  # noqa: A002 - the claim field's name
        *,
        as_of=None,
        min_certainty: str | None = None,
        include_subrelations: bool = True,
        stance: str | None = None,
        assume_persistence: bool = False,
    ) -> list[Claim]:
        """Claims matching a subject, relation and object (any may be ``None``), sorted by id.

        Parameters
        ----------
        subject, object : str or Actor, optional
            An actor by id, label or alias.
        relation : str or list of str, optional
            Relation names; each also keeps its sub-relations (``backs`` keeps ``arms``,
            ``trains`` …) unless ``include_subrelations=False``.
        as_of : str or datetime.date, optional
            Keep the claims in force at some time within that date (at its precision). A
            claim's time is anchored to its sources: without a start it holds from when it
            was first reported, without an end until it was last reported (see
            ``assume_persistence``).
        min_certainty : str, optional
            Keep the claims at least this certain (``"probable"`` keeps confirmed and
            probable; aliases such as ``"alleged"`` work).
        include_subrelations : bool
            Follow the relation hierarchy (default), or keep the exact relations.
        stance : {"asserts", "denies"}, optional
            Keep the claims that assert their relation, or those that deny it (default:
            both).
        assume_persistence : bool
            With ``as_of``: a claim without an end holds on after its last report.

        Returns
        -------
        list of Claim

        Raises
        ------
        UnknownNameError
            An unknown actor, relation or certainty.
        DataError
            ``as_of`` is not a date.

        Examples
        --------
        >>> import actorgraph
        >>> g = actorgraph.load()
        >>> sorted({c.subject for c in g.claims(relation="trains", object="LNA")})
        ['IDF']
        """
        keep = ClaimFilter.make(relation=relation, include_subrelations=include_subrelations,
                                as_of=as_of, min_certainty=min_certainty, stance=stance,
                                assume_persistence=assume_persistence)
        published = self._published()
        bindings: dict = {}
        if subject is not None:
            bindings["s"] = self.iri(subject)
        if object is not None:
            bindings["o"] = self.iri(object)
        query = None
        if stance is not None:  # read those only: denials are few among many claims
            bindings["st"], query = rdflib.URIRef(AG + stance), "claims-by-stance"
        found: dict[str, Claim] = {}
        for rel in sorted(keep.relations) if keep.relations is not None else [None]:
            if rel is not None:
                bindings["r"] = rdflib.URIRef(AG + rel)
            for ident, (_, claim) in self._read("claim", bindings, query).items():
                if keep.keeps(claim, published):
                    found[ident] = claim
        return [found[k] for k in sorted(found)]

    @_reading
    def related(
        self,
        name: str | Actor,
        relation: Relations = None,
        direction: str = "out",
        *,
        include_subrelations: bool = True,
        as_of=None,
        min_certainty: str | None = None,
        stance: str | None = "asserts",
        assume_persistence: bool = False,
    ) -> list[Actor]:
        """Actors related to ``name``: ``out`` (name → them), ``in`` (them → name) or ``both``.

        Symmetric relations (fights, allied_with, agreement_with, meets_with) count in
        both directions whatever the direction asked.

        Parameters
        ----------
        name : str or Actor
            The actor, by id, label or alias.
        relation : str or list of str, optional
            As in :meth:`claims`: the hierarchy is followed unless
            ``include_subrelations=False``.
        direction : {"out", "in", "both"}
            Which end ``name`` is at.
        include_subrelations, as_of, min_certainty, assume_persistence
            As in :meth:`claims`.
        stance : {"asserts", "denies"} or None
            The claims that count: asserting ones by default (a denial is no tie); ``denies``
            for the actors said *not* to be related, ``None`` for both.

        Returns
        -------
        list of Actor
            Sorted by label.

        Raises
        ------
        DataError
            ``direction`` is not one of ``out``, ``in``, ``both``.

        Examples
        --------
        >>> import actorgraph
        >>> g = actorgraph.load()
        >>> [a.id for a in g.related("LNA", relation="opposes")]
        ['GNA']
        """
        from ._vocab import RELATIONS

        if direction not in DIRECTIONS:
            raise DataError(f"direction must be one of {', '.join(DIRECTIONS)}, "
                            f"not {direction!r}")
        keep = ClaimFilter.make(relation=relation, include_subrelations=include_subrelations,
                                as_of=as_of, min_certainty=min_certainty, stance=stance,
                                assume_persistence=assume_persistence)
        actor = self.actor(name)
        symmetric = {AG + n for n, r in RELATIONS.items() if r.symmetric}
        own = self.iri(actor)
        published = self._published_by_iri()
        others: set[str] = set()  # IRIs of the actors at the other end
        for end_bound, other_end, way in (("s", "o", "out"), ("o", "s", "in")):
            names, rows = self.store.rows(api_query("links"), {end_bound: own})
            ident, other, rel, certainty, start, end, stance_at, source = _columns(
                names, "id", other_end, "r", "certainty", "start", "end", "stance", "source")
            claims: dict[str, list] = {}
            for row in rows:
                if direction not in (way, "both") and row[rel] not in symmetric:
                    continue
                found = claims.get(row[ident])
                if found is None:
                    claims[row[ident]] = [row, [row[source]]]
                else:
                    found[1].append(row[source])
            for row, sources in claims.values():
                if row[other] in others:
                    continue
                if keep.keeps_row(row[rel][len(AG):], row[certainty], row[start], row[end],
                                  row[stance_at], reported(sources, published)):
                    others.add(row[other])
        others.discard(str(own))
        if self._actors is not None or len(others) > RELATED_ALONE:
            actors = self._load_actors()
            ids = {ident for ident, iri in self._iris.items() if iri in others}
            return [a for i, a in actors.items() if i in ids]
        found = [self._actor_by_iri(iri) for iri in others]
        return sorted((a for a in found if a is not None), key=lambda a: (name_key(a.label), a.id))

    @_reading
    def assess(
        self,
        subject: str | Actor | None = None,
        relation: Relations = None,
        object: str | Actor | None = None,  # noqa: A002 - the claim field's name
        *,
        as_of=None,
        min_certainty: str | None = None,
        include_subrelations: bool = True,
        assume_persistence: bool = False,
    ):
        """How well the sources together support each subject-relation-object: the claims
        for and against it, independent sources, an assessed certainty by a documented rule
        (see :mod:`actorgraph._assess`). Computed, never written over the claims.

        Parameters
        ----------
        subject, relation, object, as_of, min_certainty, include_subrelations, assume_persistence
            As in :meth:`claims`: which claims are weighed.

        Returns
        -------
        list of Assessment
            One per (subject, relation, object), sorted; ``to_dict()`` for JSON.

        Examples
        --------
        >>> import actorgraph
        >>> g = actorgraph.load("tests/data/many-sources")
        >>> [(a.assessed, a.independent_sources, a.claims_against)
        ...  for a in g.assess("Russia", "deploys_forces", "LNA")]
        [('possible', 1, ('m06',))]
        """
        from ._assess import assess
        from ._filter import relation_names

        wanted = relation_names(relation, include_subrelations)
        claims = self.claims(subject, None, object, as_of=as_of, min_certainty=min_certainty,
                             assume_persistence=assume_persistence)
        rows = assess(claims, self._load_sources(), self._load_actors())
        return [a for a in rows if wanted is None or a.relation in wanted]

    # -- SPARQL -------------------------------------------------------------------------
    @_reading
    def query(self, sparql: str, *, allow_service: bool = False, allow_dataset: bool = False,
              timeout: float | None = None, max_rows: int | None = None,
              **bindings) -> QueryResult:
        """Run a SPARQL query with the project's prefixes pre-bound.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query.
        allow_service : bool
            Let the query use ``SERVICE`` (and reach the network). Such a query always has
            a time limit (``SERVICE_TIMEOUT`` seconds unless ``timeout`` is given), and
            each of its connections times out with it.
        allow_dataset : bool
            Let the query use ``FROM`` / ``FROM NAMED``.
        timeout : float, optional
            Seconds the query may run. It runs in a child process that is killed at the
            limit (Oxigraph included, which no signal interrupts); on a SPARQL server the
            wait for the answer is bounded. Default: no limit.
        max_rows : int, optional
            Read at most this many rows (or triples); ``truncated`` on the result says
            whether more were left out. Default: all.
        **bindings
            Values for the query's variables (``lna=g.actor("LNA")``, ``label="Egypt"``),
            bound, never pasted into the text.

        Returns
        -------
        QueryResult

        Raises
        ------
        UnsafeQueryError
            ``SERVICE``, ``FROM``, ``LOAD`` or an update, unless allowed; unless
            ``allow_service`` the query also runs where it cannot open a connection.
        QueryTimeoutError
            The query ran past ``timeout`` and was stopped; no partial result.
        QueryError
            The query is malformed (an undeclared prefix included), or uses ``GRAPH`` on
            the memory store, which has no named graphs.

        Examples
        --------
        >>> import actorgraph
        >>> g = actorgraph.load()
        >>> result = g.query("SELECT ?b WHERE { ?b ag:backs ?x }", x=g.actor("GNA"))
        >>> len(result.rows)
        3
        """
        _limits(timeout, max_rows)
        checked = check_query(sparql, allow_service=allow_service, allow_dataset=allow_dataset)
        terms = {k: self._term(v) for k, v in bindings.items()}
        if allow_service and timeout is None:
            timeout = SERVICE_TIMEOUT
        try:
            return self.store.query(prefixed(checked.text), terms, network=allow_service,
                                    timeout=timeout, max_rows=max_rows)
        except ActorGraphError:
            raise
        except RecursionError:
            raise QueryError("query too complex (recursion limit reached)") from None
        except MemoryError:
            raise QueryError(_OUT_OF_MEMORY.format(kind=self.store.kind)) from None
        except (SyntaxError, ValueError) as exc:
            raise QueryError(str(exc)) from None

    @_reading
    def named_query(self, query_name: str, /, *, timeout: float | None = None,
                    max_rows: int | None = None, **params) -> QueryResult:
        """Run a query shipped with actorgraph (see ``actorgraph query --list``) by name.

        Parameters
        ----------
        query_name : str
            The query's name (``backers``, ``claims-about`` …).
        timeout, max_rows
            As in :meth:`query`.
        **params
            Its parameters by keyword (``actor="LNA"``, ``name="UAE"``), bound by their
            declared type: actors by any of their names, never pasted into the text.

        Returns
        -------
        QueryResult

        Examples
        --------
        >>> import actorgraph
        >>> rows = actorgraph.load().named_query("backers", actor="GNA").rows
        >>> len(rows) > 0
        True
        """
        from ._fieldtypes import normalise_certainty
        from ._filter import certainty_rank, relation_names

        _limits(timeout, max_rows)
        nq = named_query(query_name)
        unknown = set(params) - set(nq.params)
        if unknown:
            raise QueryError(f"query {query_name!r} takes {sorted(nq.params) or 'no parameters'}, "
                             f"not {sorted(unknown)}")
        terms = {}
        for param, value in params.items():
            kind = nq.params[param]
            if kind == "actor":
                terms[param] = self.iri(value)
            elif kind == "relation":
                relation_names(value, False)
                terms[param] = rdflib.URIRef(AG + value)
            elif kind == "certainty":
                certainty_rank(value)
                terms[param] = rdflib.URIRef(AG + normalise_certainty(value))
            else:
                terms[param] = rdflib.Literal(value)
        return self.store.query(prefixed(nq.text), terms, timeout=timeout, max_rows=max_rows)

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
    @_reading
    def to_networkx(self, *, as_of=None, min_certainty: str | None = None,
                    relations: Relations = None, include_subrelations: bool = True,
                    assume_persistence: bool = False):
        """A new ``networkx.MultiDiGraph``: one edge per (subject, relation, object), from the
        claims that assert it (a denial is no edge).

        Parameters
        ----------
        as_of, min_certainty, include_subrelations, assume_persistence
            As in :meth:`claims`.
        relations : str or list of str, optional
            As ``relation`` in :meth:`claims`.

        Returns
        -------
        networkx.MultiDiGraph
            Nodes are actor ids with the actors' fields as attributes. Edge attributes:
            ``relation, sign, family, symmetric, certainty`` (the best grade among its
            claims), ``start`` (earliest; ``None`` if any claim is open-started), ``end``
            (latest; ``None`` if any is open-ended or ends at an unknown time), ``claims`` and ``sources``, and the
            corroboration of :meth:`assess`: ``assessed`` (the assessed certainty),
            ``independent_sources`` and ``disputed``. networkx's writers take no lists
            nor ``None``: write ``actorgraph.writable(G)`` instead
            (``nx.write_gexf(actorgraph.writable(G), path)``).

        Examples
        --------
        >>> import actorgraph
        >>> G = actorgraph.load().to_networkx(relations="trains")
        >>> sorted((u, v) for u, v, _ in G.edges(keys=True))
        [('IDF', 'LNA')]
        """
        import networkx as nx

        keep = ClaimFilter.make(relation=relations, include_subrelations=include_subrelations,
                                as_of=as_of, min_certainty=min_certainty,
                                assume_persistence=assume_persistence).asserting()
        with gc_paused():
            G = nx.MultiDiGraph()
            G.add_nodes_from(self._node_attributes())
            G.add_edges_from((s, o, rel, data) for (s, o, rel), data in self._edges(keep).items())
        return G

    def _node_attributes(self) -> Iterator[tuple[str, dict]]:
        """``(id, attributes)`` of every actor, as networkx nodes."""
        for actor in self._load_actors().values():
            attrs = actor.to_dict()
            del attrs["id"]
            yield actor.id, attrs

    def _edges(self, keep: ClaimFilter) -> dict[tuple[str, str, str], dict]:
        """``(subject, object, relation) -> edge attributes`` (see :meth:`to_networkx`)."""
        from ._vocab import CERTAINTY, RELATIONS

        ranks = {code: c.rank for code, c in CERTAINTY.items()}
        kinds = {name: (r.sign, r.family, r.symmetric) for name, r in RELATIONS.items()}
        published = self._published()
        outlet = outlets(self._load_sources().values())
        edges: dict[tuple[str, str, str], dict] = {}
        known: dict[tuple, object] = {}  # claims share their few sources' span of dates
        for ident, s, rel, o, certainty, start, end, stance, sources in self._claims_of_rows():
            key = tuple(sources)
            span = known.get(key)
            if span is None and key not in known:
                span = known[key] = reported(sources, published)
            if not keep.keeps_row(rel, certainty, start, end, stance, span):
                continue
            if end == UNKNOWN_END:  # not a date to compare: the edge's end is not known
                end = None
            rank = ranks[certainty]
            sign, family, symmetric = kinds[rel]
            if symmetric and o < s:  # one edge for both orientations, its ends in id order
                s, o = o, s
            data = edges.get((s, o, rel))
            if data is None:  # "_open_*": a claim without that date was seen
                data = edges[s, o, rel] = {
                    "relation": rel, "sign": sign, "family": family, "symmetric": symmetric,
                    "certainty": certainty, "start": start, "end": end, "claims": {ident},
                    "sources": set(sources), "_open_start": start is None,
                    "_open_end": end is None, "_outlets": {}}
                _best_by_outlet(data["_outlets"], sources, outlet, rank)
                continue
            _best_by_outlet(data["_outlets"], sources, outlet, rank)
            data["claims"].add(ident)
            data["sources"].update(sources)
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
        denials = self._denials()
        actors = self._load_actors()
        for (s, o, rel), data in edges.items():
            best = data.pop("_outlets")
            against = [d for parent in ancestors(rel)
                       for d in denials.get((s, parent, o), ()) + denials.get((o, parent, s), ())
                       if d.subject == s or data["symmetric"]]
            data["disputed"] = any(lowers(d, actors, outlet, best) for d in against)
            data["assessed"], _ = grade(best, data["disputed"])
            data["independent_sources"] = len(best)
            del data["_open_start"], data["_open_end"]
            data["claims"] = sorted(data["claims"])
            data["sources"] = sorted(data["sources"])
        return edges

    def _denials(self) -> dict[tuple[str, str, str], tuple[Claim, ...]]:
        """``(subject, relation, object) -> denying claims`` (few: read whole)."""
        out: dict[tuple[str, str, str], tuple[Claim, ...]] = {}
        for c in self.claims(stance="denies"):
            out[(c.subject, c.relation, c.object)] = (*out.get((c.subject, c.relation,
                                                                c.object), ()), c)
        return out

    def _claims_of_rows(self) -> Iterator[tuple]:
        """``(id, subject, relation, object, certainty, start, end, stance, sources)`` of
        every claim, from the rows of :meth:`_claim_rows` (one per claim and source)."""
        claims: dict[str, list] = {}
        for row in self._claim_rows():
            found = claims.get(row[0])
            if found is None:
                claims[row[0]] = [*row[:8], [row[8]]]
            else:
                found[8].append(row[8])
        # in id order, so that what is merged (an edge's dates, its orientation) does not
        # depend on the order in which the store returns the claims
        return (claims[k] for k in sorted(claims))

    def _claim_rows(self) -> Iterator[tuple[str, ...]]:
        """``(id, subject, relation, object, certainty, start, end, stance, source)`` for
        every claim and each of its sources; actors and sources by id (their IRIs mapped
        here, not joined in SPARQL)."""
        self._load_actors()
        ids = {iri: ident for ident, iri in self._iris.items()}
        ids.update({iri: ident for ident, iri in self._source_iris().items()})
        names, rows = self.store.rows(api_query(
            "edges-by-scans" if self.store.scans_beat_lookups else "edges"))
        columns = _columns(names, "id", "subject", "relation", "object", "certainty", "start",
                           "end", "stance", "source")
        unknown: list[tuple] = []
        yield from _named(rows, columns, ids, unknown)
        if unknown:  # not declared as actors or sources: named by dcterms:identifier alone
            wanted = [row[i] for row in unknown for i in (columns[1], columns[3], columns[8])]
            ids.update(self._identifiers(wanted))
            yield from _named(unknown, columns, ids, [])

    @_reading
    def signed_graph(self, *, as_of=None, min_certainty: str | None = None,
                     relations: Relations = None, include_subrelations: bool = True,
                     assume_persistence: bool = False):
        """An undirected ``networkx.Graph`` over actors with ``sign`` +1/-1 per related pair.

        Built from the claims by each relation's sign in the ontology (0-sign relations
        such as ``leads`` or ``meets_with`` are left out). **Rule for a conflict**: the sign
        whose best claim is more certain wins; at equal certainty, the sign of the most
        recent claim (latest start or end) wins; if still tied, the pair counts as hostile
        (-1), the cautious reading. Conflicts are reported, never merged silently: see
        :func:`actorgraph.analysis.contradictions`.

        Parameters
        ----------
        as_of, min_certainty, relations, include_subrelations, assume_persistence
            As in :meth:`to_networkx`; only asserting claims count.

        Returns
        -------
        networkx.Graph
            Each edge carries ``sign``, ``claims`` (the ids behind it), ``positive`` and
            ``negative`` (the ids of each sign), ``conflict`` and ``relations``.

        Examples
        --------
        >>> import actorgraph
        >>> S = actorgraph.load().signed_graph()
        >>> S.edges["EGY", "LNA"]["sign"], S.edges["LNA", "GNA"]["sign"]
        (1, -1)
        """
        from ._signed import signed_projection

        keep = ClaimFilter.make(relation=relations, include_subrelations=include_subrelations,
                                as_of=as_of, min_certainty=min_certainty,
                                assume_persistence=assume_persistence).asserting()
        return signed_projection(self, keep)

    @_reading
    def snapshots(self, freq: str = "year", *, min_certainty: str | None = None,
                  relations: Relations = None, include_subrelations: bool = True):
        """Yield ``(period, signed graph)`` per year (or month) that the claims span.

        Parameters
        ----------
        freq : {"year", "month"}
            The length of a period.
        min_certainty, relations, include_subrelations
            As in :meth:`signed_graph`.

        Yields
        ------
        (str, networkx.Graph)
            The period (``"2019"`` or ``"2019-08"``) and :meth:`signed_graph` ``as_of`` it.

        Examples
        --------
        >>> import actorgraph
        >>> periods = [p for p, _ in actorgraph.load().snapshots()]
        >>> periods[0], periods[-1]
        ('2018', '2019')
        """
        from ._signed import snapshots

        keep = ClaimFilter.make(relation=relations, include_subrelations=include_subrelations,
                                min_certainty=min_certainty).asserting()
        return snapshots(self, freq, keep)

    # -- output ---------------------------------------------------------------------------
    @_reading
    def export(self, path: str | Path, format: str | None = None) -> Path:  # noqa: A002
        """Write the graph to ``path``: Turtle, N-Triples, compact JSON-LD, GraphML, GEXF 1.3
        or CSV (a row per claim, and a node table beside it). See ``docs/exports.md``.

        Parameters
        ----------
        path : str or Path
            Where to write; the format comes from its suffix (``.ttl``, ``.nt``,
            ``.jsonld``, ``.graphml``, ``.gexf``, ``.csv``) unless ``format`` is given.
        format : str, optional
            ``turtle``, ``nt``, ``json-ld``, ``graphml``, ``gexf`` or ``csv``.

        Returns
        -------
        Path
            The path written (for CSV, the claims; the node table is ``NAME.nodes.csv``).
            The write is atomic: a failure leaves any previous file intact. The file gets
            the mode of any new file under the umask; folders missing above it are made.

        Examples
        --------
        >>> import actorgraph, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "libya.ttl"
        >>> actorgraph.load().export(out).stat().st_size > 0
        True
        """
        from ._export import export

        return export(self, Path(path), format)

    @_reading
    def to_pandas(self, table: str = "claims"):
        """A pandas DataFrame of the claims, actors, sources or edges (pandas is optional).

        Parameters
        ----------
        table : {"claims", "actors", "sources", "edges"}
            ``edges`` are those of :meth:`to_networkx` (one per subject, relation, object).

        Returns
        -------
        pandas.DataFrame
            One row per record, a column per field. Dates are ``datetime64`` (a start at
            the first day of its period, an end at the last), each with a ``…_precision``
            column (``year``, ``month``, ``day``); certainty is an ordered category.

        Raises
        ------
        ActorGraphError
            pandas is not installed, or ``table`` is unknown.

        Examples
        --------
        >>> import actorgraph
        >>> claims = actorgraph.load().to_pandas("claims")
        >>> claims["start"].dtype.kind, claims["certainty"].cat.ordered
        ('M', True)
        """
        from ._frames import to_pandas

        return to_pandas(self, table)

    @_reading
    def render_html(
        self,
        *,
        focus: str | Actor | None = None,
        depth: int | None = None,
        as_of=None,
        relations: Relations = None,
        include_subrelations: bool = True,
        min_certainty: str | None = None,
        stance: str | None = None,
        assume_persistence: bool = False,
        color_by: str = "kind",
        title: str | None = None,
        seed: int = 0,
    ) -> str:
        """The interactive HTML page of the graph, as a string (see :meth:`render`).

        Parameters
        ----------
        focus, depth, as_of, relations, include_subrelations, min_certainty, stance
            As in :meth:`render`.
        assume_persistence, color_by, title, seed
            As in :meth:`render`.

        Returns
        -------
        str

        Examples
        --------
        >>> import actorgraph
        >>> actorgraph.load().render_html(focus="LNA").startswith("<!DOCTYPE html>")
        True
        """
        from ._render import render_html

        keep = ClaimFilter.make(relation=relations, include_subrelations=include_subrelations,
                                as_of=as_of, min_certainty=min_certainty, stance=stance,
                                assume_persistence=assume_persistence)
        camps = frustrated = None
        if color_by == "camp":
            from .analysis import alliance_camps

            result = alliance_camps(self, as_of=as_of, min_certainty=min_certainty)
            camps = dict(result.membership)
            frustrated = {frozenset((u, v)) for u, v, *_ in result.frustrated}
        elif color_by != "kind":
            raise DataError(f"color_by must be 'kind' or 'camp', not {color_by!r}")
        from ._assess import assess

        claims = self.claims()
        # the assessments weigh what assess(as_of=, min_certainty=) would, taken from the
        # claims already read rather than by reading every claim a second time
        weighed = ClaimFilter.make(as_of=as_of, min_certainty=min_certainty)
        published = self._published()
        assessed = assess([c for c in claims if weighed.keeps(c, published)],
                          self._load_sources(), self._load_actors())
        return render_html(
            self.actors(), claims, self.sources(),
            title=title or f"actorgraph: {self.dataset or 'graph'}",
            focus=self.actor(focus).id if focus is not None else None, depth=depth,
            claim_filter=keep, color_by=color_by, camps=camps, frustrated=frustrated,
            seed=seed, assessments={(a.subject, a.relation, a.object): a.to_dict()
                                    for a in assessed},
        )

    @_reading
    def render(
        self,
        path: str | Path,
        *,
        focus: str | Actor | None = None,
        depth: int | None = None,
        as_of=None,
        relations: Relations = None,
        include_subrelations: bool = True,
        min_certainty: str | None = None,
        stance: str | None = None,
        assume_persistence: bool = False,
        color_by: str = "kind",
        title: str | None = None,
        seed: int = 0,
    ) -> Path:
        """Write the interactive network to ``path``: one self-contained, offline HTML file.

        Parameters
        ----------
        path : str or Path
            The HTML file to write (atomically; nothing is written anywhere else), in
            folders made if missing.
        focus : str or Actor, optional
            Show only the neighbourhood of this actor ...
        depth : int, optional
            ... this many hops around it (default 1).
        as_of, relations, include_subrelations, min_certainty, assume_persistence
            As in :meth:`to_networkx`; the page's own filters start there.
        stance : {"asserts", "denies"}, optional
            Show only asserting claims, or only denials (default: both, denials drawn apart,
            with a toggle).
        color_by : {"kind", "camp"}
            Colour actors by kind, or by the camps of :func:`actorgraph.analysis.camps`
            (frustrated edges marked).
        title : str, optional
            The page's title.
        seed : int
            The layout's seed (the same seed, the same picture).

        Returns
        -------
        Path
            The path written.

        Examples
        --------
        >>> import actorgraph, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "lna.html"
        >>> actorgraph.load().render(out, focus="LNA", depth=2).suffix
        '.html'
        """
        from ._render import write_html

        if Path(path).suffix.lower() not in (".html", ".htm"):
            raise DataError(f"{path}: render writes an HTML page; give a path ending in .html")
        write_html(path, self.render_html(
            focus=focus, depth=depth, as_of=as_of, relations=relations,
            include_subrelations=include_subrelations, min_certainty=min_certainty,
            stance=stance, assume_persistence=assume_persistence, color_by=color_by,
            title=title, seed=seed))
        return Path(path)

    @_reading
    def show(self, *, height: int = 640, focus: str | Actor | None = None,
             depth: int | None = None, as_of=None, relations: Relations = None,
             include_subrelations: bool = True, min_certainty: str | None = None,
             stance: str | None = None, assume_persistence: bool = False,
             color_by: str = "kind", title: str | None = None, seed: int = 0):
        """Show the interactive network inline in Jupyter, JupyterLab, VS Code or Colab.

        Parameters
        ----------
        height : int
            The cell's height in pixels.
        focus, depth, as_of, relations, include_subrelations, min_certainty, stance
            As in :meth:`render`.
        assume_persistence, color_by, title, seed
            As in :meth:`render`.

        Returns
        -------
        NotebookView
            An object the notebook displays.

        Examples
        --------
        >>> import actorgraph
        >>> view = actorgraph.load().show(focus="LNA")
        """
        from ._render import NotebookView

        return NotebookView(self.render_html(
            focus=focus, depth=depth, as_of=as_of, relations=relations,
            include_subrelations=include_subrelations, min_certainty=min_certainty,
            stance=stance, assume_persistence=assume_persistence, color_by=color_by,
            title=title, seed=seed), height=height)

    @_reading
    def info(self) -> dict:
        """A summary of the graph.

        Returns
        -------
        dict
            ``dataset``, ``store``, ``triples`` (counted by the store), the numbers of
            ``actors``, ``sources`` and ``claims``, and claims by ``relations`` and
            ``certainty``, actors by ``kinds``.

        Examples
        --------
        >>> import actorgraph
        >>> actorgraph.load().info()["claims"] > 0
        True
        """
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
            "stance": dict(Counter(r[7] for r in claims).most_common()),
            "kinds": dict(Counter(a.kind for a in self.actors()).most_common()),
        }


def _best_by_outlet(best: dict[str, int], sources, outlet: dict[str, str], rank: int) -> None:
    """Record, for each outlet among ``sources``, the best rank it gives an edge."""
    for source in sources:
        group = outlet.get(source, source)
        if rank < best.get(group, 99):
            best[group] = rank


def _named(rows: Iterable[tuple], columns: tuple[int, ...], ids: dict[str, str],
           unknown: list[tuple]) -> Iterator[tuple]:
    """Claim rows as ``(id, subject, relation, object, certainty, start, end, stance,
    source)``, their actors and source by id (``ids``: IRI -> id); a row naming an IRI that
    is not in ``ids`` is put in ``unknown`` instead."""
    c_id, c_s, c_rel, c_o, c_cert, c_start, c_end, c_stance, c_src = columns
    for row in rows:
        s, o, source = ids.get(row[c_s]), ids.get(row[c_o]), ids.get(row[c_src])
        if s is None or o is None or source is None:
            unknown.append(row)
        else:
            yield (row[c_id], s, row[c_rel], o, row[c_cert], row[c_start], row[c_end],
                   row[c_stance], source)
