"""What the words around a relation say about it: who states it, how sure, denied or not.

- **Attribution** comes from a reporting verb above the relation ("two military sources
  told the newspaper"), from "according to X" (read first, so that X is never taken for an
  argument), or from an accusation ("Rwanda has accused the army of working with X").
- **Certainty**: a hedge in the relation's clause or above it ("reportedly", "is said to",
  "secretly", "according to various sources") or an anonymous source makes it ``possible``;
  otherwise a plain statement of one report is ``probable``. Never ``confirmed``.
- **Stance**: a denial verb above the relation ("Tehran denied arming the group"), a
  negation of it ("said Iran does not send weapons"), or a denial of "the charge" stated
  just before ("Abu Dhabi rejected the charge", "…, which Cairo denied", "Cairo denied
  it") make a claim that ``denies``, attributed to whoever denies. A denial is kept as a denial, never dropped or turned around.
- **Via**: "mediated by X", "coordinated by X" name intermediaries; mediators also get a
  ``mediates`` claim towards each party.
"""

from __future__ import annotations

import functools

from .._vocab import RELATIONS
from ._lexicon import lexicon
from ._syntax import Arg

__all__ = ["Cues"]

#: the rules whose relations the words around them qualify
_READ = frozenset({"verb", "passive", "noun", "transfer", "mediation", "surface", "predicate"})


@functools.lru_cache(maxsize=1)
def _lists():
    c = lexicon().cues
    lex = lexicon()
    return (
        [tuple(p.split()) for p in c["hedges"]],
        lex.forms(c["reporting_verbs"]) | frozenset(c["reporting_verbs"]),
        lex.forms(c["denial_verbs"]) | frozenset(c["denial_verbs"]),
        frozenset(c["charge_nouns"]),
        frozenset(c["negations"]),
        lex.forms(c["accusation_verbs"]) | frozenset(c["accusation_verbs"]),
        frozenset(c["anonymous_heads"]),
        {w: mediates for w, mediates in lex.relations["via_verbs"].items()
         if not w.startswith("_")},
        [tuple(p.split()) for p in lex.nouns["anaphora"]["pairs"]],
        {d: c_ for c_ in lex.countries for d in c_.demonyms},
    )


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


