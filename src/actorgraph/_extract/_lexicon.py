"""The word lists and rules of the extractor, read once from ``data/``.

Everything an analyst may want to extend (relations' trigger words, hedges, reporting and
denial verbs, kinds, roles, date words, the gazetteer of states and organisations) lives in
those files; this module only reads them and derives inflected forms.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from importlib import resources

__all__ = ["Country", "Lexicon", "Organisation", "inflections", "lexicon"]


def _text(name: str) -> str:
    return resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _json(name: str) -> dict:
    return json.loads(_text(name))


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@dataclass(frozen=True)
class Country:
    """A UN member state: its name, other names, demonyms, capitals, ISO code and QID."""

    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True)
class Organisation:
    """An international organisation or NGO that reports often name."""

    label: str
    aliases: tuple[str, ...]
    kind: str
    wikidata: str | None


def _double_final(lemma: str) -> bool:
    # 'ship' -> 'shipped', 'ban' -> 'banned': one vowel then one consonant, short word
    vowels = "aeiou"
    return (len(lemma) <= 4 and len(lemma) >= 3 and lemma[-1] not in vowels + "wxy"
            and lemma[-2] in vowels and lemma[-3] not in vowels)


def inflections(lemma: str, irregular: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The forms of an English verb or noun that a report may write.

    Regular English morphology, plus the irregular forms given (``fought``, ``led``).
    It is used when the pipeline has no lemmatizer (the blank fallback) and to match
    forms the lemmatizer leaves alone.

    >>> sorted(inflections("arm"))
    ['arm', 'armed', 'arming', 'arms']
    >>> sorted(inflections("supply"))
    ['supplied', 'supplies', 'supply', 'supplying']
    >>> "fought" in inflections("fight", {"fight": ["fought"]})
    True
    """
    forms = {lemma}
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif _double_final(lemma):
        forms |= {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    forms |= set((irregular or {}).get(lemma, ()))
    return frozenset(forms)


@dataclass(frozen=True)
class Lexicon:
    """All the data files, parsed."""

    relations: dict
    cues: dict
    nouns: dict
    dates: dict
    pipelines: dict
    countries: tuple[Country, ...]
    organisations: tuple[Organisation, ...]

    @functools.cached_property
    def irregular(self) -> dict[str, list[str]]:
        return self.relations["irregular_verbs"]

    def forms(self, lemmas) -> frozenset[str]:
        """Every inflected form of some lemmas, lower-cased."""
        out: set[str] = set()
        for lemma in lemmas:
            out |= inflections(lemma.lower(), self.irregular)
        return frozenset(out)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The extractor's data files (read once per process)."""
    countries = tuple(
        Country(row["iso2"], row["name"], _split(row["aliases"]), _split(row["demonyms"]),
                _split(row["capitals"]), row["wikidata"] or None)
        for row in _csv("countries.csv"))
    organisations = tuple(
        Organisation(row["label"], _split(row["aliases"]), row["kind"], row["wikidata"] or None)
        for row in _csv("organisations.csv"))
    return Lexicon(_json("relations.json"), _json("cues.json"), _json("nouns.json"),
                   _json("dates.json"), _json("pipelines.json"), countries, organisations)
