"""The HTML view in a real browser: drawn as the graph is, offline, filters that hide, no XSS.

Each page is opened from a file in headless Chromium with every request intercepted: only
the file itself may load. The Libya test also saves the screenshot shown in the docs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

import actorgraph
from actorgraph import Claim
from actorgraph._filter import ClaimFilter
from actorgraph._render import NotebookView, render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
XSS = ROOT / "tests" / "data" / "valid" / "xss-payloads"
MANY = ROOT / "tests" / "data" / "many-sources"
SCREENSHOT = ROOT / "docs" / "libya-2019.png"


@pytest.fixture(scope="module")
def libya():
    return actorgraph.load()


@pytest.fixture(scope="module")
def libya_html(libya):
    return render_html(libya.actors(), libya.claims(), libya.sources(), title="Libya 2019")


@pytest.fixture(scope="module")
def many():
    return actorgraph.load(MANY)


@pytest.fixture(scope="module")
def many_html(many):
    return render_html(many.actors(), many.claims(), many.sources(), title="Many sources")


@pytest.fixture(scope="module")
def xss():
    return actorgraph.load(XSS)


def edge_count(graph, **filters) -> int:
    """Edges of the graph's own networkx projection: what the page must draw."""
    return graph.to_networkx(**filters).number_of_edges()


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


def claims_shown(view) -> int:
    """The number of claims the page says it shows (its status line)."""
    status = view.page.locator("#ag-status").text_content()
    return int(re.search(r"([\d,]+) claims? shown", status)[1].replace(",", ""))


def move_slider(view, iso: str) -> str:
    """Move the time slider to a day (kept within its range) and wait for the redraw."""
    slider = view.page.locator("#ag-time")
    lowest, highest = int(slider.get_attribute("min")), int(slider.get_attribute("max"))
    target = min(max(day(iso), lowest), highest)
    slider.fill(str(target))
    shown = (dt.date(1970, 1, 1) + dt.timedelta(days=target)).isoformat()
    view.page.wait_for_selector(f"#ag-time-label:text-is('{shown}')")
    view.page.wait_for_timeout(100)  # the filter runs on the next animation frame
    return shown


def test_libya_draws_the_whole_graph_offline(open_view, libya, libya_html):
    """Every actor and every (subject, relation, object) is drawn; nothing is fetched."""
    view = open_view(libya_html)
    assert view.drawn() == (len(libya.actors()), edge_count(libya))
    assert view.requests == [view.url]
    assert view.errors == []


def test_physics_on_request(open_view, libya):
    """With physics, vis-network stabilises from the Python layout before the first drawing."""
    view = open_view(render_html(libya.actors(), libya.claims(), libya.sources(), physics=True))
    assert view.drawn() == (len(libya.actors()), edge_count(libya))
    assert view.page.evaluate("actorgraph.network.physics.options.enabled") is True
    assert view.errors == []


def test_libya_screenshot(open_view, libya_html):
    """The picture in the docs, with the legend on screen."""
    view = open_view(libya_html, size=(1500, 1000))
    assert view.page.locator(".ag-legend").is_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    view.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_relation_toggle_hides_its_edges_only(open_view, libya, libya_html):
    """Unticking a relation hides its edges (not its actors); ticking it shows them again."""
    view = open_view(libya_html)
    actors, everything = len(libya.actors()), edge_count(libya)
    others = [r for r in {d["relation"] for *_, d in libya.to_networkx().edges(data=True)}
              if r != "backs"]
    box = view.page.locator("#ag-legend-relations input[value='backs']")
    box.uncheck()
    assert view.drawn() == (actors, edge_count(libya, relations=others))
    box.check()
    assert view.drawn() == (actors, everything)
    view.page.click("#ag-rel-none")
    assert view.drawn() == (actors, 0)
    assert view.errors == []


@pytest.mark.parametrize("date", ["2019-04-04", "2019-08-15", "2019-12-07", "2018-06-01"])
def test_time_slider_shows_claims_in_force(open_view, libya, libya_html, date):
    """At a date, an edge shows when any of its claims is in force (each date at its precision)."""
    view = open_view(libya_html)
    shown = move_slider(view, date)
    assert view.drawn()[1] == edge_count(libya, as_of=shown)
    view.page.locator("#ag-time-on").uncheck()
    view.page.wait_for_timeout(100)
    assert view.drawn()[1] == edge_count(libya)


