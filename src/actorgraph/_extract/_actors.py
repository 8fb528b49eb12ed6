"""The actors a report names: the table of known and proposed actors, and their ids.

Known actors (``actorgraph._model.Actor`` values, e.g. a dataset's) keep their ids and are
``known``; every other actor the reading finds is ``proposed``, with an id derived from its
label (ASCII letters, digits, ``_ . -``), a kind from the ontology's kinds, and the names
the report uses for it as aliases. Names are compared without case, a leading "the",
possessive endings and typographic apostrophes, and by a stem that drops a trailing
generic word and plural ("the Houthis", "Houthi movement" and "Houthi" are one actor).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ._lexicon import Country, lexicon
from ._model import ProposedActor

__all__ = ["ActorTable", "Entry", "normalise", "slug", "stem"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


def normalise(name: str) -> str:
    """A name compared without case, typographic apostrophes, 'the' or a possessive.

    >>> normalise("The Houthis’")
    'houthis'
    >>> normalise("Haftar’s LNA")
    "haftar's lna"
    """
    text = re.sub(r"\s+", " ", name.translate(_APOSTROPHES)).strip().lower()
    text = re.sub(r"^the ", "", text)
    text = re.sub(r"('s|')$", "", text)
    return text.strip(" .,;:")


def _generic_words() -> frozenset[str]:
    nouns = lexicon().nouns
    return frozenset(nouns["anaphora"]["descriptions"]) | {
        "group", "movement", "party", "forces", "brigade", "brigades", "organisation",
        "organization", "militia", "militias", "rebels", "fighters"}


def stem(name: str) -> str:
    """A name without a trailing generic word or plural, to tell mentions of one actor.

    >>> stem("Houthi movement"), stem("the Houthis"), stem("Wagner Group")
    ('houthi', 'houthi', 'wagner')
    """
    words = normalise(name).split(" ")
    if len(words) > 1 and words[-1] in _generic_words():
        words = words[:-1]
    if len(words) == 1 and len(words[0]) > 4 and words[0].endswith("s") \
            and not words[0].endswith("ss"):
        words = [words[0][:-1]]
    return " ".join(words)


def slug(label: str) -> str:
    """A proposed actor id derived from a label: ASCII, ``[A-Za-z0-9_.-]+``.

    >>> slug("Jama'at Nusrat al-Islam wal-Muslimin"), slug("Côte d'Ivoire")
    ('Jama_at_Nusrat_al-Islam_wal-Muslimin', 'Cote_d_Ivoire')
    """
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_).strip("_.-")
    return out or "actor"


@dataclass
class Entry:
    """One actor of the table, growing as the report names it again."""

    key: str
    label: str
    kind: str
    status: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    wikidata: str | None = None
    description: str | None = None
    kind_sure: bool = False
    identifiers: tuple[str, ...] = ()
    #: the organ of its state (``data/nouns.json`` ``organs``) that a proposed actor is
    organ: str | None = None

    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    def actor(self) -> ProposedActor:
        aliases = tuple(dict.fromkeys(a for a in self.aliases if normalise(a) != normalise(
            self.label)))
        return ProposedActor(self.key, self.label, self.kind, aliases, self.country,
                             self.wikidata, self.description, self.status, self.identifiers)


class ActorTable:
    """Known and proposed actors, looked up by id, name or stem."""

    def __init__(self, known=()):
        self.entries: dict[str, Entry] = {}
        self._names: dict[str, str] = {}
        self._stems: dict[str, str] = {}
        #: (person key, noun) -> the key of the government or forces that person leads
        self.led: dict[tuple[str, str], str] = {}
        #: proposed actors merged into another: old key -> new key
        self.redirects: dict[str, str] = {}
        for actor in known:
            entry = Entry(actor.id, actor.label, actor.kind, "known", list(actor.aliases),
                          actor.country, actor.wikidata, actor.description, kind_sure=True,
                          identifiers=tuple(getattr(actor, "identifiers", ())))
            self.entries[actor.id] = entry
            for name in entry.names():
                self._index(name, actor.id, known=True)

    def _index(self, name: str, key: str, known: bool = False) -> None:
        n = normalise(name)
        if n and (known or n not in self._names):
            self._names.setdefault(n, key)
        s = stem(name)
        if s and s not in self._stems:
            self._stems[s] = key

    def __contains__(self, key: str) -> bool:
        return self.resolve(key) in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[self.resolve(key)]

    def find(self, name: str) -> str | None:
        """The key of the actor with this name (or id), else ``None``."""
        if name in self.entries:
            return name
        return self._names.get(normalise(name)) or self._stems.get(stem(name))

    def add(self, label: str, kind: str, *, aliases=(), country: str | None = None,
            wikidata: str | None = None, kind_sure: bool = False, fresh: bool = False) -> str:
        """The key of the actor named ``label``: found, or added as ``proposed``.

        ``fresh`` adds a new actor even if a name or stem matches (a person's government
        is not the person).
        """
        key = None if fresh else self.find(label)
        if key is None and not fresh:
            for alias in aliases:
                key = self.find(alias)
                if key:
                    break
        if key is not None:
            self.alias(key, label)
            for alias in aliases:
                self.alias(key, alias)
            entry = self.entries[key]
            if entry.status == "proposed" and kind_sure and not entry.kind_sure:
                entry.kind, entry.kind_sure = kind, True
            return key
        base = slug(label)
        key, n = base, 2
        while key in self.entries:
            key, n = f"{base}_{n}", n + 1
        self.entries[key] = Entry(key, label, kind, "proposed", [], country, wikidata,
                                  kind_sure=kind_sure)
        self._index(label, key)
        for alias in aliases:
            self.alias(key, alias)
        return key

    def alias(self, key: str, name: str) -> None:
        """Record another name the report uses for an actor."""
        key = self.resolve(key)
        entry = self.entries[key]
        name = re.sub(r"\s+", " ", name).strip()
        if name and normalise(name) not in {normalise(n) for n in entry.names()}:
            entry.aliases.append(name)
        self._index(name, key)

    def merge(self, old: str, into: str) -> None:
        """Make proposed actor ``old`` a name of ``into`` ('RSF' read before 'Rapid Support
        Forces (RSF)', 'Haftar' before 'Khalifa Haftar'); ``resolve`` follows the merge."""
        old, into = self.resolve(old), self.resolve(into)
        if old == into or self.entries[old].status != "proposed":
            return
        gone = self.entries.pop(old)
        self.redirects[old] = into
        for name in gone.names():
            self.alias(into, name)
        for index in (self._names, self._stems):
            for name, key in list(index.items()):
                if key == old:
                    index[name] = into

    def resolve(self, key: str) -> str:
        """The key an actor has after merges."""
        while key in self.redirects:
            key = self.redirects[key]
        return key

    def set_kind(self, key: str, kind: str, *, over_person: bool = False) -> None:
        """Propose a kind for a proposed actor whose kind was a guess.

        ``over_person``: an organisation's word ('the Islah party') outweighs a tagger's
        guess that a single name is a person's.
        """
        entry = self.entries[key]
        if entry.status == "proposed" and (
                not entry.kind_sure or (over_person and entry.kind == "person")):
            entry.kind, entry.kind_sure = kind, True

    def state(self, country: Country) -> str:
        """The key of a UN member state: a known actor of that name or code, or proposed."""
        for name in (country.name, *country.aliases):
            key = self.find(name)
            if key and self.entries[key].kind == "state":
                return key
        for entry in self.entries.values():
            if entry.kind == "state" and entry.country == country.iso2 and \
                    entry.status == "known":
                return entry.key
        return self.add(country.name, "state", country=country.iso2,
                        wikidata=country.wikidata, kind_sure=True)

    def organ(self, country: Country, kind: str, organ: str, text: str) -> str:
        """The key of a state's organ (its army, its air force, its intelligence service):
        one actor per state and organ, whatever phrase names it."""
        state = self.state(country)
        for entry in self.entries.values():
            if entry.country == country.iso2 and entry.key != state and (
                    entry.organ == organ or (entry.organ is None and entry.status == "known"
                                             and entry.kind == kind)):
                self.alias(entry.key, text)
                return entry.key
        # fresh: 'Syrian army' shares a stem with 'Syrian government', a name of the state
        key = self.add(text, kind, country=country.iso2, kind_sure=True, fresh=True)
        self.entries[key].organ = organ
        return key

    def actor(self, key: str) -> ProposedActor:
        """The table's actor as a :class:`ProposedActor`."""
        return self.entries[self.resolve(key)].actor()
