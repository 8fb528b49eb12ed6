"""Wikidata: statements between actors, from entities JSON or SPARQL results JSON.

Two inputs are read:

- **entities JSON**, as ``Special:EntityData/Q….json`` or ``wbgetentities`` give it
  (``{"entities": {"Q…": {"labels": …, "claims": {"P463": [statement, …]}}}}``);
- **SPARQL results JSON** (``{"head": {"vars": …}, "results": {"bindings": …}}``) with the
  variables ``item``, ``property`` and ``value`` (``itemLabel``, ``valueLabel``, ``start``,
  ``end``, ``startPrecision``, ``endPrecision``, ``statement`` if the query gives them);
  ``docs/importers.md`` has a query that gives them.

Each property maps to a relation of the vocabulary (:data:`PROPERTIES`); the qualifiers
start time (P580) and end time (P582) give the claim's dates at their precision. Deprecated
statements (Wikidata's own mark of a value known to be wrong) give no claim. A statement
with a reference is ``probable``, one without ``possible``. Participation properties
(P710, P1344, P607) name events, not actors' relations: their actors are imported, without
claims, and a note says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .._exceptions import LoadError, Problem
from ._base import Actors, Importer, claim, release_source

__all__ = ["KINDS", "PROPERTIES", "WikidataImporter"]

#: property -> (relation, whether the statement's value is the claim's subject).
PROPERTIES = {
    "P945": ("affiliated_with", False),  # allegiance: the item is loyal to the value
    "P1416": ("affiliated_with", False),  # affiliation
    "P463": ("part_of", False),  # member of
    "P749": ("part_of", False),  # parent organization: the item is part of the value
    "P355": ("part_of", True),  # subsidiary: the value is part of the item
    "P3461": ("accuses", True),  # designated as terrorist by: the value accuses the item
}
#: Properties that tie an actor to a conflict (an event), not to another actor: whether the
#: actor is the statement's value (P710 participant, stated on the conflict) or its item
#: (P1344 participant in, P607 conflict, stated on the actor).
PARTICIPATION = {"P710": True, "P1344": False, "P607": False}
#: instance of (P31) -> kind, for the classes an actor is most often an instance of.
KINDS = {
    "Q5": "person",  # human
    "Q6256": "state",  # country
    "Q3624078": "state",  # sovereign state
    "Q7188": "government",
    "Q176799": "armed_forces",  # military unit
    "Q17149090": "armed_group",  # armed organization
    "Q484652": "international_organisation",
    "Q245065": "international_organisation",  # intergovernmental organization
    "Q79913": "ngo",  # non-governmental organization
}
ENTITY = "http://www.wikidata.org/entity/"
#: Wikidata time precision -> characters of an ISO date kept (9 year, 10 month, 11 day).
PRECISION = {9: 4, 10: 7, 11: 10}
_QID = re.compile(r"Q[1-9][0-9]*$")
_PID = re.compile(r"P[1-9][0-9]*$")


def _time(value: str | None, precision: int | None) -> str | None:
    """A Wikidata time (``+2014-00-00T00:00:00Z``, precision 9) at its precision; coarser
    than a year, or before year 1, is no date."""
    if not value:
        return None
    found = re.match(r"^\+?([0-9]{4})-([0-9]{2})-([0-9]{2})", value)
    if not found or precision not in PRECISION:
        return None
    text = "-".join(found.groups())[:PRECISION[precision]]
    return None if text.endswith("-00") or "-00-" in text else text


def _qid(value: str) -> str | None:
    tail = value.rsplit("/", 1)[-1]
    return tail if _QID.fullmatch(tail) else None


class _Statement:
    __slots__ = ("item", "prop", "value", "start", "end", "referenced", "key")

    def __init__(self, item, prop, value, start, end, referenced, key):
        self.item, self.prop, self.value = item, prop, value
        self.start, self.end, self.referenced, self.key = start, end, referenced, key


class WikidataImporter(Importer):
    """Wikidata entities JSON or SPARQL results JSON."""

    name = "wikidata"
    description = "Wikidata entities JSON or SPARQL results JSON"
    dataset = "Wikidata"

    def source(self, path: Path) -> dict:
        release = self.options.get("release") or ""
        return release_source(
            "wikidata" + (f"-{release}" if release else ""),
            "Wikidata" + (f", retrieved {release}" if release else ""),
            publisher="Wikimedia Foundation", url="https://www.wikidata.org/",
            licence="https://creativecommons.org/publicdomain/zero/1.0/",
            published=self.options.get("published") or "", reliability="C",
            citation="Wikidata, the free knowledge base. Wikimedia Foundation.")

    def _parse(self, path: Path) -> tuple[dict[str, str], dict[str, list[str]], list]:
        """``(labels by QID, classes by QID, statements)`` of the file."""
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LoadError(f"{path.name}: not JSON", [Problem(
                path.name, getattr(exc, "lineno", None), None, f"not JSON: {exc}",
                f"give {self.description}")]) from None
        try:
            if isinstance(data, dict) and isinstance(data.get("entities"), dict):
                return self._entities(data["entities"])
            if isinstance(data, dict) and isinstance(data.get("results"), dict):
                return self._bindings(path, data)
        except LoadError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            # found by the fuzz run: a value of another shape than Wikidata writes (a label
            # without "value", a list for an object) deep in the file
            raise LoadError(f"{path.name}: not shaped as Wikidata writes it", [Problem(
                path.name, None, None, f"not shaped as Wikidata writes it: "
                f"{type(exc).__name__} {exc}", f"give {self.description}, as exported")]) \
                from None
        raise LoadError(f"{path.name}: neither entities JSON nor SPARQL results", [Problem(
            path.name, None, None, "neither entities JSON ('entities') nor SPARQL results JSON "
            "('head', 'results')", f"give {self.description}")])

    def _entities(self, entities: dict) -> tuple[dict, dict, list]:
        labels, classes, statements = {}, {}, []
        for qid, entity in sorted(entities.items()):
            if not _QID.fullmatch(qid):
                continue
            label = (entity.get("labels") or {}).get("en") or next(
                iter((entity.get("labels") or {}).values()), None)
            if label:
                labels[qid] = label["value"]
            claims = entity.get("claims") or {}
            classes[qid] = [v for s in claims.get("P31", []) if (v := self._value(s))]
            for prop in sorted(claims):
                if prop not in PROPERTIES and prop not in PARTICIPATION:
                    continue
                for s in claims[prop]:
                    value = self._value(s)
                    if value is None or s.get("rank") == "deprecated":
                        if s.get("rank") == "deprecated":
                            self.note("deprecated statements (values Wikidata marks as wrong) "
                                      "gave no claim")
                        continue
                    qualifiers = s.get("qualifiers") or {}
                    statements.append(_Statement(
                        qid, prop, value, self._qualifier(qualifiers, "P580"),
                        self._qualifier(qualifiers, "P582"), bool(s.get("references")),
                        s.get("id") or f"{qid}-{prop}-{value}"))
        return labels, classes, statements

    @staticmethod
    def _value(statement: dict) -> str | None:
        snak = statement.get("mainsnak") or {}
        value = (snak.get("datavalue") or {}).get("value")
        return value.get("id") if isinstance(value, dict) and snak.get("snaktype") == "value" \
            else None

    @staticmethod
    def _qualifier(qualifiers: dict, prop: str) -> str | None:
        for snak in qualifiers.get(prop, []):
            value = (snak.get("datavalue") or {}).get("value")
            if isinstance(value, dict) and (when := _time(value.get("time"),
                                                          value.get("precision"))):
                return when
        return None

    def _bindings(self, path: Path, data: dict) -> tuple[dict, dict, list]:
        names = (data.get("head") or {}).get("vars") or []
        missing = [v for v in ("item", "property", "value") if v not in names]
        if missing:
            raise LoadError(f"{path.name}: missing variable {', '.join(missing)}", [Problem(
                path.name, None, v, f"missing required variable {v!r}",
                "the query must select ?item ?property ?value (see docs/importers.md)")
                for v in missing])
        labels, statements = {}, []
        for row in data["results"].get("bindings") or []:
            cell = {k: v.get("value", "") for k, v in row.items()}
            item, value = _qid(cell.get("item", "")), _qid(cell.get("value", ""))
            prop = cell.get("property", "").rsplit("/", 1)[-1]
            if not item or not value or not _PID.fullmatch(prop):
                continue
            for qid, name in ((item, "itemLabel"), (value, "valueLabel")):
                if cell.get(name) and not _QID.fullmatch(cell[name]):
                    labels.setdefault(qid, cell[name])
            if prop not in PROPERTIES and prop not in PARTICIPATION:
                continue
            start = _time(cell.get("start"), int(cell.get("startPrecision") or 11))
            end = _time(cell.get("end"), int(cell.get("endPrecision") or 11))
            key = cell.get("statement", "").rsplit("/", 1)[-1] or f"{item}-{prop}-{value}"
            statements.append(_Statement(item, prop, value, start, end, False, key))
        return labels, {}, statements

    def records(self, path: Path):
        labels, classes, statements = self._parse(path)
        actors = Actors()
        for s in statements:
            if s.prop in PROPERTIES:
                qids = (s.item, s.value)
            else:
                qids = (s.value,) if PARTICIPATION[s.prop] else (s.item,)
            for qid in qids:
                kind = next((KINDS[c] for c in classes.get(qid, []) if c in KINDS), "other")
                actors.add(f"wd-{qid}", labels.get(qid, qid), kind, wikidata=qid)
        if any(s.prop in PARTICIPATION for s in statements):
            self.note("participation in conflicts (P710, P1344, P607) ties an actor to an event, "
                      "not to another actor: the participants were imported, without claims")
        return actors, self._claims(statements, self.source(path)["id"])

    @staticmethod
    def _claims(statements: list, source: str) -> Iterator[tuple[None, dict]]:
        seen: set[str] = set()
        for s in statements:
            if s.prop not in PROPERTIES or s.item == s.value:
                continue
            relation, reverse = PROPERTIES[s.prop]
            subject, object_ = (s.value, s.item) if reverse else (s.item, s.value)
            digest = hashlib.sha1(s.key.encode("utf-8")).hexdigest()[:8]
            ident = f"wd-{s.item}-{s.prop}-{s.value}-{digest}"
            if ident in seen:  # one statement listed twice (SPARQL rows per qualifier)
                continue
            seen.add(ident)
            yield None, claim(
                ident, f"wd-{subject}", relation, f"wd-{object_}", source=source,
                certainty="probable" if s.referenced else "possible", start=s.start, end=s.end,
                evidence=f"Wikidata {s.item} {s.prop} {s.value}, statement {s.key}")