@pytest.mark.parametrize(("dataset", "date", "undated"), [
    (None, "2018-01-01", 58),  # the Libya report of 2019-12-07
    (None, "2019-12-06", 58),
    (MANY, "2020-05-06", 7),  # reports of 2020-05-07, 2020-05-08 and 2020-06-02
])
def test_slider_before_the_reports_shows_no_undated_claim(open_view, dataset, date, undated):
    """"A claim first reported in December 2019 is not in force in 1990 or 2015": before its
    report, an undated claim is not on the slider; on the report's day it is."""
    g = actorgraph.load(dataset) if dataset else actorgraph.load()
    claims, sources = g.claims(), g.sources()
    published = {s.id: s.published for s in sources}
    assert sum(1 for c in claims if not c.start and not c.end) == undated
    view = open_view(render_html(g.actors(), claims, sources))
    shown = move_slider(view, date)
    in_force = [c for c in claims if ClaimFilter.make(as_of=shown).keeps(c, published)]
    assert all(c.start or c.end for c in in_force)
    assert claims_shown(view) == len(in_force) < len(claims)
    first_report = min(s.published for s in sources)
    move_slider(view, first_report)
    assert claims_shown(view) == sum(
        ClaimFilter.make(as_of=first_report).keeps(c, published) for c in claims)
    assert view.errors == []


@pytest.mark.parametrize("persist", [False, True])
def test_slider_honours_assume_persistence(open_view, many, persist):
    """Reported on 2020-05-07 and not dated by it, "The United Arab Emirates continues to
    supply Haftar's forces with weapons" (m03) holds on 2020-06-01 only when persistence is
    assumed."""
    keep = ClaimFilter.make(assume_persistence=persist)
    view = open_view(render_html(many.actors(), many.claims(), many.sources(), claim_filter=keep))
    move_slider(view, "2020-06-01")
    arms = view.page.evaluate("""() => actorgraph.edgeView.get()
        .filter(e => e.from === 'UAE' && e.relation === 'arms').length""")
    assert arms == (1 if persist else 0)
    published = {s.id: s.published for s in many.sources()}
    on_the_day = ClaimFilter.make(as_of="2020-06-01", assume_persistence=persist)
    assert claims_shown(view) == sum(on_the_day.keeps(c, published) for c in many.claims())


def test_as_of_preselects_the_slider(open_view, libya):
    """``as_of="2019-08"`` keeps what holds at some time in August 2019, and says so."""
    html = render_html(libya.actors(), libya.claims(), libya.sources(),
                       claim_filter=ClaimFilter.make(as_of="2019-08"))
    view = open_view(html)
    assert view.drawn()[1] == edge_count(libya, as_of="2019-08")
    assert view.page.locator("#ag-time-label").text_content() == "2019-08"
    assert view.page.locator("#ag-time-on").is_checked()


def test_certainty_filter(open_view, libya, libya_html):
    view = open_view(libya_html)
    view.page.select_option("#ag-certainty", label="probable")
    assert view.drawn()[1] == edge_count(libya, min_certainty="probable")


def test_clicking_an_edge_shows_its_quote(open_view, libya, libya_html):
    """A real click on an edge opens the panel with the claims behind it, quote included."""
    view = open_view(libya_html)
    target = view.page.evaluate("""() => {
        const net = actorgraph.network;
        const box = document.getElementById('ag-network').getBoundingClientRect();
        const pos = net.getPositions();
        for (const edge of actorgraph.edgeView.get()) {
            if (edge.smooth || edge.claims.length !== 1) continue;
            const a = pos[edge.from], b = pos[edge.to];
            const mid = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
            const clear = Object.values(pos).every(p => {
                const q = net.canvasToDOM(p);
                return Math.hypot(q.x - mid.x, q.y - mid.y) > 40;
            });
            if (clear) return {from: edge.from, to: edge.to, relation: edge.relation,
                               x: box.left + mid.x, y: box.top + mid.y};
        }
        return null;
    }""")
    assert target is not None, "no straight single-claim edge clear of nodes to click"
    view.page.mouse.click(target["x"], target["y"])
    panel = view.page.locator("#ag-panel")
    panel.wait_for(state="visible")
    [claim] = [c for c in libya.claims() if c.relation == target["relation"]
               and {c.subject, c.object} == {target["from"], target["to"]}]
    text = panel.text_content()
    assert " ".join(claim.quote.split()) in " ".join(text.split())
    assert claim.id in text


def edge_style(view, denial: bool) -> dict:
    """How the page draws the RUS deploys_forces LNA edge of one stance."""
    return view.page.evaluate("""denial => {
        const [e] = actorgraph.edges.get({filter: e => e.from === 'RUS' && e.to === 'LNA'
                                             && Boolean(e.denial) === denial});
        return {id: e.id, dashes: e.dashes, colour: e.color.color, arrows: e.arrows || null,
                drawn: actorgraph.edgeView.get(e.id) !== null};
    }""", denial)


