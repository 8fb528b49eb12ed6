"""The HTML view without a browser: deterministic, offline, escaped, non-mutating, atomic.

What the page does in a browser is tested in ``tests/browser``; here: the file itself.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html
import json
import os
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import actorgraph
from actorgraph import Actor, Claim, ExportError, Source, UnknownNameError
from actorgraph._filter import ClaimFilter, reported
from actorgraph._render import NotebookView, render_html, write_html

XSS = Path(__file__).parent / "data" / "valid" / "xss-payloads"
MANY = Path(__file__).parent / "data" / "many-sources"
REPORT_DAY = (18237, "2019-12-07")  # the Libya report's date, in days since 1970-01-01


@pytest.fixture(scope="module")
def libya():
    g = actorgraph.load()
    return g.actors(), g.claims(), g.sources()


@pytest.fixture(scope="module")
def libya_html(libya):
    return render_html(*libya, title="Libya 2019")


@pytest.fixture(scope="module")
def many():
    g = actorgraph.load(MANY)
    return g.actors(), g.claims(), g.sources()


class Page(HTMLParser):
    """The parts of a page that could make a request, and its two JSON documents."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: dict[str | None, str] = {}
        self.styles: list[str] = []
        self._open: tuple[str, dict] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = (tag, dict(attrs))

    def handle_data(self, data):
        if self._open and self._open[0] == "script":
            self.scripts[self._open[1].get("id")] = data
        elif self._open and self._open[0] == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._open = None

    def data(self) -> dict:
        return json.loads(self.scripts["ag-data"])

    def provenance(self) -> dict:
        return json.loads(self.scripts["ag-provenance"])


def claim(ident="c1", subject="A", relation="backs", obj="B", **fields) -> Claim:
    base = dict(certainty="probable", sources=("s1",), quote="quoted words")
    return Claim(ident, subject, relation, obj, **{**base, **fields})


def small(**claim_fields):
    actors = [Actor("A", "Alpha", "state"), Actor("B", "Beta", "armed_group")]
    return actors, [claim(**claim_fields)], [Source("s1", "A report")]


# -- determinism --------------------------------------------------------------------------

def test_same_input_same_bytes(libya, libya_html):
    """Rendering twice, or from shuffled input, gives the very same page."""
    shuffled = [random.Random(7).sample(list(part), len(part)) for part in libya]
    assert render_html(*libya, title="Libya 2019") == libya_html
    assert render_html(*shuffled, title="Libya 2019") == libya_html


def test_same_input_same_bytes_with_denials_and_assessments(many):
    """Denials, intermediaries and assessments keep the page deterministic."""
    shuffled = [random.Random(3).sample(list(part), len(part)) for part in many]
    assessed = {("RUS", "deploys_forces", "LNA"): {"assessed": "possible", "for": 1, "against": 1}}
    assert (render_html(*shuffled, assessments=assessed)
            == render_html(*many, assessments=dict(reversed(list(assessed.items())))))


def test_same_bytes_across_processes(tmp_path):
    """String hashing changes between processes; the page does not."""
    script = ("import sys; from actorgraph._render import render_html;"
              "from actorgraph._csvload import read_dataset;"
              "from actorgraph._resources import dataset_path; d = read_dataset(dataset_path());"
              "sys.stdout.write(render_html(d.actors, d.claims, d.sources))")
    pages = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(pages) == 1


def test_seed_changes_the_layout_only(libya, libya_html):
    other = Page(render_html(*libya, title="Libya 2019", seed=1)).data()
    base = Page(libya_html).data()
    assert [(n["x"], n["y"]) for n in other["nodes"]] != [(n["x"], n["y"]) for n in base["nodes"]]
    assert other["edges"] == base["edges"]


# -- offline: nothing the page would fetch -----------------------------------------------

def test_no_request_leaves_the_page(libya_html):
    """No src/href/@import/url() pointing anywhere; vis-network is inlined; CSP forbids fetches."""
    page = Page(libya_html)
    fetching = [(tag, name, value) for tag, attrs in page.tags for name, value in attrs.items()
                if name in ("src", "href", "srcset", "action", "poster", "data", "background")]
    assert fetching == []
    assert not any(tag in ("link", "iframe", "img", "object", "embed") for tag, _ in page.tags)
    css = "\n".join(page.styles)
    assert "@import" not in css
    assert all(u.startswith(("data:", '"data:', "'data:"))
               for u in re.findall(r"url\(\s*([^)]*)\)", css))
    assert "@version 9.1.2" in libya_html  # vis-network itself is in the file
    [policy] = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy


