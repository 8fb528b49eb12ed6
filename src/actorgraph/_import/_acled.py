"""ACLED exports: political violence events and the actors of each.

An event gives a claim when its type says how its actors relate (``docs/importers.md`` has
the table): battles and remote violence against an armed actor are ``fights``, agreements
``agreement_with``; violence against civilians, protests, riots and the other strategic
developments relate no two parties and give none. ``per="event"`` (the default) gives a
claim per event and pair of actors, with the event's notes as its quote; ``per="pair-month"``
one per pair of actors, relation and month, with the ids of its events as evidence.

ACLED has no actor ids: its actor names are its keys, kept as ``acled:NAME`` identifiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from .._exceptions import LoadError, Problem
from ._base import Actors, TabularImporter, claim, problem, release_source, short_hash, slug

__all__ = ["AcledImporter", "INTER_KINDS", "event_relation"]

#: ACLED's actor types (``inter1``, ``inter2``; text labels in current exports, numbers 1-8
#: in older ones) to actor kinds.
INTER_KINDS = {
    "state forces": "armed_forces", "1": "armed_forces",
    "rebel group": "armed_group", "2": "armed_group",
    "political militia": "militia", "3": "militia",
    "identity militia": "militia", "4": "militia",
    "rioters": "other", "5": "other",
    "protesters": "other", "6": "other",
    "civilians": "other", "7": "other",
    "external/other forces": "armed_forces", "8": "armed_forces",
}
#: The actor types that fight: a remote-violence event against one of them is combat.
ARMED = frozenset({"state forces", "rebel group", "political militia", "identity militia",
                   "external/other forces", "1", "2", "3", "4", "8"})
PERS = ("event", "pair-month")


def event_relation(event_type: str, sub_event_type: str, inter2: str) -> str | None:
    """The relation between the two sides of an event of this type, or ``None``.

    >>> event_relation("Battles", "Armed clash", "Rebel group")
    'fights'
    >>> event_relation("Explosions/Remote violence", "Air/drone strike", "Civilians") is None
    True
    >>> event_relation("Strategic developments", "Agreement", "State forces")
    'agreement_with'
    """
    kind = event_type.strip().lower()
    if kind == "battles":
        return "fights"
    if kind == "explosions/remote violence" and inter2.strip().lower() in ARMED:
        return "fights"
    if kind == "strategic developments" and sub_event_type.strip().lower() == "agreement":
        return "agreement_with"
    return None


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%m/%d/%Y")


def _date(path: Path, line: int, row: dict[str, str]) -> str:
    """The event's date at its precision: ACLED's ``time_precision`` 3 is a month."""
    text = row["event_date"]
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise problem(path, line, "event_date", f"not a date: {text!r}",
                      "ACLED writes dates as YYYY-MM-DD (older exports: 04 April 2019)")
    return day.isoformat()[:7] if row.get("time_precision") == "3" else day.isoformat()


class AcledImporter(TabularImporter):
    """An ACLED export (CSV)."""

    name = "acled"
    description = "ACLED export CSV"
    dataset = "ACLED"
    columns = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
               "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
               "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
               "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
               "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
               "timestamp")
    required = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country",
                "location")

    def __init__(self, **options) -> None:
        super().__init__(**options)
        per = options.get("per") or "event"
        if per not in PERS:
            raise LoadError(f"ACLED: unknown --per {per!r}", [Problem(
                "acled", None, "per", f"unknown value {per!r}", f"use one of: {', '.join(PERS)}")])
        self.per = per

    def source(self, path: Path) -> dict:
        release = self.options.get("release") or ""
        return release_source(
            f"acled-{slug(release)}" if release else "acled",
            "ACLED data export" + (f", {release}" if release else ""),
            publisher="Armed Conflict Location & Event Data (ACLED)",
            url="https://acleddata.com/", licence="https://acleddata.com/terms-of-use/",
            published=self.options.get("published") or "",
            citation="Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen (2010). "
                     "Introducing ACLED: An Armed Conflict Location and Event Dataset. Journal "
                     "of Peace Research 47(5): 651–660.")

    def _sides(self, row: dict[str, str]) -> tuple[list[str], list[str]] | None:
        """The names on each side of an event that relates two parties, or ``None``.

        In battles the associated actors fought alongside the main one (ACLED's
        ``assoc_actor_*``), so they are on its side; in other events only the main actors
        are parties.
        """
        relation = event_relation(row["event_type"], row["sub_event_type"], row["inter2"])
        if relation is None or not row["actor1"] or not row["actor2"]:
            return None
        one, two = [row["actor1"]], [row["actor2"]]
        if relation == "fights":
            one += [a.strip() for a in row["assoc_actor_1"].split(";") if a.strip()]
            two += [a.strip() for a in row["assoc_actor_2"].split(";") if a.strip()]
        return one, two

    def records(self, path: Path):
        actors = Actors()
        ids: dict[str, str] = {}
        taken: dict[str, str] = {}
        for line, row in self.rows(path, "actors"):
            sides = self._sides(row)
            if sides is None:
                continue
            for names, inter in zip(sides, (row["inter1"], row["inter2"])):
                for n, name in enumerate(names):
                    if name in ids:
                        continue
                    ident = f"acled-{slug(name) or short_hash(name)}"
                    if taken.get(ident, name) != name:  # two names, one slug
                        ident = f"{ident}-{short_hash(name)}"
                    taken[ident] = name
                    # an associated actor's type is not given: only the main one's is
                    kind = INTER_KINDS.get(inter.strip().lower(), "other") if n == 0 else "other"
                    ids[name] = actors.add(ident, name, kind, line=line,
                                           identifiers=[f"acled:{name}"])
        source = self.source(path)["id"]
        claims = self._per_event(path, source, ids) if self.per == "event" else \
            self._per_pair_month(path, source, ids)
        return actors, claims

    @staticmethod
    def _place(row: dict[str, str]) -> str:
        return ", ".join(dict.fromkeys(p for p in (row.get("location", ""), row.get("admin1", ""),
                                                   row.get("country", "")) if p))

    def _skipped(self, path: Path, skipped: dict[str, int]) -> None:
        if skipped:
            self.note(f"{path.name}: events that relate no two parties gave no claim: "
                      + ", ".join(f"{n} {t}" for t, n in sorted(skipped.items())))

    def _events(self, path: Path, what: str):
        """``(line, row, sides, date, relation)`` of each event that relates two parties;
        those that relate none are counted and noted at the end."""
        skipped: dict[str, int] = {}
        for line, row in self.rows(path, what):
            sides = self._sides(row)
            if sides is None:
                skipped[row["event_type"]] = skipped.get(row["event_type"], 0) + 1
                continue
            yield (line, row, sides, _date(path, line, row),
                   event_relation(row["event_type"], row["sub_event_type"], row["inter2"]))
        self._skipped(path, skipped)

    def _per_event(self, path: Path, source: str, ids: dict[str, str]):
        for line, row, sides, when, relation in self._events(path, "claims"):
            pairs = [(a, b) for a in sides[0] for b in sides[1] if ids[a] != ids[b]]
            event = row["event_id_cnty"]
            for n, (a, b) in enumerate(pairs):
                yield line, claim(
                    f"acled-{slug(event)}" + (f"-{n + 1}" if n else ""), ids[a], relation,
                    ids[b], source=source, start=when, end=when, place=self._place(row),
                    evidence=f"ACLED event {event} ({row['event_type']}: "
                             f"{row['sub_event_type']})",
                    quote=row.get("notes", ""), attributed_to=row.get("source", ""))

    def _per_pair_month(self, path: Path, source: str,
                        ids: dict[str, str]) -> Iterator[tuple[int, dict]]:
        """One claim per pair, relation and month: memory grows with those groups (and
        their event ids), not with the rows."""
        groups: dict[tuple[str, str, str, str], dict] = {}
        for line, row, sides, when, relation in self._events(path, "events"):
            for a, b in {tuple(sorted((ids[a], ids[b]))) for a in sides[0] for b in sides[1]
                         if ids[a] != ids[b]}:
                group = groups.setdefault((a, relation, b, when[:7]), {
                    "line": line, "events": [], "first": when, "last": when, "places": set()})
                group["events"].append(row["event_id_cnty"])
                group["first"], group["last"] = min(group["first"], when), max(group["last"], when)
                group["places"].add(self._place(row))
        for (a, relation, b, month), group in sorted(groups.items()):
            events = group["events"]
            yield group["line"], claim(
                f"acled-{a.removeprefix('acled-')}-{relation}-{b.removeprefix('acled-')}-{month}",
                a, relation, b, source=source,
                start=group["first"], end=group["last"],
                place="; ".join(sorted(group["places"])),
                evidence=f"ACLED, {len(events)} event(s) in {month}: {' '.join(events)}")
