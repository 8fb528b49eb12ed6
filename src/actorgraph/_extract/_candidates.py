"""A folder of candidates: what ``actorgraph extract -o FOLDER`` writes.

The folder is a dataset of its own (it loads, validates, renders and analyses like any):
``actors.csv`` (the actors the candidates name: known ones copied from the dataset given,
new ones with status ``proposed``), ``sources.csv`` (the report), ``claims.csv`` (the
candidates with the review fields, ``decision`` empty), plus ``report.txt``, the report's
text as read, which ``evidence_start``/``evidence_end`` index, and a ``README.md`` saying
what to do next. Written through :func:`actorgraph._csvwrite.write_dataset`: all or nothing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from .._csvwrite import write_dataset
from .._exceptions import DataError
from .._review._folder import REPORT, known_actors, read_report
from ._engine import extract
from ._model import Extraction

__all__ = ["extract_report", "write_candidates"]

_README = """# Candidate claims extracted from a report

`{title}` ({publisher}, {published}), read by actorgraph's extractor ({pipeline}):
{n} candidate claims naming {actors} actors ({proposed} proposed).

Nothing here is a fact yet: every claim is a proposal with its evidence, the exact quote
of `report.txt` at `evidence_start`-`evidence_end`. Review them, then accept the ones
that hold into your dataset:

    actorgraph review . --into DATASET
    actorgraph accept . --into DATASET [--all | --ids c3,c7]
"""


def write_candidates(extraction: Extraction, path: str | Path, *,
                     overwrite: bool = False) -> dict[str, int]:
    """Write an extraction as a folder of candidates; return the rows written per kind.

    Raises
    ------
    ExportError
        The folder exists and is not empty (without ``overwrite``), or cannot be written;
        nothing changed.
    """
    source = extraction.source
    actors = extraction.actor_rows()
    readme = _README.format(
        title=source["title"] or "(untitled)", publisher=source["publisher"] or "no publisher",
        published=source["published"], pipeline=extraction.pipeline,
        n=len(extraction.candidates), actors=len(actors),
        proposed=sum(a["status"] == "proposed" for a in actors))
    return write_dataset(path, {"actor": actors, "source": [source],
                                "claim": extraction.claim_rows()},
                         readme=readme, files={REPORT: extraction.text}, overwrite=overwrite)


def _headline(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:300]


def extract_report(report: str | Path, out: str | Path, *, published, title: str | None = None,
                   publisher: str | None = None, url: str | None = None,
                   source_id: str | None = None, datasets: Sequence[str | Path] = (),
                   llm_url: str | None = None, llm_model: str | None = None,
                   llm_timeout: float = 120.0, model: str | None = None,
                   overwrite: bool = False) -> Extraction:
    """Read a report file and write its candidates as a folder (``actorgraph extract``).

    Parameters
    ----------
    report : str or Path
        The report as UTF-8 text, exactly as published.
    out : str or Path
        The folder of candidates to write (see :func:`write_candidates`).
    published : str or datetime.date
        Its publication date, ``YYYY-MM-DD`` (relative dates resolve against it).
    title : str, optional
        The source's title (default: the report's first line, its headline).
    publisher, url, source_id : str, optional
        The source's description (``source_id`` defaults to publisher and date).
    datasets : sequence of paths
        Datasets whose actors are known: their ids, names and aliases are kept.
    llm_url, llm_model : str, optional
        An OpenAI-compatible endpoint the user runs, asked besides the rules; its proposals
        pass the same checks. Used only when ``llm_url`` is given.
    model : str, optional
        The spaCy pipeline (``"blank"`` for the fallback).
    overwrite : bool
        Replace a folder already at ``out``.

    Returns
    -------
    Extraction
        What was written (candidates, actors, what the checks dropped).
    """
    from ._openai import OpenAICompatibleExtractor
    from ._rules import RuleExtractor

    text = read_report(report)
    extractors = [RuleExtractor()]
    try:
        published = _dt.date.fromisoformat(str(published))
        if llm_url:
            extractors.append(OpenAICompatibleExtractor(llm_url, llm_model or "local",
                                                        timeout=llm_timeout))
    except ValueError as exc:
        raise DataError(str(exc)) from None
    extraction = extract(text, published=published, known_actors=known_actors(datasets),
                         source_id=source_id, title=title or _headline(text),
                         publisher=publisher, url=url, extractors=extractors, model=model)
    write_candidates(extraction, out, overwrite=overwrite)
    return extraction
