"""Rendered pages open in the session's headless Chromium (``tests/conftest.py``), with every
request and console error counted."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from actorgraph._render import write_html

READY = "html[data-ready='true']"  # set by the page once drawn (a selector: the page's CSP
READY_MS = 60_000  # forbids the eval that wait_for_function would need); a generous bound


def wait_ready(target) -> None:
    """Wait until a page or frame has drawn its network."""
    target.wait_for_selector(READY, state="attached", timeout=READY_MS)


@pytest.fixture
def ready():
    """``ready(page_or_frame)``: wait until it has drawn its network."""
    return wait_ready


@dataclass
class View:
    """A rendered page open in Chromium, with every request and console error it caused."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def drawn(self) -> tuple[int, int]:
        """Nodes and edges vis-network draws (after every filter)."""
        return tuple(self.page.evaluate(
            "[actorgraph.network.body.nodeIndices.length,"
            " actorgraph.network.body.edgeIndices.length]"))


@pytest.fixture
def open_view(browser, tmp_path):
    """``open_view(html)``: write the page to a file, open it, wait until it is drawn.

    Every request is intercepted: the page file itself is served, anything else is
    recorded and aborted. Console errors and uncaught exceptions are recorded too.
    """
    contexts = []

    def _open(html: str, *, name: str = "view.html", size=(1400, 900)) -> View:
        path = tmp_path / name
        write_html(path, html)
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(context)
        page = context.new_page()
        view = View(page, path.as_uri())

        def route(route):
            view.requests.append(route.request.url)
            if route.request.url == view.url:
                route.continue_()
            else:
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and view.errors.append(m.text))
        page.on("pageerror", lambda exc: view.errors.append(str(exc)))
        page.goto(view.url, wait_until="commit")
        wait_ready(page)
        return view

    yield _open
    for context in contexts:
        context.close()
