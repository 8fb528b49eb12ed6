"""Stanford's Mapping Militant Organizations: relationships between militant groups.

Each relationship row (``unique_id, type, group1_id, group2_id, date, description,
group1_name, group2_name``) gives one claim, its ``description`` as the quote (the project's
own words) and its key as evidence. How each type maps is in ``docs/importers.md``: allies
are ``allied_with``, affiliates ``affiliated_with``, rivals ``opposes``; a merger makes group 1
``part_of`` group 2 from its date, a split ends group 1's being ``part_of`` group 2 at its
date, so that both stay on the timeline.
"""

from __future__ import annotations

import re
from pathlib import Path

from .._dates import PartialDate
from ._base import Actors, TabularImporter, claim, problem, release_source

__all__ = ["MMP_RELATIONS", "MmpImporter", "mmp_date"]

#: type -> (relation, whether the date starts (True) or ends (False) the relation).
MMP_RELATIONS = {
    "all": ("allied_with", True),
    "aff": ("affiliated_with", True),
    "riv": ("opposes", True),
    "mer": ("part_of", True),
    "spl": ("part_of", False),
}
_TYPE_WORDS = {"all": "allies", "aff": "affiliates", "riv": "rivals", "mer": "merger",
               "spl": "split"}


def mmp_date(text: str) -> str | None:
    """A relationship's date at the precision it has; ``00`` is an unknown month or day, and
    a two-digit year is in 1930-2029.

    >>> mmp_date("2/18/10"), mmp_date("2014-02-00"), mmp_date("2005-00-00"), mmp_date("")
    ('2010-02-18', '2014-02', '2005', None)
    """
    text = text.strip()
    if not text:
        return None
    if found := re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text):
        y, m, d = found.groups()
        return y if m == "00" else f"{y}-{m}" if d == "00" else f"{y}-{m}-{d}"
    if found := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2}|[0-9]{4})", text):
        m, d, y = found.groups()
        if len(y) == 2:
            y = ("20" if int(y) < 30 else "19") + y
        return PartialDate.parse(f"{y}-{int(m):02d}-{int(d):02d}").text
    if re.fullmatch(r"[0-9]{4}", text):
        return text
    raise ValueError(f"not a date: {text!r}")


class MmpImporter(TabularImporter):
    """Mapping Militant Organizations' relationships (CSV)."""

    name = "mmp"
    description = "Mapping Militant Organizations relationships CSV"
    dataset = "Mapping Militants"
    columns = ("unique_id", "type", "group1_id", "group2_id", "date", "description",
               "group1_name", "group2_name")
    required = ("unique_id", "type", "group1_id", "group2_id", "group1_name", "group2_name")

    def source(self, path: Path) -> dict:
        release = self.options.get("release") or ""
        return release_source(
            "mmp" + (f"-{release}" if release else ""),
            "Mapping Militant Organizations, relationships" + (f", {release}" if release else ""),
            publisher="Center for International Security and Cooperation, Stanford University",
            url="https://cisac.fsi.stanford.edu/mappingmilitants",
            published=self.options.get("published") or "",
            citation="Mapping Militant Organizations. Stanford University.")

    def records(self, path: Path):
        actors = Actors()
        for line, row in self.rows(path, "actors"):
            for n in ("1", "2"):
                ident = row[f"group{n}_id"]
                if not re.fullmatch(r"[0-9A-Za-z_.-]+", ident):
                    raise problem(path, line, f"group{n}_id", f"not a group id: {ident!r}")
                actors.add(f"mmp-{ident}", row[f"group{n}_name"], "armed_group", line=line,
                           identifiers=[f"mmp:{ident}"])
        return actors, self._claims(path, self.source(path)["id"])

    def _claims(self, path: Path, source: str):
        unknown: dict[str, int] = {}
        for line, row in self.rows(path, "claims"):
            kind = row["type"].strip().lower()
            if kind not in MMP_RELATIONS:
                unknown[kind] = unknown.get(kind, 0) + 1
                continue
            relation, starts = MMP_RELATIONS[kind]
            try:
                when = mmp_date(row.get("date", ""))
            except ValueError as exc:
                raise problem(path, line, "date", str(exc),
                              "MMP dates read as 2/18/10, 2014-02-00 or 2005-00-00") from None
            yield line, claim(
                f"mmp-{row['unique_id']}", f"mmp-{row['group1_id']}", relation,
                f"mmp-{row['group2_id']}", source=source,
                start=when if starts else None, end=None if starts else when,
                quote=row.get("description", ""),
                note=f"Mapping Militants type {kind} ({_TYPE_WORDS[kind]})",
                evidence=f"Mapping Militant Organizations, relationship {row['unique_id']} "
                         f"({kind}), group1_id {row['group1_id']}, group2_id {row['group2_id']}")
        if unknown:
            self.note(f"{path.name}: relationship types that are not all, aff, riv, mer or spl "
                      "gave no claim: " + ", ".join(f"{n} {t!r}" for t, n in sorted(unknown.items())))
