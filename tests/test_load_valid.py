"""Acceptance (issue 2): every dataset of ``tests/data/valid/`` loads into one graph.

A case is a dataset folder (CSV) or a folder holding one ``.ttl`` / ``.nt`` / ``.jsonld``
file. Each must load without error and without touching the network, give actors, sources
and claims whose references all resolve, and give the same answers in the ``memory`` and
``oxigraph`` stores. An optional ``expected.json`` gives the counts and, with
``same_claims_as``, the case that holds the same dataset in another format or encoding:
the CSV ``minimal`` case, its UTF-8-BOM and Excel (BOM + CRLF) copies, and the same data
written as Turtle, N-Triples and JSON-LD must all give the very same actors and claims.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import warnings
from pathlib import Path

import pytest
import rdflib

import actorgraph
from _cases import DATA, case_dirs, dataset_of

VALID = DATA / "valid"


def expected_of(case: Path) -> dict:
    path = case / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}




VALID_CASES = case_dirs(VALID)
IDS = [c.name for c in VALID_CASES]
_LOADED: dict[str, actorgraph.Graph] = {}


def loaded(case: Path) -> actorgraph.Graph:
    """Each case loaded once (memory store) and reused by the tests that only read it."""
    if case.name not in _LOADED:
        _LOADED[case.name] = actorgraph.load(dataset_of(case))
    return _LOADED[case.name]


def test_folders_not_empty():
    """The parametrized tests below would pass vacuously on an empty folder."""
    assert VALID_CASES, "tests/data/valid holds no case"
    assert case_dirs(DATA / "invalid"), "tests/data/invalid holds no case"


@pytest.mark.parametrize("case", VALID_CASES, ids=IDS)
def test_valid_case_loads_offline(case, sockets):
    """The case loads into one graph, with no error and no socket opened."""
    graph = actorgraph.load(dataset_of(case))
    assert isinstance(graph, actorgraph.Graph)
    assert sockets == [], f"loading touched the network: {sockets}"


@pytest.mark.parametrize("case", VALID_CASES, ids=IDS)
def test_valid_case_is_consistent(case):
    """Actors, sources and claims come back as dataclasses, and every id a claim names
    (subject, object, via, sources) is an actor or source of the graph."""
    graph = loaded(case)
    actors = {a.id: a for a in graph.actors()}
    sources = {s.id: s for s in graph.sources()}
    claims = graph.claims()
    assert claims, "a valid case states at least one claim"
    for value in [*actors.values(), *sources.values(), *claims]:
        assert dataclasses.is_dataclass(value)
    for claim in claims:
        assert claim.subject in actors and claim.object in actors
        assert claim.subject != claim.object
        assert set(claim.via) <= set(actors)
        assert claim.sources and set(claim.sources) <= set(sources)
        assert claim.quote.strip()
        assert claim.certainty in ("confirmed", "probable", "possible", "doubtful",
                                   "improbable", "unknown")
    for actor in actors.values():
        assert actor.label.strip()
        assert not actor.id.startswith("\ufeff")


@pytest.mark.parametrize("case", VALID_CASES, ids=IDS)
def test_valid_case_counts(case):
    """The counts of actors, sources and claims are those the case states (expected.json)."""
    expected = expected_of(case)
    if not any(k in expected for k in ("actors", "sources", "claims")):
        pytest.skip(f"{case.name} states no counts")
    info = loaded(case).info()
    for key in ("actors", "sources", "claims"):
        if key in expected:
            assert info[key] == expected[key], key


SAME = [c for c in VALID_CASES if expected_of(c).get("same_claims_as")]


@pytest.mark.parametrize("case", SAME, ids=[c.name for c in SAME])
def test_same_dataset_gives_same_claims(case):
    """The same dataset as CSV with a BOM, as Excel writes it (BOM + CRLF), as Turtle,
    N-Triples and JSON-LD gives exactly the actors, sources and claims of the CSV."""
    reference = VALID / expected_of(case)["same_claims_as"]
    graph, ref = loaded(case), loaded(reference)
    assert graph.claims() == ref.claims()
    assert graph.actors() == ref.actors()
    assert graph.sources() == ref.sources()


def test_the_rdf_variants_cover_every_format():
    """The minimal dataset exists as Turtle, N-Triples and JSON-LD and with a BOM."""
    formats = {dataset_of(c).suffix or "csv" for c in SAME}
    assert {".ttl", ".nt", ".jsonld", "csv"} <= formats


@pytest.mark.parametrize("case", VALID_CASES, ids=IDS)
def test_memory_and_oxigraph_agree(case):
    """The same case gives the same actors and claims in the memory and Oxigraph stores."""
    memory = loaded(case)
    oxigraph = actorgraph.load(dataset_of(case), store="oxigraph")
    assert oxigraph.store.kind == "oxigraph"
    assert oxigraph.claims() == memory.claims()
    assert oxigraph.actors() == memory.actors()


# -- what particular cases show ------------------------------------------------------------------

def test_minimal_claim_fields_round_trip():
    """Every field of a claim survives loading: dates at their precision (never padded),
    the alias ``alleged`` stored as ``possible``, attribution, intermediary and place."""
    claim = {c.id: c for c in loaded(VALID / "minimal").claims()}["c2"]
    assert (claim.subject, claim.relation, claim.object) == ("IDF", "trains", "LNA")
    assert (claim.start, claim.end) == ("2019-08", "2019-09")
    assert claim.certainty == "possible"  # written 'alleged' in claims.csv
    assert claim.attributed_to == "Libyan and Egyptian sources"
    assert claim.via == ("EGY",)
    assert claim.place == "Haftar-controlled territories in Libya"
    assert claim.sources == ("tna-2019-12-07",)


def test_bom_is_accepted_and_header_normalised():
    """A UTF-8 byte-order mark (as Excel writes) is accepted: the first column is ``id``."""
    case = VALID / "utf8-bom"
    assert (case / "actors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    graph = loaded(case)
    assert graph.actor("HAFTAR").label == "Khalifa Haftar"
    assert graph.source("tna-2019-12-07").publisher == "The New Arab"


def test_crlf_line_ends_leave_no_carriage_returns():
    """Excel's CRLF line ends do not leak into values."""
    case = VALID / "excel-utf8-bom-crlf"
    assert b"\r\n" in (case / "claims.csv").read_bytes()
    graph = loaded(case)
    for claim in graph.claims():
        for value in (claim.quote, claim.note or "", claim.place or ""):
            assert "\r" not in value


