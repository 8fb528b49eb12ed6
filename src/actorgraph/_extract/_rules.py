"""The built-in rule extractor: relations of the vocabulary from a parsed report.

Each rule finds a word that states a relation (``data/relations.json``) and the actors that
fill its subject and object, as groups (lists expand to every pair). What the words around
it say is then read by :mod:`._cues`: who states it, how hedged, whether it is denied, via
whom, and when. Every rule is general: it names words of the language, never parties.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .._vocab import RELATIONS
from . import _cues
from ._kinds import phrases
from ._lexicon import lexicon
from ._model import ActorRef, Context, Proposal
from ._syntax import Arg, Sentences

__all__ = ["Raw", "RuleExtractor"]

#: kinds that are organs of a state: 'Egypt's General Intelligence Service' is part of Egypt,
#: 'Libya's militias' are not (militias in Libya)
_ORGANS = frozenset({"armed_forces", "intelligence_agency", "government", "parliament"})

#: rules that read an event, which the dates of its clause date; the others (roles,
#: organs, names) describe how things stand when the report is published
_EVENTS = frozenset({"verb", "passive", "noun", "transfer", "mediation", "charge-denial",
                     "surface"})


@dataclass
class Raw:
    """A relation found in a sentence, before its cues are read and its lists expanded."""

    relation: str
    subject: Arg
    object: Arg
    trigger: object
    rule: str
    score_key: str
    tokens: set[int] = field(default_factory=set)
    symmetric_group: bool = False
    attributed_to: str | None = None
    certainty: str | None = None
    stance: str | None = None
    via: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _frames():
    lex = lexicon()
    r = lex.relations
    verbs = {}
    for frame in r["verbs"]:
        for lemma in frame["lemmas"]:
            verbs[lemma] = frame
    verb_forms = {form: lemma for lemma in verbs for form in lex.forms([lemma])}
    nouns = {}
    for frame in r["nouns"]:
        for lemma in frame["lemmas"]:
            nouns[lemma] = frame
    noun_forms = {form: lemma for lemma in nouns for form in lex.forms([lemma])}
    t = r["transfers"]
    give = {f: lemma for lemma in t["give"] for f in lex.forms([lemma])}
    receive = {f: lemma for lemma in t["receive"] for f in lex.forms([lemma])}
    materials = {f: rel for rel, words in t["materials"].items() for w in words
                 for f in lex.forms([w])}
    predicates = {w: (rel, preps) for rel, table in r["predicates"].items()
                  if not rel.startswith("_") for w, preps in table.items()}
    compounds = {w: spec for w, spec in r["compounds"].items() if not w.startswith("_")}
    # a role phrase by its head noun ('minister' in 'prime minister', 'chief' in 'chief of
    # staff'), in every form of the head: (words before, words after, relation, phrase)
    role_words: dict[str, list] = {}
    for rel in ("leads", "part_of"):
        for phrase in lex.nouns["roles"][rel]:
            words = phrase.split()
            head = words.index("of") - 1 if "of" in words else len(words) - 1
            for form in lex.forms([words[head]]):
                role_words.setdefault(form, []).append(
                    (tuple(words[:head]), tuple(words[head + 1:]), rel, phrase))
    return (verbs, verb_forms, nouns, noun_forms, give, receive, materials, predicates,
            compounds, role_words, frozenset(r["led_collectives"]["heads"]), r["scores"])


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


class RuleExtractor:
    """The built-in extractor: spaCy's parse (or surface patterns) and the data files' rules.

    It reads the engine's parsed document (``context.doc``) and actor table; used alone,
    :func:`actorgraph._extract.extract` runs it.
    """

    name = "rules"

    def propose(self, text: str, context: Context):
        """Proposals for one report, in the order of the text (see :func:`extract`)."""
        reading = context.reading
        reader = _Reader(reading.doc, reading.sentences, reading.table, reading.dates,
                         reading.pipeline.parsed)
        return reader.run()


class _Reader:
    def __init__(self, doc, sentences: Sentences, table, dates, parsed: bool):
        self.doc, self.s, self.table, self.dates, self.parsed = doc, sentences, table, dates, \
            parsed
        (self.verbs, self.verb_forms, self.nouns, self.noun_forms, self.give, self.receive,
         self.materials, self.predicates, self.compounds, self.role_words, self.led_heads,
         self.scores) = _frames()
        self.raws: list[Raw] = []
        self.cues = _cues.Cues(doc, sentences, table, parsed)
        self.blame = frozenset(w for w in lexicon().cues["blame_predicates"] if " " not in w)
        spec = lexicon().relations["designations"]
        self.designating, self.labels = frozenset(spec["verbs"]), frozenset(spec["labels"])
        self.heads_of_state = frozenset(lexicon().nouns["roles"]["heads_of_state"])
        self.subordinate = frozenset(lexicon().nouns["roles"]["subordinate_prefixes"])
        self.role_verbs = lexicon().nouns["roles"]["serving"]

    # -- the run ---------------------------------------------------------------------

    def run(self) -> list[Proposal]:
        out: list[Proposal] = []
        for sent in self.doc.sents:
            start = len(self.raws)
            self.cues.pairs(sent, self.raws)
            self.mention_rules(sent)
            if self.parsed:
                for tok in sent:
                    self.token_rules(tok)
            else:
                from ._surface import surface_rules
                self.raws.extend(surface_rules(self, sent))
            self.raws.extend(self.cues.read(sent, self.raws[start:]))
            self.raws.extend(self.cues.charge_denials(sent, self.raws, start))
            for raw in self.raws[start:]:
                out.extend(self.expand(raw))
        return out

    def add(self, relation: str, subject: Arg, obj: Arg, trigger, rule: str, key: str,
            tokens=(), symmetric_group: bool = False) -> Raw | None:
        if not subject or (not obj and not symmetric_group):
            return None
        raw = Raw(relation, subject, obj, trigger, rule, key, set(tokens) | {trigger.i},
                  symmetric_group)
        self.raws.append(raw)
        return raw

    def expand(self, raw: Raw) -> list[Proposal]:
        """Every pair of a raw relation as a proposal (lists expand; symmetric once)."""
        pairs = []
        if raw.symmetric_group:
            keys = raw.subject.keys
            pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
        else:
            pairs = [(a, b) for a in raw.subject.keys for b in raw.object.keys if a != b]
        seen = set()
        out = []
        tokens = raw.tokens | raw.subject.tokens | raw.object.tokens
        lo = min(tokens)
        hi = max(tokens)
        span = self.doc[lo:hi + 1]
        start, end = self.dates.for_span(span, self.asides(raw, span)) \
            if raw.score_key in _EVENTS else (None, None)
        score = self.scores[raw.score_key]
        if raw.subject.resolved or raw.object.resolved:
            score -= self.scores["resolved_penalty"]
        for a, b in pairs:
            key = (frozenset((a, b)), raw.relation) if RELATIONS[raw.relation].symmetric \
                else (a, b)
            if a == b or key in seen:
                continue
            seen.add(key)
            out.append(Proposal(
                subject=ActorRef(self.table[a].label, id=a), relation=raw.relation,
                object=ActorRef(self.table[b].label, id=b), quote=span.text,
                evidence_start=span.start_char, evidence_end=span.end_char,
                start=start, end=end, certainty=raw.certainty or "probable",
                stance=raw.stance or "asserts", attributed_to=raw.attributed_to,
                via=tuple(ActorRef(self.table[v].label, id=v) for v in raw.via
                          if v not in (a, b)),
                rule=raw.rule, score=round(max(0.05, min(score, 1.0)), 2)))
        return out

    def asides(self, raw: Raw, span) -> list[tuple[int, int]]:
        """Relative clauses and appositions in the evidence that do not hold its relation:
        their dates are not its dates ('France, which ended its operation last month, ...')."""
        if not self.parsed:
            return []
        out = []
        for tok in span:
            if tok.dep_ in ("relcl", "appos") and raw.trigger not in tok.subtree and \
                    tok is not raw.trigger:
                sub = list(tok.subtree)
                out.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
        return out

    # -- rules on mentions: organs, led collectives, roles, compounds, possessives ---------

    def mention_rules(self, sent) -> None:
        doc, s = self.doc, self.s
        for m in [m for m in s.mentions if sent.start <= m.start < sent.end]:
            one = Arg()
            one.add(m.key, range(m.start, m.end))
            if m.organ_of and not any(r.rule == "organ-of-state" and r.subject.keys == [m.key]
                                      for r in self.raws):
                other = Arg()
                other.add(m.organ_of, ())
                self.add("part_of", one, other, doc[m.start], "organ-of-state", "organ",
                         range(m.start, m.end))
            if m.led_by and not any(r.rule == "led-collective" and r.object.keys == [m.key]
                                    for r in self.raws):
                leader = Arg()
                named = next((x for x in s.mentions if x.key == m.led_by
                              and 0 <= x.start - m.end <= 6), None)
                # 'government of … Abiy Ahmed': the evidence runs to the person
                leader.add(m.led_by, range(named.start, named.end) if named else ())
                self.add("leads", leader, one, doc[m.start], "led-collective", "possessive",
                         range(m.start, m.end))
            if m.allied_to:
                owner = Arg()
                owner.add(m.allied_to, ())
                self.add("allied_with", one, owner, doc[m.start], "allied-collective",
                         "possessive", range(m.start, m.end))
            self.possessive(m)
            self.owned_organ(m)
        self.hyphen_compounds(sent)

    def owned_organ(self, m) -> None:
        """'the Israeli government and its intelligence agency Mossad', "Egypt's intelligence
        service, the GIS": a name in apposition to a state's organ word is part of the state."""
        root = self.doc[m.start:m.end].root
        word = root.head
        if root.dep_ != "appos" or word.i in self.s.at:
            return
        words = " ".join(t.lower_ for t in word.children if t.dep_ == "compound" and t.i < word.i)
        organ = phrases()[0].get(f"{words} {word.lower_}".strip())
        poss = self.s.child(word, "poss")
        if organ is None or poss is None:
            return
        owner = self.s.mention_arg(poss)
        owner.keys = [k for k in owner.keys if self.table[k].kind == "state"]
        one = Arg()
        one.add(m.key, range(m.start, m.end))
        self.add("part_of", one, owner, word, "possessive:organ", "possessive", [poss.i])

    def possessive(self, m) -> None:
        doc, s = self.doc, self.s
        if m.end + 1 >= len(doc) or doc[m.end].lower_ not in ("'s", "’s"):
            return
        other = s.at.get(m.end + 1)
        if other is None or other.key == m.key:
            return
        owner, owned = self.table[m.key], self.table[other.key]
        a, b = Arg(), Arg()
        a.add(m.key, range(m.start, m.end))
        b.add(other.key, range(other.start, other.end))
        if owner.kind == "person" and owned.kind not in ("person", "state"):
            self.add("leads", a, b, doc[m.end], "possessive:leads", "possessive")
        elif owner.kind == "state" and owned.kind in _ORGANS:
            self.add("part_of", b, a, doc[m.end], "possessive:part_of", "possessive")

    def hyphen_compounds(self, sent) -> None:
        # 'UN-recognised Government of National Accord', 'Saudi-led coalition'
        doc, s = self.doc, self.s
        for i in range(sent.start + 1, sent.end - 1):
            if doc[i].text != "-" or doc[i + 1].lower_ not in self.compounds:
                continue
            spec = self.compounds[doc[i + 1].lower_]
            left = s.at.get(i - 1)
            lkey = left.key if left else self.cues.demonym_state(doc[i - 1])
            if lkey is None:
                continue
            right = None
            for j in range(i + 2, min(i + 9, sent.end)):
                m = s.at.get(j)
                if m is not None and not (m.end < len(doc) and doc[m.end].text == "-"):
                    right = m
                    break
                if doc[j].is_punct and doc[j].text not in ("-",):
                    break
            if right is None or right.key == lkey:
                continue
            a, b = Arg(), Arg()
            a.add(lkey, range(left.start if left else i - 1, i))
            b.add(right.key, range(right.start, right.end))
            relation = spec["relation"]
            if relation == "leads" and self.table[lkey].kind != "person" and \
                    doc[right.end - 1].lower_ not in self.led_heads:
                relation, spec = "affiliated_with", {"reverse": True}
            if spec.get("reverse"):
                a, b = b, a
            self.add(relation, a, b, doc[i + 1], f"compound:-{doc[i + 1].lower_}", "compound")

    # -- rules on words: verbs, transfers, nouns, predicates, roles ----------------------

    def token_rules(self, tok) -> None:
        lower, lemma = tok.lower_, _lemma(tok)
        if tok.tag_ == "VBG" and tok.dep_ in ("compound", "amod") and (
                lemma in self.verbs or lower in self.verb_forms):
            # 'denied training Houthi fighters', parsed as a noun phrase
            frame = self.verbs[lemma if lemma in self.verbs else self.verb_forms[lower]]
            self.add(frame["relation"], self.s.subject(tok.head), self.s.group(tok.head), tok,
                     f"verb:{lemma}", "verb")
        elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            if lemma in self.give or lower in self.give:
                self.transfer(tok, give=True)
            elif lemma in self.receive or lower in self.receive:
                self.transfer(tok, give=False)
            if lemma in self.verbs or lower in self.verb_forms:
                self.verb(tok, self.verbs[lemma if lemma in self.verbs else
                                          self.verb_forms[lower]])
        if tok.pos_ in ("NOUN", "PROPN") and (lemma in self.nouns or lower in self.noun_forms):
            self.noun(tok, self.nouns[lemma if lemma in self.nouns else self.noun_forms[lower]])
        if lower in self.predicates or lemma in self.predicates:
            self.predicate(tok, *self.predicates.get(lower) or self.predicates[lemma])
        if lower in self.blame and tok.dep_ in ("acomp", "attr"):
            self.blame_rule(tok)
        if lemma in self.designating and tok.pos_ == "VERB":
            self.designation(tok)
        if (lower in self.role_words or lemma in self.role_words) and tok.pos_ in ("NOUN",
                                                                                 "PROPN"):
            self.role(tok, *self.role_phrase(tok))

    def purpose(self, tok):
        """The purpose clause of a transfer ('deployed fighters to support X'), if any."""
        verbs = lexicon().relations["transfers"]["purpose_verbs"]
        return next((c for c in tok.children if c.dep_ in ("advcl", "xcomp")
                     and _lemma(c) in verbs and any(a.lower_ == "to" for a in c.children)),
                    None)

    def verb(self, tok, frame) -> None:
        s = self.s
        relation = frame["relation"]
        if tok.dep_ in ("advcl", "xcomp") and (
                _lemma(tok.head) in self.give or tok.head.lower_ in self.give) and \
                self.purpose(tok.head) == tok and self.material(
                    s.child(tok.head, "dobj") or tok.head) is not None:
            return  # the transfer states it, more precisely ('deployed fighters to support X')
        dobj = s.child(tok, "dobj")
        if dobj is not None and (_lemma(dobj) in self.nouns or dobj.lower_ in self.noun_forms) \
                and _lemma(tok) in lexicon().relations["light_verbs"].get(
                    self.nouns[_lemma(dobj) if _lemma(dobj) in self.nouns
                               else self.noun_forms[dobj.lower_]]["relation"], ()):
            return  # 'struck a deal with X': the noun's relation, read by the noun's rule
        preps = frame.get("preps", [])
        needs_prep = _lemma(tok) in frame.get("needs_prep", [])
        passive = s.passive(tok)
        if passive:
            subject = s.pobjs(tok, ["by"])
            # 'the GNA led by Fayez Sarraj' is sometimes parsed with 'GNA' as nsubj
            nsubj = s.child(tok, "nsubjpass") or s.child(tok, "nsubj")
            obj = s.group(nsubj) if nsubj is not None else (
                s.group(tok.head) if tok.dep_ in ("acl", "relcl", "amod") else Arg())
            if not obj and tok.dep_ in ("xcomp", "conj", "advcl"):
                obj = s.subject(tok.head)
            if relation == "leads" and obj and subject and \
                    all(self.table[k].kind != "person" for k in subject.keys) and \
                    all(self.doc[t].lower_ not in self.led_heads for t in obj.tokens):
                self.add("affiliated_with", obj, subject, tok, "verb:passive:led-by-org",
                         "passive")
                return
            self.add(relation, subject, obj, tok, f"verb:passive:{_lemma(tok)}", "passive")
            return
        subject = s.subject(tok)
        obj = Arg()
        if not needs_prep:
            dobj = s.child(tok, "dobj")
            if dobj is not None:
                obj = s.group(dobj)
                if not obj:  # 'mediated talks between A and B'
                    between = s.pobjs(dobj, ["between"])
                    if between:
                        obj = between
            else:
                obj = self.reduced_object(tok)
        against = s.pobjs(tok, ["against"])
        for prep in tok.children:  # 'fighting with X against Y' parsed under X
            if prep.dep_ == "prep" and prep.lower_ == "with":
                for pobj in prep.children:
                    against.extend(s.pobjs(pobj, ["against"]))
        for prep, other in frame.get("prep_relations", {}).items():
            allies = s.pobjs(tok, [prep])
            if allies:
                self.add(other, subject, allies, tok, f"verb:{_lemma(tok)}-{prep}", "verb")
        if relation == "fights" and against:
            # 'fighting with the Wazalendo against the M23': 'with' names allies here
            allies = s.pobjs(tok, ["with"])
            if allies:
                self.add("allied_with", subject, allies, tok, f"verb:{_lemma(tok)}-with-against",
                         "verb")
            obj.extend(against)
        elif preps:
            obj.extend(s.pobjs(tok, preps))
        means = frame.get("among_means")
        if not obj and relation in ("fights", "meets_with", "allied_with", "agreement_with") \
                and frame.get("among", True) and len(subject.keys) > 1 and (not means or any(
                    _lemma(o) in means for p in tok.children if p.dep_ == "prep"
                    for o in p.children)):
            self.add(relation, subject, Arg(), tok, f"verb:{_lemma(tok)}:among", "verb",
                     symmetric_group=True)
            return
        if relation == "mediates" and len(obj.keys) > 1:
            for key in obj.keys:
                one = Arg()
                one.add(key, obj.tokens)
                self.add(relation, subject, one, tok, f"verb:{_lemma(tok)}", "mediation")
            return
        self.add(relation, subject, obj, tok, f"verb:{_lemma(tok)}", "verb")

    def reduced_object(self, tok) -> Arg:
        """'defeat the GNA led by Fayez Sarraj' parsed as a clause ('the GNA led …') under
        the verb: the participle's subject is the verb's object."""
        for child in tok.children:
            if child.dep_ == "ccomp" and child.tag_ == "VBN" and \
                    any(c.dep_ == "agent" for c in child.children):
                nsubj = self.s.child(child, "nsubj")
                if nsubj is not None and nsubj.i < child.i:
                    return self.s.group(nsubj)
        return Arg()

    def material(self, tok) -> str | None:
        for t in (tok, *[c for c in tok.children if c.dep_ in ("compound", "amod")]):
            for word in (t.lower_, _lemma(t)):
                if word in self.materials:
                    return self.materials[word]
        return None

    def transfer(self, tok, give: bool) -> None:
        s = self.s
        passive = s.passive(tok)
        thing = s.child(tok, "nsubjpass") if passive else s.child(tok, "dobj")
        if thing is None:
            return
        relation = self.material(thing)
        recipient = Arg()
        if relation is None and give:
            # 'supplied the rebels with weapons' ("with" may hang on the rebels)
            with_ = next((p for p in [*tok.children, *thing.children]
                          if p.dep_ == "prep" and p.lower_ == "with"), None)
            pobj = s.child(with_, "pobj") if with_ is not None else None
            if pobj is not None:
                relation = self.material(pobj)
                recipient = s.group(thing)
        if relation is None:
            return
        t = lexicon().relations["transfers"]
        if give:
            giver = s.pobjs(tok, ["by"]) if passive else s.subject(tok)
            if not recipient:
                recipient = s.pobjs(tok, t["recipient_preps"])
                recipient.extend(s.pobjs(thing, t["recipient_preps"]
                                         + t["owner_preps"].get(relation, [])))
            requester = self.requester(tok)
            if requester and not any(self.table[k].kind_sure and self.table[k].kind != "person"
                                     for k in recipient.keys):
                recipient = requester  # a place read as a name gives way to who asked
            purpose = self.purpose(tok)
            if not recipient and purpose is not None:
                dobj = s.child(purpose, "dobj")
                recipient = s.group(dobj) if dobj is not None else Arg()
        else:
            recipient = s.subject(tok)
            giver = s.pobjs(tok, t["giver_preps"])
            giver.extend(s.pobjs(thing, t["giver_preps"]))
        self.add(relation, giver, recipient, tok, f"transfer:{_lemma(tok)}-{thing.lower_}",
                 "transfer", [thing.i])

    def requester(self, tok) -> Arg:
        """Who asked for what ``tok`` gives: 'at the request of Mozambique's President
        Filipe Nyusi' (the state the person speaks for), 'at the invitation of the
        government' (the government itself)."""
        spec = lexicon().relations["transfers"]["request"]
        out = Arg()
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in spec["preps"]:
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or _lemma(noun) not in spec["nouns"]:
                    continue
                for child in noun.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                out.extend(self.speaker(pobj))
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                if owner is not None:  # "at Mozambique's request"
                    out.extend(self.speaker(owner))
        return out

    def speaker(self, tok) -> Arg:
        """The actors a token names, a person named with a state's role giving way to the
        state ("Mozambique's President Filipe Nyusi", 'the Malian President')."""
        s = self.s
        arg = s.group(tok)
        people = [k for k in arg.keys if self.table[k].kind == "person"]
        if not people:
            return arg
        state = Arg()
        # 'Malian President Bah Ndaw': the demonym may hang on the title
        words = [*tok.children, *(g for c in tok.children if c.dep_ == "compound"
                                  for g in c.children)]
        for child in words:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                found = s.mention_arg(child)
                found.keys = [k for k in found.keys if self.table[k].kind == "state"]
                if not found:
                    key = self.cues.demonym_state(child)
                    if key:
                        found.add(key, [child.i])
                state.extend(found)
        return state

    def noun(self, tok, frame) -> None:
        s = self.s
        relation = frame["relation"]
        subject = Arg()
        m = s.at.get(tok.i)
        if m is not None:
            return  # the noun is part of an actor's name ('Government of National Accord')
        for child in tok.children:
            if child.dep_ == "poss" or (child.dep_ in ("compound", "amod", "nmod")
                                        and child.i in s.at):
                subject.extend(s.mention_arg(child))
        subject.extend(s.pobjs(tok, [p for p in frame.get("subject_preps", []) if p != "of"]))
        obj = Arg()
        between = s.pobjs(tok, ["between"])
        obj.extend(s.pobjs(tok, [p for p in frame["object_preps"] if p != "between"]))
        if not subject and "of" in frame.get("subject_preps", []):
            subject.extend(s.pobjs(tok, ["of"]))
        head = tok.head
        withdrawn = lexicon().relations["withdrawals"]
        if tok.dep_ == "dobj" and _lemma(head) in withdrawn["verbs"] and \
                relation in withdrawn["relations"]:
            # 'withdrawing the Arab World's recognition of X': the withdrawer opposes X
            self.add(withdrawn["relations"][relation], s.subject(head), obj, tok,
                     f"noun:{_lemma(head)}-{_lemma(tok)}", "noun")
            return
        if tok.dep_ == "pobj" and head.lower_ == "with" and subject and not obj:
            # 'with the financial support of X': X backs the clause's subject
            obj = s.subject(head.head)
            self.add(relation, subject, obj, tok, f"noun:with-{tok.lower_}-of", "noun")
            return
        light = tok.dep_ == "dobj" and _lemma(head) in lexicon().relations["light_verbs"].get(
            relation, ())
        if light:
            # 'signed a deal with Damascus', 'held talks with X': the verb's words are the noun's
            if not obj:
                obj = s.pobjs(head, [p for p in frame["object_preps"]
                                     if p not in ("between", "from")])
            if not between:
                between = s.pobjs(head, ["between"])
            if not subject:
                subject = s.subject(head)
            if not obj and not between and RELATIONS[relation].symmetric and \
                    len(subject.keys) > 1:
                self.add(relation, subject, Arg(), tok, f"noun:{_lemma(head)}-{_lemma(tok)}",
                         "noun", symmetric_group=True)
                return
        if between:
            if len(between.keys) < 2:
                return  # 'talks between the junta and <no actor>': one party is no relation
            raw = self.add(relation, between, Arg(), tok, f"noun:{_lemma(tok)}-between", "noun",
                           symmetric_group=relation in ("meets_with", "agreement_with",
                                                        "allied_with", "fights"))
            if raw is not None:
                self.cues.mediator(tok, raw)
            return
        if not subject and tok.dep_ in ("dobj", "attr", "nsubjpass", "pobj", "conj", "appos"):
            subject = s.subject(tok if tok.dep_ != "pobj" else head.head) if tok.dep_ != "dobj" \
                else s.subject(head)
        self.add(relation, subject, obj, tok, f"noun:{_lemma(tok)}", "noun")

    def predicate(self, tok, relation: str, preps) -> None:
        s = self.s
        obj = s.pobjs(tok, preps)
        if not obj:
            if relation == "allied_with" and tok.dep_ in ("attr", "oprd", "acomp"):
                subject = s.subject(tok)
                if len(subject.keys) > 1:  # 'the two countries remain allies'
                    self.add(relation, subject, Arg(), tok, f"predicate:{tok.lower_}", "predicate",
                             symmetric_group=True)
            return
        if tok.dep_ in ("amod", "acl") or (tok.dep_ == "appos"):
            if tok.head.pos_ in ("VERB", "AUX"):
                return  # 'training militias loyal to X' parsed onto the verb: whose loyalty?
            subject = s.group(tok.head)
        else:
            subject = s.subject(tok)
            if not subject:
                nsubj = s.child(tok, "nsubjpass", "nsubj")
                subject = s.group(nsubj) if nsubj is not None else Arg()
        self.add(relation, subject, obj, tok, f"predicate:{tok.lower_}", "predicate")

    def blame_rule(self, tok) -> None:
        """'Human Rights Watch said the army was responsible': HRW accuses the army."""
        s = self.s
        blamed = s.subject(tok)
        for below, verb in zip([tok, *tok.ancestors], tok.ancestors):
            if below.dep_ == "ccomp" and (_lemma(verb) in self.cues.reporting
                                          or verb.lower_ in self.cues.reporting):
                accuser = s.subject(verb)
                self.add("accuses", accuser, blamed, verb, f"blame:{tok.lower_}", "predicate",
                         [tok.i])
                return

    def designation(self, tok) -> None:
        """'The government declared both the TPLF and the OLA terrorist organisations',
        'Turkey considers X a terrorist group': who labels another a terrorist opposes it."""
        s = self.s
        labels = [t for t in tok.subtree if t.lower_ in self.labels and t.i != tok.i
                  and next(a for a in t.ancestors if a.pos_ in ("VERB", "AUX")).i == tok.i]
        if not labels:
            return
        passive = s.passive(tok)
        nouns = [label.head if label.dep_ == "amod" else label for label in labels]
        subject = s.subject(tok)
        if passive:  # '... designated a terrorist organisation by X': 'by' may hang on the noun
            subject = s.pobjs(tok, ["by"])
            for noun in nouns:
                subject.extend(s.pobjs(noun, ["by"]))
        named = s.child(tok, "nsubjpass") if passive else s.child(tok, "dobj")
        designated = s.group(named) if named is not None else Arg()
        for clause in tok.children:  # 'declared the group to be a terrorist organisation'
            if clause.dep_ in ("ccomp", "oprd", "xcomp") and s.child(clause, "nsubj") is not None:
                designated.extend(s.group(s.child(clause, "nsubj")))
        for noun in nouns:
            # 'the OLA terrorist organisations' parsed as one noun phrase
            for child in noun.children:
                if child.dep_ in ("nmod", "compound") and child.i in s.at:
                    designated.extend(s.mention_arg(child))
        self.add("opposes", subject, designated, tok, f"designation:{_lemma(tok)}", "verb",
                 [t.i for t in labels])

    def role_phrase(self, tok) -> tuple[str, str]:
        """The role a role noun names, read on the whole phrase around it: 'Prime Minister'
        leads (a minister is part of), 'deputy commander' is part of (a commander leads),
        'chief of staff'; the longest phrase of the lists wins, and a subordinate prefix
        ('deputy', 'vice') makes any role a part: (relation, phrase)."""
        doc = self.doc
        words = [t.lower_ for t in doc]
        best = None
        for before, after, relation, phrase in self.role_words.get(
                tok.lower_) or self.role_words[_lemma(tok)]:
            lo, hi = tok.i - len(before), tok.i + 1 + len(after)
            if lo >= 0 and tuple(words[lo:tok.i]) == before and \
                    tuple(words[tok.i + 1:hi]) == after and \
                    (best is None or len(phrase.split()) > len(best[1].split())):
                best = (relation, phrase, lo)
        relation, phrase, lo = best
        k = lo - 1 - (lo > 1 and words[lo - 1] == "-")
        if k >= 0 and words[k] in self.subordinate:
            return "part_of", f"{words[k]} {phrase}"
        return relation, phrase

    def role(self, tok, relation: str, phrase: str) -> None:
        """'the Houthi negotiator Mohammed Abdulsalam', 'al-Thani, the head of X', "served
        as Burhan's deputy on the ruling Sovereign Council"."""
        s = self.s
        people = Arg()
        if tok.dep_ == "compound" and tok.head.i in s.at:
            people = s.group(tok.head)
        if not people:
            for child in tok.children:
                if child.dep_ == "appos":
                    people.extend(s.group(child))
        if not people and tok.dep_ == "appos":
            people = s.group(tok.head)
        if not people and tok.dep_ == "attr":
            people = s.subject(tok)
        serving = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "as" else None
        if not people and serving is not None and _lemma(serving) in self.role_verbs["verbs"]:
            people = s.subject(serving)  # 'who served as Burhan's deputy'
        people.keys = [k for k in people.keys if self.table[k].kind == "person"]
        if not people:
            return
        org = s.pobjs(tok, ["of"])
        if not org and serving is not None:
            org = s.pobjs(serving, self.role_verbs["preps"])
        if not org:
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i not in \
                        people.tokens:
                    org.extend(s.mention_arg(child))
                    if not org:
                        key = self.cues.demonym_state(child)
                        if key:
                            org.add(key, [child.i])
        if not org and tok.dep_ == "compound":
            # "Mozambique's President Filipe Nyusi": the owner hangs on the name
            for child in tok.head.children:
                if child.dep_ == "poss" and child.i < tok.i:
                    org.extend(s.mention_arg(child))
        org.keys = [k for k in org.keys if self.table[k].kind != "person"]
        if tok.tag_ in ("NNS", "NNPS"):
            relation = "part_of"  # 'two Houthi commanders': members, not leaders
        if relation == "leads" and any(self.table[k].kind == "state" for k in org.keys) and \
                phrase not in self.heads_of_state:
            relation = "part_of"  # 'the Libyan commander X' does not lead Libya
        self.add(relation, people, org, tok, f"role:{phrase.replace(' ', '-')}", "role")