def test_pyvis_writes_nothing_in_the_working_directory(libya, tmp_path, monkeypatch):
    """pyvis 0.3.2 copies a ``lib/`` folder into the CWD when it writes; rendering never does."""
    monkeypatch.chdir(tmp_path)
    render_html(*libya)
    assert list(tmp_path.iterdir()) == []


# -- escaping -----------------------------------------------------------------------------

def test_json_cannot_close_its_script(tmp_path):
    """``</script>``, ``<!--``, ``&`` and U+2028/9 are escaped inside the JSON documents."""
    quote = "</script><script>window.__xss=1</script> <!-- & \u2028\u2029"
    actors, claims, sources = small(quote=quote)
    actors[0] = dataclasses.replace(actors[0], label="</SCRIPT><b>bold</b>")
    text = render_html(actors, claims, sources)
    page = Page(text)
    assert [tag for tag, _ in page.tags].count("script") == 4
    assert page.provenance()["claims"][0]["quote"] == quote
    assert page.data()["actors"]["A"]["label"] == "</SCRIPT><b>bold</b>"
    for raw in ("</script><script>window", "</SCRIPT><b>", "\u2028", "\u2029", "<!-- &"):
        assert raw not in text


def test_title_is_escaped():
    text = render_html(*small(), title="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in text
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text


def test_only_http_source_links(tmp_path):
    """A URL is passed on only when it is http(s); the page checks again before linking."""
    actors, claims, _ = small(sources=("s1", "s2"))
    sources = [Source("s1", "Good", url="https://example.org/a"),
               Source("s2", "Bad", url="javascript:alert(1)")]
    kept = Page(render_html(actors, claims, sources)).provenance()["sources"]
    assert kept["s1"]["url"] == "https://example.org/a"
    assert "url" not in kept["s2"]


def test_bidi_controls_are_stripped_and_long_labels_cut():
    actors, claims, sources = small()
    actors[0] = dataclasses.replace(actors[0], label="\u202eAlpha" + "x" * 10_000,
                                    aliases=("\u2067Al\u2069",))
    data = Page(render_html(actors, claims, sources)).data()
    node = next(n for n in data["nodes"] if n["id"] == "A")
    assert len(node["label"]) <= 40 and node["label"].startswith("Alpha")
    assert data["actors"]["A"]["label"] == "Alpha" + "x" * 10_000
    assert data["actors"]["A"]["aliases"] == ["Al"]


def test_xss_dataset_is_carried_as_data():
    """Every payload of the XSS dataset reaches the page's data unchanged (bidi controls aside)."""
    g = actorgraph.load(XSS)
    text = render_html(g.actors(), g.claims(), g.sources())
    quotes = {c["id"]: c["quote"] for c in Page(text).provenance()["claims"]}
    assert quotes == {c.id: c.quote.replace("\u202e", "") for c in g.claims()}
    assert "onerror=" not in re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S)


# -- the records are read, never changed ----------------------------------------------------

def test_inputs_are_not_mutated(libya):
    lists = [list(part) for part in libya]
    before = copy.deepcopy(lists)
    render_html(*lists)
    assert lists == before


def test_iterables_are_accepted(libya, libya_html):
    assert render_html(*(iter(part) for part in libya), title="Libya 2019") == libya_html


# -- what is drawn ------------------------------------------------------------------------

def test_one_edge_per_subject_relation_object(libya, libya_html):
    """As ``Graph.to_networkx``: symmetric claims merge whatever their orientation."""
    g = actorgraph.load()
    data = Page(libya_html).data()
    assert len(data["nodes"]) == g.to_networkx().number_of_nodes()
    assert len(data["edges"]) == g.to_networkx().number_of_edges()
    assert sum(len(e["claims"]) for e in data["edges"]) == len(libya[1])


def test_parallel_edges_are_curved_apart(libya_html):
    """Edges between the same two actors bend by distinct amounts, seen from the same end."""
    bends: dict = {}
    for e in Page(libya_html).data()["edges"]:
        smooth = e.get("smooth", {"type": "curvedCW", "roundness": 0})
        bend = smooth["roundness"] * (1 if smooth["type"] == "curvedCW" else -1)
        bends.setdefault(frozenset((e["from"], e["to"])), []).append(
            bend if e["from"] < e["to"] else -bend)
    parallel = [b for b in bends.values() if len(b) > 1]
    assert parallel
    assert all(len(set(b)) == len(b) for b in parallel)


