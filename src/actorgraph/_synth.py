"""Synthetic datasets: realistic in shape, fictional in content, the same for the same seed.

Actors are invented (names from syllables, country codes from the ISO 3166-1
user-assigned range ``QM``–``QZ``, ``XA``–``XZ``; URLs under the reserved ``.example``
domain), so no synthetic claim can be mistaken for a statement about a real party.

The shape follows real conflict data: a tenth of the actors are states, which back
non-state groups (the proxy pattern); every actor belongs to one of three to five
camps, and relations within a camp are positive (``backs``, ``arms``, ``allied_with`` …)
while relations across camps are negative (``opposes``, ``fights``, ``accuses``), with
7 % noise; endpoints are drawn from a Zipf law, so degrees are heavy-tailed; persons
``lead`` groups and intelligence agencies and armed forces are ``part_of`` a state;
claims are dated 2005–2024 at mixed precision, graded mostly ``probable`` or
``possible``, quoted in 80–300 characters, and cite one source in twenty, 15 % of them
two or three. Each actor's ``description`` names its ground-truth camp.

Rows are generated one at a time, so a dataset of any size is written in bounded memory.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import functools
import math
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from ._csvwrite import write_dataset
from ._exceptions import DataError
from ._model import Actor, Claim, Source
from ._vocab import RELATIONS

__all__ = ["synth_dataset", "synth_records"]

# kind -> (share of actors, role). Roles group kinds that play the same part in relations.
_KINDS = {
    "state": (0.10, "state"), "government": (0.07, "gov"), "parliament": (0.02, "gov"),
    "armed_forces": (0.05, "forces"), "armed_group": (0.17, "armed"), "militia": (0.17, "armed"),
    "tribe": (0.03, "armed"), "mercenary_group": (0.04, "merc"), "person": (0.20, "person"),
    "intelligence_agency": (0.07, "agency"), "international_organisation": (0.04, "org"),
    "ngo": (0.04, "org"),
}
_SUPPORT = ({"state": 6, "agency": 1, "gov": 2, "armed": 1}, {"armed": 7, "gov": 2, "merc": 1})
_PARTNERS = {"armed": 5, "gov": 2, "state": 2, "forces": 1, "merc": 1}
_COMBATANTS = {"armed": 6, "forces": 3, "merc": 2, "gov": 1}
# relation -> (weight, subject role weights, object role weights); the camp rule follows the sign.
_RELATIONS = {
    "backs": (8, *_SUPPORT), "arms": (10, *_SUPPORT), "trains": (6, *_SUPPORT),
    "funds": (7, *_SUPPORT), "shares_intelligence": (3, *_SUPPORT),
    "provides_access": (3, *_SUPPORT),
    "deploys_forces": (4, {"state": 5, "merc": 3, "forces": 2}, {"armed": 5, "gov": 3, "forces": 1}),
    "recognises": (2, {"state": 8, "org": 2}, {"gov": 7, "armed": 3}),
    "allied_with": (6, _PARTNERS, _PARTNERS), "agreement_with": (2, _PARTNERS, _PARTNERS),
    "affiliated_with": (4, {"armed": 6, "merc": 2, "person": 2}, _PARTNERS),
    "opposes": (8, {"state": 2, "gov": 2, "armed": 4, "person": 2}, {"armed": 4, "gov": 3, "state": 2, "person": 1}),
    "fights": (18, _COMBATANTS, _COMBATANTS),
    "accuses": (9, {"state": 3, "gov": 3, "armed": 2, "person": 2, "org": 2}, {"state": 3, "gov": 2, "armed": 4, "merc": 1}),
    "meets_with": (6, {"person": 4, "state": 3, "gov": 3}, {"person": 3, "state": 3, "gov": 3, "org": 1}),
    "mediates": (3, {"org": 5, "state": 5}, {"gov": 5, "armed": 5}),
}
_LEADS = {"armed": 6, "merc": 1, "gov": 2, "forces": 1}
_NOISE = 0.07
_CERTAINTY = {"confirmed": 10, "probable": 36, "possible": 34, "doubtful": 10, "improbable": 3,
              "unknown": 7}
_RELIABILITY = {"A": 4, "B": 30, "C": 36, "D": 14, "E": 5, "F": 11}
_FIRST = _dt.date(2005, 1, 1).toordinal()  # claims are dated 2005-2024 ...
_SPAN = _dt.date(2024, 12, 31).toordinal() - _FIRST
_PUBLISHED_SPAN = _dt.date(2025, 6, 30).toordinal() - _FIRST  # ... and reported until mid-2025
_COUNTRIES = [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + [f"X{c}" for c in "ABCDEFGHIJLMNOPQRSTUVWXYZ"]

_ONSETS = [
    "Var", "Kes", "Dor", "Mal", "Tar", "Zan", "Bel", "Ost", "Ard", "Qar", "Sul", "Nor", "Ev", "Lum",
    "Rav", "Hes", "Cal", "Mir", "Tan", "Vel"
]
_MIDDLES = ["a", "e", "i", "o", "u", "an", "or", "el", "is", "ar"]
_ENDINGS = ["nia", "ria", "stan", "land", "via", "dor", "esh", "mar", "ta", "sia"]
_TOWN_ENDINGS = ["ra", "bah", "un", "ik", "at", "oum", "ine", "ba", "ir", "ez"]
_ARABIC_FIRST = [("Khalid", "خالد"), ("Ahmed", "أحمد"), ("Omar", "عمر"), ("Fathi", "فتحي"),
                 ("Salem", "سالم"), ("Mustafa", "مصطفى"), ("Yusuf", "يوسف"), ("Ali", "علي"),
                 ("Hassan", "حسن"), ("Ibrahim", "إبراهيم"), ("Mahmoud", "محمود"), ("Nouri", "نوري"),
                 ("Tarek", "طارق"), ("Walid", "وليد"), ("Hamza", "حمزة"), ("Jamal", "جمال")]
_ARABIC_LAST = [("Al-Mansuri", "المنصوري"), ("Al-Obeidi", "العبيدي"), ("Al-Warfalli", "الورفلي"),
                ("Al-Zawi", "الزاوي"), ("Al-Tarhouni", "الترهوني"), ("Al-Shami", "الشامي"),
                ("Al-Qadi", "القاضي"), ("Al-Hasi", "الحاسي"), ("Al-Misrati", "المصراتي"),
                ("Al-Fituri", "الفيتوري"), ("Al-Sharif", "الشريف"), ("Al-Barouni", "الباروني")]
_LATIN_FIRST = [
    "Viktor", "Marc", "Elena", "Dmitri", "Luca", "Sofia", "Pierre", "Anna", "Tomas", "Ivan",
    "Jonas", "Irina"
]
_LATIN_LAST = [
    "Varga", "Orlov", "Moreau", "Rossi", "Keller", "Novak", "Duval", "Petrov", "Santos",
    "Lindqvist", "Brandt"
]
_BRIGADE_WORDS = [("Al-Nasr", "النصر"), ("Al-Fajr", "الفجر"), ("Al-Karama", "الكرامة"),
                  ("Al-Shuhada", "الشهداء"), ("Al-Sumud", "الصمود"), ("Al-Tahrir", "التحرير"),
                  ("Al-Ahrar", "الأحرار"), ("Al-Farouq", "الفاروق"), ("Al-Badr", "البدر"),
                  ("Al-Qalam", "القلم"), ("Al-Ansar", "الأنصار"), ("Al-Hurriya", "الحرية")]
_LABELS = {
    "state": ["{country}", "Republic of {country}", "Kingdom of {country}"],
    "government": ["Government of {country}", "{adj} Government of National Unity",
                   "{adj} Interim Government", "{adj} Transitional Council"],
    "parliament": ["{adj} House of Representatives", "{adj} National Congress",
                   "{adj} High Council of State"],
    "armed_forces": ["{adj} Armed Forces", "{adj} National Army", "{adj} Republican Guard"],
    "armed_group": ["{adj} Liberation Front", "Army of {town}", "{adj} Resistance Movement",
                    "{adj} Popular Front", "{town} Defence Forces", "{adj} Revolutionary Army"],
    "tribe": ["{town} tribe", "{adj} tribal confederation", "{town} clans"],
    "mercenary_group": ["{town} Security Group", "{adj} Strategic Consulting",
                        "{town} Risk Solutions", "{adj} Volunteer Corps"],
    "intelligence_agency": ["{adj} General Intelligence Directorate",
                            "{adj} Foreign Intelligence Service", "{adj} Military Intelligence"],
    "international_organisation": ["{town} Union", "Organisation of {town} States",
                                   "{town} Cooperation Council", "{town} Peace Mission"],
    "ngo": ["{town} Watch", "{adj} Human Rights Observatory", "{town} Centre for Conflict Studies"],
}
_PUBLISHERS = [("The Coastal Herald", "coastal-herald", "en"), ("Sahel Monitor", "sahel-monitor", "en"),
               ("Levant Observer", "levant-observer", "en"), ("Desert Wire", "desert-wire", "en"),
               ("Middle Sea Review", "middle-sea-review", "en"), ("Al-Mirsad", "al-mirsad", "ar"),
               ("Al-Wasat Al-Arabi", "al-wasat", "ar"), ("Le Courrier du Désert", "courrier-desert", "fr"),
               ("Conflict Ledger", "conflict-ledger", "en"), ("Panel Reports Digest", "panel-digest", "en")]
_TITLES = {
    "en": ["Fighting escalates near {town}", "{adj} forces accused of abuses in {town}",
           "Arms shipments reach {town}, sources say", "Report on foreign backing in {country}",
           "Talks in {town} end without agreement", "Who is fighting whom in {country}"],
    "fr": ["Combats intenses près de {town}", "Livraisons d'armes vers {town}, selon des sources",
           "Qui soutient qui en {country}"],
    "ar": ["اشتباكات عنيفة في محيط العاصمة", "مصادر: شحنات أسلحة جديدة تصل إلى الشرق",
           "تقرير يتهم أطرافا خارجية بانتهاك حظر السلاح", "من يدعم من في الحرب؟"],
}
_QUOTES = {
    "backs": ["{s} has been backing {o}", "{s} is among the main supporters of {o}"],
    "arms": ["{s} supplied {o} with {x}", "shipments of {x} from {s} reached {o}"],
    "trains": ["{s} has been training fighters of {o} in {x}",
               "instructors sent by {s} trained units of {o} in {x}"],
    "funds": ["{s} transferred large sums to {o}", "{o} received money from {s} to pay its fighters"],
    "deploys_forces": ["{s} sent fighters to support {o}", "troops from {s} were deployed alongside {o}"],
    "shares_intelligence": ["{s} shared intelligence with {o}",
                            "{s} provided {o} with surveillance data on its enemies"],
    "provides_access": ["{s} allowed {o} to use its air bases", "{o} was given access to ports held by {s}"],
    "recognises": ["{s} recognised {o} as the legitimate authority", "{s} formally recognised {o}"],
    "allied_with": ["{s} and {o} announced an alliance", "{s} formed a coalition with {o}"],
    "agreement_with": ["{s} signed a security agreement with {o}", "{s} and {o} reached an agreement"],
    "affiliated_with": ["{s} declared its loyalty to {o}", "{s} operates under the banner of {o}"],
    "opposes": ["{s} rejected any role for {o}", "{s} vowed to resist {o}"],
    "fights": ["{s} clashed with {o}", "heavy fighting broke out between {s} and {o}"],
    "accuses": ["{s} accused {o} of {x}", "{s} blamed {o} for {x}"],
    "leads": ["{s} commands {o}", "{o} is led by {s}"],
    "part_of": ["{s} operates as part of {o}", "{s} reports directly to {o}"],
    "meets_with": ["{s} met {o} in {x}", "{s} held talks with {o} in {x}"],
    "mediates": ["{s} mediated talks involving {o}", "{s} brokered a ceasefire that included {o}"],
}
_LEADINS = ["", "", "", "sources said that ", "the report says that ", "officials confirmed that ",
            "it is alleged that ", "witnesses reported that "]
_TAILS = [" near {town}", ", despite the UN arms embargo", ", as fighting intensified around {town}",
          ", a move that drew condemnation from {other}", ", the sources added",
          ", in an escalation that observers say could prolong the conflict",
          ", according to a confidential report seen by reporters",
          ", weeks before a ceasefire was announced", " in what analysts called a turning point"]
_FILL = {  # what {x} stands for in a relation's quotes; towns where not given
    "arms": ["anti-tank missiles", "armoured vehicles", "drones", "sniper rifles and night-vision "
             "equipment", "ammunition", "air-defence systems"],
    "trains": ["street warfare", "drone operations", "artillery", "counter-insurgency tactics"],
    "accuses": ["shelling civilian areas", "recruiting child soldiers", "violating the ceasefire",
                "smuggling fuel", "killing prisoners"],
}
_ATTRIBUTIONS = ["local sources", "diplomatic sources", "{label} officials", "a UN panel of experts",
                 "residents", "a security source", "intelligence officials", "{label}"]


class _Pool:
    """Actors to draw from, each with a Zipf weight (heavy-tailed degrees)."""

    def __init__(self) -> None:
        self.members: list[int] = []
        self.cum: list[float] = []

    def add(self, index: int, weight: float) -> None:
        self.members.append(index)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def draw(self, rng: random.Random) -> int:
        # bisect_left: random() < 1, so the point never passes the last total
        return self.members[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _pick(rng: random.Random, seq):
    """``rng.choice(seq)``, several times faster."""
    return seq[int(rng.random() * len(seq))]


def _table(weights: dict) -> list:
    """Each key repeated by its (integer) weight: ``_pick`` from it draws by weight."""
    return [key for key, weight in weights.items() for _ in range(weight)]


@functools.cache
def _day_table() -> dict[int, list[tuple[str, int, int, str]]]:
    """For each precision (1 year, 2 month, 3 day) and each day from 2005 to 2024 (as days
    since 1 January 2005): the date's text at that precision, its first and last day, and
    the date in words for a quote."""
    table: dict[int, list[tuple[str, int, int, str]]] = {1: [], 2: [], 3: []}
    for day in range(_SPAN + 1):
        d = _dt.date.fromordinal(_FIRST + day)
        month = _dt.date(d.year, d.month, 1).toordinal() - _FIRST
        year = _dt.date(d.year, 1, 1).toordinal() - _FIRST
        name = _MONTHS[d.month - 1]
        table[1].append((str(d.year), year, _dt.date(d.year, 12, 31).toordinal() - _FIRST,
                         f" in {d.year}"))
        table[2].append((f"{d.year}-{d.month:02d}", month,
                         month + calendar.monthrange(d.year, d.month)[1] - 1, f" in {name} {d.year}"))
        table[3].append((d.isoformat(), day, day, f" on {d.day} {name} {d.year}"))
    return table


class _Generator:
    """Builds the actors up front (bounded by ``actors``) and streams sources and claims."""

    def __init__(self, actors: int, claims: int, seed: int, camps: int | None):
        if actors < 10:
            raise DataError(f"actors={actors}: a synthetic dataset needs at least 10 actors")
        if claims < 0:
            raise DataError(f"claims={claims}: the number of claims cannot be negative")
        if camps is None:
            camps = min(3 + random.Random(f"actorgraph-synth:{seed}:camps").randrange(3), actors // 5)
        if not 2 <= camps <= actors // 5:
            raise DataError(f"camps={camps}: choose between 2 and {actors // 5} "
                             f"(one camp per five actors at most)")
        self.n_actors, self.n_claims, self.seed, self.camps = actors, claims, seed, camps
        self.n_sources = max(1, claims // 20)
        self.sids = [f"S{i + 1:0{len(str(self.n_sources))}d}" for i in range(self.n_sources)]
        self.days = _day_table()
        self._build_actors(random.Random(f"actorgraph-synth:{seed}:actors"))

    # -- actors -----------------------------------------------------------------------------
    def _build_actors(self, rng: random.Random) -> None:
        n, camps = self.n_actors, self.camps
        kinds = [k for k, (share, _) in _KINDS.items() for _ in range(round(share * n))]
        kinds = (kinds + ["armed_group"] * n)[:n]
        rng.shuffle(kinds)
        # every camp gets a state and an armed group, so every relation can find both ends
        for c in range(camps):
            kinds[2 * c], kinds[2 * c + 1] = "state", "armed_group"
        self.camp_table = _table({c: rng.randrange(10, 31) for c in range(camps)})
        camp_of = [_pick(rng, self.camp_table) for _ in range(n)]
        camp_of[: 2 * camps] = [c for c in range(camps) for _ in (0, 1)]
        ranks = list(range(1, n + 1))
        rng.shuffle(ranks)
        self.kind, self.camp = kinds, camp_of
        self.pools: dict[tuple[int, str], _Pool] = {}
        for i in range(n):
            self.pools.setdefault((camp_of[i], _KINDS[kinds[i]][1]), _Pool()).add(i, ranks[i] ** -1.1)
        self.sides = {(rel, side, c): self._pools_by_role(spec[1 + side], c)
                      for rel, spec in _RELATIONS.items() for side in (0, 1) for c in range(camps)}
        self.leaders_pools = [self._pools_by_role(_LEADS, c) for c in range(camps)]

        self.towns = self._names(rng, 60 + n // 200, _TOWN_ENDINGS)
        states = [i for i in range(n) if kinds[i] == "state"]
        country_names = self._names(rng, len(states), _ENDINGS)
        self.country_name: dict[int, str] = dict(zip(states, country_names, strict=True))
        self.code = {s: _COUNTRIES[k % len(_COUNTRIES)] for k, s in enumerate(states)}
        # the state each actor belongs to; the group each person leads
        self.home: list[int] = []
        self.parent: dict[int, int] = {}
        for i in range(n):
            state = i if kinds[i] == "state" else self.pools[(camp_of[i], "state")].draw(rng)
            if kinds[i] == "person":
                self.parent[i] = self._draw(rng, self.leaders_pools[camp_of[i]], exclude=i)
            elif kinds[i] in ("intelligence_agency", "armed_forces"):
                self.parent[i] = state
            self.home.append(state)
        for i, group in self.parent.items():
            if kinds[i] == "person":  # a leader shares the country of the group he leads
                self.home[i] = self.home[group]
        self.ids = [f"A{i + 1:0{len(str(n))}d}" for i in range(n)]
        used: dict[str, int] = {}
        self.label, self.name, self.aliases = [], [], []
        for i in range(n):
            label, name, aliases = self._naming(rng, i)
            self.label.append(_unique(label, used))
            self.name.append(name)
            fresh = [a for a in aliases if a not in used]
            used.update(dict.fromkeys(fresh, 1))
            self.aliases.append(fresh)

    def _pools_by_role(self, weights: dict, camp: int) -> list[_Pool]:
        """The camp's pools of these roles, each repeated by its role's weight."""
        present = {r: w for r, w in weights.items() if (camp, r) in self.pools}
        table = _table(present or {r: 1 for (c, r) in self.pools if c == camp})
        return [self.pools[(camp, role)] for role in table]

    def _names(self, rng: random.Random, count: int, endings: list[str]) -> list[str]:
        used: dict[str, int] = {}
        names = []
        for _ in range(count):
            for _attempt in range(20):
                middle = _pick(rng, _MIDDLES) + (_pick(rng, _MIDDLES) if rng.random() < 0.5 else "")
                base = (_pick(rng, _ONSETS) + middle + _pick(rng, endings)).capitalize()
                if base not in used:
                    break
            names.append(_unique(base, used))
        return names

    def _naming(self, rng: random.Random, i: int) -> tuple[str, str, list[str]]:
        """Label, name used in quotes (Latin script), aliases."""
        kind, home = self.kind[i], self.home[i]
        country = self.country_name[home]
        adj = _adjective(country)
        if kind == "person":
            if rng.random() < 0.25:
                name = f"{_pick(rng, _LATIN_FIRST)} {_pick(rng, _LATIN_LAST)}"
                return name, name, []
            first = int(rng.random() * len(_ARABIC_FIRST))  # and a different father's name
            father = (first + 1 + int(rng.random() * (len(_ARABIC_FIRST) - 1))) % len(_ARABIC_FIRST)
            (f1, a1), (f2, a2), (l1, al) = (_ARABIC_FIRST[first], _ARABIC_FIRST[father],
                                            _pick(rng, _ARABIC_LAST))
            latin, arabic = f"{f1} {f2} {l1}", f"{a1} {a2} {al}"
            return latin, latin, [arabic] if rng.random() < 0.5 else []
        if kind == "militia":
            word, arabic = _pick(rng, _BRIGADE_WORDS)
            number = rng.randrange(1, 400)
            latin, native = f"{word} Brigade {number}", f"كتيبة {arabic} {number}"
            if rng.random() < 0.15:  # labelled in Arabic, known abroad by its Latin name
                return native, latin, [latin]
            return latin, latin, [native] if rng.random() < 0.5 else []
        label = _pick(rng, _LABELS[kind]).format(country=country, adj=adj, town=_pick(rng, self.towns))
        if kind == "state":  # "Republic of Varnia" is "Varnia" in the news
            return label, country, [country] if label != country else []
        acronym = "".join(w[0] for w in label.split() if w[0].isupper())
        return label, label, [acronym] if len(acronym) >= 3 else []

    # -- drawing endpoints ------------------------------------------------------------------
    def _draw(self, rng: random.Random, pools: list[_Pool], exclude: int = -1) -> int:
        for _ in range(4):
            pick = _pick(rng, pools).draw(rng)
            if pick != exclude:
                return pick
        pick = rng.randrange(self.n_actors - 1)
        return pick if pick < exclude else pick + 1

    # -- rows -------------------------------------------------------------------------------
    def actor_rows(self) -> Iterator[dict[str, str]]:
        for i in range(self.n_actors):
            kind = self.kind[i]
            description = f"Synthetic {kind.replace('_', ' ')} in camp {self.camp[i] + 1} of {self.camps}."
            yield {"id": self.ids[i], "label": self.label[i], "kind": kind,
                   "aliases": "|".join(self.aliases[i]), "country": self.code[self.home[i]],
                   "description": description}

    def source_rows(self) -> Iterator[dict[str, str]]:
        rng = random.Random(f"actorgraph-synth:{self.seed}:sources")
        for i in range(self.n_sources):
            publisher, slug, language = _pick(rng, _PUBLISHERS)
            day = _dt.date.fromordinal(_FIRST + i * _PUBLISHED_SPAN // self.n_sources)
            published = day.isoformat() if rng.random() < 0.9 else f"{day.year}-{day.month:02d}"
            state = _pick(rng, self.pools[(rng.randrange(self.camps), "state")].members)
            title = _pick(rng, _TITLES[language]).format(
                town=_pick(rng, self.towns), country=self.country_name[state],
                adj=_adjective(self.country_name[state]))
            url = f"https://{slug}.example/{day.year}/{day.month:02d}/{self.sids[i].lower()}"
            yield {"id": self.sids[i], "title": title, "publisher": publisher,
                   "published": published, "url": url,
                   "reliability": _pick(rng, _RELIABILITY_TABLE), "language": language}

    def claim_rows(self) -> Iterator[dict[str, str]]:
        rng = random.Random(f"actorgraph-synth:{self.seed}:claims")
        structural = [i for i in range(self.n_actors) if i in self.parent]
        rng.shuffle(structural)
        structural = structural[: self.n_claims // 5]
        width = len(str(self.n_claims))
        for k in range(self.n_claims):
            # leads / part_of claims, spread evenly through the file
            if structural and rng.random() * (self.n_claims - k) < len(structural):
                s = structural.pop()
                o = self.parent[s]
                relation = "leads" if self.kind[s] == "person" else "part_of"
            else:
                relation, s, o = self._relation(rng)
            yield self._claim(rng, f"C{k + 1:0{width}d}", relation, s, o)

    # The methods below run once per claim: they inline ``_pick`` (``seq[int(rnd() * len(seq))]``)
    # and look up tables rather than compute, which halves the time of a million claims.

    def _relation(self, rng: random.Random) -> tuple[str, int, int]:
        rnd = rng.random
        relation = _RELATION_TABLE[int(rnd() * len(_RELATION_TABLE))]
        camp = self.camp_table[int(rnd() * len(self.camp_table))]
        s = self._draw(rng, self.sides[(relation, 0, camp)])
        sign = _SIGNS[relation]
        same = sign > 0 if sign else rnd() < 0.5
        if sign and rnd() < _NOISE:
            same = not same
        other = camp if same else (camp + 1 + int(rnd() * (self.camps - 1))) % self.camps
        return relation, s, self._draw(rng, self.sides[(relation, 1, other)], exclude=s)

    def _claim(self, rng, cid: str, relation: str, s: int, o: int) -> dict[str, str]:
        rnd = rng.random
        start, end, latest, when = self._dates(rnd)
        via = attributed = ""
        if relation in _SUPPORT_NAMES and rnd() < 0.05:
            broker = self.pools[(self.camp[s], "state")].draw(rng)
            via = self.ids[broker] if broker not in (s, o) else ""
        if rnd() < 0.2:
            attributed = _ATTRIBUTIONS[int(rnd() * len(_ATTRIBUTIONS))].format(
                label=self.name[int(rnd() * self.n_actors)])
        town = self.towns[int(rnd() * len(self.towns))]
        quote = self._quote(rnd, relation, s, o, when, attributed, town)
        return {"id": cid, "subject": self.ids[s], "relation": relation, "object": self.ids[o],
                "start": start, "end": end,
                "certainty": _CERTAINTY_TABLE[int(rnd() * len(_CERTAINTY_TABLE))],
                "sources": self._sources(rnd, latest), "quote": quote,
                "attributed_to": attributed, "via": via, "place": town if town in quote else ""}

    def _dates(self, rnd) -> tuple[str, str, int, str]:
        """Start and end (either may be empty), the first day of the later one, the start
        in words (`` in August 2019``)."""
        if rnd() < 0.04:
            return "", "", 0, ""
        day = _YEAR_STARTS[_YEAR_TABLE[int(rnd() * len(_YEAR_TABLE))]] + int(rnd() * 365)
        start, first, last, when = self.days[_PRECISION_TABLE[int(rnd() * 100)]][day]
        if rnd() >= 0.35 or last >= _SPAN:
            return start, "", first, when
        day = min(_SPAN, last + 1 + int(500 * _EXPONENTIAL[int(rnd() * 1024)]))
        end, first, _, _ = self.days[_PRECISION_TABLE[int(rnd() * 100)]][day]
        if first <= last:  # coarser than the start and overlapping it: give the day
            end, first, _, _ = self.days[3][day]
        return start, end, first, when

    def _sources(self, rnd, latest: int) -> str:
        """One to three sources published on or after ``latest``, mostly soon after."""
        n = self.n_sources
        low = -(-latest * n // _PUBLISHED_SPAN)
        spread = max(1.0, n / 40)
        first = min(n - 1, low + int(spread * _EXPONENTIAL[int(rnd() * 1024)]))
        if rnd() < 0.85:
            return self.sids[first]
        picks = {first} | {min(n - 1, low + int(spread * _EXPONENTIAL[int(rnd() * 1024)]))
                           for _ in range(1 if rnd() < 0.67 else 2)}
        return "|".join(self.sids[p] for p in sorted(picks))

    def _quote(self, rnd, relation: str, s: int, o: int, when: str, attributed: str,
               town: str) -> str:
        templates, fill = _QUOTES[relation], _FILL.get(relation)
        core = templates[int(rnd() * len(templates))].format(
            s=self.name[s], o=self.name[o], x=fill[int(rnd() * len(fill))] if fill else town)
        text = (f"according to {attributed}, " if attributed
                else _LEADINS[int(rnd() * len(_LEADINS))]) + core
        if rnd() < 0.5:
            text += when
        # clauses in an order drawn by start and step: up to 80 characters, then maybe more
        n = len(_TAILS)
        first, step = int(rnd() * n), _TAIL_STEPS[int(rnd() * len(_TAIL_STEPS))]
        for k in range(n):
            if len(text) >= 80 and rnd() < 0.6:
                break
            tail = _TAILS[(first + k * step) % n]
            if "{" in tail:
                tail = tail.format(town=town, other=self.name[int(rnd() * self.n_actors)])
            if len(text) + len(tail) < 300:
                text += tail
        return text[0].upper() + text[1:] + "."


def synth_records(
    actors: int, claims: int, seed: int = 0, camps: int | None = None
) -> tuple[list[Actor], list[Source], list[Claim]]:
    """Generate a synthetic dataset in memory: the records :func:`synth_dataset` writes.

    Parameters
    ----------
    actors, claims : int
        How many actors (at least 10) and claims; sources are one per 20 claims.
    seed : int
        The same seed gives the same records.
    camps : int, optional
        Number of camps (alliances); by default three to five, chosen by the seed
        (fewer for fewer than 25 actors: a camp has five actors or more).

    Returns
    -------
    tuple of lists
        ``(actors, sources, claims)`` as :class:`Actor`, :class:`Source`, :class:`Claim`.

    Examples
    --------
    >>> actors, sources, claims = synth_records(actors=20, claims=100, seed=1)
    >>> len(actors), len(sources), len(claims)
    (20, 5, 100)
    >>> all(c.subject != c.object and 80 <= len(c.quote) <= 300 for c in claims)
    True
    """
    gen = _Generator(actors, claims, seed, camps)
    return ([Actor.from_row(row) for row in gen.actor_rows()],
            [Source.from_row(row) for row in gen.source_rows()],
            [Claim.from_row(row) for row in gen.claim_rows()])


def synth_dataset(
    path: str | Path,
    *,
    actors: int,
    claims: int,
    seed: int = 0,
    camps: int | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write a synthetic dataset folder: ``actors.csv``, ``sources.csv``, ``claims.csv``, ``README.md``.

    Rows are streamed, so memory depends on the number of actors, not of claims. The
    folder is written beside ``path`` under a temporary name and renamed into place when
    complete: an interrupted run leaves nothing half-written at ``path``.

    Parameters
    ----------
    path : str or Path
        The dataset folder to create. It may exist only if empty, unless ``overwrite``.
    actors, claims : int
        How many actors (at least 10) and claims; sources are one per 20 claims.
    seed : int
        The same seed gives the same files, byte for byte.
    camps : int, optional
        Number of camps (alliances); by default three to five, chosen by the seed
        (fewer for fewer than 25 actors: a camp has five actors or more).
    overwrite : bool
        Replace an existing non-empty folder at ``path``.
    progress : callable, optional
        Called as ``progress(claims_written, claims)`` every 10,000 claims and at the end.

    Returns
    -------
    dict
        ``path``, ``actors``, ``sources``, ``claims``, ``seed``, ``camps``.

    Raises
    ------
    ExportError
        ``path`` is a file, or a non-empty folder and ``overwrite`` is false.
    ValueError
        Fewer than 10 actors, a negative number of claims, or an impossible number of camps.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = pathlib.Path(tmp) / "synthetic"
    ...     summary = synth_dataset(folder, actors=50, claims=400, seed=7, camps=3)
    ...     files = sorted(p.name for p in folder.iterdir())
    >>> summary["claims"], summary["sources"], summary["camps"]
    (400, 20, 3)
    >>> files
    ['README.md', 'actors.csv', 'claims.csv', 'sources.csv']
    """
    path = Path(path)
    gen = _Generator(actors, claims, seed, camps)
    write_dataset(path, {"actor": gen.actor_rows(), "source": gen.source_rows(),
                         "claim": _counted(gen.claim_rows(), claims, progress)},
                  readme=_readme(gen), overwrite=overwrite)
    return {"path": str(path), "actors": gen.n_actors, "sources": gen.n_sources,
            "claims": gen.n_claims, "seed": seed, "camps": gen.camps}


