"""Reviewing candidates: the folder ``actorgraph extract`` writes, the review page, ``accept``.

Nothing here needs spaCy: a folder of candidates is reviewed and accepted with the core
install. :class:`CandidateFolder` reads and changes a folder; :func:`accept` writes the
accepted candidates into a dataset; :func:`make_review_server` serves the review page.
"""

from __future__ import annotations

from ._folder import (
    DECISIONS,
    EDITABLE,
    REPORT,
    CandidateFolder,
    evidence_problems,
    known_actors,
    read_report,
)

__all__ = ["DECISIONS", "EDITABLE", "REPORT", "CandidateFolder", "evidence_problems",
           "known_actors", "read_report"]
