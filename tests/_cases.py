"""The example datasets under tests/data/valid and tests/data/invalid: one folder per case."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
RDF_SUFFIXES = (".ttl", ".nt", ".jsonld")
CSV_FILES = ("actors.csv", "sources.csv", "claims.csv")


def case_dirs(folder: Path) -> list[Path]:
    """The case folders under ``folder`` (one per case), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def dataset_of(case: Path) -> Path:
    """What to hand to ``load()``: the case folder (CSV) or its one RDF file."""
    if any((case / name).exists() for name in CSV_FILES):
        return case
    rdf = sorted(p for p in case.iterdir() if p.suffix in RDF_SUFFIXES)
    assert len(rdf) == 1, f"{case.name}: expected CSV files or exactly one RDF file, found {rdf}"
    return rdf[0]
