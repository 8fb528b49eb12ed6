"""Names as token sequences, and the gazetteer of states and organisations as one.

A name matches where the report's tokens spell it (apostrophes unified); the longest name
at a position wins, then the first added. Short names and acronyms ("UN", "US", "LNA")
match only in their case, so that "us" is never the United States.
"""

from __future__ import annotations

import functools

from ._lexicon import lexicon

__all__ = ["QUOTES", "NameDictionary", "case_sensitive", "gazetteer"]

QUOTES = str.maketrans({"’": "'"})



class NameDictionary:
    """Names as token sequences; the longest match at a position wins, then the first added."""

    def __init__(self, tokenizer, fallback: NameDictionary | None = None):
        self._tokenizer = tokenizer
        self._exact: dict[str, list] = {}
        self._lower: dict[str, list] = {}
        self._order = 0
        self._fallback = fallback

    def add(self, name: str, target, case_sensitive: bool) -> None:
        tokens = [t.text.translate(QUOTES) for t in self._tokenizer(name)]
        if not tokens:
            return
        if not case_sensitive:
            tokens = [t.lower() for t in tokens]
        index = self._exact if case_sensitive else self._lower
        index.setdefault(tokens[0], []).append((tuple(tokens), self._order, target))
        self._order += 1

    def match(self, words: list[str], lowered: list[str], i: int):
        """The longest name at token ``i`` of a text given as its (apostrophe-normalised)
        token texts and their lower-case forms: ``(length, target)`` or ``None``."""
        best = None
        for index, seq in ((self._exact, words), (self._lower, lowered)):
            if seq[i] not in index:
                continue
            for tokens, order, target in index[seq[i]]:
                n = len(tokens)
                if tuple(seq[i:i + n]) == tokens and (best is None or
                                                      (n, -order) > (best[0], -best[1])):
                    best = (n, order, target)
        other = self._fallback.match(words, lowered, i) if self._fallback is not None else None
        if other and (best is None or other[0] > best[0]):
            return other  # a longer gazetteer name; on a tie this report's actors win
        return (best[0], best[2]) if best else None


def case_sensitive(name: str) -> bool:
    """Short names and acronyms match only in their own case ('US' is not 'us')."""
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 3 or (letters and all(c.isupper() for c in letters))


@functools.lru_cache(maxsize=4)
def gazetteer(pipeline) -> NameDictionary:
    """States (names, capitals, demonyms) and organisations, tokenised once per pipeline."""
    lex = lexicon()
    d = NameDictionary(pipeline.nlp.tokenizer)
    for org in lex.organisations:
        for name in (org.label, *org.aliases):
            d.add(name, ("org", org), case_sensitive(name) or name[0].isupper())
    for country in lex.countries:
        for name in (country.name, *country.aliases):
            d.add(name, ("country", country), True)
        for name in country.capitals:
            d.add(name, ("capital", country), True)
        for name in country.demonyms:
            d.add(name, ("demonym", country), True)
    return d
