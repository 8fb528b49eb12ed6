"""The synthetic dataset generator: deterministic, valid, realistic in shape, streaming."""

from __future__ import annotations

import csv
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from actorgraph._csvload import read_dataset
from actorgraph._dates import PartialDate
from actorgraph._exceptions import ExportError
from actorgraph._synth import synth_dataset, synth_records
from actorgraph._vocab import CERTAINTY, KINDS, RELATIONS

ID = re.compile(r"^[A-Za-z0-9_.-]+$")
CAMP = re.compile(r"in camp (\d+) of (\d+)\.$")
FILES = ["README.md", "actors.csv", "claims.csv", "sources.csv"]


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A mid-sized dataset shared by the read-only tests."""
    folder = tmp_path_factory.mktemp("synth") / "ds"
    synth_dataset(folder, actors=600, claims=12_000, seed=11)
    return folder


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    """Two runs with one seed give identical files; another seed gives other files."""
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        synth_dataset(tmp_path / name, actors=120, claims=2_000, seed=seed)
    for file in FILES:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    assert (tmp_path / "a" / "claims.csv").read_bytes() != (tmp_path / "c" / "claims.csv").read_bytes()


def test_counts_and_summary(dataset):
    """The summary and the files agree on the counts; sources are one per 20 claims."""
    assert sorted(p.name for p in dataset.iterdir()) == FILES
    assert len(rows(dataset, "actors.csv")) == 600
    assert len(rows(dataset, "sources.csv")) == 600
    assert len(rows(dataset, "claims.csv")) == 12_000
    readme = (dataset / "README.md").read_text(encoding="utf-8")
    assert "--actors 600 --claims 12000 --seed 11" in readme and "fictional" in readme


def test_every_row_is_valid(dataset):
    """Every row obeys docs/architecture.md, checked here and by the project's loader."""
    actors, sources, claims = (rows(dataset, n) for n in ("actors.csv", "sources.csv", "claims.csv"))
    for table in (actors, sources, claims):
        ids = [r["id"] for r in table]
        assert len(set(ids)) == len(ids) and all(ID.match(i) for i in ids)
    actor_ids, source_ids = {a["id"] for a in actors}, {s["id"] for s in sources}
    for a in actors:
        assert a["label"] and a["kind"] in KINDS and re.fullmatch(r"[A-Z]{2}", a["country"])
    for s in sources:
        PartialDate.parse(s["published"])
        assert s["url"].startswith("https://") and s["reliability"] in "ABCDEF"
    for c in claims:
        assert c["subject"] in actor_ids and c["object"] in actor_ids
        assert c["subject"] != c["object"]
        assert c["relation"] in RELATIONS and c["certainty"] in CERTAINTY
        assert set(c["sources"].split("|")) <= source_ids
        assert not c["via"] or set(c["via"].split("|")) <= actor_ids
        assert 80 <= len(c["quote"]) <= 300
        start = PartialDate.parse(c["start"]) if c["start"] else None
        end = PartialDate.parse(c["end"]) if c["end"] else None
        if start and end:
            assert start.last < end.first
    assert len(read_dataset(dataset).claims) == 12_000


def test_records_match_the_files(dataset):
    """synth_records gives exactly what synth_dataset writes (as the loader reads it)."""
    loaded = read_dataset(dataset)
    actors, sources, claims = synth_records(actors=600, claims=12_000, seed=11)
    assert (actors, sources, claims) == (loaded.actors, loaded.sources, loaded.claims)


def test_realistic_mix(dataset):
    """States are a tenth of the actors; certainty, dates, sources and extras vary."""
    actors, claims = rows(dataset, "actors.csv"), rows(dataset, "claims.csv")
    kinds = Counter(a["kind"] for a in actors)
    assert 0.08 <= kinds["state"] / len(actors) <= 0.12 and kinds["person"] > 0
    assert any(re.search("[\u0600-\u06ff]", a["label"] + a["aliases"]) for a in actors)
    certainty = Counter(c["certainty"] for c in claims)
    assert certainty["probable"] + certainty["possible"] > len(claims) / 2
    assert {len(c["start"]) for c in claims} == {0, 4, 7, 10}
    assert 0.2 < sum(bool(c["end"]) for c in claims) / len(claims) < 0.5
    multi = sum("|" in c["sources"] for c in claims) / len(claims)
    assert 0.10 <= multi <= 0.20
    assert any(c["via"] for c in claims) and any(c["attributed_to"] for c in claims)
    relations = Counter(c["relation"] for c in claims)
    assert relations["leads"] > 0 and relations["part_of"] > 0
    kind = {a["id"]: a["kind"] for a in actors}
    assert all(kind[c["subject"]] == "person" for c in claims if c["relation"] == "leads")
    backers = Counter(kind[c["subject"]] for c in claims if c["relation"] in ("arms", "funds"))
    assert backers.most_common(1)[0][0] == "state"