class Cues:
    """Reads attribution, certainty, stance and intermediaries for a sentence's relations."""

    def __init__(self, doc, sentences, table, parsed: bool):
        self.doc, self.s, self.table, self.parsed = doc, sentences, table, parsed
        (self.hedges, self.reporting, self.denials, self.charges, self.negations,
         self.accusations, self.anonymous, self.via_verbs, self.pair_phrases,
         self.demonyms) = _lists()
        self.via_forms = {f: lemma for lemma in self.via_verbs
                          for f in lexicon().forms([lemma])}
        self.charge_pronouns = {w: n for w, n in lexicon().cues["charge_pronouns"].items()
                                if not w.startswith("_")}

    # -- helpers ---------------------------------------------------------------------

    def demonym_state(self, tok) -> str | None:
        """The state a demonym names ('Saudi' in 'Saudi-led'), as a table key."""
        country = self.demonyms.get(tok.text)
        return self.table.state(country) if country else None

    def _countries(self, key: str) -> set[str]:
        """The states an actor is or belongs to: its country, or a state's name, capital or
        demonym in its names ('Bujumbura', 'Burundian army')."""
        entry = self.table[key]
        found = {entry.country} if entry.country else set()
        for name in entry.names():
            words = name.replace("’", "'").split()
            for c in lexicon().countries:
                if name in (c.name, *c.aliases, *c.capitals) or (words and words[0] in c.demonyms):
                    found.add(c.iso2)
        return found

    def _hedge_tokens(self, sent) -> list:
        words = [t.lower_ for t in sent]
        found = []
        for i in range(len(words)):
            for phrase in self.hedges:
                if tuple(words[i:i + len(phrase)]) == phrase:
                    found.extend(sent[i:i + len(phrase)])
        return found

    def _speaker(self, verb):
        """The subject token of a reporting or denial verb (climbing 'saying' to its clause).

        A passive one ('is said to', 'is believed to') names no speaker.
        """
        for _ in range(4):
            if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
                return None
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                    return verb.head
                return subj
            if verb.dep_ == "relcl":
                return verb.head
            if verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _who(self, tok) -> str | None:
        if tok is None:
            return None
        m = self.s.at.get(tok.i)
        if m is not None and m.how in ("pronoun", "anaphora"):
            return self.doc[m.start:m.end].text
        if tok.lower_ in ("it", "they", "he", "she"):
            key = self.s.pronoun(tok) if tok.lower_ in ("it", "they") else None
            return self.table[key].label if key else None
        return self.s.phrase(tok)

    def _according(self, sent):
        for tok in sent:
            if tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
                if pobj is not None:
                    return tok, pobj
            if tok.lower_ == "citing":
                pobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if pobj is not None:
                    return tok, pobj
        return None

    # -- the two sides ----------------------------------------------------------------

    def pairs(self, sent, raws) -> None:
        """'the two sides' names the two parties of the last relation before it."""
        words = [t.lower_ for t in sent]
        for i in range(len(words)):
            for phrase in self.pair_phrases:
                if tuple(words[i:i + len(phrase)]) != phrase:
                    continue
                states = phrase[-1] == "countries"
                before = sent[i].i

                def last_pair(raws=raws, states=states, before=before):
                    # the parties of the last symmetric relation before ('talks', 'clashes',
                    # 'fought'), else of the last relation
                    recent = [r for r in raws if r.trigger.i < before]
                    for symmetric_only in (True, False):
                        for raw in reversed(recent):
                            if symmetric_only and not RELATIONS[raw.relation].symmetric:
                                continue
                            keys = (raw.subject.keys[:2] if raw.symmetric_group
                                    else raw.subject.keys[:1] + raw.object.keys[:1])
                            if len(keys) == 2 and (not states or all(
                                    self.table[k].kind == "state" for k in keys)):
                                return keys
                    return None

                for j in range(i, i + len(phrase)):
                    self.s.pairs[sent[j].i] = last_pair

    # -- reading a sentence's relations --------------------------------------------------

    def read(self, sent, raws) -> list:
        """Read the cues of a sentence's relations; return the ``mediates`` relations that
        'mediated by X' adds."""
        hedges = self._hedge_tokens(sent)
        according = self._according(sent) if self.parsed else None
        added: list = []
        for raw in list(raws):
            if raw.score_key not in _READ:
                continue  # a name or a title states how things are, in the report's voice
            if self.parsed:
                self._read_parsed(raw, hedges, according)
            else:
                self._read_surface(raw, sent, hedges)
            if raw.attributed_to and raw.certainty != "possible":
                head = raw.attributed_to.lower().split()[-1]
                if head in self.anonymous:
                    raw.certainty = "possible"
            if raw.stance == "denies":
                raw.certainty = "probable"
            self._via(raw, added)
        return added

    def _read_parsed(self, raw, hedges, according) -> None:
        t = raw.trigger
        ancestors = [t, *t.ancestors]
        for below, a in zip(ancestors, ancestors[1:]):
            if any(c.dep_ == "dobj" and c.lower_ in self.charges for c in a.children):
                continue  # 'a charge Kinshasa denies' denies a charge, read below
            if below.dep_ in ("conj", "cc", "advcl", "npadvmod"):
                continue  # 'X denies A, and Y said B': B is not denied by X
            if a.lower_ in self.denials or _lemma(a) in self.denials:
                raw.stance = "denies"
                raw.attributed_to = self._who(self._speaker(a))
                break
        if any(c.dep_ == "neg" or (c.lower_ in self.negations and c.dep_ == "advmod")
               for c in t.children):
            raw.stance = "denies"
        if raw.attributed_to is None:
            for below, a in zip(ancestors, ancestors[1:]):
                lemma = _lemma(a)
                if below.dep_ not in ("ccomp", "xcomp", "parataxis", "advcl", "pcomp", "prep",
                                      "dep", "acl", "relcl"):
                    continue  # 'announced sanctions on X' reports nothing: X is its object
                if lemma in self.accusations and any(
                        c.lower_ == "of" for c in a.children if c.i < t.i):
                    raw.attributed_to = self._who(self._speaker(a))
                    raw.certainty = "possible"
                    break
                if lemma in self.reporting or a.lower_ in self.reporting:
                    raw.attributed_to = self._who(self._speaker(a))
                    break
        if raw.attributed_to is None and according is not None:
            raw.attributed_to = self.s.phrase(according[1])
        in_scope = set(ancestors)
        if any(h in in_scope or h.head in in_scope for h in hedges):
            raw.certainty = "possible"
        if according is not None and according[0] in hedges:
            raw.certainty = "possible"

    def _read_surface(self, raw, sent, hedges) -> None:
        t = raw.trigger
        before = [w.lower_ for w in sent if w.i < t.i]
        if hedges:
            raw.certainty = "possible"
        if any(w in self.denials for w in before[-6:]):
            raw.stance = "denies"
        if any(w in self.negations for w in before[-3:]):
            raw.stance = "denies"
        words = [w.lower_ for w in sent]
        if "according" in words:
            i = words.index("according")
            end = i + 2
            while end < len(words) and not sent[end].is_punct:
                end += 1
            raw.attributed_to = sent[i + 2:end].text or None

    def _via(self, raw, raws) -> None:
        if not self.parsed:
            return
        t = raw.trigger
        sent = t.sent
        inside = {t.i, *raw.tokens}
        for tok in sent:
            lemma = _lemma(tok)
            verb = lemma if lemma in self.via_verbs else self.via_forms.get(tok.lower_)
            if verb is None or not any(c.dep_ == "agent" for c in tok.children):
                continue
            if tok.head.i not in inside and tok.head not in t.subtree and \
                    tok.head not in t.ancestors:
                continue
            via = self.s.pobjs(tok, ["by"])
            for key in via.keys:
                if key not in raw.via and key not in raw.subject.keys + raw.object.keys:
                    raw.via.append(key)
            raw.tokens |= via.tokens | {tok.i}
            if self.via_verbs[verb] and via:
                self._mediates(via, raw, raws, tok)

    def _mediates(self, via: Arg, raw, raws, tok) -> None:
        from ._rules import Raw

        parties = Arg()
        parties.extend(raw.subject)
        parties.extend(raw.object)
        if any(r.relation == "mediates" and r.trigger.i == tok.i for r in raws):
            return
        new = Raw("mediates", via, parties, tok, f"via:{tok.lower_}-by", "mediation",
                  set(raw.tokens), certainty=raw.certainty, attributed_to=raw.attributed_to)
        raws.append(new)

    def mediator(self, noun, raw) -> None:
        """'Oman has mediated talks between A and B': Oman is the talks' intermediary."""
        head = noun.head
        lemma = _lemma(head)
        if lemma in self.via_verbs and noun.dep_ == "dobj":
            subject = self.s.subject(head)
            for key in subject.keys:
                if key not in raw.via:
                    raw.via.append(key)

    # -- denials of a charge stated before ---------------------------------------------

    def charge_denials(self, sent, raws, start: int) -> list:
        """'Abu Dhabi rejected the charge': the claim it denies, denied by Abu Dhabi."""
        from ._rules import Raw

        if not self.parsed:
            return []
        out = []
        for tok in sent:
            if _lemma(tok) not in self.denials and tok.lower_ not in self.denials:
                continue
            charge = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                           and (c.lower_ in self.charges or c.lower_ in self.charge_pronouns)),
                          None)
            if charge is None and tok.dep_ == "relcl" and tok.head.lower_ in self.charges:
                charge = tok.head
            if charge is None or any(r.trigger in charge.subtree for r in raws[start:]):
                continue
            speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if speaker is None:
                continue
            denier = self.s.group(speaker)
            if not denier:
                continue
            countries = set().union(*(self._countries(k) for k in denier.keys))
            previous_start = self.doc[sent.start - 1].sent.start if sent.start > 0 else 0

            def involved(raw, denier=denier, countries=countries) -> bool:
                keys = raw.subject.keys + raw.object.keys
                return any(k in denier.keys or self._countries(k) & countries for k in keys)

            accusation = next((a for a in sent if a.i < tok.i and (
                _lemma(a) in self.accusations or a.lower_ in self.accusations)), None)
            if accusation is not None:
                # 'X accused Y of arming Z, a charge Y denies': what the accusation says, in
                # its 'of' clause if it has one (not 'Y, which once trained Z, was accused …')
                said = next((c for c in accusation.children
                             if c.dep_ == "prep" and c.lower_ == "of"), accusation)
                claims = [r for r in raws if r.relation != "accuses" and r.stance != "denies"
                          and r.trigger in said.subtree and involved(r)]
            else:
                claims = [r for r in raws
                          if r.relation != "accuses" and r.stance != "denies"
                          and previous_start <= r.trigger.i < tok.i and involved(r)]
            if not claims:
                continue
            hedged = [r for r in claims if r.certainty == "possible" or r.attributed_to]
            chosen = hedged or claims
            if charge.lower_ in ("charge", "claim", "accusation", "allegation", "report",
                                 "suggestion", "assertion") or \
                    self.charge_pronouns.get(charge.lower_) == "one":
                chosen = chosen[-1:]
            for r in chosen:
                tokens = {tok.i, charge.i} | set(denier.tokens)
                out.append(Raw(r.relation, Arg(list(r.subject.keys)), Arg(list(r.object.keys)),
                               tok, "denial:charge", "charge-denial", tokens,
                               r.symmetric_group, self._who(speaker), "probable", "denies"))
        return out
