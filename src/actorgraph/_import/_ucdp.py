"""UCDP's External Support Dataset (triad-year) and UCDP/PRIO Armed Conflict Dataset (dyadic).

Both releases name actors by UCDP actor ids, shared across UCDP's datasets: actor ``ucdp-411``
of one import is actor ``ucdp-411`` of the other, and keeps ``ucdp:411`` among its
identifiers, so imports of several releases merge instead of duplicating. The mappings are
documented, with the codebooks' definitions, in ``docs/importers.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from ._base import (
    Actors,
    TabularImporter,
    claim,
    flag,
    problem,
    release_source,
    slug,
    split_cell,
    year,
)

__all__ = ["AcdImporter", "EsdImporter", "esd_relations"]

UCDP_URL = "https://ucdp.uu.se/downloads/"
UCDP_PUBLISHER = "Uppsala Conflict Data Program (UCDP), Uppsala University"
#: UCDP's datasets are published under Creative Commons Attribution 4.0.
UCDP_LICENCE = "https://creativecommons.org/licenses/by/4.0/"

#: The support-type columns of the ESD triad-year release (v18.1), one 0/1 column a type.
ESD_TYPES = ("ext_x", "ext_p", "ext_y", "ext_w", "ext_m", "ext_t", "ext_f", "ext_i", "ext_l",
             "ext_o", "ext_u")


@functools.cache
def esd_relations() -> dict[str, str]:
    """ESD column -> relation, read from the ontology's ``ag:ucdpEsd`` annotations.

    ``ext_o`` (other forms of support) and ``ext_u`` (support of an unknown type) name no
    form of support the vocabulary has, so they map to ``backs``, the relation every form
    of support is a sub-relation of — as does ``ext_sup`` (the ontology's anchor of
    ``backs``) when a row names no type at all.

    >>> esd_relations()["ext_w"], esd_relations()["ext_x"], esd_relations()["ext_u"]
    ('arms', 'deploys_forces', 'backs')
    """
    from .._vocab import RELATIONS

    mapping: dict[str, str] = {}
    for name, relation in RELATIONS.items():
        for code in (relation.ucdp_esd or "").split(","):
            code = code.strip()
            if not code or code.startswith("("):  # "(dyad)": a conflict dyad, not a support type
                continue
            mapping[code if code.startswith("ext_") else f"ext_{code}"] = name
    for column in ESD_TYPES:
        mapping.setdefault(column, mapping["ext_sup"])
    return mapping


def ucdp_actor(actors: Actors, ident: str, name: str, nonstate: bool, line: int) -> str:
    """Add UCDP actor ``ident``; a state actor named "Government of X" is a government
    (with the alias X, the name other datasets give the state), other state actors states."""
    government = name.startswith("Government of ")
    kind = "armed_group" if nonstate else ("government" if government else "state")
    aliases = [name.removeprefix("Government of ")] if government else []
    return actors.add(f"ucdp-{ident}", name, kind, line=line, aliases=aliases,
                      identifiers=[f"ucdp:{ident}"])


def _release_of(path: Path, given: str | None) -> str:
    """The release named by the user, or by the file name (``ucdp-esd-ty-181.csv``: 18.1)."""
    if given:
        return given
    found = re.search(r"(?<![0-9])([0-9]{2})([0-9])(?![0-9])", path.stem) or re.search(
        r"([0-9]{2})[._]([0-9]+)", path.stem)
    return f"{found.group(1)}.{found.group(2)}" if found else ""


def _ucdp_source(slug: str, title: str, release: str, options: dict, citation: str) -> dict:
    """The source record of one UCDP dataset release (its id and title carry the release)."""
    return release_source(
        f"{slug}-{release}" if release else slug,
        title + (f", version {release}" if release else ""),
        publisher=UCDP_PUBLISHER, url=UCDP_URL, licence=UCDP_LICENCE,
        published=options.get("published") or "", citation=citation)


def _coalition(path: Path, line: int, row: dict[str, str]) -> bool:
    """Whether the supporter gave its support through a coalition other than itself (a row
    whose supporter is the coalition it names keeps it as the supporter, and nothing more)."""
    name = row["ext_coalition_name"]
    return flag(path, line, row, "ext_coalition") and bool(name) and slug(name) != slug(
        row["ext_name"])


def _ucdp_id(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not re.fullmatch(r"[0-9]+", value):
        raise problem(path, line, column, f"expected a UCDP actor id, found {value!r}")
    return value


class EsdImporter(TabularImporter):
    """UCDP External Support Dataset, triad-year: who supports whom, how, in which year."""

    name = "ucdp-esd"
    description = "UCDP External Support Dataset, triad-year CSV"
    dataset = "UCDP ESD"
    columns = ("year", "dyad_id", "dyad_name", "conflict_id", "location", "civil", "actor_id",
               "actor_name", "actor_nonstate", "ext_id", "ext_name", "ext_nonstate",
               "ext_coalition", "ext_coalition_name", "ext_bothsides", "ext_elements",
               "ext_alleged", "ext_sup", *ESD_TYPES)
    required = ("year", "dyad_id", "actor_id", "actor_name", "actor_nonstate", "ext_id",
                "ext_name", "ext_nonstate", "ext_coalition", "ext_coalition_name",
                "ext_bothsides", "ext_elements", "ext_alleged", "ext_sup", *ESD_TYPES)

    def source(self, path: Path) -> dict:
        return _ucdp_source(
            "ucdp-esd", "UCDP External Support Dataset (triad-year)",
            _release_of(path, self.options.get("release")), self.options,
            "Meier, Vanessa, Niklas Karlén, Therése Pettersson and Mihai Croicu (2023). "
            "External support in armed conflicts: Introducing the UCDP External Support "
            "Dataset (ESD), 1975–2017. Journal of Peace Research 60(3): 545–554.")

    def records(self, path: Path):
        source = self.source(path)
        release = _release_of(path, self.options.get("release"))
        actors = Actors()
        for line, row in self.rows(path, "actors"):
            self._actors(path, line, row, actors)
        return actors, self._claims(path, source["id"], release)

    def _actors(self, path: Path, line: int, row: dict, actors: Actors) -> None:
        if not row["ext_id"] or not any(flag(path, line, row, c) for c in ("ext_sup", *ESD_TYPES)):
            return  # gives no claim (see _claims)
        ucdp_actor(actors, _ucdp_id(path, line, row, "actor_id"), row["actor_name"],
                   flag(path, line, row, "actor_nonstate"), line)
        ext = ucdp_actor(actors, _ucdp_id(path, line, row, "ext_id"), row["ext_name"],
                         flag(path, line, row, "ext_nonstate"), line)
        if flag(path, line, row, "ext_elements"):
            actors.add(f"{ext}-elements", f"Elements of {row['ext_name']}", "other", line=line,
                       description="Elements of a state acting without its government's "
                                   "sanction, as UCDP ESD codes them (ext_elements)")
        if _coalition(path, line, row):
            actors.add(f"ucdp-coalition-{slug(row['ext_coalition_name'])}",
                       row["ext_coalition_name"], "other", line=line,
                       description="A coalition through which support was given, as UCDP "
                                   "ESD names it (ext_coalition_name)")

    def _claims(self, path: Path, source: str, release: str) -> Iterator[tuple[int, dict]]:
        relations = esd_relations()
        skipped = 0
        for line, row in self.rows(path, "claims"):
            if not row["ext_id"]:
                skipped += 1
                continue
            when = year(path, line, row)
            recipient = f"ucdp-{row['actor_id']}"
            supporter = f"ucdp-{row['ext_id']}"
            key = "-".join(filter(None, (row["ext_id"], row["actor_id"], row["dyad_id"], when)))
            evidence = (f"UCDP ESD {release or '(release not given)'}, ext_id {row['ext_id']}, "
                        f"actor_id {row['actor_id']}"
                        + (f", dyad_id {row['dyad_id']}" if row["dyad_id"] else "") + f", {when}")
            alleged = flag(path, line, row, "ext_alleged")
            common = {"source": source, "start": when, "end": when,
                      "certainty": "possible" if alleged else "probable",
                      "place": row.get("location", "")}
            notes = []
            if flag(path, line, row, "ext_bothsides"):
                notes.append("the supporter supported both sides of the dyad this year "
                             "(ext_bothsides)")
            via = []
            if _coalition(path, line, row):
                coalition = f"ucdp-coalition-{slug(row['ext_coalition_name'])}"
                via.append(coalition)
                notes.append(f"given through the coalition {row['ext_coalition_name']} "
                             "(ext_coalition)")
                yield line, claim(f"esd-{key}-coalition", supporter, "part_of", coalition,
                                  evidence=f"{evidence}: ext_coalition", **common)
            if flag(path, line, row, "ext_elements"):
                elements = f"{supporter}-elements"
                yield line, claim(f"esd-{key}-elements", elements, "part_of", supporter,
                                  evidence=f"{evidence}: ext_elements", **common)
                supporter = elements
            by_relation: dict[str, list[str]] = {}
            for column in ESD_TYPES:
                if flag(path, line, row, column):
                    by_relation.setdefault(relations[column], []).append(column)
            if not by_relation and flag(path, line, row, "ext_sup"):
                by_relation[relations["ext_sup"]] = ["ext_sup"]
            if not by_relation:
                skipped += 1
                continue
            for relation, columns in by_relation.items():
                yield line, claim(f"esd-{key}-{relation}", supporter, relation, recipient,
                                  evidence=f"{evidence}: {', '.join(columns)}", via=via,
                                  note="; ".join(notes), **common)
        if skipped:
            self.note(f"{path.name}: {skipped} row(s) with no supporter (ext_id) or no "
                      "support coded (ext_sup and every type 0) gave no claim")


class AcdImporter(TabularImporter):
    """UCDP/PRIO Armed Conflict Dataset, dyadic: who fights whom in which year, and which
    states send troops to either side."""

    name = "ucdp-acd"
    description = "UCDP/PRIO Armed Conflict Dataset, dyadic CSV"
    dataset = "UCDP/PRIO ACD"
    columns = ("dyad_id", "conflict_id", "location", "side_a", "side_a_id", "side_a_2nd",
               "side_b", "side_b_id", "side_b_2nd", "incompatibility", "territory_name", "year",
               "intensity_level", "type_of_conflict", "start_date", "start_prec", "start_date2",
               "start_prec2", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc",
               "region", "version")
    required = ("dyad_id", "conflict_id", "side_a", "side_a_id", "side_a_2nd", "side_b",
                "side_b_id", "side_b_2nd", "year", "gwno_a", "gwno_a_2nd", "gwno_b",
                "gwno_b_2nd")

    def _release(self, path: Path) -> str:
        """The release: as given, else the ``version`` column of the first row."""
        if self.options.get("release"):
            return self.options["release"]
        for _, row in self.rows(path, "release"):
            return row.get("version", "")
        return ""

    def source(self, path: Path) -> dict:
        return _ucdp_source(
            "ucdp-acd", "UCDP/PRIO Armed Conflict Dataset (dyadic)",
            self._release(path), self.options,
            "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg "
            "and Håvard Strand (2002). Armed Conflict 1946–2001: A New Dataset. Journal of "
            "Peace Research 39(5): 615–637.")

    @staticmethod
    def _sides(row: dict, side: str) -> list[tuple[str, str, str]]:
        """``(UCDP id, name, gwno)`` of each actor of a side (cells may hold several)."""
        ids = split_cell(row[f"side_{side}_id"])
        names = split_cell(row[f"side_{side}"])
        gwnos = split_cell(row[f"gwno_{side}"])
        if len(names) != len(ids):  # a name with a comma in it: one name per id is unknown
            names = [row[f"side_{side}"]] if len(ids) == 1 else [f"UCDP actor {i}" for i in ids]
        if len(gwnos) != len(ids):
            gwnos = [""] * len(ids)
        return list(zip(ids, names, gwnos))

    @staticmethod
    def _seconds(row: dict, side: str) -> list[tuple[str, str]]:
        """``(name, gwno)`` of each state sending troops to a side (``side_*_2nd``)."""
        names = split_cell(row[f"side_{side}_2nd"])
        gwnos = split_cell(row[f"gwno_{side}_2nd"])
        return list(zip(names, gwnos if len(gwnos) == len(names) else [""] * len(names)))

    def records(self, path: Path):
        source = self.source(path)
        actors = Actors()
        by_gwno: dict[str, str] = {}
        seconds: dict[tuple[str, str], int] = {}
        for line, row in self.rows(path, "actors"):
            for side in ("a", "b"):
                for ident, name, gwno in self._sides(row, side):
                    if not ident.isdigit():
                        raise problem(path, line, f"side_{side}_id",
                                      f"expected a UCDP actor id, found {ident!r}")
                    actor = ucdp_actor(actors, ident, name, not gwno, line)
                    if gwno:
                        by_gwno.setdefault(gwno, actor)
                for second in self._seconds(row, side):
                    seconds.setdefault(second, line)
        second_ids = {}
        for (name, gwno), line in seconds.items():
            if gwno in by_gwno:
                second_ids[(name, gwno)] = actors.add(by_gwno[gwno], name, "government")
                continue
            ident = f"gwno-{gwno}" if gwno else f"acd-{slug(name)}"
            aliases = [name.removeprefix("Government of ")] if name.startswith(
                "Government of ") else []
            second_ids[(name, gwno)] = actors.add(
                ident, name, "government", line=line, aliases=aliases,
                identifiers=[f"gwno:{gwno}"] if gwno else [])
        return actors, self._claims(path, source["id"], self._release(path), second_ids)

    def _claims(self, path: Path, source: str, release: str,
                second_ids: dict) -> Iterator[tuple[int, dict]]:
        for line, row in self.rows(path, "claims"):
            when = year(path, line, row)
            evidence = (f"UCDP/PRIO ACD {release or '(release not given)'}, "
                        f"dyad_id {row['dyad_id']}, conflict_id {row['conflict_id']}, {when}")
            common = {"source": source, "start": when, "end": when,
                      "place": row.get("location", "")}
            sides = {s: [f"ucdp-{i}" for i, _, _ in self._sides(row, s)] for s in ("a", "b")}
            pairs = [(a, b) for a in sides["a"] for b in sides["b"]]
            for n, (a, b) in enumerate(pairs):
                suffix = f"-{n + 1}" if len(pairs) > 1 else ""
                yield line, claim(f"acd-{row['dyad_id']}-{when}{suffix}", a, "fights", b,
                                  evidence=evidence, **common)
            for side in ("a", "b"):
                for name, gwno in self._seconds(row, side):
                    state = second_ids[(name, gwno)]
                    for target in sides[side]:
                        yield line, claim(
                            f"acd-{row['dyad_id']}-{when}-{side}2-{state}-{target}", state,
                            "deploys_forces", target, evidence=f"{evidence}: side_{side}_2nd",
                            note=f"a secondary warring party on side {side.upper()} "
                                 f"(side_{side}_2nd)", **common)