def test_denial_is_drawn_as_a_denial(open_view, many, many_html):
    """m06 (the Kremlin's denial) is a dotted, grey line with a bar across it; m01 (the UN
    experts' allegation) keeps the dashed support colour. Neither looks like the other."""
    view = open_view(many_html)
    denial, allegation = edge_style(view, True), edge_style(view, False)
    assert denial["drawn"] and allegation["drawn"]
    assert denial["dashes"] == [2, 5] and allegation["dashes"] == [6, 5]
    assert allegation["colour"] == "#1b7f3b"  # support
    assert denial["colour"] not in ("#1b7f3b", "#c0262d", "#6b4c9a", "#1f63b5")  # no family's
    assert denial["arrows"]["middle"] == {"enabled": True, "type": "bar"}
    assert view.drawn() == (len(many.actors()), edge_count(many) + 1)
    assert view.errors == []


def test_denials_toggle(open_view, many, many_html):
    """Shown by default and named in the legend; unticking hides denials only."""
    view = open_view(many_html)
    legend = view.page.locator("#ag-legend-lines").text_content()
    assert "denied: said not to hold" in legend
    box = view.page.locator("#ag-denials")
    assert box.is_checked()
    box.uncheck()
    assert view.drawn() == (len(many.actors()), edge_count(many))
    assert not edge_style(view, True)["drawn"] and edge_style(view, False)["drawn"]
    assert claims_shown(view) == len(many.claims()) - 1
    box.check()
    assert view.drawn() == (len(many.actors()), edge_count(many) + 1)
    assert view.errors == []


@pytest.mark.parametrize(("attributed_to", "expected"), [
    ("the Kremlin", "denied by the Kremlin"),
    (None, "denied by the source"),
])
def test_denial_panel_says_who_denies(open_view, many, attributed_to, expected):
    """The denial's panel names who denies, beside its quote and source, then what it denies."""
    claims = [dataclasses.replace(c, attributed_to=attributed_to) if c.id == "m06" else c
              for c in many.claims()]
    view = open_view(render_html(many.actors(), claims, many.sources()))
    view.page.evaluate("id => actorgraph.showEdge(id)", edge_style(view, True)["id"])
    card = view.page.locator("#ag-panel .ag-claim").first
    text = " ".join(card.text_content().split())
    assert expected in text
    assert "The Kremlin on Friday denied that Russia has sent any personnel to fight in Libya." in text
    assert "Kremlin rejects UN panel's mercenary claims" in text  # the source
    panel = " ".join(view.page.locator("#ag-panel").text_content().split())
    assert "What it denies: 1 claim" in panel and "m01" in panel
    view.page.evaluate("id => actorgraph.showEdge(id)", edge_style(view, False)["id"])
    panel = " ".join(view.page.locator("#ag-panel").text_content().split())
    assert "Against it: 1 denial" in panel and expected in panel
    assert view.errors == []


def test_assessment_line_in_the_edge_panel(open_view, many):
    row = {"assessed": "possible", "independent_sources": 1, "first_reported": "2020-05-07",
           "last_reported": "2020-05-08", "for": ["m01"], "against": ["m06"]}
    view = open_view(render_html(many.actors(), many.claims(), many.sources(),
                                 assessments={("RUS", "deploys_forces", "LNA"): row}))
    for denial in (False, True):
        view.page.evaluate("id => actorgraph.showEdge(id)", edge_style(view, denial)["id"])
        line = " ".join(view.page.locator("#ag-panel .ag-assessment").text_content().split())
        assert line == ("Assessed: possible (possibly true) · 1 independent source · "
                        "reported 2020-05-07 – 2020-05-08 · 1 for, 1 against")
    assert view.errors == []


@pytest.mark.parametrize(("dataset", "actor", "expected"), [
    (None, "EGY", ["c002", "c007"]),  # "Egypt’s coordination recorded as via"
    (MANY, "WAGNER", ["m01"]),
])
def test_actor_panel_lists_claims_as_intermediary(open_view, dataset, actor, expected):
    g = actorgraph.load(dataset) if dataset else actorgraph.load()
    view = open_view(render_html(g.actors(), g.claims(), g.sources()))
    view.page.evaluate("id => actorgraph.showActor(id)", actor)
    heading = view.page.locator("#ag-panel h3.ag-via")
    assert heading.text_content() == f"As intermediary (via) in {len(expected)} claim" + (
        "s" if len(expected) > 1 else "")
    cards = view.page.locator("#ag-panel h3.ag-via ~ .ag-claim")
    ids = [re.search(r"Claim([cm]\d+)", c.text_content())[1] for c in cards.all()]
    assert ids == expected
    assert view.errors == []


def test_search_focuses_an_actor(open_view, libya_html):
    """An alias finds the actor; Enter selects it and opens its panel."""
    view = open_view(libya_html)
    view.page.fill("#ag-search-input", "rogue general")
    assert "Khalifa Haftar" in view.page.locator("#ag-search-results").text_content()
    view.page.press("#ag-search-input", "Enter")
    assert view.page.locator("#ag-panel h2").text_content() == "Khalifa Haftar"
    assert view.page.evaluate("actorgraph.network.getSelectedNodes()") == ["HAFTAR"]


