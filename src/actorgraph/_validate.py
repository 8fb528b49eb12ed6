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


def validate(path: str | Path | None = None, *, shacl: bool = True) -> ValidationReport:
    """Check a dataset (default: the bundled one) with the loader and the SHACL shapes.

    Examples
    --------
    >>> import actorgraph
    >>> report = actorgraph.validate()
    >>> report.ok, report.counts["claims"] > 0
    (True, True)
    """
    from ._load import load

    name = str(path) if path is not None else "libya-2019"
    try:
        graph = load(path, store="memory")
    except LoadError as exc:
        return ValidationReport(name, list(exc.problems) or [Problem(name, None, None, str(exc))])
    info = graph.info()
    report = ValidationReport(name, counts={k: info[k] for k in ("actors", "sources", "claims")})
    if shacl:
        report.problems.extend(shacl_problems(graph))
    return report
