"""The short sample report shipped for ``make demo`` (written for the project)."""

from __future__ import annotations

import json
from importlib import resources

__all__ = ["sample_report"]


def sample_report() -> tuple[str, dict]:
    """The sample report's text and its ``meta`` (title, publisher, published).

    >>> text, meta = sample_report()
    >>> meta["published"], text.splitlines()[0]
    ('2024-06-20', 'RSF pushes into El Fasher as Khartoum accuses Abu Dhabi')
    """
    data = resources.files(__package__).joinpath("data")
    text = data.joinpath("sample-report.txt").read_text(encoding="utf-8")
    meta = json.loads(data.joinpath("sample-report.json").read_text(encoding="utf-8"))
    return text, meta
