"""Near-duplicates and cycles that ``validate`` reports (issue 12, bad-inputs C4–C7, D10).

Two actors with the *same* name (as names are compared: Unicode NFC, case, tatweel and spaces
aside) are a problem. Ids that differ only in case, names that merely look alike (the same
UTS #39 skeleton, such as a Cyrillic ``а`` in ``Hamas``) and a cycle of ``part_of`` claims
are warnings: each may be right, each names both lines. ``--strict`` makes them fail.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

import actorgraph
from _cases import CLAIMS_HEADER, SOURCE, minimal_with

WARNINGS = {
    "case-only-id": (["egy,Egypt's army,armed_forces,,EG,,"],
                     "actors.csv:7: field 'id': actor id 'egy' differs from 'EGY' "
                     "(actors.csv:6) only in case"),
    "cyrillic-a": (["HAM1,Hamas,armed_group,,,,", "HAM2,H\u0430mas,armed_group,,,,"],
                   "actors.csv:8: field 'label': actor 'HAM2' is named 'H\u0430mas', which "
                   "looks like 'Hamas' of 'HAM1' (actors.csv:7) (it mixes Cyrillic and Latin"),
    "greek-alias": (["HAM1,Hamas movement,armed_group,Hamas,,,",
                     "HAM2,Harakat,armed_group,\u0397amas,,,"],
                    "actors.csv:8: field 'aliases': actor 'HAM2' is named '\u0397amas', which "
                    "looks like 'Hamas' of 'HAM1' (actors.csv:7) (it mixes Greek and Latin"),
}


@pytest.mark.parametrize("case", WARNINGS)
def test_a_near_duplicate_is_a_warning_naming_both_lines(tmp_path, case):
    actors, expected = WARNINGS[case]
    report = actorgraph.validate(minimal_with(tmp_path / "d", actors=actors), shacl=False)
    assert report.ok, str(report)
    assert any(w.startswith(expected) for w in report.warnings), report.warnings


PROBLEMS = {
    "tatweel": ["HAM1,حماس,armed_group,,,,", "HAM2,حـماس,armed_group,,,,"],
    "nfd": ["SAR1," + unicodedata.normalize("NFC", "أحمد") + ",person,,,,",
            "SAR2," + unicodedata.normalize("NFD", "أحمد") + ",person,,,,"],
    "case-and-space": ["HAM1,Hamas,armed_group,,,,", "HAM2,HAMAS ,armed_group,,,,"],
}


@pytest.mark.parametrize("case", PROBLEMS)
def test_the_same_name_twice_is_a_problem(tmp_path, case):
    """Tatweel, a decomposed hamza (NFD), case and spaces do not make another name (C5, C6):
    ``actor(name)`` could not tell the two apart."""
    report = actorgraph.validate(minimal_with(tmp_path / "d", actors=PROBLEMS[case]),
                                 shacl=False)
    assert {(p.line, p.field) for p in report.problems} == {(7, "label"), (8, "label")}
    assert "shares the name" in str(report)


CYCLE = [f"c1,LNA,part_of,GNA,,,probable,{SOURCE},q,,,,",
         f"c2,EGY,backs,LNA,,,probable,{SOURCE},q,,,,",
         f"c3,GNA,part_of,LNA,,,probable,{SOURCE},q,,,,"]


def test_a_part_of_cycle_is_reported_with_its_claims_and_lines(tmp_path):
    report = actorgraph.validate(minimal_with(tmp_path / "d", CYCLE), shacl=False)
    assert report.ok
    assert report.warnings == [
        "claims.csv:4: field 'object': part_of claims make a cycle: GNA -> LNA -> GNA "
        "(claims c3 (claims.csv:4), c1 (claims.csv:2)); if the claims are of different "
        "times (a reorganisation), date them; otherwise one of them is wrong"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_hierarchy_queries_end_on_a_cycle(tmp_path, store):
    graph = actorgraph.load(minimal_with(tmp_path / "d", CYCLE), store=store)
    rows = graph.query("SELECT DISTINCT ?a WHERE { ?a ag:part_of+ ?a }").rows
    assert sorted(str(r[0]).rsplit("/", 1)[-1] for r in rows) == ["GNA", "LNA"]


def test_a_denied_link_makes_no_cycle(tmp_path):
    claims = [c + "," for c in CYCLE[:2]] + [CYCLE[2] + ",denies"]
    folder = minimal_with(tmp_path / "d", claims, header=CLAIMS_HEADER + ",stance")
    assert actorgraph.validate(folder, shacl=False).warnings == []


def test_the_bundled_dataset_has_no_warning():
    report = actorgraph.validate(shacl=False)
    assert report.ok and report.warnings == []


def test_strict_makes_warnings_fail(tmp_path):
    folder = minimal_with(tmp_path / "d", actors=WARNINGS["case-only-id"][0])
    runs = {flag: subprocess.run([sys.executable, "-m", "actorgraph", "validate", "--no-shacl",
                                  *flag, str(folder)], capture_output=True, text=True,
                                 timeout=120) for flag in ((), ("--strict",))}
    assert runs[()].returncode == 0 and runs[("--strict",)].returncode == 1
    assert "1 warning(s)" in runs[()].stdout


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_long_chain_is_answered_or_refused_clearly(tmp_path, store):
    """``part_of*`` over a chain of 1,000 units ends within seconds: Oxigraph answers;
    rdflib, whose evaluation recurses per step, says the query is too complex and the
    process goes on (bad-inputs E6)."""
    actors = [f"U{i},Unit {i},armed_group,,,," for i in range(1000)]
    claims = [f"c{i},U{i},part_of,U{i + 1},,,probable,{SOURCE},q,,,," for i in range(999)]
    graph = actorgraph.load(minimal_with(tmp_path / "d", claims, actors), store=store)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?x ag:part_of* ?y }"
    try:
        (row,) = graph.query(text).rows
    except actorgraph.QueryError as exc:
        assert store == "memory" and "too complex" in str(exc)
    else:
        assert int(row[0]) >= 1000 * 1001 // 2  # each unit with itself and those above it
    assert len(graph.claims(relation="part_of")) == 999
