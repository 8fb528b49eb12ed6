"""Export a graph in the formats other tools open without fixing.

- RDF: Turtle and N-Triples from the store; JSON-LD **compact**, with its ``@context``
  inline (nothing to fetch), keys such as ``label`` and ``relation`` instead of full IRIs.
- **GEXF 1.3** (Gephi): an edge per (subject, relation, object) labelled with the relation,
  undirected where the relation is symmetric, its time as **spells** of ``xsd:date`` values
  (``timeformat="date"``): a relation that stopped and resumed has one spell per period.
- **GraphML** (yEd, Cytoscape, igraph, networkx): unique edge ids, attributes as text,
  numbers and booleans.
- **CSV**: one row per claim (labels, relation, dates, certainty, stance, quote or evidence,
  sources), as i2 Analyst's Notebook, Maltego and a spreadsheet import it, and a node table
  beside it (``NAME.nodes.csv``). UTF-8 with a byte-order mark (so that Excel reads it as
  UTF-8); numbers stay numbers; only text cells are guarded against formulas.

Every file is written atomically (a temporary file renamed into place) with the mode any
new file gets under the process's umask; folders missing above it are made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ._atomic import atomic_path, make_parents
from ._csvcell import spreadsheet_safe
from ._exceptions import ExportError
from ._progress import counting

__all__ = ["FORMATS", "export", "spells", "writable"]

FORMATS = {
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
    ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv",
}
GEXF_NS = "http://gexf.net/1.3"


# -- networkx graphs that networkx's own writers accept ----------------------------------------

def _scalar(value):
    """A value GraphML and GEXF can hold: several values joined with '|'."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(str(v) for v in value)
    return value


def writable(G):
    """A copy of ``G`` (from :meth:`Graph.to_networkx`) that ``networkx.write_gexf`` and
    ``networkx.write_graphml`` accept: several values joined with ``|`` (``claims``,
    ``sources``, ``aliases``), no ``None`` values (an absent date is no attribute), and, in
    a multigraph, a unique key per edge (``SUBJECT--relation--OBJECT``) so that GraphML's
    edge ids are unique.

    >>> import actorgraph, networkx as nx, io
    >>> G = writable(actorgraph.load().to_networkx())
    >>> buffer = io.BytesIO(); nx.write_gexf(G, buffer); nx.write_graphml(G, buffer)
    >>> len({k for *_, k in G.edges(keys=True)}) == G.number_of_edges()
    True
    """
    H = G.__class__()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, {k: _scalar(x) for k, x in d.items() if x is not None})
                     for n, d in G.nodes(data=True))
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, d in edges:
        data = {k: _scalar(x) for k, x in d.items() if x is not None}
        if G.is_multigraph():
            H.add_edge(u, v, key=f"{u}--{key}--{v}", **data)
        else:
            H.add_edge(u, v, **data)
    return H


# -- time -------------------------------------------------------------------------------------

def spells(intervals: Iterable[tuple[dt.date | None, dt.date | None]]
           ) -> list[tuple[dt.date | None, dt.date | None]]:
    """The periods covered by ``intervals`` (``None``: open), overlapping or adjacent ones
    merged: a relation that stopped and resumed has several.

    >>> d = dt.date
    >>> spells([(d(2019, 4, 1), d(2019, 4, 30)), (d(2019, 8, 1), d(2019, 8, 31)),
    ...         (d(2019, 4, 20), d(2019, 5, 1))])
    [(datetime.date(2019, 4, 1), datetime.date(2019, 5, 1)), (datetime.date(2019, 8, 1), datetime.date(2019, 8, 31))]
    >>> spells([(None, d(2015, 1, 1)), (d(2014, 6, 1), None)])
    [(None, None)]
    """
    ordered = sorted(intervals, key=lambda i: i[0] or dt.date.min)
    merged: list[list] = []
    for first, last in ordered:
        if merged:
            current = merged[-1]
            if current[1] is None or first is None or first <= current[1] + dt.timedelta(days=1):
                if current[1] is not None and (last is None or last > current[1]):
                    current[1] = last
                continue
        merged.append([first, last])
    return [(a, b) for a, b in merged]


# -- what every table export needs ------------------------------------------------------------

class _Tables:
    """The actors, sources and asserting claims of a graph, with labels, read once."""

    def __init__(self, graph) -> None:
        from ._vocab import CERTAINTY, RELATIONS

        self.relations, self.certainty = RELATIONS, CERTAINTY
        self.actors = {a.id: a for a in graph.actors()}
        self.sources = {s.id: s for s in graph.sources()}
        self.published = {s.id: s.published for s in self.sources.values()}
        self.claims = graph.claims()

    def label(self, ident: str) -> str:
        actor = self.actors.get(ident)
        return actor.label if actor is not None else ident

    def interval(self, claim) -> tuple[dt.date | None, dt.date | None]:
        """When the claim is in force, anchored to its sources (the project's rule)."""
        from ._filter import ClaimFilter, reported

        return ClaimFilter().interval(claim.start, claim.end,
                                      reported(claim.sources, self.published))

    def edges(self) -> dict[tuple[str, str, str], list]:
        """``(subject, relation, object) -> asserting claims``; a symmetric relation's
        claims both ways are one edge."""
        edges: dict[tuple[str, str, str], list] = {}
        for claim in self.claims:
            if claim.stance != "asserts":
                continue
            s, o = claim.subject, claim.object
            if self.relations[claim.relation].symmetric and (o, claim.relation, s) in edges:
                s, o = o, s
            edges.setdefault((s, claim.relation, o), []).append(claim)
        return edges


