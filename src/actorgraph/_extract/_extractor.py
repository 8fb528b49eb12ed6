"""The interface every extractor implements: ``propose(text, context) -> proposals``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from ._model import Context, Proposal

__all__ = ["Extractor"]


@runtime_checkable
class Extractor(Protocol):
    """Something that reads a report and proposes claims.

    ``name`` identifies it in the candidates' ``rule`` column and in the drop log.
    Proposals need not be right: :func:`actorgraph._extract.extract` checks each one (quote
    verbatim, actors, relation, dates) and drops what fails, saying why.

    >>> from actorgraph._extract import RuleExtractor, OpenAICompatibleExtractor
    >>> isinstance(RuleExtractor(), Extractor)
    True
    >>> isinstance(OpenAICompatibleExtractor("http://127.0.0.1:8080"), Extractor)
    True
    """

    name: str

    def propose(self, text: str, context: Context) -> Iterable[Proposal]:
        """Claims this extractor reads in ``text``."""
        ...
