"""Reviewing candidates: the folder ``actorgraph extract`` writes, the review page, ``accept``.

Nothing here needs spaCy: a folder of candidates is reviewed and accepted with the core
install. :class:`CandidateFolder` (here, with what reads a folder) reads and changes a
folder. The two commands' modules are imported when used, not from here:
:func:`._accept.accept` writes the accepted candidates into a dataset, and
:func:`._server.review` serves the review page (a :class:`._server.ReviewServer`).
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