def test_camps_positive_within_negative_across(dataset):
    """Signed relations are mostly positive within a camp and mostly negative across camps."""
    camp = {a["id"]: CAMP.search(a["description"]).group(1) for a in rows(dataset, "actors.csv")}
    within, across = Counter(), Counter()
    for c in rows(dataset, "claims.csv"):
        sign = RELATIONS[c["relation"]].sign
        if sign:
            (within if camp[c["subject"]] == camp[c["object"]] else across)[sign] += 1
    assert within[1] / sum(within.values()) > 0.85
    assert across[1] / sum(across.values()) < 0.2


def test_heavy_tailed_degrees(dataset):
    """A few actors take part in many claims, most in few."""
    degree = Counter()
    for c in rows(dataset, "claims.csv"):
        degree[c["subject"]] += 1
        degree[c["object"]] += 1
    assert max(degree.values()) >= 10 * statistics.median(degree.values())


@pytest.mark.parametrize("seed", range(6))
def test_default_camps_three_to_five(seed):
    actors = synth_records(actors=40, claims=0, seed=seed)[0]
    assert {int(CAMP.search(a.description).group(2)) for a in actors} <= {3, 4, 5}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"actors": 9, "claims": 10}, "at least 10 actors"),
    ({"actors": 20, "claims": -1}, "cannot be negative"),
    ({"actors": 20, "claims": 10, "camps": 5}, "between 2 and 4"),
])
def test_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synth_records(**kwargs)


def test_refuses_to_overwrite(tmp_path):
    """A non-empty folder or a file is left alone unless overwrite=True; no staging is left."""
    target = tmp_path / "ds"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="overwrite=True"):
        synth_dataset(target, actors=20, claims=50)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError):
        synth_dataset(tmp_path / "file", actors=20, claims=50)
    synth_dataset(target, actors=20, claims=50, overwrite=True)
    assert sorted(p.name for p in target.iterdir()) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "file"]


def test_interrupted_run_keeps_the_old_folder(tmp_path):
    """A run that fails midway leaves the previous dataset as it was, and no staging folder."""
    target = tmp_path / "ds"
    synth_dataset(target, actors=20, claims=50, seed=1)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        synth_dataset(target, actors=20, claims=20_000, seed=2, overwrite=True, progress=interrupt)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]


def test_empty_folder_is_filled_and_progress_reported(tmp_path):
    (tmp_path / "ds").mkdir()
    calls = []
    summary = synth_dataset(tmp_path / "ds", actors=30, claims=25_000, seed=2, camps=3,
                            progress=lambda done, total: calls.append((done, total)))
    assert summary == {"path": str(tmp_path / "ds"), "actors": 30, "sources": 1250,
                       "claims": 25_000, "seed": 2, "camps": 3}
    assert calls == [(10_000, 25_000), (20_000, 25_000), (25_000, 25_000)]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)")
def test_streams_in_bounded_memory(tmp_path):
    """200,000 claims are written with little more memory than the interpreter itself.

    VmHWM is the child's own peak (ru_maxrss would include this test process's, inherited
    when the child was forked).
    """
    code = (
        "import re, sys\n"
        "from actorgraph._synth import synth_dataset\n"
        "synth_dataset(sys.argv[1], actors=1000, claims=200_000)\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1)) / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "big")],
                          capture_output=True, text=True, check=True)
    assert float(done.stdout) < 80  # MB (~25 in practice); holding the claims would take ~400
    assert (tmp_path / "big" / "claims.csv").stat().st_size > 200_000 * 80