# -- CSV --------------------------------------------------------------------------------------

def _text(value) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    text = "|".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return spreadsheet_safe(text)


CLAIM_COLUMNS = ("claim_id", "subject_id", "subject", "subject_kind", "relation",
                 "relation_label", "object_id", "object", "object_kind", "sign", "symmetric",
                 "start", "end", "certainty", "certainty_rank", "stance", "quote", "evidence",
                 "attributed_to", "via", "place", "sources", "source_titles", "reliability",
                 "note")
NODE_COLUMNS = ("id", "label", "kind", "aliases", "country", "wikidata", "wikidata_url",
                "identifiers", "description", "claims")


def _csv_bytes(columns: tuple[str, ...], rows: Iterable[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as Excel and i2 write it
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _claim_rows(t: _Tables):
    for c in counting(t.claims, "CSV", "claims"):
        relation = t.relations[c.relation]
        sources = [t.sources[s] for s in c.sources if s in t.sources]
        grades = sorted(s.reliability for s in sources if s.reliability)
        subject, obj = t.actors.get(c.subject), t.actors.get(c.object)
        yield [_text(c.id), _text(c.subject), _text(t.label(c.subject)),
               _text(subject.kind if subject else ""), _text(c.relation),
               _text(relation.label), _text(c.object), _text(t.label(c.object)),
               _text(obj.kind if obj else ""), relation.sign, "TRUE" if relation.symmetric else "FALSE",
               _text(c.start), _text(c.end), _text(c.certainty),
               t.certainty[c.certainty].rank, _text(c.stance), _text(c.quote),
               _text(c.evidence), _text(c.attributed_to),
               _text([t.label(v) for v in c.via]), _text(c.place), _text(c.sources),
               _text([s.title for s in sources]), _text(grades[0] if grades else ""),
               _text(c.note)]


def _node_rows(t: _Tables):
    counts: dict[str, int] = {}
    for c in t.claims:
        for ident in {c.subject, c.object, *c.via}:
            counts[ident] = counts.get(ident, 0) + 1
    for a in sorted(t.actors.values(), key=lambda a: a.id):
        yield [_text(a.id), _text(a.label), _text(a.kind), _text(a.aliases), _text(a.country),
               _text(a.wikidata),
               _text(f"http://www.wikidata.org/entity/{a.wikidata}" if a.wikidata else ""),
               _text(a.identifiers), _text(a.description), counts.get(a.id, 0)]


def nodes_path(path: Path) -> Path:
    """The node table written beside a claims CSV: ``libya.csv`` -> ``libya.nodes.csv``."""
    return path.with_name(f"{path.stem}.nodes{path.suffix}")


def _write_csv(graph, path: Path) -> None:
    t = _Tables(graph)
    claims = _csv_bytes(CLAIM_COLUMNS, _claim_rows(t))
    nodes = _csv_bytes(NODE_COLUMNS, _node_rows(t))
    with atomic_path(nodes_path(path)) as tmp:
        tmp.write_bytes(nodes)
    with atomic_path(path) as tmp:
        tmp.write_bytes(claims)


# -- GEXF 1.3 ---------------------------------------------------------------------------------

_NODE_ATTRIBUTES = (("kind", "string"), ("country", "string"), ("wikidata", "string"),
                    ("aliases", "string"), ("identifiers", "string"),
                    ("description", "string"))
_EDGE_ATTRIBUTES = (("relation", "string"), ("sign", "integer"), ("family", "string"),
                    ("certainty", "string"), ("certainty_rank", "integer"),
                    ("claims", "string"), ("sources", "string"))


def _attvalues(values: list[tuple[str, object]]) -> str:
    cells = "".join(f"<attvalue for={quoteattr(k)} value={quoteattr(str(v))}/>"
                    for k, v in values if v not in (None, "", ()))
    return f"<attvalues>{cells}</attvalues>" if cells else ""


def _declare(kind: str, attributes) -> str:
    return (f'<attributes class="{kind}" mode="static">'
            + "".join(f"<attribute id={quoteattr(name)} title={quoteattr(name)} "
                      f'type="{type_}"/>' for name, type_ in attributes)
            + "</attributes>")


def _gexf_lines(graph):
    t = _Tables(graph)
    edges = t.edges()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (f'<gexf xmlns="{GEXF_NS}" version="1.3">\n'
           f"<meta><creator>actorgraph</creator>"
           f"<description>{_escape(f'actorgraph: {graph.dataset}')}</description></meta>\n"
           '<graph mode="dynamic" defaultedgetype="directed" timeformat="date" '
           'timerepresentation="interval">\n')
    yield _declare("node", _NODE_ATTRIBUTES) + "\n" + _declare("edge", _EDGE_ATTRIBUTES) + "\n"
    yield f'<nodes count="{len(t.actors)}">\n'
    for a in sorted(t.actors.values(), key=lambda a: a.id):
        values = [("kind", a.kind), ("country", a.country), ("wikidata", a.wikidata),
                  ("aliases", "|".join(a.aliases)), ("identifiers", "|".join(a.identifiers)),
                  ("description", a.description)]
        yield f"<node id={quoteattr(a.id)} label={quoteattr(a.label)}>{_attvalues(values)}</node>\n"
    yield f'</nodes>\n<edges count="{len(edges)}">\n'
    for n, ((s, rel, o), claims) in enumerate(counting(sorted(edges.items()), "GEXF", "edges")):
        relation = t.relations[rel]
        best = min(t.certainty[c.certainty].rank for c in claims)
        values = [("relation", rel), ("sign", relation.sign), ("family", relation.family),
                  ("certainty", next(code for code, g in t.certainty.items() if g.rank == best)),
                  ("certainty_rank", best), ("claims", "|".join(sorted(c.id for c in claims))),
                  ("sources", "|".join(sorted({x for c in claims for x in c.sources})))]
        periods = spells(t.interval(c) for c in claims)
        spell = "".join(
            "<spell" + (f' start="{a.isoformat()}"' if a else "")
            + (f' end="{b.isoformat()}"' if b else "") + "/>" for a, b in periods
            if a is not None or b is not None)
        yield (f'<edge id="e{n}" source={quoteattr(s)} target={quoteattr(o)} '
               f'label={quoteattr(relation.label)} kind={quoteattr(rel)} '
               f'type="{"undirected" if relation.symmetric else "directed"}" '
               f'weight="{len(claims)}">{_attvalues(values)}'
               + (f"<spells>{spell}</spells>" if spell else "") + "</edge>\n")
    yield "</edges>\n</graph>\n</gexf>\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_gexf(graph, path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.writelines(_gexf_lines(graph))


# -- GraphML ----------------------------------------------------------------------------------

def _write_graphml(graph, path: Path) -> None:
    import networkx as nx

    from ._vocab import RELATIONS

    G = writable(graph.to_networkx())
    for *_, data in G.edges(keys=True, data=True):
        data["label"] = RELATIONS[data["relation"]].label
    with atomic_path(path) as tmp:
        nx.write_graphml(G, tmp)


# -- JSON-LD ----------------------------------------------------------------------------------

def jsonld_context() -> dict:
    """The inline ``@context`` of actorgraph's JSON-LD: the namespaces, and a key for each
    field of the schema (its CSV column), IRIs where the field refers to a record or a term
    of the vocabulary. Relations, certainty grades and stances read as their codes
    (``"relation": "backs"``)."""
    from ._fieldtypes import TYPES
    from ._schema import FIELDS, NS

    context: dict = {"@vocab": NS["ag"], **{p: ns for p, ns in NS.items() if p != "id"},
                     "actor": f"{NS['id']}actor/", "claim": f"{NS['id']}claim/",
                     "source": f"{NS['id']}source/"}
    for fields in FIELDS.values():
        for f in fields:
            if f.name == "id":
                key = "identifier"
            elif f.predicate == f"{NS['rdf']}type":
                continue  # an actor's kind is its @type
            else:
                key = f.name
            if key in context and context[key] != f.predicate and (
                    not isinstance(context[key], dict) or context[key]["@id"] != f.predicate):
                raise ExportError(f"JSON-LD context: {key!r} names two properties")
            term: dict = {"@id": f.predicate}
            if TYPES[f.type].iri:
                term["@type"] = "@vocab" if f.type in ("relation", "certainty", "stance") \
                    else "@id"
            if f.multi:
                term["@container"] = "@set"
            context[key] = term
    return context


def _write_jsonld(graph, path: Path) -> None:
    from ._store._memory import new_graph

    data = new_graph()
    for triple in graph.rdf:
        data.add(triple)
    text = data.serialize(format="json-ld", context=jsonld_context(), auto_compact=True,
                          indent=1)
    document = json.loads(text)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")


# -- dispatch ---------------------------------------------------------------------------------

def export(graph, path: Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically in ``fmt`` (default: from the suffix)."""
    path = Path(path)
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in set(FORMATS.values()):
        raise ExportError(f"{path}: unknown export format {fmt or path.suffix!r}; use one of "
                          f"{', '.join(sorted(set(FORMATS.values())))} or a suffix "
                          f"{', '.join(FORMATS)}")
    make_parents(path)
    if fmt in ("turtle", "nt"):
        with atomic_path(path) as tmp:
            graph.store.dump(tmp, fmt)
    elif fmt == "json-ld":
        _write_jsonld(graph, path)
    elif fmt == "csv":
        _write_csv(graph, path)
    elif fmt == "gexf":
        _write_gexf(graph, path)
    else:
        _write_graphml(graph, path)
    return path