DENIER = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">the denier'
INJECTED = "document.querySelectorAll('img, svg, iframe, object, embed, b').length"


def test_xss_payloads_stay_text(open_view, xss):
    """Scripts, handlers, ``href`` and ``javascript:`` in every field run nothing, show literally:
    in the panels of every actor (intermediaries included) and edge (denials included)."""
    title = "<script>window.__xss=1</script> view"
    denial = Claim("d1", "XSS_SCRIPT", "arms", "XSS_IMG", certainty="probable", sources=("s1",),
                   quote="<b>denied</b>", attributed_to=DENIER, via=("XSS_IMG", "XSS_SCRIPT"),
                   stance="denies")
    view = open_view(render_html(xss.actors(), [*xss.claims(), denial], xss.sources(),
                                 title=title))
    page = view.page
    for actor in xss.actors():
        page.evaluate("id => actorgraph.showActor(id)", actor.id)
        assert "\u202e" not in page.locator("#ag-panel").text_content()
        assert page.evaluate(INJECTED) == 0
    page.evaluate("actorgraph.showActor('XSS_IMG')")
    via = page.locator("#ag-panel h3.ag-via ~ .ag-claim").first.text_content()
    assert "<script>window.__xss=1</script>Script Brigade" in via
    assert "<img src=x onerror=window.__xss=1>Image Militia" in via
    for edge in page.evaluate("actorgraph.edges.getIds()"):
        page.evaluate("id => actorgraph.showEdge(id)", edge)
        assert page.evaluate(INJECTED) == 0
    page.evaluate("actorgraph.showEdge(actorgraph.edges.get({filter: e => e.denial})[0].id)")
    assert f"denied by {DENIER}" in page.locator("#ag-panel .ag-denied-by").text_content()
    page.fill("#ag-search-input", "<img")
    page.evaluate("actorgraph.showEdge(actorgraph.edges.get({filter: e => e.relation === 'arms'})[0].id)")
    node = page.evaluate("""() => {
        const box = document.getElementById('ag-network').getBoundingClientRect();
        const p = actorgraph.network.canvasToDOM(actorgraph.network.getPosition('XSS_IMG'));
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.move(node["x"], node["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")

    assert page.evaluate("window.__xss") is None
    assert page.title() == title
    assert page.locator("h1").text_content() == title
    assert "<img src=x onerror=window.__xss=1>Image Militia" in tooltip.text_content()
    # set with innerText: the only elements are the <br> of its line break
    assert tooltip.evaluate("e => [...e.querySelectorAll('*')].map(c => c.tagName)") == ["BR"]
    panel = page.locator("#ag-panel").text_content()
    assert '<img src=x onerror="window.__xss=1"> arms </script><script>window.__xss=1</script>' in panel
    assert "javascript:window.__xss=1" in panel
    assert "<img" in page.locator("#ag-search-results").text_content()
    assert page.evaluate(INJECTED) == 0
    assert page.evaluate("document.scripts.length") == 4  # ours: data, vis-network, app, provenance
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert all(rel == "noopener noreferrer" for rel in
               page.evaluate("[...document.querySelectorAll('a')].map(a => a.rel)"))
    assert view.requests == [view.url]
    assert view.errors == []


def test_notebook_view_renders_in_an_iframe(browser, ready, libya, libya_html):
    """The notebook output is a self-contained srcdoc iframe: drawn, and nothing fetched."""
    page = browser.new_page()
    requests = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    page.set_content(NotebookView(libya_html)._repr_html_())
    frame = page.frames[1]
    ready(frame)
    drawn = frame.evaluate("actorgraph.network.body.edgeIndices.length")
    page.close()
    assert drawn == edge_count(libya)
    assert requests == []


def test_large_graph_is_drawn_within_a_budget(open_view):
    """Past a few thousand actors the view draws the most connected ones and zooming brings more."""
    from actorgraph._synth import synth_records

    actors, sources, claims = synth_records(4000, 12000, seed=3)
    view = open_view(render_html(actors, claims, sources))
    nodes, edges = view.drawn()
    assert 0 < nodes <= 2500 and 0 < edges <= 4000
    assert "zoom in" in view.page.locator("#ag-status").text_content()
    before = set(view.page.evaluate("actorgraph.nodeView.getIds()"))
    box = view.page.locator("#ag-network").bounding_box()
    view.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(8):
        view.page.mouse.wheel(0, -400)
    view.page.wait_for_timeout(800)  # the view is recomputed 250 ms after the last zoom
    after = set(view.page.evaluate("actorgraph.nodeView.getIds()"))
    assert after - before
    assert view.errors == []