def _counted(rows, total: int, progress) -> Iterator[dict[str, str]]:
    for done, row in enumerate(rows, 1):
        yield row
        if progress is not None and (done % 10_000 == 0 or done == total):
            progress(done, total)


def _readme(gen: _Generator) -> str:
    return f"""# Synthetic actorgraph dataset

Generated by `actorgraph synth --actors {gen.n_actors} --claims {gen.n_claims} --seed {gen.seed} --camps {gen.camps}`:
{gen.n_actors:,} actors, {gen.n_sources:,} sources, {gen.n_claims:,} claims in {gen.camps} camps.

**Everything here is fictional**: actors, sources, dates and quotes are invented, for tests and
benchmarks only. Country codes come from the ISO 3166-1 user-assigned range, URLs from the reserved
`.example` domain. Each actor's description names its ground-truth camp; relations within a camp
are mostly positive, across camps mostly negative. The same command gives the same files.
"""


def _unique(base: str, used: dict[str, int]) -> str:
    """``base``, or ``base (2)``, ``base (3)`` … if taken; records the result as taken."""
    count = used.get(base, 0) + 1
    used[base] = count
    if count == 1:
        return base
    name = f"{base} ({count})"
    used[name] = 1
    return name


def _adjective(country: str) -> str:
    if country.endswith("ia"):
        return country + "n"
    if country.endswith(("stan", "esh")):
        return country + "i"
    return country + ("n" if country.endswith("a") else "ian")


_RELATION_TABLE = _table({rel: spec[0] for rel, spec in _RELATIONS.items()})
_SIGNS = {rel: info.sign for rel, info in RELATIONS.items()}
_SUPPORT_NAMES = {rel for rel, info in RELATIONS.items() if info.parent == "backs" or rel == "backs"}
_CERTAINTY_TABLE = _table(_CERTAINTY)
_RELIABILITY_TABLE = _table(_RELIABILITY)
_YEAR_TABLE = _table({y: 8 + (y - 2005) for y in range(2005, 2025)})  # more reports of late
_YEAR_STARTS = {y: _dt.date(y, 1, 1).toordinal() - _FIRST for y in range(2005, 2025)}
_PRECISION_TABLE = _table({1: 25, 2: 45, 3: 30})  # 100 entries
_EXPONENTIAL = [-math.log(1 - (k + 0.5) / 1024) for k in range(1024)]  # quantiles of Exp(1)
_TAIL_STEPS = [k for k in range(1, len(_TAILS)) if math.gcd(k, len(_TAILS)) == 1]
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