def test_filters_in_python(libya):
    actors, claims, sources = libya
    data = Page(render_html(*libya, focus="HAFTAR")).data()
    near = {c.object if c.subject == "HAFTAR" else c.subject for c in claims
            if "HAFTAR" in (c.subject, c.object)}
    assert {n["id"] for n in data["nodes"]} == near | {"HAFTAR"}

    data = Page(render_html(*libya, claim_filter=ClaimFilter.make(
        relation="backs", include_subrelations=False, min_certainty="probable"))).data()
    assert {e["relation"] for e in data["edges"]} == {"backs"}
    assert max(data["claims"]["rank"]) <= 2 and data["initial"]["minRank"] == 2

    data = Page(render_html(*libya, claim_filter=ClaimFilter.make(as_of="2019-08"))).data()
    assert data["initial"]["when"][2] == "2019-08"
    kept = sum(len(e["claims"]) for e in data["edges"])
    g = actorgraph.load()
    assert kept == sum(len(d["claims"]) for *_, d in g.to_networkx(as_of="2019-08").edges(data=True))


def test_one_relation_name_is_not_a_collection_of_letters(libya):
    data = Page(render_html(*libya, claim_filter=ClaimFilter.make(relation="backs",
                                                              include_subrelations=False))).data()
    assert {e["relation"] for e in data["edges"]} == {"backs"}


@pytest.mark.parametrize("count", [0, 1, 3])
def test_graphs_without_claims(count):
    actors = [Actor(f"A{i}", f"Actor {i}", "other") for i in range(count)]
    data = Page(render_html(actors, [], [])).data()
    assert len(data["nodes"]) == count and data["edges"] == [] and data["range"] is None
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == count


def test_bad_arguments_name_the_fix(libya):
    with pytest.raises(UnknownNameError, match="HAFTAR"):
        render_html(*libya, focus="HAFTARR")
    with pytest.raises(UnknownNameError, match="probable"):
        render_html(*libya, claim_filter=ClaimFilter.make(min_certainty="probabel"))
    with pytest.raises(ValueError, match="color_by"):
        render_html(*libya, color_by="colour")


def test_camps_colour_nodes_and_mark_frustrated_edges(libya):
    camps = {"LNA": 0, "HAFTAR": 0, "GNA": 1}
    data = Page(render_html(*libya, color_by="camp", camps=camps,
                            frustrated={frozenset(("LNA", "HAFTAR"))})).data()
    groups = {n["id"]: n["group"] for n in data["nodes"]}
    assert groups["LNA"] == "armed_forces/0" and groups["GNA"] == "government/1"
    assert groups["EGY"] == "state/none"
    assert data["options"]["groups"]["state/none"]["color"]["background"] == "#c8c8c8"
    assert [c["camp"] for c in data["camps"]] == [0, 1]
    assert {frozenset((e["from"], e["to"])) for e in data["edges"] if e.get("frustrated")} == {
        frozenset(("LNA", "HAFTAR"))}


# -- denials ------------------------------------------------------------------------------

def test_denial_is_an_edge_of_its_own(many):
    """m06 ("The Kremlin on Friday denied that Russia has sent any personnel to fight in
    Libya") is drawn beside m01, the allegation it denies, never merged into its edge."""
    g = actorgraph.load(MANY)
    page = Page(render_html(*many))
    data, claims = page.data(), page.provenance()["claims"]
    edges = {(e["from"], e["relation"], e["to"], e.get("denial", False)):
             [claims[i]["id"] for i in e["claims"]] for e in data["edges"]}
    assert edges[("RUS", "deploys_forces", "LNA", False)] == ["m01"]
    assert edges[("RUS", "deploys_forces", "LNA", True)] == ["m06"]
    asserting = {(s, d["relation"], o) for s, o, d in g.to_networkx().edges(data=True)}
    assert {k[:3] for k in edges if not k[3]} == asserting  # the edges of the projection
    assert [k for k in edges if k[3]] == [("RUS", "deploys_forces", "LNA", True)]


@pytest.mark.parametrize(("stances", "expected"), [
    (["denies"], [True]),  # only denials: the edge is a denial
    (["asserts", "denies"], [False, True]),  # both: two edges, curved apart
    (["denies", "asserts", "denies"], [False, True]),
])
def test_denials_and_assertions_of_one_triple(stances, expected):
    actors, _, sources = small()
    claims = [claim(f"c{n}", stance=stance) for n, stance in enumerate(stances)]
    edges = Page(render_html(actors, claims, sources)).data()["edges"]
    assert [e.get("denial", False) for e in edges] == expected
    assert sorted(i for e in edges for i in e["claims"]) == list(range(len(stances)))
    if len(edges) == 2:
        assert {e["smooth"]["type"] for e in edges} == {"curvedCW", "curvedCCW"}


