"""Read an RDF file (Turtle, N-Triples, JSON-LD) into checked records, offline.

The file is parsed by Oxigraph (syntax errors come with line and column), nothing is
fetched (a remote JSON-LD ``@context`` or an ``owl:imports`` is never followed), and the
actors, sources and claims in it go through the same checks as a CSV dataset. Triples
about other resources are kept as they are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ._exceptions import LoadError, Problem
from ._fieldtypes import TYPES, FieldType
from ._records import Dataset, RawRecord, build_dataset
from ._schema import CLASSES, FIELDS, FILES, NS, by_predicate

_REMOTE_CONTEXT = re.compile(r'"@context"\s*:\s*(?:\[\s*)?"([^"]+)"')
OWL_IMPORTS = NS["owl"] + "imports"

__all__ = ["FORMATS", "read_rdf"]

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
           "jsonld": ox.RdfFormat.JSON_LD}
MAX_BYTES = 200 * 1024 * 1024
RDF_TYPE = NS["rdf"] + "type"
ONTOLOGY, XSD = NS["ag"], NS["xsd"]
_DATE_TYPES = {f"{XSD}gYear": 4, f"{XSD}gYearMonth": 7, f"{XSD}date": 10}
# The field types written as plain string literals (their term is FieldType's): a typed
# literal there is read by RDF tools as its canonical value ("007"^^xsd:integer is 7), so it
# is refused, not stripped.
_PLAIN = frozenset(name for name, t in TYPES.items()
                   if not t.iri and type(t).term is FieldType.term)
_STRING, _LANG_STRING = XSD + "string", NS["rdf"] + "langString"


def _fail(name: str, message: str, hint: str | None = None):
    raise LoadError(f"{name}: nothing was loaded", [Problem(name, None, None, message, hint)])


def _parse(path: Path, name: str, fmt: ox.RdfFormat) -> list:
    size = path.stat().st_size
    if size > MAX_BYTES:
        _fail(name, f"file is {size / 2**20:.0f} MB > limit {MAX_BYTES // 2**20} MB",
              "load it as a dataset folder into a persistent store: store='oxigraph:PATH'")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        _fail(name, f"not {fmt.name} (the file looks binary)", "check the file and its suffix")
    try:
        quads = list(ox.parse(data, fmt, base_iri=NS["id"]))
    except SyntaxError as exc:
        message = str(exc)
        if "LoadDocumentCallback" in message or "remote context" in message.lower():
            found = _REMOTE_CONTEXT.search(data.decode("utf-8", "replace"))
            url = found.group(1) if found else "a remote URL"
            message = (f"remote @context not allowed (offline mode): {url}; "
                       "put the context inline")
        raise LoadError(f"{name}: nothing was loaded", [
            Problem(name, getattr(exc, "lineno", None), None,
                    f"{fmt.name} syntax error: {message}")]) from None
    except (ValueError, OSError) as exc:
        _fail(name, f"cannot read: {exc}")
    named = next((q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)),
                 None)
    if named is not None:  # found by the fuzz run: a JSON-LD "@graph" inside a node
        _fail(name, f"holds a named graph ({named}); actorgraph reads the triples of the "
              "default graph only", "move the triples out of the named graph (in JSON-LD, "
              "an \"@graph\" inside a node makes one)")
    return quads


def _kind_of(types: list[str]) -> tuple[str, str | None]:
    """The kind of record (and an actor's kind code) of a node with these rdf:types."""
    classes = {cls: kind for kind, cls in CLASSES.items()}
    for t in types:
        if t in classes:
            return classes[t], None
        code = TYPES["kind"].read(t)
        if code:
            return "actor", code
    return "", None


def read_rdf(path: str | Path, format: str) -> tuple[Dataset, list[str], list[str]]:  # noqa: A002
    """Read and check an RDF file.

    Returns the dataset, the N-Triples lines of the triples that are not about its
    actors, sources or claims (kept as they are), and warnings. Raises
    :class:`LoadError` listing every problem.
    """
    path = Path(path)
    name = path.name
    triples = _parse(path, name, FORMATS[format])
    by_subject: dict[object, list] = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append(t)
    records: dict[str, list[tuple[object, dict]]] = {"actor": [], "source": [], "claim": []}
    other, warnings = [], []
    from ._vocab import RELATIONS

    direct = {ONTOLOGY + r for r in RELATIONS}
    for subject, ts in by_subject.items():
        for t in ts:
            if t.predicate.value == OWL_IMPORTS:
                warnings.append(f"{name}: owl:imports <{t.object.value}> was not followed "
                                "(nothing is fetched while loading)")
        kind, code = _kind_of([t.object.value for t in ts if t.predicate.value == RDF_TYPE])
        if not kind:
            other.extend(f"{t} .\n" for t in ts)
            continue
        values: dict[str, list] = defaultdict(list)
        fields = by_predicate(kind)
        for t in ts:
            found = fields.get(t.predicate.value)
            if found and t.predicate.value != RDF_TYPE:
                values[found.name].append(t.object)
            elif kind == "actor" and t.predicate.value in direct:
                continue  # a direct triple: rebuilt from the claims
            elif t.predicate.value != RDF_TYPE:
                warnings.append(f"{name}: {kind} {subject}: property <{t.predicate.value}> "
                                "is not part of the actorgraph model and was not loaded")
        if code:
            values["kind"] = [ox.Literal(code)]
        records[kind].append((subject, values))

    ids = {kind: {s: str(v["id"][0].value) for s, v in recs if v.get("id")}
           for kind, recs in records.items()}
    problems: list[Problem] = []
    raw: dict[str, list[RawRecord]] = {k: [] for k in records}
    for kind, recs in records.items():
        fields = {f.name: f for f in FIELDS[kind]}
        for subject, values in recs:
            label = f"{kind} {ids[kind].get(subject, str(subject))!r}"
            row: dict[str, str | list[str]] = {}
            for column, terms in values.items():
                problems.extend(_typed(t, name, fields[column], label) for t in terms
                                if fields[column].type in _PLAIN and _is_typed(t, fields[column]))
                texts = [_text(t, fields[column], ids) for t in terms]
                if fields[column].multi:
                    row[column] = texts
                else:
                    if len(set(texts)) > 1:
                        problems.append(Problem(name, None, column,
                                                f"{len(texts)} values, expected one",
                                                record=label, value=" | ".join(texts)))
                    row[column] = texts[0]
                    if fields[column].type in ("date", "end"):
                        problems.extend(_ill_typed(terms[0], name, column, label))
            raw[kind].append(RawRecord(name, None, row, label))
    dataset = build_dataset(raw["actor"], raw["source"], raw["claim"], problems, warnings)
    if problems:
        raise LoadError(f"{name}: {len(problems)} problem(s); nothing was loaded", problems)
    return dataset, other, warnings


def _is_typed(term, field) -> bool:
    """Whether a literal carries a datatype (or, for an id, a language) its field cannot."""
    if not isinstance(term, ox.Literal):
        return False
    datatype = term.datatype.value
    return datatype != _STRING and (datatype != _LANG_STRING or field.type == "id")


def _typed(term, name: str, field, label: str) -> Problem:
    what = (f"@{term.language}" if term.language
            else f"^^xsd:{term.datatype.value.removeprefix(XSD)}")
    why = ("an id has no language" if term.language else
           "a typed value is read by RDF tools as its canonical form: \"007\"^^xsd:integer is 7")
    return Problem(name, None, field.name,
                   f"typed literal {term.value!r}{what}: {field.name!r} takes a plain string",
                   f"write it as \"{term.value}\" ({why})", record=label)


def _ill_typed(term, name: str, column: str, label: str) -> list[Problem]:
    """A date literal whose datatype does not match its lexical form (``"2019-08"^^xsd:date``)."""
    datatype = getattr(getattr(term, "datatype", None), "value", None)
    length = _DATE_TYPES.get(datatype)
    if length is None or len(term.value) == length:
        return []
    expected = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(term.value), "a date type")
    return [Problem(name, None, column,
                    f"ill-typed literal {term.value!r}^^xsd:{datatype.rsplit('#', 1)[-1]}",
                    f"write it as xsd:{expected}, or fix the value", record=label)]


def _text(term, field, ids: dict[str, dict]) -> str:
    """The text of a field's RDF term: a reference by the id of the record it names."""
    if field.type in FILES:
        known = ids[field.type].get(term)
        return known if known is not None else re.split(r"[/#]", str(term.value))[-1]
    if isinstance(term, ox.NamedNode) and TYPES[field.type].iri:
        return TYPES[field.type].read(term.value)
    return term.value
