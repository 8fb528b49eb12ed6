"""The review page in headless Chromium: keys, decisions saved as they are made, edits, accepting
into a dataset, and a report carrying script payloads (nothing runs; it shows as text)."""

from __future__ import annotations

import csv
import shutil

import pytest

from actorgraph._resources import dataset_path

pytest.importorskip("spacy", reason="the candidates are extracted (the extract extra)")
pytestmark = pytest.mark.browser

READY = "html[data-ready='true']"

# markup an attacker might plant in a report, around claims the rules read
PAYLOAD = (
    "Payload report <script>window.pwned = 1</script>\n\n"
    "Egypt armed the Libyan National Army </script><script>window.pwned = 3</script> in "
    "2019, according to UN experts. Turkey denied arming the \"<b>Free</b>\" Brigade "
    "<img src=x onerror=\"window.pwned = 2\">.\n"
)
# sentences of tests/data/reports/idlib-heldout
PLAIN = ("Turkish troops pour into Idlib\n\nAnkara backs several rebel factions grouped in the "
         "National Liberation Front. Iran and Hezbollah have also deployed fighters to support "
         "the Syrian army around Aleppo, Western diplomats said. Tehran has denied sending "
         "troops to Syria.\n")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def make_review(tmp_path):
    """``make_review(text)``: a folder of candidates of ``text``, a copy of the Libya data,
    and a review server on a free port (stopped after the test)."""
    from actorgraph._extract._candidates import extract_report
    from actorgraph._review._server import ReviewServer

    servers = []

    def make(text: str, published: str = "2020-02-22"):
        report = tmp_path / "report.txt"
        report.write_text(text, encoding="utf-8")
        into = tmp_path / "libya"
        if not into.exists():
            shutil.copytree(dataset_path(), into)
        extract_report(report, tmp_path / "candidates", published=published,
                       publisher="Levant Observer", overwrite=True)
        server = ReviewServer(tmp_path / "candidates", into).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def open_page(browser):
    """``open_page(server)``: the review page in a fresh context; every request and console
    error is recorded, requests elsewhere than the server are aborted."""
    contexts = []

    def open_(server):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.requests, page.errors, page.dialogs = [], [], []

        def route(route):
            page.requests.append(route.request.url)
            if route.request.url.startswith(server.origin + "/"):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(server.url)
        page.wait_for_selector(READY, state="attached")
        return page

    yield open_
    for context in contexts:
        context.close()


def _saved(page, text: str) -> None:
    """Wait until the server has answered: the status line says what was saved."""
    page.wait_for_selector(f"#rv-status:text-is('{text}')")


def _decisions(server) -> dict[str, str]:
    return {r["id"]: r["decision"] for r in _rows(server.folder.path / "claims.csv")}


def test_the_page_shows_the_report_and_every_candidate_offline(make_review, open_page):
    server = make_review(PLAIN)
    page = open_page(server)
    n = len(server.folder.claims)
    assert n >= 3
    assert page.locator("#rv-list > li").count() == n
    assert page.locator("#rv-report").text_content() == server.folder.text
    # every candidate's evidence is marked: "Ankara backs several rebel factions …"
    marked = {i for ids in page.locator("mark.rv-ev").evaluate_all(
        "ms => ms.map(m => m.dataset.ids)") for i in ids.split()}
    assert marked == set(server.folder.claims)
    assert page.locator("#rv-counts").text_content() == f"0 accepted · 0 rejected · {n} open"
    assert not page.errors
    assert all(url.startswith(server.origin) for url in page.requests)


def test_keys_decide_and_each_decision_is_saved_at_once(make_review, open_page):
    server = make_review(PLAIN)
    page = open_page(server)
    first, second, third = list(server.folder.claims)[:3]
    page.keyboard.press("a")
    page.wait_for_selector(f"#rv-{first}.rv-accepted")
    _saved(page, f"{first} accepted")
    assert _decisions(server)[first] == "accepted"
    # accepting moved to the next open candidate
    assert page.get_attribute(f"#rv-{second}", "aria-selected") == "true"
    page.keyboard.press("r")
    _saved(page, f"{second} rejected")
    assert _decisions(server)[second] == "rejected"
    page.keyboard.press("k")
    page.keyboard.press("u")
    _saved(page, f"{second}: decision undone")
    assert _decisions(server)[second] == ""
    page.keyboard.press("j")
    assert page.get_attribute(f"#rv-{third}", "aria-selected") == "true"
    assert not page.errors


