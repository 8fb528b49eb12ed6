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


CLAIMS_HEADER = "id,subject,relation,object,start,end,certainty,sources,quote,attributed_to,via,place,note"
SOURCE = "tna-2019-12-07"


def minimal_with(folder: Path, claims: list[str] | None = None,
                 actors: list[str] | None = None, header: str = CLAIMS_HEADER) -> Path:
    """A copy of ``valid/minimal`` in ``folder`` whose ``claims.csv`` holds ``claims`` (rows
    after ``header``) and whose ``actors.csv`` has ``actors`` rows added, written as given."""
    folder.mkdir(parents=True, exist_ok=True)
    minimal = DATA / "valid" / "minimal"
    for name in CSV_FILES:
        (folder / name).write_bytes((minimal / name).read_bytes())
    if claims is not None:
        text = "\n".join([header, *claims]) + "\n"
        (folder / "claims.csv").write_bytes(text.encode("utf-8"))
    if actors:
        with (folder / "actors.csv").open("ab") as handle:
            handle.write(("\n".join(actors) + "\n").encode("utf-8"))
    return folder
