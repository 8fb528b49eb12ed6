"""``actorgraph.validate``: the loader's checks, then the SHACL shapes, mapped to file:line:field.

Besides the problems (what makes data wrong: ``ok`` is false), it reports **warnings**: what
may be right but deserves a look, each naming both lines where it involves two records —
ids that differ only in case (``EGY``, ``egy``), actor names that look alike (the same UTS #39
skeleton: ``Hamas`` and ``Hаmas`` with a Cyrillic ``а``), a cycle of ``part_of`` claims (a
reorganisation can make one over time; otherwise one claim is wrong), and what the loader
warned about (bidirectional controls in text). Two actors with the *same* name (as
:meth:`Graph.actor` compares names: case, Unicode normalisation, tatweel and spaces aside) are
a problem: one name must find one actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._exceptions import LoadError, Problem

__all__ = ["ValidationReport", "hierarchy_cycles", "near_duplicates", "shacl_problems",
           "validate"]

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class ValidationReport:
    """What :func:`validate` found: ``ok`` when there is no problem at all."""

    dataset: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    #: what may be right but deserves a look (see the module documentation); not in ``ok``
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            text = f"{self.dataset}: valid ({self.counts.get('actors', 0)} actors, " \
                   f"{self.counts.get('sources', 0)} sources, {self.counts.get('claims', 0)} claims)"
        else:
            text = f"{self.dataset}: {len(self.problems)} problem(s)\n" + "\n".join(
                f"  {p}" for p in self.problems)
        if self.warnings:
            text += f"\n{len(self.warnings)} warning(s)\n" + "\n".join(
                f"  warning: {w}" for w in self.warnings)
        return text


def shacl_problems(graph) -> list[Problem]:
    """Run ``ontology/shapes.ttl`` over the graph; one :class:`Problem` per violation."""
    import pyshacl
    import rdflib

    from ._resources import ontology_path

    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    data = rdflib.Graph()
    for triple in graph.rdf:
        data.add(triple)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=True)
    sh = rdflib.Namespace(SH)
    origins = getattr(graph, "origins", {})
    ids = {}
    for prefix in ("actor", "claim", "source"):
        base = f"https://w3id.org/actorgraph/id/{prefix}/"
        for node in set(data.subjects()):
            if isinstance(node, rdflib.URIRef) and str(node).startswith(base):
                ids[node] = (prefix, str(node)[len(base):])
    seen, problems = set(), []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if (None, sh.detail, result) in report:
            continue
        focus = report.value(result, sh.focusNode)
        shape = report.value(result, sh.sourceShape)
        column = shapes.value(shape, sh.name) if shape is not None else None
        message = str(report.value(result, sh.resultMessage) or "violates a shape")
        value = report.value(result, sh.value)
        kind, ident = ids.get(focus, ("node", str(focus)))
        file, line = origins.get((kind, ident), (None, None))
        key = (str(focus), str(column), message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(file or "(graph)", line, str(column) if column else None,
                                message, value=None if value is None else str(value),
                                record=None if line else f"{kind} {ident!r}"))
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))


def shared_names(graph) -> list[Problem]:
    """Two actors (or more) that share a name — a label or an alias, compared as
    :meth:`Graph.actor` compares them: ``actor(name)`` could not tell them apart. One problem
    per actor, on its line, naming the others and their lines."""
    from collections import defaultdict

    from ._fieldtypes import name_key

    actors = graph.actors()
    holders: dict[str, dict[str, str]] = defaultdict(dict)
    for actor in actors:
        for name in (actor.label, *actor.aliases):
            holders[name_key(name)].setdefault(actor.id, name)
    origins = graph.origins or {}
    problems = []
    for key in sorted(holders):
        found = holders[key]
        if len(found) < 2:
            continue
        for ident, name in found.items():
            file, line = origins.get(("actor", ident), (None, None))
            others = [f"{o} ({_place(*origins.get(('actor', o), ('(graph)', None)))})"
                      for o in found if o != ident]
            problems.append(Problem(
                file or "(graph)", line, "label" if name == graph.actor(ident).label
                else "aliases", f"actor {ident!r} shares the name {name!r} with "
                f"{', '.join(others)}", "give each actor names of its own, or merge them",
                record=None if line else f"actor {ident!r}"))
    return problems


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _where(origins, kind: str, ident: str) -> tuple[str, int | None]:
    return origins.get((kind, ident), ("(graph)", None))


def _warning(origins, kind: str, ident: str, field_: str, message: str, hint: str) -> str:
    file, line = _where(origins, kind, ident)
    return str(Problem(file, line, field_, message, hint,
                       record=None if line else f"{kind} {ident!r}"))


def near_duplicates(graph) -> list[str]:
    """Warnings for actor and source ids that differ only in case, and for actors whose names
    look alike (the same UTS #39 skeleton) without being the same name; each on the line of
    one record, naming the other and its line."""
    from collections import defaultdict

    from ._fieldtypes import name_key
    from ._unicode import scripts, skeleton

    origins = graph.origins or {}
    warnings = []
    for kind, records in (("actor", graph.actors()), ("source", graph.sources())):
        by_case: dict[str, list[str]] = defaultdict(list)
        for record in records:
            by_case[record.id.casefold()].append(record.id)
        for ids in by_case.values():
            for ident in ids[1:]:
                first = ids[0]
                warnings.append(_warning(
                    origins, kind, ident, "id", f"{kind} id {ident!r} differs from {first!r} "
                    f"({_place(*_where(origins, kind, first))}) only in case",
                    "ids are case-sensitive, so these are two records: merge them or rename one"))
    looks: dict[str, dict[str, str]] = defaultdict(dict)
    for actor in graph.actors():
        for name in (actor.label, *actor.aliases):
            key = " ".join(skeleton(name.replace("\u0640", "")).casefold().split())
            looks[key].setdefault(actor.id, name)
    for found in looks.values():
        if len(found) < 2 or len({name_key(n) for n in found.values()}) < 2:
            continue  # one actor, or the same name: shared_names reports it
        (first, first_name), *others = found.items()
        for ident, name in others:
            mixed = [s for s in (scripts(name), scripts(first_name)) if len(s) > 1]
            why = f" (it mixes {' and '.join(mixed[0])} letters)" if mixed else ""
            field_ = "label" if name == graph.actor(ident).label else "aliases"
            warnings.append(_warning(
                origins, "actor", ident, field_, f"actor {ident!r} is named {name!r}, which "
                f"looks like {first_name!r} of {first!r} "
                f"({_place(*_where(origins, 'actor', first))}){why}",
                "if they are one actor, merge them; if a letter was typed from another "
                "script, retype it"))
    return warnings


def hierarchy_cycles(graph) -> list[str]:
    """A warning for each cycle of asserting ``part_of`` claims (A part of B, B part of A),
    on the line of its first claim, naming every claim of the cycle and its line. Queries
    over the hierarchy still end (SPARQL property paths and networkx handle cycles)."""
    import networkx as nx

    origins = graph.origins or {}
    G = nx.DiGraph()
    for claim in graph.claims(relation="part_of", stance="asserts"):
        if G.has_edge(claim.subject, claim.object):
            G[claim.subject][claim.object]["claims"].append(claim.id)
        else:
            G.add_edge(claim.subject, claim.object, claims=[claim.id])
    warnings = []
    for component in sorted(nx.strongly_connected_components(G), key=min):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(G.subgraph(component), source=min(component))
        claims = [min(G[s][o]["claims"]) for s, o in cycle]
        path = " -> ".join([cycle[0][0], *(o for _, o in cycle)])
        listed = ", ".join(f"{c} ({_place(*_where(origins, 'claim', c))})" for c in claims)
        warnings.append(_warning(
            origins, "claim", claims[0], "object", f"part_of claims make a cycle: {path} "
            f"(claims {listed})", "if the claims are of different times (a reorganisation), "
            "date them; otherwise one of them is wrong"))
    return warnings


def validate(path=None, *, shacl: bool = True) -> ValidationReport:
    """Check a dataset (default: the bundled one), or several merged, with the loader, the
    SHACL shapes, and for actors that share a name.

    Parameters
    ----------
    path : str or Path, or a list of them, optional
        What :func:`actorgraph.load` takes.
    shacl : bool
        Run the SHACL shapes too (slower).

    Returns
    -------
    ValidationReport
        ``ok`` when there is no problem; each problem with file, line and field.

    Examples
    --------
    >>> import actorgraph
    >>> report = actorgraph.validate()
    >>> report.ok, report.counts["claims"] > 0
    (True, True)
    """
    from ._load import load

    if path is None:
        name = "libya-2019"
    elif isinstance(path, (str, Path)):
        name = str(path)
    else:
        name = " + ".join(str(p) for p in path)
    try:
        graph = load(path, store="memory")
    except LoadError as exc:
        return ValidationReport(name, list(exc.problems) or [Problem(name, None, None, str(exc))])
    info = graph.info()
    report = ValidationReport(name, counts={k: info[k] for k in ("actors", "sources", "claims")},
                              warnings=list(graph.warnings))
    report.problems.extend(shared_names(graph))
    report.warnings.extend(near_duplicates(graph))
    report.warnings.extend(hierarchy_cycles(graph))
    if shacl:
        report.problems.extend(shacl_problems(graph))
    return report
