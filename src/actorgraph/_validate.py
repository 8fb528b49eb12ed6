"""``actorgraph.validate``: the loader's checks, then the SHACL shapes, mapped to file:line:field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._exceptions import LoadError, Problem

__all__ = ["ValidationReport", "shacl_problems", "validate"]

SH = "http://www.w3.org/ns/shacl#"


@dataclass
class ValidationReport:
    """What :func:`validate` found: ``ok`` when there is no problem at all."""

    dataset: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return f"{self.dataset}: valid ({self.counts.get('actors', 0)} actors, " \
                   f"{self.counts.get('sources', 0)} sources, {self.counts.get('claims', 0)} claims)"
        return f"{self.dataset}: {len(self.problems)} problem(s)\n" + "\n".join(
            f"  {p}" for p in self.problems)


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
    report = ValidationReport(name, counts={k: info[k] for k in ("actors", "sources", "claims")})
    report.problems.extend(shared_names(graph))
    if shacl:
        report.problems.extend(shacl_problems(graph))
    return report
