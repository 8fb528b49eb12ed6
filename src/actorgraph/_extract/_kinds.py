"""The kind a name or a description proposes, and the noun lists mentions are read with."""

from __future__ import annotations

import functools

from ._lexicon import lexicon

__all__ = ["kind_from_words", "phrase_at", "phrases"]


@functools.lru_cache(maxsize=1)
def phrases():
    """The noun lists of ``data/nouns.json``: organs (phrase -> (kind, organ)), words for a
    state's people, for a group's members, heads that are no actor, kind cues, entity kinds,
    anaphora, and titles."""
    n = lexicon().nouns
    organs = {p: (kind, organ) for kind, table in n["organs"].items() if not kind.startswith("_")
              for organ, words in table.items() for p in words}
    return (organs, frozenset(n["state_people"]), frozenset(n["members"]),
            frozenset(n["not_actor_heads"]), n["kind_cues"], n["ner_kinds"], n["anaphora"],
            frozenset(t.lower() for t in n["titles"]))


def phrase_at(doc, i: int, options) -> tuple[int, str] | None:
    """The longest phrase of ``options`` starting at token ``i``: (length, phrase)."""
    for length in (4, 3, 2, 1):
        if i + length <= len(doc):
            words = " ".join(t.lower_ for t in doc[i:i + length])
            if words in options:
                return length, words
    return None


def kind_from_words(words: list[str], default: str | None = None,
                    last_only: bool = False) -> str | None:
    """The kind that the last words of a name or description propose (``kind_cues``).

    >>> kind_from_words(["Wagner", "Group"]), kind_from_words(["private", "military", "company"])
    ('armed_group', 'mercenary_group')
    """
    cues = phrases()[4]
    lowered = [w.lower() for w in words]
    for end in range(len(lowered), len(lowered) - 1 if last_only else 0, -1):
        for size in (3, 2, 1):
            if end - size < 0:
                continue
            phrase = " ".join(lowered[end - size:end])
            for kind, words_ in cues.items():
                if kind.startswith("_"):
                    continue
                if phrase in words_:
                    return kind
    return default
