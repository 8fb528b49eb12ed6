"""Headless Chromium opens the server's ``/``: the graph is drawn from the server's data and
the page makes no request but its own (every request is intercepted and counted).

The browser is the session's shared Chromium (``tests/conftest.py``).
"""

from __future__ import annotations

import pytest

import actorgraph
from actorgraph._serve._app import PAGE_POLICY

pytestmark = [pytest.mark.server, pytest.mark.browser]

READY_MS = 60_000  # an upper bound for a slow machine


def _open(browser, url: str):
    """Open ``url``; return the page, every request it made and every error it raised."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests, errors = [], []

    def route(route):
        requests.append(route.request.url)
        if route.request.url.startswith(url.split("?")[0].rstrip("/") + "/"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    response = page.goto(url)
    page.wait_for_function("window.__actorgraphReady === true", timeout=READY_MS)
    return context, page, response, requests, errors


def _drawn(page) -> tuple[int, int]:
    return tuple(page.evaluate("[actorgraph.network.body.nodeIndices.length,"
                               " actorgraph.network.body.edgeIndices.length]"))


def test_the_page_draws_the_served_graph_offline(browser, server, client):
    graph = actorgraph.load()
    context, page, response, requests, errors = _open(browser, server.url)
    try:
        assert response.status == 200
        assert response.headers["content-security-policy"] == PAGE_POLICY
        assert requests == [server.url]  # the page itself, and nothing else
        assert errors == []
        actors = client.get("/api/actors").json()
        assert _drawn(page) == (len(actors), graph.to_networkx().number_of_edges())
        assert page.title() == "libya-2019"
    finally:
        context.close()


def test_a_focused_page(browser, server):
    """``/?focus=…&depth=1`` draws the neighbourhood only, still with no outside request."""
    url = server.url + "?focus=Libyan%20National%20Army&depth=1"
    context, page, response, requests, errors = _open(browser, url)
    try:
        nodes, _ = _drawn(page)
        assert 1 < nodes < len(actorgraph.load().actors())
        assert requests == [url]
        assert errors == []
    finally:
        context.close()
