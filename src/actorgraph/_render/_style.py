"""How things look: shapes and colours by actor kind, colours by relation family, safe labels.

Shapes are vis-network shapes that draw the label below the node, so a long name never
stretches a node. Colours are chosen to stay apart for the common forms of colour blindness;
a kind is identified by shape *and* colour together.
"""

from __future__ import annotations

__all__ = [
    "CAMP_COLORS",
    "FAMILY_COLORS",
    "KIND_STYLE",
    "NO_CAMP_COLOR",
    "clean",
    "kind_style",
    "short",
]

KIND_STYLE: dict[str, tuple[str, str]] = {  # kind code -> (vis shape, colour)
    "person": ("dot", "#4e79a7"),
    "state": ("square", "#f28e2b"),
    "government": ("square", "#b07aa1"),
    "parliament": ("hexagon", "#9c755f"),
    "armed_forces": ("triangle", "#59a14f"),
    "armed_group": ("triangle", "#e15759"),
    "militia": ("triangleDown", "#ff9da7"),
    "mercenary_group": ("triangleDown", "#8c564b"),
    "tribe": ("hexagon", "#edc948"),
    "intelligence_agency": ("diamond", "#76b7b2"),
    "international_organisation": ("star", "#17becf"),
    "ngo": ("star", "#bcbd22"),
    "media": ("diamond", "#d37295"),
    "other": ("dot", "#9d9d9d"),
}
_FALLBACK = ("dot", "#9d9d9d")

FAMILY_COLORS: dict[str, str] = {
    "support": "#1b7f3b",
    "opposition": "#c0262d",
    "organisational": "#6b4c9a",
    "diplomatic": "#1f63b5",
}

CAMP_COLORS = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948",
               "#ff9da7", "#9c755f", "#17becf")
NO_CAMP_COLOR = "#c8c8c8"

# Bidi controls (embeddings, overrides, isolates, marks): removed from displayed text so that
# no name can reorder what follows it (CVE-2021-42574, UTR #36). ZWJ/ZWNJ are kept.
_BIDI = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069"))
LABEL_LIMIT = 40


def kind_style(kind: str) -> tuple[str, str]:
    """The ``(shape, colour)`` of an actor kind; kinds newer than this table get a grey dot."""
    return KIND_STYLE.get(kind, _FALLBACK)


def clean(text: str | None) -> str | None:
    """Text as displayed: bidi control characters removed.

    >>> clean("\u202eabc")
    'abc'
    """
    return None if text is None else text.translate(_BIDI)


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """A cleaned label cut to ``limit`` characters with an ellipsis (the full text is in the panel).

    >>> short("Government of National Accord", 12)
    'Government …'
    """
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 2].rstrip() + " …"
