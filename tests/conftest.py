"""Fixtures shared by every test folder: one headless Chromium for the whole session.

Chromium is found as ``$ACTORGRAPH_CHROMIUM``, ``chromium`` or ``chromium-browser`` on ``PATH``
(Debian's package works; Playwright's own download is never used). Without it, or without the
``playwright`` package, browser tests are skipped, unless ``ACTORGRAPH_REQUIRE_BROWSER=1`` (CI),
which makes them fail with the reason. One Playwright instance serves the whole run: two
``sync_playwright()`` at once refuse to start.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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