def test_arabic_multiline_quotes_are_kept_whole():
    """A quoted field spanning several lines is one value, its line breaks and its doubled
    quotes (``""``) kept; Arabic text comes back as written."""
    graph = loaded(VALID / "arabic-multiline-quotes")
    claims = {c.id: c for c in graph.claims()}
    assert claims["c1"].quote == "الجيش الوطني الليبي\nبقيادة خليفة حفتر"
    assert claims["c2"].quote.count("\n") == 2
    assert claims["c2"].note == "سطر أول\nسطر ثانٍ"
    assert claims["c3"].quote == 'معركة "السيطرة على طرابلس"\nمنذ نيسان/أبريل'
    assert claims["c3"].attributed_to == "مصادر ليبية ومصرية"
    assert graph.actor("HAFTAR").description == 'المشير خليفة حفتر، قائد "الجيش الوطني الليبي"'


def test_arabic_decomposed_label_is_normalised():
    """SARRAJ's label is written decomposed (NFD) in actors.csv; the graph holds it in NFC
    and finds the actor by either form."""
    raw = (VALID / "arabic-multiline-quotes" / "actors.csv").read_text(encoding="utf-8")
    nfc = unicodedata.normalize("NFC", "فائز السراج")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc and nfd in raw and nfc not in raw
    graph = loaded(VALID / "arabic-multiline-quotes")
    assert graph.actor("SARRAJ").label == nfc
    assert graph.actor(nfc).id == graph.actor(nfd).id == "SARRAJ"


def test_bundled_dataset_loads_cleanly(sockets):
    """The bundled Libya 2019 dataset loads with no warning and no socket: 30 actors,
    1 source, 70 claims (data/libya-2019/README.md)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = actorgraph.load()
    info = graph.info()
    assert (info["actors"], info["sources"], info["claims"]) == (30, 1, 70)
    assert graph.warnings == []
    assert sockets == []


@pytest.mark.parametrize("name", ["minimal-turtle", "minimal-ntriples", "minimal-jsonld"])
def test_own_rdf_shape_loads_without_warnings(name):
    """A file in actorgraph's own RDF shape (claim nodes plus their direct triples) loads
    with no warning: nothing in it is outside the model."""
    graph = actorgraph.load(dataset_of(VALID / name))
    assert graph.warnings == []


# -- owl:imports is never followed ----------------------------------------------------------------



def test_owl_imports_is_not_followed(tmp_path, listener, sockets):
    """``owl:imports <http://127.0.0.1:PORT/…>`` is kept as a triple and never fetched:
    the listener at that port receives no connection (bad-inputs B12)."""
    port, hits = listener.port, listener.hits
    text = (VALID / "turtle-owl-imports" / "minimal-with-imports.ttl").read_text(encoding="utf-8")
    assert "http://127.0.0.1:9/" in text
    path = tmp_path / "imports.ttl"
    path.write_text(text.replace("http://127.0.0.1:9/", f"http://127.0.0.1:{port}/"),
                    encoding="utf-8")
    graph = actorgraph.load(path)
    assert len(graph.claims()) == 4
    assert hits == [] and sockets == []
    asked = graph.query("ASK { ?o owl:imports ?target }",
                        target=rdflib.URIRef(f"http://127.0.0.1:{port}/actorgraph.ttl"))
    assert asked.boolean is True


def test_owl_imports_not_followed_is_reported():
    """The user learns that the import was not followed: a warning on the graph names it."""
    graph = actorgraph.load(dataset_of(VALID / "turtle-owl-imports"))
    assert any("127.0.0.1:9/actorgraph.ttl" in w for w in graph.warnings), graph.warnings
