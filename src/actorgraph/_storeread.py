"""Read actors, sources and claims back from a store, by the schema.

The internal queries (``queries/api/*.rq``) choose the records and return every value of
their fields as ``(node, predicate, value)`` rows; the schema says which field each
predicate fills and how its value reads back (:mod:`actorgraph._fieldtypes`). A new field in
the schema is therefore read back without touching a query. References (an actor of a
claim, its sources) come as IRIs: those of the project's own shape (``…/actor/LNA``) are
read by their name; others (a store edited by other tools) by their ``dcterms:identifier``.
A record missing a required field is left out, as it could not be checked.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources

from ._fieldtypes import TYPES
from ._model import RECORDS, Record
from ._schema import FIELDS, FILES, by_predicate

__all__ = ["api_query", "read_records"]


@cache
def api_query(name: str) -> str:
    """The internal query ``queries/api/NAME.rq``, with the schema's predicates put in for
    ``$PREDICATES`` where it has them (the kind of record is the query's name up to its
    first ``-``, singular: ``claims-by-stance`` reads claims)."""
    text = (resources.files("actorgraph") / "queries" / "api" / f"{name}.rq").read_text("utf-8")
    kind = name.partition("-")[0].removesuffix("s")
    if "$PREDICATES" in text:
        text = text.replace("$PREDICATES", ", ".join(f"<{f.predicate}>" for f in FIELDS[kind]))
    return text


def _values(kind: str, rows, names: list[str]) -> dict[str, dict[str, list[str]]]:
    """``node -> predicate -> values`` of the rows of a records query."""
    node, p, v = names.index(kind), names.index("p"), names.index("v")
    grouped: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        grouped[row[node]][row[p]].append(row[v])
    return grouped


def read_records(store, kind: str, bindings: dict | None = None,
                 identifiers=None, query: str | None = None) -> dict[str, tuple[str, Record]]:
    """``id -> (IRI, record)`` of the records of ``kind`` the query ``api/KINDs.rq`` (or
    ``api/QUERY.rq``) chooses.

    ``identifiers`` is called with IRIs that are not of the project's shape and returns
    their ids (``dcterms:identifier``), or ``None`` to leave such records out.
    """
    names, rows = store.rows(api_query(query or f"{kind}s"), bindings)
    fields = by_predicate(kind)
    grouped = _values(kind, rows, names)
    foreign: set[str] = set()
    read: dict[str, dict[str, list[str]]] = {}
    for node, by_pred in grouped.items():
        values: dict[str, list[str]] = {}
        for predicate, found in by_pred.items():
            f = fields[predicate]
            texts = [TYPES[f.type].read(v) for v in found]
            if f.type in FILES:
                foreign.update(v for v, t in zip(found, texts, strict=True) if not t)
            values[f.name] = texts if f.type not in FILES else found
        read[node] = values
    ids = identifiers(sorted(foreign)) if foreign and identifiers is not None else {}
    out: dict[str, tuple[str, Record]] = {}
    for node, values in read.items():
        record = _record(kind, values, ids)
        if record is not None:
            out[record.id] = (node, record)
    return out


def _record(kind: str, values: dict[str, list[str]], ids: dict[str, str]) -> Record | None:
    """The record of these field values, or ``None`` if a required one is missing."""
    out: dict = {}
    for f in FIELDS[kind]:
        found = values.get(f.name, [])
        if f.type in FILES:
            found = [TYPES[f.type].read(v) or ids.get(v, "") for v in found]
        found = sorted({v for v in found if v})
        if f.required and not found:
            return None
        out[f.name] = tuple(found) if f.multi else (found[0] if found else f.default)
    return RECORDS[kind](**out)
