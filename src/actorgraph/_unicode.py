"""Characters that need a decision before text is loaded, compared or shown.

- **Refused in every field**: the C0 control characters other than tab, line feed and carriage
  return, the non-characters U+FFFE and U+FFFF, and lone surrogates. XML 1.0 cannot hold them
  even escaped (GraphML, GEXF and RDF/XML exports would be unreadable), rdflib's Turtle writer
  writes a NUL as it is (the file cannot be read back), and no report's text needs them.
- **Bidirectional controls** (embeddings, overrides and isolates, U+202A–U+202E and
  U+2066–U+2069) reorder how the text around them is displayed (Trojan Source, CVE-2021-42574):
  refused in ids, a warning in free text (an Arabic quote may use them on purpose), escaped
  when printed on a terminal.
- **Look-alike names**: :func:`skeleton` is the UTS #39 skeleton (each character replaced by the
  prototype it is visually confusable with, from Unicode's ``confusables.txt``), so ``Hamas``
  and ``Hаmas`` (with a Cyrillic ``а``) have the same one.

>>> skeleton("H\\u0430mas") == skeleton("Hamas"), refused("a\\x00b"), bidi_controls("x\\u202ey")
(True, '\\x00', ['\\u202e'])
>>> terminal_text("ok\\u202eko\\x1b[2J")
'ok\\\\u202eko\\\\x1b[2J'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

__all__ = ["bidi_controls", "describe", "refused", "scripts", "skeleton", "terminal_text"]

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# what a terminal would act on or reorder: every control character (C0, DEL, C1) and the
# bidirectional controls
_UNSAFE_ON_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refused(text: str) -> str | None:
    """The first character of ``text`` that no field may hold, or ``None``."""
    found = _REFUSED.search(text)
    return found.group() if found else None


def bidi_controls(text: str) -> list[str]:
    """The bidirectional control characters in ``text``, in order."""
    return _BIDI.findall(text)


def describe(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``, ``U+0000 (a control character)``: a character
    named for a message."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "a control character"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def terminal_text(text: str) -> str:
    """``text`` safe to print on a terminal: control and bidirectional control characters
    written as escapes (``\\u202e``, ``\\x1b``), so that nothing is executed or reordered."""
    return _UNSAFE_ON_TERMINAL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@functools.cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables table: a character to its prototype (``confusables.txt``)."""
    table = {}
    text = (resources.files("actorgraph") / "confusables.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, *target = line.split()
            table[chr(int(source, 16))] = "".join(chr(int(t, 16)) for t in target)
    return table


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: NFD, each character replaced by its prototype, NFD
    again. Two strings with the same skeleton look alike."""
    table = _prototypes()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def scripts(text: str) -> list[str]:
    """The scripts of the letters of ``text`` (``['Cyrillic', 'Latin']``), from their Unicode
    names: enough to say what a look-alike name mixes."""
    found = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name:
                found.add(name.split()[0].title())
    return sorted(found)
