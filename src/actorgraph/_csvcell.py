"""A CSV cell a spreadsheet will not run as a formula (OWASP's CSV injection).

One rule for every CSV actorgraph writes for people to open (``claims --format csv``,
``query --format csv``, the exports): Excel, LibreOffice and Google Sheets run a cell that
starts with ``= + - @`` (and, after a tab or a carriage return, what follows), so such text
gets a ``'`` in front, which they show as text. Numbers (``-3``, ``+1.5e3``) stay numbers.
The dataset folder's own CSV (``_csvwrite``) is data for actorgraph, kept verbatim.
"""

from __future__ import annotations

import re

__all__ = ["spreadsheet_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    r"""``text`` as a cell that a spreadsheet shows and does not run.

    >>> spreadsheet_safe('=HYPERLINK("http://x","click")'), spreadsheet_safe("-2.5")
    ('\'=HYPERLINK("http://x","click")', '-2.5')
    >>> spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("LNA")
    ("'@SUM(A1)", 'LNA')
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
