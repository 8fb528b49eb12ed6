"""From a news report to candidate claims: the extraction engine of ``actorgraph extract``.

>>> from actorgraph._extract import extract
>>> x = extract("Hezbollah allegedly trained Houthi fighters until last year, according "
...             "to various sources. The Lebanese group has denied training Houthi fighters.",
...             published="2021-03-18")
>>> [(c.id, c.subject, c.relation, c.object, c.stance, c.certainty, c.end)
...  for c in x.candidates]  # doctest: +NORMALIZE_WHITESPACE
[('c1', 'Hezbollah', 'trains', 'Houthi', 'asserts', 'possible', '2020'),
 ('c2', 'Hezbollah', 'trains', 'Houthi', 'denies', 'probable', None)]
>>> all(x.text[c.evidence_start:c.evidence_end] == c.quote for c in x.candidates)
True

The package needs the optional ``extract`` extra (spaCy and its small English pipeline);
``import actorgraph`` does not import spaCy, and calling :func:`extract` without it
raises :class:`ExtractionUnavailable` saying ``pip install 'actorgraph[extract]'``.
Extractors plug in through :class:`Extractor` (see :class:`RuleExtractor` and
:class:`OpenAICompatibleExtractor`); every proposal passes the same checks.
"""

from __future__ import annotations

from ._engine import extract, read
from ._extractor import Extractor
from ._model import (
    ACTOR_COLUMNS,
    CLAIM_COLUMNS,
    ActorRef,
    Candidate,
    Context,
    Dropped,
    Extraction,
    Proposal,
    ProposedActor,
)
from ._nlp import BLANK, ExtractionUnavailable, load_pipeline
from ._openai import OpenAICompatibleExtractor
from ._rules import RuleExtractor
from ._sample import sample_report

__all__ = [
    "ACTOR_COLUMNS",
    "BLANK",
    "CLAIM_COLUMNS",
    "ActorRef",
    "Candidate",
    "Context",
    "Dropped",
    "Extraction",
    "ExtractionUnavailable",
    "Extractor",
    "OpenAICompatibleExtractor",
    "Proposal",
    "ProposedActor",
    "RuleExtractor",
    "extract",
    "load_pipeline",
    "read",
    "sample_report",
]
