"""How long the HTML view takes: rendering in Python, and until interactive in headless Chromium.

Synthetic graphs (``synth_records``) of 1,000 and 10,000 actors with three claims each. In
Python: the median time of ``render_html`` (layout included), the file size and the peak
memory of the rendering process. In the browser: the page is opened from a file in headless
Chromium, every request but the file refused, and timed by the page's own clock from
navigation start until it is interactive (``window.__actorgraphReady``: the first drawing is
done and input is handled); then one filter change (a relation switched off) is timed until
the next frame. Without Chromium (``$ACTORGRAPH_CHROMIUM``, ``chromium`` or
``chromium-browser``), the browser columns stay empty.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
from pathlib import Path

from bench._util import isolated, timeit

SIZES = {1_000: 3, 10_000: 3}  # actors: timed runs
QUICK_SIZES = {1_000: 1, 10_000: 1}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FILTER = """async () => {
    const start = performance.now();
    actorgraph.state.relations.delete("backs");
    actorgraph.apply();
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return performance.now() - start;
}"""


def _chromium() -> str | None:
    for name in (os.environ.get("ACTORGRAPH_CHROMIUM"), "chromium", "chromium-browser"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


def _browser(path: Path, runs: int) -> dict:
    """Median time to interactive and to apply one filter, over ``runs`` fresh page loads."""
    chromium = _chromium()
    if chromium is None:
        return {}
    from playwright.sync_api import sync_playwright

    url = path.as_uri()
    ready, filtering, blocked = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url == url
                       else (blocked.append(route.request.url), route.abort()))
            page.goto(url, wait_until="commit")
            page.wait_for_selector("html[data-ready='true']", state="attached", timeout=300_000)
            ready.append(page.evaluate("window.__actorgraphReadyMs") / 1000)
            drawn = page.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]")
            filtering.append(page.evaluate(FILTER))
            page.close()
        browser.close()
    return {"ready_s": statistics.median(ready), "ready_max_s": max(ready),
            "filter_ms": statistics.median(filtering), "drawn_nodes": drawn[0],
            "drawn_edges": drawn[1], "requests_blocked": len(blocked)}


def _measure(actors: int, runs: int) -> dict:
    from actorgraph._render import render_html, write_html
    from actorgraph._synth import synth_records

    people, sources, claims = synth_records(actors, 3 * actors, seed=0)
    pages = []
    timing = timeit(lambda: pages.append(render_html(people, claims, sources)),
                    repeat=runs, warmup=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        write_html(path, pages[-1])
        size = path.stat().st_size
        browser = _browser(path, runs)
    return {"render_s": timing["median"], "file_mb": size / 2**20, **browser}


def run(quick: bool = False) -> list[dict]:
    rows = []
    for actors, runs in (QUICK_SIZES if quick else SIZES).items():
        measured, rss = isolated(_measure, actors, runs)
        rows.append({"actors": actors, "claims": 3 * actors, **measured,
                     "peak_rss_mb": rss, "runs": runs})
    return rows