def test_symmetric_denial_shares_the_orientation_of_what_it_denies():
    """"B fights A" denied and "A fights B" asserted name the same two ends, in the same order,
    so that the page pairs them."""
    actors, _, sources = small()
    claims = [claim("c1", relation="fights"),
              claim("c2", "B", "fights", "A", stance="denies")]
    edges = Page(render_html(actors, claims, sources)).data()["edges"]
    assert [(e["from"], e["to"], e.get("denial", False)) for e in edges] == [
        ("A", "B", False), ("A", "B", True)]


def test_a_denial_is_never_frustrated():
    """Frustration is about the camps' signed ties, which denials are not."""
    actors, _, sources = small()
    claims = [claim("c1"), claim("c2", stance="denies")]
    edges = Page(render_html(actors, claims, sources, frustrated={frozenset("AB")})).data()["edges"]
    assert [(e.get("denial", False), e.get("frustrated", False)) for e in edges] == [
        (False, True), (True, False)]


def test_stance_filter_leaves_denials_out(many):
    data = Page(render_html(*many, claim_filter=ClaimFilter.make(stance="asserts"))).data()
    assert not any(e.get("denial") for e in data["edges"])
    assert sum(len(e["claims"]) for e in data["edges"]) == 10


# -- intermediaries -------------------------------------------------------------------------

@pytest.mark.parametrize(("dataset", "actor", "expected"), [
    (None, "EGY", ["c002", "c007"]),  # "Egypt’s coordination recorded as via"
    (MANY, "WAGNER", ["m01"]),  # Russia sent "fighters of the Wagner Group"
])
def test_claims_of_an_intermediary(dataset, actor, expected):
    g = actorgraph.load(dataset) if dataset else actorgraph.load()
    prov = Page(render_html(g.actors(), g.claims(), g.sources())).provenance()
    assert [prov["claims"][i]["id"] for i in prov["intermediaries"][actor]] == expected


def test_intermediaries_outside_the_view_are_not_listed(libya):
    """With a focus that leaves Egypt out, no claim is listed under it."""
    prov = Page(render_html(*libya, focus="IDF")).provenance()
    assert "EGY" not in Page(render_html(*libya, focus="IDF")).data()["actors"]
    assert "EGY" not in prov["intermediaries"]


# -- time anchored to the source ------------------------------------------------------------

@pytest.mark.parametrize(("persist", "last"), [(False, REPORT_DAY[0]), (True, None)])
def test_undated_claims_are_in_force_when_reported(libya, persist, last):
    """The Libya report of 2019-12-07: its undated claims hold on that day (or from it on,
    with ``assume_persistence``), not on every date of the slider."""
    page = Page(render_html(*libya, claim_filter=ClaimFilter.make(assume_persistence=persist)))
    data, prov = page.data(), page.provenance()
    undated = [i for i, c in enumerate(prov["claims"]) if "start" not in c and "end" not in c]
    assert len(undated) == 58
    assert {(data["claims"]["d0"][i], data["claims"]["d1"][i]) for i in undated} == {
        (REPORT_DAY[0], last)}
    assert data["range"] == [17532, REPORT_DAY[0]]  # 2018-01-01 (c040 and c041 start "2018") … the report


def test_days_in_force_follow_the_filter(many):
    """Each claim's days are those of ``ClaimFilter.interval`` with its sources' dates: m11
    ("withdrew … in late May", only an end date, reported 2020-06-02) holds in May 2020."""
    g = actorgraph.load(MANY)
    page = Page(render_html(*many))
    data, prov = page.data(), page.provenance()
    published = {s.id: s.published for s in g.sources()}
    epoch = dt.date(1970, 1, 1)
    for i, c in enumerate(prov["claims"]):
        first, last = ClaimFilter().interval(c.get("start"), c.get("end"),
                                             reported(c["sources"], published))
        assert data["claims"]["d0"][i] == (first - epoch).days
        assert data["claims"]["d1"][i] == (last - epoch).days
    m11 = [c["id"] for c in prov["claims"]].index("m11")
    assert (data["claims"]["d0"][m11], data["claims"]["d1"][m11]) == (
        (dt.date(2020, 5, 1) - epoch).days, (dt.date(2020, 5, 31) - epoch).days)


# -- assessments ----------------------------------------------------------------------------

