"""Reading a parsed sentence: which actors fill a word's subject and object.

Arguments are groups: "Egypt, Saudi Arabia, UAE, France and Russia" is one argument of five
actors, found through the parser's conjuncts. A group member is an actor mention, or a word
that stands for one: a relative pronoun ("who", "which"), a pronoun ("it", "its"), "the two
sides", an apposition ("a separatist body that ..."), or a word for a group's members or
acts ("Houthi positions", "fighters of the Islah party", "Rwanda's support").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ._lexicon import lexicon

__all__ = ["Arg", "Sentences"]

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "pobj", "dative", "iobj")
_CLIMB = ("xcomp", "advcl", "conj", "pcomp", "ccomp")


@dataclass
class Arg:
    """Actors filling one argument, with the tokens that name them (for the evidence)."""

    keys: list[str] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)
    resolved: bool = False

    def add(self, key: str, tokens, resolved: bool = False) -> None:
        if key not in self.keys:
            self.keys.append(key)
        self.tokens.update(tokens)
        self.resolved = self.resolved or resolved

    def extend(self, other: Arg) -> None:
        for key in other.keys:
            self.add(key, ())
        self.tokens |= other.tokens
        self.resolved = self.resolved or other.resolved

    def __bool__(self) -> bool:
        return bool(self.keys)


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


@functools.lru_cache(maxsize=1)
def _words():
    n = lexicon().nouns
    r = lexicon().relations
    events = {lemma for frame in r["nouns"] for lemma in frame["lemmas"]}
    members = {w.split()[-1] for w in n["members"]}
    heads = {"group", "movement", "party", "front", "militia", "coalition", "alliance"}
    return (frozenset(members | events | heads | {"involvement", "role", "presence"}),
            n["anaphora"]["pronouns"], frozenset(n["anaphora"]["relatives"]))


class Sentences:
    """Mentions indexed by token, and the argument finders over the parse."""

    def __init__(self, doc, mentions, table):
        self.doc = doc
        self.table = table
        self.mentions = mentions
        self.at = {i: m for m in mentions for i in range(m.start, m.end)}
        #: tokens of 'the two sides': their two actors, or a function that finds them
        self.pairs: dict[int, object] = {}
        self.members, self.pronouns, self.relatives = _words()
        self.grouped = lexicon().nouns["grouped_in"]
        cues = lexicon().cues
        #: verbs whose subject says or denies a clause: 'X said it …'
        self.speaking = lexicon().forms([*cues["reporting_verbs"], *cues["denial_verbs"]])
        self.roles = frozenset(w.split(" of ")[0].split()[-1] for rel, words in
                               lexicon().nouns["roles"].items()
                               if rel in ("leads", "part_of") for w in words)

    def mention_arg(self, tok, seen=None) -> Arg:
        """The actors one token stands for (without its conjuncts)."""
        seen = seen if seen is not None else set()
        arg = Arg()
        if tok.i in seen:
            return arg
        seen.add(tok.i)
        m = self.at.get(tok.i)
        if m is not None:
            arg.add(m.key, range(m.start, m.end), m.how in ("anaphora", "pronoun"))
            return arg
        if tok.i in self.pairs:
            keys = self.pairs[tok.i]() if callable(self.pairs[tok.i]) else self.pairs[tok.i]
            for key in keys or ():
                arg.add(key, [tok.i], True)
            return arg
        lower = tok.lower_
        if lower in self.relatives and tok.head.dep_ in ("relcl", "acl") or (
                lower in self.relatives and tok.head.head.dep_ == "relcl"):
            clause = tok.head if tok.head.dep_ in ("relcl", "acl") else tok.head.head
            return self.group(clause.head, seen)
        if lower in self.pronouns:
            key = self.pronoun(tok)
            if key:
                arg.add(key, [tok.i], True)
            return arg
        if tok.dep_ == "appos":
            return self.mention_arg(tok.head, seen)
        for child in tok.children:
            if child.dep_ == "appos":
                arg.extend(self.group(child, seen))
        if arg:
            return arg
        if lower in self.roles:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        m = self.at.get(pobj.i)
                        if m is not None and self.table[m.key].kind == "person":
                            arg.add(m.key, range(m.start, m.end))
            if arg:
                return arg
        for child in tok.children:
            if child.dep_ == "acl" and child.lower_ in self.grouped["participles"]:
                arg.extend(self.pobjs(child, self.grouped["preps"]))
        if arg:
            return arg
        if tok.lemma_.lower() in self.members or lower in self.members:
            for child in tok.children:
                named = self.at.get(child.i)
                if child.dep_ == "poss" or (child.dep_ in ("compound", "amod", "nmod") and
                                            named is not None and named.end == tok.i):
                    # 'Houthi fighters'; not 'the Israeli military training militias'
                    arg.extend(self.mention_arg(child, seen))
                elif child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            arg.extend(self.group(pobj, seen))
        return arg

    def group(self, tok, seen=None) -> Arg:
        """The actors a token and its conjuncts stand for ("Egypt, Saudi Arabia and UAE")."""
        seen = seen if seen is not None else set()
        m = self.at.get(tok.i)
        root = self.doc[m.start:m.end].root if m is not None else tok
        arg = self.mention_arg(tok, seen)
        # a name's conjuncts may hang on its last word when the parser made another its root
        for conj in dict.fromkeys([*root.conjuncts, *tok.conjuncts]):
            if conj.i != tok.i:
                arg.extend(self.mention_arg(conj, seen))
        for child in root.children:
            # 'Turkish and Russian delegations': the demonyms share one head
            other = self.at.get(child.i)
            if child.dep_ == "amod" and child.conjuncts and other is not None and \
                    other.key not in arg.keys and (m is None or other.key != m.key):
                arg.extend(self.group(child, seen))
        return arg

    def pronoun(self, tok) -> str | None:
        """The actor 'it', 'its', 'they' stand for: a recent non-person actor.

        Subject and possessive pronouns continue a subject; the subject of what a speaker
        says or denies is the speaker ('Abiy's government denied …, and said it does not
        receive weapons'); object pronouns ('accusing it of …') name another than their
        clause's subject.
        """
        role = "object" if tok.dep_ in _OBJECTS else self.pronouns[tok.lower_]
        sent = tok.sent
        previous = self.doc[sent.start - 1].sent if sent.start > 0 else None
        window_start = previous.start if previous is not None else sent.start
        subject_of_clause = set()
        if role == "object":
            subject_of_clause = set(self.subject(tok.head).keys)
        elif tok.dep_ in ("nsubj", "nsubjpass", "poss"):
            speaker = self.speaker(tok)
            if speaker:
                return speaker
        candidates = [m for m in self.mentions
                      if window_start <= m.start and m.end <= tok.i
                      and self.table[m.key].kind != "person"]
        if role in ("subject", "possessive"):
            subjects = [m for m in candidates if self.doc[m.start:m.end].root.dep_ in _SUBJECTS]
            if subjects:
                return subjects[-1].key
        for m in reversed(candidates):
            if m.key not in subject_of_clause:
                return m.key
        return None

    def speaker(self, tok) -> str | None:
        """The one non-person actor that says or denies the clause a pronoun is the subject
        (or the owner of the subject) of: 'X said it …', 'X rejected the claim, saying its
        soldiers …'."""
        clause = tok.head if tok.dep_ != "poss" else tok.head.head
        if clause.dep_ != "ccomp":
            return None
        verb = clause.head
        if _lemma(verb) not in self.speaking and verb.lower_ not in self.speaking:
            return None
        said = [k for k in self.subject(verb).keys if self.table[k].kind != "person"]
        return said[0] if len(said) == 1 else None

    def subject(self, tok, depth: int = 0) -> Arg:
        """Who does what ``tok`` says: its subject, or the subject it shares.

        Climbs through clauses that have no subject of their own ("Tehran denied arming
        the group": arming is Tehran's), relative and participle clauses (their noun),
        and "accused X of arming Y" (X).
        """
        if depth > 6:
            return Arg()
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        for child in subjects:  # a stray word may be parsed as a second subject
            arg = self.group(child)
            if arg:
                return arg
        if subjects:
            return Arg()
        for child in tok.children:
            if child.dep_ == "nsubjpass" and not self.passive(tok):
                return self.group(child)
        if tok.dep_ == "xcomp" and self.passive(tok.head):
            # 'X is said to have deployed': X deployed
            raised = self.child(tok.head, "nsubjpass")
            if raised is not None:
                return self.group(raised)
        if tok.dep_ == "pcomp" and tok.head.lower_ == "of":
            accuser = tok.head.head
            for child in accuser.children:
                if child.dep_ == "dobj":
                    return self.group(child)
        if tok.dep_ in ("relcl", "acl", "amod"):
            described = self.group(tok.head)
            if described or tok.dep_ != "acl" or tok.head.pos_ != "NOUN":
                return described
            # 'a battle to capture X', 'a bid to revive Y': the agent of a noun that is no
            # actor is the agent of the clause it is in
            return self.subject(tok.head, depth + 1)
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            verb = tok.head.head
            if self.passive(verb) and self.child(verb, "nsubjpass") is not None:
                return self.group(self.child(verb, "nsubjpass"))
            return self.subject(verb, depth + 1)
        if tok.dep_ in _CLIMB + ("prep", "dobj", "attr", "acomp", "oprd") and tok.head.i != tok.i:
            return self.subject(tok.head, depth + 1)
        return Arg()

    @staticmethod
    def passive(tok) -> bool:
        """Whether a verb is passive ('are backed by', 'led by X', 'is said to')."""
        deps = {c.dep_ for c in tok.children}
        return bool(deps & {"auxpass", "nsubjpass", "agent"})

    def pobjs(self, tok, preps) -> Arg:
        """The actors of ``tok``'s prepositional objects for the given prepositions."""
        arg = Arg()
        for child in tok.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        arg.extend(self.group(pobj))
        return arg

    def child(self, tok, *deps):
        """The first child of ``tok`` with one of the dependency labels."""
        return next((c for c in tok.children if c.dep_ in deps), None)

    def phrase(self, tok) -> str:
        """The noun phrase a token heads, without its relative clauses and appositions."""
        left = tok.left_edge.i
        right = tok.i
        for child in tok.rights:
            if child.dep_ in ("prep",) and child.lower_ == "of":
                right = child.right_edge.i
            else:
                break
        while left < tok.i and self.doc[left].is_punct:
            left += 1
        return self.doc[left:right + 1].text
