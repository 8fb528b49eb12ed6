"""Where a report names actors: spans of tokens, each resolved to an actor of the table.

In order: the names of known actors; the gazetteer (states by name, by capital used as
the government — not after "in", "to", "the capital" … —, by demonym before a word for
its officials or troops or an envoy no name follows, and organs of a state such as
"Israeli military", "Mali's armed forces" or "Ethiopia's federal government", one actor per
state and organ; international organisations); a region's forces ("Amhara regional
special forces"); named entities of the pipeline (people, organisations, groups); in the
blank fallback, capitalised runs; nicknames ("X, known as Y"); names repeated later
(surnames, first names, acronyms given in brackets); and last, definite descriptions ("the
group", "the paramilitary force", "the federal army") resolved to an actor before them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ._actors import ActorTable, normalise, stem
from ._kinds import kind_from_words, phrase_at, phrases
from ._lexicon import lexicon
from ._names import QUOTES, NameDictionary, case_sensitive, gazetteer

__all__ = ["Mention", "find_mentions", "kind_from_words"]

_LOCATIVE = frozenset({"in", "at", "to", "from", "near", "into", "outside", "around",
                       "toward", "towards", "across", "capital", "city", "of", "via", "through"})
_SUB_STATE = frozenset({"eastern", "western", "northern", "southern", "central", "rival",
                        "interim", "transitional", "breakaway", "former", "exiled", "provisional",
                        "de", "facto", "unity", "national"})


@dataclass(frozen=True)
class Mention:
    """Tokens ``start`` to ``end`` (exclusive) name actor ``key``; ``how`` says how it was found.

    ``organ_of`` is the state's key when the mention names an organ of that state.
    """

    start: int
    end: int
    key: str
    how: str
    organ_of: str | None = None
    led_by: str | None = None
    allied_to: str | None = None


def _tok(text: str) -> str:
    return normalise(text) if text.strip() else text


class _Finder:
    def __init__(self, doc, table: ActorTable, pipeline):
        self.doc, self.table, self.pipeline = doc, table, pipeline
        self.lex = lexicon()
        self.mentions: list[Mention] = []
        self.covered: set[int] = set()
        self.words = [t.text.translate(QUOTES) for t in doc]
        self.lowered = [w.lower() for w in self.words]
        self.organs, self.state_people, self.members, self.not_heads, _, self.ner_kinds, \
            self.anaphora, self.titles = phrases()
        self.roles = {w.split(" of ")[0].split()[-1] for rel in ("leads", "part_of")
                      for w in self.lex.nouns["roles"][rel]} | {w.lower() for w in self.titles}
        self.demonyms = frozenset(d for c in self.lex.countries for d in c.demonyms)
        self.in_names = frozenset(self.lex.nouns["possessives_in_names"]["words"])
        self.state_roles = frozenset(self.lex.nouns["state_roles"])

    def put(self, start: int, end: int, key: str, how: str, organ_of: str | None = None,
            led_by: str | None = None, allied_to: str | None = None):
        if start >= end or any(i in self.covered for i in range(start, end)):
            return
        self.mentions.append(Mention(start, end, key, how, organ_of, led_by, allied_to))
        self.covered.update(range(start, end))
        text = self.doc[start:end].text
        if how not in ("anaphora", "pronoun", "apposition", "allied") and \
                normalise(text) not in self.anaphora["descriptions"]:
            self.table.alias(key, text)  # not a bare 'government': a description, no name

    def dictionary(self) -> NameDictionary:
        """The known actors' names (this report's) and the gazetteer (built once)."""
        d = NameDictionary(self.pipeline.nlp.tokenizer, fallback=gazetteer(self.pipeline))
        for entry in list(self.table.entries.values()):
            for name in entry.names():
                d.add(name, ("actor", entry.key), case_sensitive(name))
        return d



    def gazetteer(self) -> None:
        doc, d = self.doc, self.dictionary()
        i = 0
        while i < len(doc):
            found = d.match(self.words, self.lowered, i)
            if not found:
                i += 1
                continue
            n, (what, target) = found
            handled = getattr(self, f"_{what}")(i, n, target)
            i += handled or n

    def _actor(self, i, n, key):
        self.put(i, i + n, key, "known" if self.table[key].status == "known" else "alias")
        return self._possessive(i + n, key)

    def _org(self, i, n, org):
        key = self.table.add(org.label, org.kind, aliases=org.aliases, wikidata=org.wikidata,
                             kind_sure=True)
        self.put(i, i + n, key, "gazetteer")
        return self._possessive(i + n, key)

    def _country(self, i, n, country):
        key = self.table.state(country)
        after = i + n
        doc = self.doc
        if after + 1 < len(doc) and doc[after].lower_ in ("'s", "’s"):
            organ = phrase_at(doc, after + 1, self.organs)
            if organ:
                length, phrase = organ
                okey = self.table.organ(country, *self.organs[phrase],
                                        doc[i:after + 1 + length].text)
                self.put(i, after + 1 + length, okey, "organ", organ_of=key)
                return after + 1 + length - i
            people = phrase_at(doc, after + 1, self.state_people)
            length = people[0] if people else self._unnamed_role(after + 1)
            if length:  # "Colombia's government", "Ukraine's defence minister": the state
                self.put(i, after + 1 + length, key, "gazetteer")
                return after + 1 + length - i
        self.put(i, after, key, "gazetteer")
        return self._possessive(after, key)

    def _possessive(self, after: int, key: str) -> int | None:
        # "X's fighters" / "the Congolese army's artillery units" name X itself
        doc = self.doc
        if after + 1 < len(doc) and doc[after].lower_ in ("'s", "’s"):
            members = phrase_at(doc, after + 1, self.members)
            if members and self.table[key].kind != "person":
                start = next(m.start for m in self.mentions if m.key == key and m.end == after)
                self.mentions.pop()
                self.covered.difference_update(range(start, after))
                self.put(start, after + 1 + members[0], key, "alias")
        return None

    def _capital(self, i, n, country):
        prev = [t.lower_ for t in self.doc[max(0, i - 2):i]]
        if prev and (prev[-1] in _LOCATIVE or (len(prev) > 1 and prev[-2] in _LOCATIVE
                                               and prev[-1] == "the")):
            return n
        self.put(i, i + n, self.table.state(country), "capital")
        return n

    def _demonym(self, i, n, country):
        doc = self.doc
        j = i + n
        modifier = i > 0 and doc[i - 1].lower_ in _SUB_STATE
        organ = phrase_at(doc, j, self.organs)
        people = phrase_at(doc, j, self.state_people)
        members = phrase_at(doc, j, self.members)
        if organ and all(t.is_title for t in doc[j:j + organ[0]]):
            return n  # 'Libyan National Army': a name, which the entities read
        if organ and not (people and people[0] > organ[0]):
            end = j + organ[0]
            follow = phrase_at(doc, end, self.state_people)
            if follow:  # "Israeli intelligence officials" are the state's
                self.put(i, end + follow[0], self.table.state(country), "demonym")
                return end + follow[0] - i
            okey = self.table.organ(country, *self.organs[organ[1]], doc[i:end].text)
            self.put(i, end, okey, "organ", organ_of=self.table.state(country))
            return end - i
        best = max([p for p in (people, members) if p], default=None)
        if best is None and self._unnamed_role(j):
            # 'expelled the Rwandan ambassador': the state, through its envoy
            end = j + self._unnamed_role(j)
            self.put(i, end, self.table.state(country), "demonym")
            return end - i
        if best is None:
            if self._shared_people(j):  # 'Turkish and Russian delegations': each its state
                self.put(i, j, self.table.state(country), "demonym")
            return n
        end = j + best[0]
        if modifier and best[1] in ("government", "authorities", "administration", "forces"):
            start = i - 1
            while start > 0 and doc[start - 1].lower_ in _SUB_STATE:
                start -= 1
            text = doc[start:end].text
            kind = kind_from_words(text.split(), "government")
            self.put(start, end, self.table.add(text, kind, country=country.iso2,
                                                kind_sure=True), "ner")
            return end - i
        self.put(i, end, self.table.state(country), "demonym")
        return end - i

    def _unnamed_role(self, j: int) -> int:
        """The length of a state's role phrase at ``j`` that no name follows ('the Rwandan
        ambassador', "Ukraine's defence minister met …"; not 'Kenyan President William
        Ruto', whose role is read with the name), else 0."""
        role = phrase_at(self.doc, j, self.state_roles)
        if role is None:
            return 0
        after = j + role[0]
        if after < len(self.doc) and (self.doc[after].is_title or self.doc[after].lower_ in (
                "of", ",") and after + 1 < len(self.doc) and self.doc[after + 1].is_title):
            return 0
        return role[0]

    def _shared_people(self, j: int) -> bool:
        """Whether demonyms joined by 'and' or commas from token ``j`` end in a word for a
        state's people, which they share."""
        doc = self.doc
        demonyms = self.demonyms
        while j + 1 < len(doc) and doc[j].lower_ in ("and", "or", ","):
            j += 1
            if doc[j].text not in demonyms:
                return False
            j += 1
            if phrase_at(doc, j, self.state_people):
                return True
        return False

    def _entities(self):
        # adjacent PERSON entities are one name ('Abd-Rabbu' + 'Mansour Hadi')
        merged = []
        for ent in self.doc.ents:
            if merged and ent.label_ == "PERSON" == merged[-1][2] and ent.start == merged[-1][1]:
                merged[-1] = (merged[-1][0], ent.end, "PERSON")
                continue
            cut = next((t.i for t in ent[1:-1] if t.lower_ in ("'s", "’s")), None)
            if cut is not None and self.doc[cut - 1].lower_ in self.in_names:
                cut = None  # 'People's Protection Units': one name, no owner
            if ent.label_ == "ORG" and cut is not None:
                # "Haftar’s Libyan National Army": the owner and the organisation
                owner = "PERSON" if cut - ent.start == 1 else "ORG"
                merged += [(ent.start, cut, owner), (cut + 1, ent.end, "ORG")]
            else:
                merged.append((ent.start, ent.end, ent.label_))
        return merged

    def entities(self) -> None:
        doc = self.doc
        demonyms = {d for c in self.lex.countries for d in c.demonyms}
        for start, end, label in self._entities():
            kind = self.ner_kinds.get(label)
            if kind is None:
                continue
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’")
                                   or doc[end - 1].is_punct):
                end -= 1
            if start >= end:
                continue
            # a gazetteer name may have taken the article: 'the African Union' of 'the African
            # Union Transition Mission in Somalia'
            lead = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
            inside = [m for m in self.mentions if lead <= m.start and m.end <= end]
            if label in ("ORG", "PERSON") and inside and all(
                    m.how in ("gazetteer", "capital", "demonym") for m in inside) and \
                    sum(m.end - m.start for m in inside) < end - lead and \
                    not any(m.start < lead < m.end or m.start < end < m.end
                            for m in self.mentions):
                # 'Congo Protection', 'Democratic Forces for the Liberation of Rwanda'
                for m in inside:
                    self.mentions.remove(m)
                    self.covered.difference_update(range(m.start, m.end))
            if any(i in self.covered for i in range(start, end)):
                continue
            text = doc[start:end].text
            if normalise(text) in self.not_heads or doc[end - 1].lower_ in self.not_heads:
                continue
            if normalise(text) in self.titles or normalise(text) in self.roles:
                continue  # 'the Foreign Minister': a title, not a party
            existing = self.table.find(text)
            if existing is None and " " not in text:
                # 'Al-Thani' after 'Abdullah al-Thani', 'Burhan' after 'Abdel Fattah
                # al-Burhan', 'Abiy' after 'Abiy Ahmed'
                existing = self._short_name(text, person_tagged=label == "PERSON")
            if existing is None and label == "PERSON" and end - start > 1:
                # 'Haftar' in the headline, then 'Khalifa Haftar': one person
                surname = doc[end - 1].text.lower()
                single = next((e.key for e in self.table.entries.values()
                               if (e.kind == "person" or not e.kind_sure)
                               and e.status == "proposed" and e.label.lower() == surname), None)
                if single:
                    entry = self.table[single]
                    entry.kind, entry.kind_sure = "person", True
                    entry.aliases.append(entry.label)
                    entry.label = text
                    self.table.alias(single, text)
                    existing = single
            if label == "GPE" and existing is None:
                head = phrase_at(doc, end, _GROUP_HEADS) if end < len(doc) else None
                if not head and not any(ch.isdigit() for ch in text):
                    continue  # a town or a region: a place, not a party
                label = "ORG"  # 'the M23 rebel group': a tagger's place that is a group
                if head:
                    end += head[0]
                    text = doc[start:end].text
            if existing is not None and end < len(doc):
                head = phrase_at(doc, end, _GROUP_HEADS)
                if head:  # 'the M23 rebel group' after 'M23 rebels'
                    end += head[0]
            if label == "NORP" and (text in demonyms or not text[:1].isupper()):
                continue  # the gazetteer has read it and found no party; or an adjective
            if label == "ORG":
                end = self._org_place(end)
                text = doc[start:end].text
            acronym = self._acronym(end)
            collective = end < len(doc) and doc[end].lower_ in _generic_heads() and (
                label != "PERSON" or (start > 0 and doc[start - 1].lower_ == "the"))
            if collective:  # 'the Houthi movement', 'the Islah party'
                end += 1
                text = doc[start:end].text
            after = phrase_at(doc, end, self.members) if end < len(doc) else None
            if label == "NORP" and existing is None and not collective and after is None:
                continue  # 'Palestinian refugee camps': an adjective, not a party
            sure = label == "PERSON"
            described = self._described_before(start)
            if described:  # 'the jihadist alliance Jama'at Nusrat ...'
                kind, sure = described, True
            elif label == "PERSON" and start > 0 and doc[start - 1].lower_ == "the":
                kind, sure = "armed_group", True  # people's names take no article: 'the Houthis'
            elif label in ("ORG", "NORP"):
                cue = kind_from_words(text.split())
                kind, sure = (cue, True) if cue else ("other" if label == "ORG" else kind, False)
            key = existing or self.table.add(text, kind, kind_sure=sure)
            if existing and sure:
                self.table.set_kind(key, kind, over_person=label != "PERSON")
            if after and self.table[key].kind != "person":
                end += after[0]
            self.put(start, end, key, "ner")
            if acronym:
                self._link_acronym(key, acronym)

    def _short_forms(self, entry) -> set[str]:
        """The one-word names a report may use for a person named in full: the surname, the
        surname without its particle ('Burhan' of 'Abdel Fattah al-Burhan') and, as
        Ethiopian or Eritrean reports do, the first name ('Abiy' of 'Abiy Ahmed')."""
        words = [w for w in entry.label.split(" ") if w]
        if len(words) < 2:
            return set()
        forms = {words[-1], words[0]}
        for particle in self.lex.nouns["name_particles"]:
            if words[-1].lower().startswith(particle) and len(words[-1]) > len(particle):
                forms.add(words[-1][len(particle):])
        return {f for f in forms if f[:1].isupper() and f.lower() not in self.titles
                and f.lower() not in self.roles and f not in self.demonyms}

    def _short_name(self, text: str, person_tagged: bool = False) -> str | None:
        """The one person a one-word name stands for (:meth:`_short_forms`). A name the
        tagger took for an organisation's ('Minni Minawi') is a person's when the tagger
        calls its short form a person ('Minawi')."""
        found = {e.key for e in self.table.entries.values()
                 if (e.kind == "person" or (person_tagged and not e.kind_sure))
                 and any(f.lower() == text.lower() for f in self._short_forms(e))}
        if len(found) != 1:
            return None
        key = found.pop()
        self.table.set_kind(key, "person")
        return key

    def _link_acronym(self, key: str, at: int) -> None:
        earlier = self.table.find(self.doc[at].text)
        if earlier and earlier != key:
            # 'RSF' read before 'Rapid Support Forces (RSF)': the longer name keeps the actor
            short, long_ = sorted((earlier, key), key=lambda k: len(self.table[k].label))
            self.table.merge(short, long_)
            key = self.table.resolve(long_)
        # the words between a name and its bracket belong to the name ('... wal-Muslimin')
        self.covered.update(range(at - 1, at + 2))
        gap = at - 2
        while gap >= 0 and gap not in self.covered and self.doc[gap].text != ")":
            self.covered.add(gap)
            gap -= 1
        self.table.alias(key, self.doc[at].text)
        self.covered.discard(at)
        self.put(at, at + 1, key, "alias")

    def _acronym(self, end: int) -> int | None:
        """The token of '(JNIM)' right after a name (a few name words may come between)."""
        doc = self.doc
        for k in range(end, min(end + 4, len(doc) - 2)):
            if doc[k].text == "(" and doc[k + 2].text == ")" and doc[k + 1].text.isupper() \
                    and len(doc[k + 1].text) > 1:
                return k + 1
            if not (doc[k].is_alpha or doc[k].text in ("-", "'")):
                return None
        return None

    def _org_place(self, end: int) -> int:
        """'the Islamic State in the Greater Sahara': a name that goes on after 'in'."""
        doc = self.doc
        if end + 1 < len(doc) and doc[end].lower_ == "in":
            k = end + 1 + (doc[end + 1].lower_ == "the")
            j = k
            dated = set(self.lex.dates["months"]) | set(self.lex.dates["weekdays"])
            while j < len(doc) and doc[j].is_title and j not in self.covered and j - k < 3 \
                    and doc[j].lower_ not in dated and doc[j].ent_type_ not in ("DATE", "GPE"):
                j += 1
            if j > k and (j == len(doc) or not doc[j].is_title):
                return j
        return end

    def _described_before(self, start: int) -> str | None:
        """The kind that words just before a name give ('the jihadist alliance X')."""
        doc = self.doc
        words = []
        k = start - 1
        while k >= 0 and len(words) < 3 and doc[k].is_alpha and doc[k].is_lower and \
                doc[k].lower_ not in ("the", "a", "an") and not doc[k].is_stop:
            words.insert(0, doc[k].text)
            k -= 1
        if words and k >= 0 and doc[k].text in self.demonyms:
            k -= 1  # 'the French energy group TotalEnergies'
        if not words:
            return None
        if words[-1].lower() in self.roles:
            return "person"  # 'government spokeswoman Yolande Makolo'
        if k < 0 or doc[k].lower_ not in ("the", "a", "an", ",", "and"):
            return None
        return kind_from_words(words, last_only=True)

    def proper_nouns(self) -> None:
        """Proper nouns outside every entity ('the M23 rebel group'): a name all the same."""
        doc = self.doc
        # a capitalised adjective the tagger calls NORP may begin a name ('Islamic State')
        in_ent = {i for ent in doc.ents if ent.label_ != "NORP"
                  for i in range(ent.start, ent.end)}
        adjectives = {(ent.start, ent.end) for ent in doc.ents if ent.label_ == "NORP"}
        months = set(self.lex.dates["months"]) | set(self.lex.dates["weekdays"])
        demonyms = {d for c in self.lex.countries for d in c.demonyms}
        i = 0
        while i < len(doc):
            t = doc[i]
            if t.tag_ not in ("NNP", "NNPS") or i in self.covered or i in in_ent or \
                    t.lower_ in months or not any(c.isupper() for c in t.text) or \
                    t.is_sent_start or t.lower_ in self.titles or t.text in demonyms:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and doc[j].tag_ in ("NNP", "NNPS") and j not in self.covered \
                    and j not in in_ent:
                j += 1
            end = j
            head = phrase_at(doc, end, _GROUP_HEADS)
            if head:
                end += head[0]
            elif (i, end) in adjectives and end < len(doc) and doc[end].text == "-":
                i = end
                continue  # 'a Kurdish-led alliance': an adjective of a people, not a party
            text = doc[i:end].text
            if normalise(text) in self.titles or normalise(text) in self.roles:
                i = end
                continue  # 'the Foreign Minister': a title, not a party
            kind = kind_from_words(text.split(), "other")
            key = self.table.find(text) or self._short_name(text) or self.table.add(
                text, kind, kind_sure=bool(head))
            self.put(i, end, key, "ner")
            acronym = self._acronym(end)
            if acronym:
                self._link_acronym(key, acronym)
                end = acronym + 1
            i = end

    def capitalised(self) -> None:
        # the blank pipeline has no named entities: runs of capitalised words stand in
        doc = self.doc
        months = set(self.lex.dates["months"]) | set(self.lex.dates["weekdays"])
        connectors = {"of", "for", "the", "al", "-", "and", "de", "du", "wal"}
        i = 0
        while i < len(doc):
            t = doc[i]
            if i in self.covered or not _capital_word(t) or t.is_stop or t.lower_ in months:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j not in self.covered and (
                    _capital_word(doc[j]) or (doc[j].lower_ in connectors and j + 1 < len(doc)
                                              and _capital_word(doc[j + 1]))):
                j += 1
            while j - 1 > i and doc[j - 1].lower_ in connectors:
                j -= 1  # 'Agemira and' + a name already read: the run ends at 'Agemira'
            words = [w.text for w in doc[i:j]]
            if words and words[0].lower() in self.titles and len(words) > 1:
                i += 1
                words = words[1:]
                kind = "person"
            else:
                titled = i > 0 and doc[i - 1].text.lower() in self.titles
                kind = "person" if titled else kind_from_words(words, "other")
            text = doc[i:j].text
            key = self.table.find(text) or self.table.add(text, kind, kind_sure=kind == "person")
            self.put(i, j, key, "caps")
            i = j

    def surnames(self) -> None:
        doc = self.doc
        names: dict[str, str | None] = {}
        for entry in self.table.entries.values():
            for name in entry.names():
                names.setdefault(name, entry.key)
            if entry.kind == "person":
                for short in self._short_forms(entry):
                    names[short] = entry.key if names.get(short, entry.key) == entry.key \
                        else None
        d = NameDictionary(self.pipeline.nlp.tokenizer)
        for name, key in names.items():
            if key and name[:1].isupper():
                d.add(name, ("actor", key), True)
        i = 0
        while i < len(doc):
            found = None if i in self.covered else d.match(self.words, self.lowered, i)
            if found:
                n, (_, key) = found
                self.put(i, i + n, key, "alias")
                i += n
            else:
                i += 1

    def regional_forces(self) -> None:
        """'Amhara regional special forces', 'the Oromia regional police': a region's name
        before 'regional' (or 'state') and a word for forces names the region's forces, an
        actor of its own (and the same without the modifier: 'Amhara special forces')."""
        doc, spec = self.doc, self.lex.nouns["regional_forces"]
        for k, t in enumerate(doc):
            if t.lower_ not in spec["modifiers"] or k == 0 or k in self.covered:
                continue
            head = phrase_at(doc, k + 1, spec["heads"])
            if head is None or any(j in self.covered for j in range(k + 1, k + 1 + head[0])):
                continue
            start = k
            while start > 0 and k - start < 3 and start - 1 not in self.covered and (
                    doc[start - 1].is_title or doc[start - 1].text == "-") and \
                    doc[start - 1].text not in self.demonyms and not doc[start - 1].is_stop:
                start -= 1
            first = doc[start] if start < k else None
            if first is None or (first.is_sent_start and first.pos_ not in ("PROPN", "NOUN")):
                continue  # 'Federal state police' opening a sentence names no region
            end = k + 1 + head[0]
            text = doc[start:end].text
            key = self.table.find(text) or self.table.add(
                text, spec["heads"][head[1]], kind_sure=True,
                aliases=(f"{doc[start:k].text} {doc[k + 1:end].text}",))
            self.put(start, end, key, "ner")

    def nicknames(self) -> None:
        """'Mohamed Hamdan Dagalo, widely known as Hemedti': the capitalised words after a
        marker are another name of the actor just before it (the tagger may have read them
        as a place, or as an actor of their own: that actor is the same)."""
        doc, spec = self.doc, self.lex.nouns["nicknames"]
        markers = [tuple(m.split()) for m in spec["markers"]]
        for m in sorted(self.mentions, key=lambda m: m.start):
            k = m.end + (m.end < len(doc) and doc[m.end].text in (",", "("))
            while k < len(doc) and doc[k].lower_ in spec["adverbs"]:
                k += 1
            marker = next((mk for mk in markers
                           if tuple(t.lower_ for t in doc[k:k + len(mk)]) == mk), None)
            if marker is None:
                continue
            start = k + len(marker)
            start += start < len(doc) and doc[start].is_quote
            end = start
            while end < len(doc) and end - start < 3 and _capital_word(doc[end]):
                end += 1
            if end == start:
                continue
            other = [o for o in self.mentions if start <= o.start < end]
            for o in other:
                self.table.merge(o.key, m.key)
                self.mentions.remove(o)
                self.covered.difference_update(range(o.start, o.end))
            self.put(start, end, m.key, "alias")

    def _name_end(self, start: int) -> int:
        """The end of the name at token ``start``: a mention's, else a run of capitalised
        words and name particles ('al-Shabaab', 'Ansar al-Sunna'); ``start`` if none."""
        doc = self.doc
        m = next((m for m in self.mentions if m.start == start), None)
        if m is not None:
            return m.end
        particles = {p.rstrip("-") for p in self.lex.nouns["name_particles"]}
        end = start
        while end < len(doc) and end - start < 6 and (
                _capital_word(doc[end]) or (doc[end].lower_ in particles | {"-"} and
                                            end + 1 < len(doc) and doc[end + 1].text != ","
                                            and end > start - 1)):
            end += 1
        while end > start and not _capital_word(doc[end - 1]):
            end -= 1
        return end

    def named_collectives(self) -> None:
        """'The insurgents, known locally as al-Shabaab and formally as Ansar al-Sunna':
        a description of a collective, then a naming marker and names, is the actor those
        names name (a new one; names read as actors of their own are merged into it). A name
        after 'formally' or 'officially' is its label; the description is an alias, so that
        it later names the actor."""
        doc, spec = self.doc, self.lex.nouns["named_collectives"]
        adverbs = set(self.lex.nouns["nicknames"]["adverbs"]) | set(spec["formal"])
        markers = [tuple(m.split()) for m in spec["markers"]]
        heads = set(spec["heads"])
        fits = self.anaphora["descriptions"]
        for i, t in enumerate(doc):
            if t.lower_ not in heads or i in self.covered:
                continue
            j = i - 1
            while j >= 0 and i - j <= 3 and j not in self.covered and doc[j].is_alpha and \
                    doc[j].is_lower and doc[j].lower_ not in ("the", "a", "an"):
                j -= 1
            if j < 0 or doc[j].lower_ not in ("the", "a", "an") or j in self.covered:
                continue
            k = i + 1 + (i + 1 < len(doc) and doc[i + 1].text == ",")
            names: list[tuple[int, int, bool]] = []
            while k < len(doc):
                if names and doc[k].lower_ in ("and", "or", ","):
                    k += 1
                formal = False
                while k < len(doc) and doc[k].lower_ in adverbs:
                    formal = formal or doc[k].lower_ in spec["formal"]
                    k += 1
                # the marker's words, adverbs allowed between them ('known locally as')
                marker = None
                for mk in [*markers, *([("as",)] if names else [])]:
                    at, ok, formal_ = k, True, formal
                    for n, word in enumerate(mk):
                        while n and at < len(doc) and doc[at].lower_ in adverbs:
                            formal_ = formal_ or doc[at].lower_ in spec["formal"]
                            at += 1
                        if at >= len(doc) or doc[at].lower_ != word:
                            ok = False
                            break
                        at += 1
                    if ok:
                        marker, k, formal = mk, at, formal_
                        break
                if marker is None:
                    break
                k += k < len(doc) and doc[k].is_quote
                if k + 1 < len(doc) and doc[k].lower_ == "the" and _capital_word(doc[k + 1]):
                    k += 1  # 'known as the Arakan Army'
                end = self._name_end(k)
                if end == k:
                    break
                names.append((k, end, formal))
                k = end + (end < len(doc) and doc[end].is_quote)
            if not names:
                continue
            label = next((n for n in names if n[2]), names[0])
            text = doc[j + 1:i + 1].text
            kind = (fits.get(t.lower_) or [None])[0] or kind_from_words([t.text], "armed_group")
            others = [doc[s:e].text for s, e, _ in names if (s, e, _) != label]
            read = next((m.key for m in self.mentions
                         if (m.start, m.end) == label[:2]), None)
            key = read or self.table.add(doc[label[0]:label[1]].text, kind, kind_sure=True,
                                         fresh=True)
            for alias in (*others, text):
                self.table.alias(key, alias)
            for s, e, _ in names:
                for o in [o for o in self.mentions if s <= o.start < e or o.start <= s < o.end]:
                    if o.key != key:
                        self.table.merge(o.key, key)
                    self.mentions.remove(o)
                    self.covered.difference_update(range(o.start, o.end))
                self.put(s, e, key, "alias")
            self.put(j, i + 1, key, "apposition")
            if self.table[key].status == "proposed":
                self.table[key].kind, self.table[key].kind_sure = kind, True

    def led_collectives(self) -> None:
        """A person's government or forces: 'the Hadi government', 'Haftar's forces',
        'the government of President Abd-Rabbu Mansour Hadi' (one actor, led by the person)."""
        doc = self.doc
        heads = {"government", "administration", "regime", "army", "camp", "forces", "fighters",
                 "militia", "militias", "loyalists", "troops", "men"}
        title_words = {w for title in self.titles for w in title.split()}
        for m in sorted(self.mentions, key=lambda m: m.start):
            if self.table[m.key].kind != "person":
                continue
            if m.end < len(doc) and doc[m.end].lower_ in ("party", "movement", "group", "front"):
                # 'the Islah party': a name the tagger took for a person's is an organisation's
                self.table.set_kind(m.key, "armed_group", over_person=True)
                self.mentions.remove(m)
                self.covered.difference_update(range(m.start, m.end))
                self.put(m.start, m.end + 1, m.key, "alias")
                continue
            j = m.end + (1 if m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s") else 0)
            before = m.start - 1
            while before >= 0 and (doc[before].lower_ in title_words
                                   or doc[before].text in self.demonyms):
                before -= 1  # 'the government of Ethiopian Prime Minister Abiy Ahmed'
            if j < len(doc) and doc[j].lower_ in heads:
                # "President Felix Tshisekedi's government": named with the title written
                start, end, noun = before + 1, j + 1, doc[j].lower_
            elif before >= 1 and doc[before].lower_ == "of" and doc[before - 1].lower_ in heads:
                start, end, noun = before - 1, m.end, doc[before - 1].lower_
                while start > 0 and doc[start - 1].lower_ not in ("the", "a", ",") and \
                        doc[start - 1].is_alpha and doc[start - 1].is_lower:
                    start -= 1
            else:
                continue
            text = doc[start:end].text
            key = self.table.led.get((m.key, noun))
            if key is None:
                kind = kind_from_words([noun], "armed_group")
                key = self.table.add(text, kind, kind_sure=True, fresh=True)
                self.table.led[(m.key, noun)] = key
            else:
                self.table.alias(key, text)
            if start < m.start and end == m.end:
                # 'the government of Ethiopian Prime Minister Abiy Ahmed': the person keeps
                # the name (and its title); the government is the words before 'of', a name
                # of its own if more than the bare noun ('internationally recognised
                # government')
                if before - start > 1:
                    self.table.alias(key, doc[start:before].text)
                self.put(start, before, key, "alias", led_by=m.key)
                continue
            self.mentions.remove(m)
            self.covered.difference_update(range(m.start, m.end))
            self.put(start, end, key, "alias", led_by=m.key)

    def compound_collectives(self) -> None:
        """'the Saudi-led coalition', 'Rwandan-backed rebels': a new actor named by the phrase."""
        doc = self.doc
        participles = {w for w in self.lex.relations["compounds"] if not w.startswith("_")}
        heads = set(self.lex.nouns["collectives"])
        for i in range(1, len(doc) - 2):
            if doc[i].text != "-" or doc[i + 1].lower_ not in participles:
                continue
            j = i + 2
            while j < len(doc) and j - i < 5 and doc[j].lower_ not in heads and \
                    doc[j].is_alpha and doc[j].is_lower:
                j += 1
            if j >= len(doc) or doc[j].lower_ not in heads or any(
                    k in self.covered for k in range(i + 2, j + 1)):
                continue
            left = next((m for m in self.mentions if m.end == i), None)
            start = left.start if left else i - 1
            described = self._apposed(start)
            if described is not None and left is None:
                # 'the SDF, a Kurdish-led alliance backed by ...': the SDF again, described
                self.put(start, j + 1, described, "apposition")
                continue
            text = doc[start:j + 1].text
            kind = kind_from_words([doc[j].text], "other")
            key = self.table.find(text) or self.table.add(text, kind, kind_sure=True)
            self.put(i + 2, j + 1, key, "compound")
            self.table.alias(key, text)

    def allied_collectives(self) -> None:
        """'X and its allied tribes, militias and mercenaries', "X's allied militias": each
        plural a collective actor of its own ('X-allied tribes'), allied with X."""
        doc, spec = self.doc, self.lex.nouns["allied_collectives"]
        for i, t in enumerate(doc):
            if t.lower_ not in spec["markers"] or i < 2 or i + 1 >= len(doc):
                continue
            before = doc[i - 1].lower_
            if before in ("its", "their", "his", "her") and doc[i - 2].lower_ == "and":
                end = i - 2
            elif before in ("'s", "’s"):
                end = i - 1
            else:
                continue
            owner = next((m.key for m in self.mentions if m.end == end), None)
            if owner is None:
                continue
            j = i + 1
            while j < len(doc) and doc[j].lower_ in spec["nouns"] and j not in self.covered:
                noun = doc[j].lower_
                label = f"{self.table[owner].label}-{t.lower_} {noun}"
                found = self.table.find(label)
                key = found if found and normalise(self.table[found].label) == normalise(
                    label) else self.table.add(label, kind_from_words([noun], "armed_group"),
                                               aliases=(f"{t.lower_} {noun}",),
                                               kind_sure=True, fresh=True)
                self.put(j, j + 1, key, "allied", allied_to=owner)
                j += 1
                if j + 1 < len(doc) and doc[j].lower_ in (",", "and") and \
                        doc[j + 1].lower_ in spec["nouns"]:
                    j += 1
                elif j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ == "and":
                    j += 2

    def _apposed(self, start: int) -> str | None:
        """The actor an indefinite description at ``start`` is in apposition to: 'X, a …' or
        'X (XY), a …'."""
        doc = self.doc
        if start < 2 or doc[start - 1].lower_ not in ("a", "an") or doc[start - 2].text != ",":
            return None
        end = start - 2
        if end > 0 and doc[end - 1].text == ")":
            end = next((k for k in range(end - 2, max(end - 6, -1), -1) if doc[k].text == "("),
                       end)
        return next((m.key for m in self.mentions if m.end == end), None)

    def descriptions(self) -> None:
        """Definite descriptions ('the group', 'the paramilitary force', 'the federal army')
        resolved to an actor named before them."""
        doc = self.doc
        fits = self.anaphora["descriptions"]
        narrowing = self.anaphora["modifiers"]
        demonyms = {d for c in self.lex.countries for d in c.demonyms}
        for i, t in enumerate(doc):
            if i in self.covered:
                continue
            organ = self._organ_ending(i)
            if t.lower_ not in fits and organ is None:
                continue
            j = i - 1
            named = False
            while j >= 0 and j not in self.covered and doc[j].lower_ not in ("the", "this") \
                    and doc[j].is_alpha and i - j <= 3 and doc[j].lower_ not in fits:
                named = named or (doc[j].is_title and doc[j].text not in demonyms)
                j -= 1
            if j < 0 or doc[j].lower_ not in ("the", "this") or j in self.covered:
                continue
            kinds = fits.get(t.lower_) or [self.organs[organ[1]][0]]
            if named:
                # 'the Islamic State group': a name, not an anaphor
                text = doc[j + 1:i + 1].text
                key = self.table.find(text) or self.table.add(text, kinds[0], kind_sure=True)
                self.put(j + 1, i + 1, key, "ner")
                continue
            if i + 1 < len(doc) and (
                    (doc[i + 1].lower_ == "of" and not self._charged(t))
                    or (doc[i + 1].is_title and not doc[i + 1].is_sent_start)
                    or doc[i + 1].pos_ in ("NOUN", "PROPN")):
                # 'the group of ...', 'the military government': not an anaphor ('accused
                # the insurgents of abuses' is)
                continue
            for word in doc[j + 1:i]:
                # 'the paramilitary force' is no state's army
                narrowed = narrowing.get(word.lower_)
                if narrowed:
                    kinds = [k for k in kinds if k in narrowed] or narrowed
            subject = doc[i].dep_ in ("nsubj", "nsubjpass")
            if organ is not None:
                kind, name = self.organs[organ[1]]
                found = self._organ_antecedent(j, kind, name, doc[i + 1 - organ[0]:i + 1].text)
                if found:
                    self.put(j, i + 1, found[0], "anaphora", organ_of=found[1])
                    continue
            key = self._antecedent(j, t.lower_, kinds, subject, organ[1] if organ else None,
                                   phrase=normalise(doc[j + 1:i + 1].text))
            if key:
                self.put(j, i + 1, key, "anaphora")

    def _charged(self, tok) -> bool:
        """Whether ``tok`` is the one an accusation verb charges ('accused the insurgents of
        abuses': its 'of' is the charge's, not part of a description)."""
        verbs = self.lex.cues["accusation_verbs"]
        head = tok.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        return tok.dep_ in ("dobj", "conj") and (head.lemma_.lower() in verbs
                                                 or head.head.lemma_.lower() in verbs)

    def _organ_ending(self, i: int) -> tuple[int, str] | None:
        """The organ phrase ending at token ``i`` ('air force', 'federal army'): (length,
        phrase), the longest."""
        for length in (4, 3, 2, 1):
            if i + 1 - length >= 0:
                words = " ".join(t.lower_ for t in self.doc[i + 1 - length:i + 1])
                if words in self.organs:
                    return length, words
        return None

    def _organ_antecedent(self, before: int, kind: str, organ: str,
                          phrase: str) -> tuple[str, str | None] | None:
        """The actor 'the army', 'the air force' names: the same organ named before (anywhere
        in the report), else that organ of the nearest state whose organs the report has
        named ('the federal army' after 'Ethiopia's federal government'), created; else
        ``None`` (the description is then read by its kind)."""
        earlier = sorted((m for m in self.mentions if m.end <= before), key=lambda m: -m.start)
        same = next((m for m in earlier if self.table[m.key].organ == organ), None)
        if same is not None:
            return same.key, same.organ_of
        state = next((m.organ_of for m in earlier if m.organ_of), None)
        if state is None:
            return None
        country = next(c for c in self.lex.countries if c.iso2 == self.table[state].country)
        label = f"{country.demonyms[0]} {phrase}" if country.demonyms else phrase
        return self.table.organ(country, kind, organ, label), state

    def _antecedent(self, before: int, word: str, kinds, subject: bool = True,
                    organ: str | None = None, phrase: str | None = None) -> str | None:
        doc = self.doc
        sent = doc[before].sent
        named_as = self._named_as(before, word, phrase)
        if named_as is not None:
            return named_as

        def fits(key: str, unsure_ok: bool) -> bool:
            entry = self.table[key]
            if organ is not None and entry.organ not in (None, organ):
                return False  # 'the army' is not the air force
            named = any(stem(n).endswith(stem(word)) for n in entry.names())
            return named or entry.kind in kinds or (unsure_ok and not entry.kind_sure)

        earlier = sorted((m for m in self.mentions if m.end <= before), key=lambda m: -m.start)
        if before == sent.start and sent.start > 0:
            # a description opening a sentence continues the previous sentence's subject
            previous = doc[sent.start - 1].sent
            first = [m for m in earlier if previous.start <= m.start < previous.end]
            if first and fits(first[-1].key, True):
                return self._settle(first[-1].key, kinds)
        window = max(0, sent.start - 80)
        salient = self._salient(earlier, sent, window, fits)
        if salient is not None:
            return salient
        for m in earlier:
            own_subject = m.start >= sent.start and doc[m.start:m.end].root.dep_ in (
                "nsubj", "nsubjpass")
            if not subject and own_subject:
                continue  # 'Moscow denied sending mercenaries to the country': not Moscow
            if m.start >= window and fits(m.key, False):
                return m.key
        for m in earlier:
            # further back, only a name with the description's head: 'the government' is
            # "Ethiopia's federal government", 'the movement' the Sudan Liberation Movement
            entry = self.table[m.key]
            if any(normalise(n).split(" ")[-1] == word for n in entry.names()) and \
                    (organ is None or entry.organ in (None, organ)) and \
                    not (not subject and m.start >= sent.start):
                return m.key
        if word in self.anaphora["standalone"]:
            # 'the junta' with no junta named before: the phrase names the actor
            return self.table.add(word, kinds[0], kind_sure=True)
        return None

    def _named_as(self, before: int, word: str, phrase: str | None) -> str | None:
        """The one actor a report has named with this very description ('the insurgents,
        known as …'), before or after it, unless an actor named before it carries the
        description's head in its own name ('the Islamic State group' for 'the group')."""
        if not phrase:
            return None
        named = {e.key for e in self.table.entries.values()
                 if any(normalise(a) == phrase for a in e.aliases)}
        if len(named) != 1:
            return None
        key = named.pop()
        sent = self.doc[before].sent
        window = max(0, sent.start - 80)
        for m in sorted((m for m in self.mentions if window <= m.start and m.end <= before),
                        key=lambda m: -m.start):
            if m.key == key:
                break
            if any(normalise(n).split(" ")[-1] == word and normalise(n) != phrase
                   for n in self.table[m.key].names()):
                return None
        return key

    def _salient(self, earlier, sent, window: int, fits) -> str | None:
        """The subject of the sentence before, when the nearest fitting actor is only an
        object there: 'The insurgents pledged allegiance to the Islamic State group. The
        United States imposed sanctions on the group' (the insurgents). ``None`` otherwise."""
        doc = self.doc
        near = next((m for m in earlier if m.start >= window and fits(m.key, False)), None)
        if near is None or near.start >= sent.start or sent.start == 0:
            return None
        previous = doc[sent.start - 1].sent
        if not previous.start <= near.start < previous.end:
            return None
        if doc[near.start:near.end].root.dep_ in ("nsubj", "nsubjpass"):
            return None
        subjects = [m for m in earlier if previous.start <= m.start < previous.end
                    and doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")
                    and doc[m.start:m.end].root.head.dep_ == "ROOT"]
        if len(subjects) == 1 and subjects[0].key != near.key and fits(subjects[0].key, False):
            return subjects[0].key
        return None

    def _settle(self, key: str, kinds) -> str:
        # 'the group' tells an unsure kind what it is
        if not self.table[key].kind_sure and self.table[key].kind not in kinds:
            self.table.set_kind(key, kinds[0])
        return key


_GROUP_HEADS = frozenset({"rebel group", "armed group", "militia", "group", "movement", "rebels",
                          "party", "front", "rebel movement", "insurgents", "militants"})


def _capital_word(t) -> bool:
    return t.is_alpha and (t.is_title or (t.is_upper and len(t) > 1))


@functools.lru_cache(maxsize=1)
def _generic_heads() -> frozenset[str]:
    # words that end a group's name; 'fighters', 'rebels', 'forces' are its members instead
    return frozenset({"movement", "group", "militia", "militias", "party", "front", "tribes",
                      "clan", "clans"})


def _appositions(doc, mentions, table) -> None:
    """'The Wagner Group, a private military company, ...': the description gives the kind."""
    for m in mentions:
        k = m.end
        if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in ("a", "an"):
            continue
        words = []
        j = k + 2
        while j < len(doc) and j - k < 7 and (doc[j].is_alpha or doc[j].text == "-") and \
                doc[j].lower_ not in ("that", "which", "who", "founded", "based"):
            words.append(doc[j].text)
            j += 1
        kind = kind_from_words(words)
        if kind and table[m.key].status == "proposed" and table[m.key].kind != "person":
            table[m.key].kind, table[m.key].kind_sure = kind, True


def find_mentions(doc, table: ActorTable, pipeline) -> list[Mention]:
    """Every actor mention of ``doc``, sorted by position; new actors go into ``table``."""
    f = _Finder(doc, table, pipeline)
    f.gazetteer()
    f.regional_forces()
    if pipeline.entities:
        f.entities()
        f.nicknames()
        f.named_collectives()
        f.surnames()  # before proper nouns, so that 'Hadi' is Abd-Rabbu Mansour Hadi
        f.proper_nouns()
    else:
        f.capitalised()
        f.nicknames()
        f.named_collectives()
    f.surnames()
    f.led_collectives()
    f.allied_collectives()
    f.compound_collectives()
    _appositions(doc, sorted(f.mentions, key=lambda m: m.start), table)
    f.descriptions()
    return sorted((replace(m, key=table.resolve(m.key),
                           organ_of=table.resolve(m.organ_of) if m.organ_of else None,
                           led_by=table.resolve(m.led_by) if m.led_by else None,
                           allied_to=table.resolve(m.allied_to) if m.allied_to else None)
                   for m in f.mentions), key=lambda m: m.start)