def test_assessment_line_for_the_edges_of_a_triple(many):
    """Both the allegation's edge and the denial's edge show the assessment of
    ``(RUS, deploys_forces, LNA)``; counts come as numbers or as claims."""
    row = {"subject": "RUS", "relation": "deploys_forces", "object": "LNA",
           "assessed": "possible", "independent_sources": 1,
           "first_reported": dt.date(2020, 5, 7), "last_reported": "2020-05-08",
           "for": ["m01"], "against": ["m06"]}
    page = Page(render_html(*many, assessments={("RUS", "deploys_forces", "LNA"): row}))
    edges = page.data()["edges"]
    shown = {(edges[int(n)]["from"], edges[int(n)].get("denial", False)): line
             for n, line in page.provenance()["assessments"].items()}
    line = {"assessed": "possible", "independent": 1, "first": "2020-05-07",
            "last": "2020-05-08", "for": 1, "against": 1}
    assert shown == {("RUS", False): line, ("RUS", True): line}


def test_symmetric_assessment_either_way_round(many):
    """m09, "The GNA's forces are fighting Haftar's Libyan National Army": ``fights`` is
    symmetric, so an assessment of (LNA, fights, GNA) is the same triple's."""
    page = Page(render_html(*many, assessments={("LNA", "fights", "GNA"): {
        "assessed": "probable", "independent_sources": 1, "for": 1, "against": 0}}))
    [(n, line)] = page.provenance()["assessments"].items()
    assert page.data()["edges"][int(n)]["relation"] == "fights"
    assert line == {"assessed": "probable", "independent": 1, "for": 1, "against": 0}


def test_no_assessments_no_line(many):
    assert "assessments" not in Page(render_html(*many)).provenance()


# -- writing ------------------------------------------------------------------------------

def test_write_html_is_utf8(tmp_path):
    target = tmp_path / "view.html"
    write_html(target, "<p>الجيش الوطني الليبي</p>")
    assert target.read_text(encoding="utf-8") == "<p>الجيش الوطني الليبي</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    """A failure at any step (here: the disk fills up on fsync) leaves the old page intact."""
    target = tmp_path / "view.html"
    target.write_text("old", encoding="utf-8")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="view.html.*No space left"):
        write_html(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions do not bind root")
def test_read_only_directory(tmp_path):
    target = tmp_path / "view.html"
    target.write_text("old", encoding="utf-8")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="view.html"):
            write_html(target, "new")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("where", ["a-file/view.html", "."])
def test_unwritable_targets(tmp_path, where):
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match=re.escape(str(tmp_path / where))):
        write_html(tmp_path / where, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_folders_missing_above_the_page_are_made(tmp_path):
    """As for an export or a dataset folder: made with the umask's mode (was: "No such file
    or directory")."""
    previous = os.umask(0o027)
    try:
        write_html(tmp_path / "new" / "deeper" / "view.html", "<p>page</p>")
    finally:
        os.umask(previous)
    assert (tmp_path / "new" / "deeper" / "view.html").read_text(encoding="utf-8") == "<p>page</p>"
    assert oct((tmp_path / "new").stat().st_mode & 0o777) == "0o750"
    assert [p.name for p in (tmp_path / "new" / "deeper").iterdir()] == ["view.html"]


@pytest.mark.parametrize("umask, mode", [(0o022, "0o644"), (0o027, "0o640"), (0o077, "0o600")])
def test_the_page_gets_the_umasks_mode(tmp_path, umask, mode):
    """A new page and a page written again both get the mode of a new file under the umask,
    as exports and dataset folders do (was: 0644 whatever the umask)."""
    target = tmp_path / "view.html"
    previous = os.umask(umask)
    try:
        write_html(target, "<p>first</p>")
        first = oct(target.stat().st_mode & 0o777)
        write_html(target, "<p>again</p>")
    finally:
        os.umask(previous)
    assert first == mode and oct(target.stat().st_mode & 0o777) == mode


def test_a_killed_writers_temporary_page_is_removed_by_the_next_write(tmp_path):
    """What a process killed mid-write leaves (named with its pid) goes at the next write."""
    (tmp_path / ".view.html.999999999.abc.tmp").write_text("half", encoding="utf-8")
    write_html(tmp_path / "view.html", "<p>page</p>")
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


# -- notebooks ----------------------------------------------------------------------------

def test_notebook_view_embeds_the_page(libya_html, tmp_path, monkeypatch):
    """An escaped srcdoc iframe with a fixed height: the page, whole; no file written."""
    monkeypatch.chdir(tmp_path)
    out = NotebookView(libya_html, height=500)._repr_html_()
    match = re.fullmatch(r'<iframe srcdoc="([^"]*)" (.*)></iframe>', out, flags=re.S)
    assert match and "height:500px" in match[2] and "sandbox=" in match[2]
    assert html.unescape(match[1]) == libya_html
    assert "<script" not in out
    assert list(tmp_path.iterdir()) == []