def test_a_review_resumes_where_it_stopped(make_review, open_page):
    server = make_review(PLAIN)
    first = next(iter(server.folder.claims))
    page = open_page(server)
    page.keyboard.press("r")
    _saved(page, f"{first} rejected")
    server.stop()

    from actorgraph._review._server import ReviewServer

    again = ReviewServer(server.folder.path, server.into).start()
    try:
        page = open_page(again)
        assert "rv-rejected" in page.get_attribute(f"#rv-{first}", "class")
        assert page.locator("#rv-counts").text_content().startswith("0 accepted · 1 rejected")
    finally:
        again.stop()


def test_an_edit_changes_the_relation_dates_and_names_a_new_actor_with_its_kind(
        make_review, open_page):
    server = make_review(PLAIN)
    page = open_page(server)
    ident = next(iter(server.folder.claims))
    page.keyboard.press("e")
    page.select_option("#rv-relation", "arms")
    page.fill("#rv-object", "Sham Legion")
    page.select_option("#rv-object-kind", "militia")
    page.fill("#rv-start", "2020-02")
    page.select_option("#rv-stance", "denies")
    page.locator("#rv-start").press("Enter")
    page.wait_for_selector("#rv-edit", state="hidden")
    row = next(r for r in _rows(server.folder.path / "claims.csv") if r["id"] == ident)
    assert (row["relation"], row["object"], row["start"], row["stance"]) == (
        "arms", "Sham_Legion", "2020-02", "denies")
    actor = next(r for r in _rows(server.folder.path / "actors.csv") if r["id"] == "Sham_Legion")
    assert (actor["label"], actor["kind"], actor["status"]) == ("Sham Legion", "militia",
                                                                 "proposed")
    assert "Sham Legion" in page.locator(f"#rv-{ident}").text_content()
    assert not page.errors


def test_an_invalid_edit_is_refused_with_the_problem_and_nothing_changes(make_review, open_page):
    server = make_review(PLAIN)
    page = open_page(server)
    before = (server.folder.path / "claims.csv").read_bytes()
    page.keyboard.press("e")
    page.fill("#rv-start", "2020-13")
    page.locator("#rv-start").press("Enter")
    page.wait_for_selector("#rv-edit-problems li")
    assert "month" in page.locator("#rv-edit-problems").text_content()
    assert (server.folder.path / "claims.csv").read_bytes() == before
    page.keyboard.press("Escape")
    page.wait_for_selector("#rv-edit", state="hidden")


def test_shift_a_accepts_the_reviewed_ones_into_the_dataset(make_review, open_page):
    import actorgraph

    server = make_review(PLAIN)
    page = open_page(server)
    before = len(_rows(server.into / "claims.csv"))
    page.keyboard.press("a")
    page.keyboard.press("a")
    page.wait_for_selector("#rv-list .rv-accepted >> nth=1")
    page.keyboard.press("Shift+A")
    page.wait_for_selector("#rv-status:text-matches('^accepted 2 claim')")
    assert len(_rows(server.into / "claims.csv")) == before + 2
    assert actorgraph.validate(server.into).ok
    assert not page.errors


def test_a_report_carrying_script_payloads_runs_nothing_and_shows_them_as_text(
        make_review, open_page):
    server = make_review(PAYLOAD)
    page = open_page(server)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#rv-report").text_content() == PAYLOAD
    assert page.locator("#rv-report script, #rv-report img, #rv-list b").count() == 0
    assert '"<b>Free</b>" Brigade' in page.locator("#rv-report").text_content()
    # a new actor named with markup stays text too
    page.keyboard.press("e")
    page.fill("#rv-object", "<img src=x onerror=\"window.pwned = 4\">")
    page.locator("#rv-object").press("Enter")
    page.wait_for_selector("#rv-edit", state="hidden")
    page.reload()
    page.wait_for_selector(READY, state="attached")
    assert "<img src=x" in page.locator("#rv-list").text_content()
    assert page.evaluate("window.pwned") is None
    assert not page.dialogs and not page.errors
    assert all(url.startswith(server.origin) for url in page.requests)


def test_another_site_cannot_use_the_api(make_review, browser, tmp_path):
    """A page from elsewhere posting to the review server is refused and changes nothing."""
    server = make_review(PLAIN)
    before = (server.folder.path / "claims.csv").read_bytes()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<p>elsewhere</p>")
        statuses = page.evaluate("""async (base) => {
            const out = [];
            for (const init of [
                {method: "POST", body: '{"id":"c1","decision":"rejected"}',
                 headers: {"Content-Type": "text/plain"}, mode: "no-cors"},
                {method: "POST", body: '{"id":"c1","decision":"rejected"}',
                 headers: {"Content-Type": "application/json"}},
            ]) {
                try { out.push((await fetch(base + "/api/decide", init)).status); }
                catch (e) { out.push("blocked"); }
            }
            return out;
        }""", server.origin)
        assert all(s in (0, "blocked", 403) for s in statuses)
    finally:
        context.close()
    assert (server.folder.path / "claims.csv").read_bytes() == before
