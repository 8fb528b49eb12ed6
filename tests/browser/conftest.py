"""Headless Chromium for the browser tests: launched once per session, every request counted.

Chromium is found as ``$ACTORGRAPH_CHROMIUM``, ``chromium`` or ``chromium-browser`` on ``PATH``
(Debian's package works; Playwright's own download is never used). Without it, or without the
``playwright`` package, the tests are skipped, unless ``ACTORGRAPH_REQUIRE_BROWSER=1`` (CI),
which makes them fail with the reason.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import pytest

from actorgraph._render import write_html

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY = "html[data-ready='true']"  # set by the page once drawn (a selector: the page's CSP
READY_MS = 60_000  # forbids the eval that wait_for_function would need); a generous bound


def _unavailable(reason: str):
    if os.environ.get("ACTORGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ACTORGRAPH_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """The Chromium executable to drive, or ``None``."""
    for name in (os.environ.get("ACTORGRAPH_CHROMIUM"), "chromium", "chromium-browser"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        _unavailable("Chromium is not installed (apt-get install chromium, "
                     "or point ACTORGRAPH_CHROMIUM at it)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
            _unavailable(f"Chromium at {path} did not start: {exc}")
        yield chromium
        chromium.close()


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
