"""The HTML view in a real browser: drawn as the graph is, offline, filters that hide, no XSS.

Each page is opened from a file in headless Chromium with every request intercepted: only
the file itself may load. The Libya test also saves the screenshot shown in the docs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import actorgraph
from actorgraph._filter import ClaimFilter
from actorgraph._render import NotebookView, render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
XSS = ROOT / "tests" / "data" / "valid" / "xss-payloads"
SCREENSHOT = ROOT / "docs" / "libya-2019.png"


@pytest.fixture(scope="module")
def libya():
    return actorgraph.load()


@pytest.fixture(scope="module")
def libya_html(libya):
    return render_html(libya.actors(), libya.claims(), libya.sources(), title="Libya 2019")


@pytest.fixture(scope="module")
def xss():
    return actorgraph.load(XSS)


def edge_count(graph, **filters) -> int:
    """Edges of the graph's own networkx projection: what the page must draw."""
    return graph.to_networkx(**filters).number_of_edges()


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


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
    slider = view.page.locator("#ag-time")
    lowest, highest = int(slider.get_attribute("min")), int(slider.get_attribute("max"))
    slider.fill(str(min(max(day(date), lowest), highest)))
    shown = dt.date(1970, 1, 1) + dt.timedelta(days=min(max(day(date), lowest), highest))
    view.page.wait_for_selector(f"#ag-time-label:text-is('{shown.isoformat()}')")
    view.page.wait_for_timeout(100)  # the filter runs on the next animation frame
    assert view.drawn()[1] == edge_count(libya, as_of=shown.isoformat())
    view.page.locator("#ag-time-on").uncheck()
    view.page.wait_for_timeout(100)
    assert view.drawn()[1] == edge_count(libya)


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


def test_search_focuses_an_actor(open_view, libya_html):
    """An alias finds the actor; Enter selects it and opens its panel."""
    view = open_view(libya_html)
    view.page.fill("#ag-search-input", "rogue general")
    assert "Khalifa Haftar" in view.page.locator("#ag-search-results").text_content()
    view.page.press("#ag-search-input", "Enter")
    assert view.page.locator("#ag-panel h2").text_content() == "Khalifa Haftar"
    assert view.page.evaluate("actorgraph.network.getSelectedNodes()") == ["HAFTAR"]


def test_xss_payloads_stay_text(open_view, xss):
    """Scripts, handlers, ``href`` and ``javascript:`` in every field run nothing, show literally."""
    title = "<script>window.__xss=1</script> view"
    view = open_view(render_html(xss.actors(), xss.claims(), xss.sources(), title=title))
    page = view.page
    for actor in xss.actors():
        page.evaluate("id => actorgraph.showActor(id)", actor.id)
        assert "\u202e" not in page.locator("#ag-panel").text_content()
    for edge in page.evaluate("actorgraph.edges.getIds()"):
        page.evaluate("id => actorgraph.showEdge(id)", edge)
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
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed, b').length") == 0
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
