"""Where the bundled ontology and datasets live: inside the wheel, or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["dataset_path", "ontology_path"]

DEFAULT_DATASET = "libya-2019"


@cache
def _data_root() -> Path:
    bundled = Path(__file__).parent / "_data"
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2]
    return checkout


def ontology_path(name: str = "actorgraph.ttl") -> Path:
    """The path of a bundled ontology file (``actorgraph.ttl`` or ``shapes.ttl``)."""
    return _data_root() / "ontology" / name


def dataset_path(name: str = DEFAULT_DATASET) -> Path:
    """The folder of a bundled dataset (default: the Libya 2019 dataset)."""
    root = _data_root()
    bundled = root / name
    return bundled if bundled.is_dir() else root / "data" / name
