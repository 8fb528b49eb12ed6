"""``GET /``: the page is built once per generation and set of options, then answered from
memory with a strong ``ETag``; ``If-None-Match`` gets ``304``; an update or a reload gives
the new page at once, never a stale one; a SPARQL server that others load into is read
again for every page."""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import quote

import pytest

import actorgraph
from actorgraph._serve import make_server
from actorgraph._serve._app import PAGE_POLICY
from actorgraph._serve._pages import Page, PageCache

from ._helpers import Client, add_claims, bearer

pytestmark = pytest.mark.server

RENAME = ('DELETE { actor:LNA rdfs:label ?old } INSERT { actor:LNA rdfs:label '
          '"Renamed by a page test" } WHERE { actor:LNA rdfs:label ?old }')


def _same_page_headers(answer) -> None:
    assert answer.headers["content-security-policy"] == PAGE_POLICY
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_the_second_request_gets_the_same_bytes_and_etag(client):
    first, second = client.get("/"), client.get("/")
    assert first.status == second.status == 200
    assert first.body == second.body
    assert first.headers["etag"] == second.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', first.headers["etag"])  # strong: no W/
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    for answer in (first, second):
        _same_page_headers(answer)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_if_none_match_gives_304_without_a_body(client, method):
    etag = client.get("/").headers["etag"]
    for header in (etag, f"W/{etag}", f'"something-else", {etag}', "*"):
        answer = client.request(method, "/", headers={"If-None-Match": header})
        assert answer.status == 304, header
        assert answer.body == b""
        assert answer.headers["etag"] == etag
        _same_page_headers(answer)
    answer = client.request(method, "/", headers={"If-None-Match": '"something-else"'})
    assert answer.status == 200
    assert answer.headers["etag"] == etag


def test_filters_give_their_own_pages(client):
    queries = ["", "?as_of=2019-01", "?relation=backs", "?focus=LNA&depth=1",
               "?min_certainty=confirmed", "?relation=backs&include_subrelations=false"]
    pages = {q: client.get("/" + q) for q in queries}
    assert all(answer.status == 200 for answer in pages.values())
    assert len({answer.body for answer in pages.values()}) == len(queries)
    assert len({answer.headers["etag"] for answer in pages.values()}) == len(queries)
    for query, answer in pages.items():  # asked again: the page kept for those options
        again = client.get("/" + query)
        assert (again.body, again.headers["etag"]) == (answer.body, answer.headers["etag"])
    # another spelling of the same options: another entry, the same bytes and so the same tag
    by_label = client.get("/?focus=" + quote("Libyan National Army") + "&depth=1")
    assert by_label.headers["etag"] == pages["?focus=LNA&depth=1"].headers["etag"]


def test_requests_arriving_together_get_one_page(client):
    """Concurrent requests for a page not built yet (they wait for one build) all get it;
    concurrent requests for a page that cannot be built all get its error."""
    answers = {"/?as_of=2018-06": [], "/?focus=Nobody": []}

    def ask(path: str) -> None:
        answers[path].append(Client(client.url).get(path))

    threads = [threading.Thread(target=ask, args=(path,)) for path in answers for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    good, bad = answers["/?as_of=2018-06"], answers["/?focus=Nobody"]
    assert [a.status for a in good] == [200] * 4
    assert len({(a.body, a.headers["etag"]) for a in good}) == 1
    assert [a.status for a in bad] == [404] * 4
    assert all("Nobody" in a.json()["error"]["message"] for a in bad)


def test_an_update_or_a_reload_gives_the_new_page(admin, admin_client):
    before = admin_client.get("/")
    assert before.status == 200
    answer = admin_client.post("/sparql", RENAME, "application/sparql-update", **bearer())
    assert answer.status == 200, answer.text

    renamed = admin_client.get("/")
    assert renamed.status == 200
    assert "Renamed by a page test" in renamed.text
    assert "Renamed by a page test" not in before.text
    assert renamed.headers["etag"] != before.headers["etag"]
    # the tag the client holds is no longer the page's: the whole new page comes back
    answer = admin_client.get("/", If_None_Match=before.headers["etag"])
    assert answer.status == 200 and answer.body == renamed.body

    # a reload drops the update: the page is the first one again, bytes and tag
    assert admin_client.post("/admin/reload", b"", "text/plain", **bearer()).status == 200
    reloaded = admin_client.get("/")
    assert (reloaded.body, reloaded.headers["etag"]) == (before.body, before.headers["etag"])
    assert admin_client.get("/", If_None_Match=before.headers["etag"]).status == 304

    # a reload of changed files gives the new page
    add_claims(admin.dataset_folder, 3, prefix="pagetest")
    assert admin_client.post("/admin/reload", b"", "text/plain", **bearer()).status == 200
    grown = admin_client.get("/")
    assert "pagetest0" in grown.text and "pagetest0" not in before.text
    assert grown.headers["etag"] != before.headers["etag"]


def test_the_kept_pages_are_bounded():
    pages = PageCache(entries=3, max_bytes=1000)
    for i in range(5):
        pages.put((1, i), Page(b"x" * 100, f'"{i}"'))
    assert len(pages) == 3
    assert pages.get((1, 0)) is None and pages.get((1, 4)).etag == '"4"'
    pages.put((1, 5), Page(b"x" * 2000, '"big"'))  # larger than the whole budget: not kept
    assert pages.get((1, 5)) is None
    pages.put((1, 6), Page(b"x" * 500, '"6"'))
    pages.put((1, 7), Page(b"x" * 500, '"7"'))  # 100 + 100 + 500 + 500 > 1000: two go
    assert len(pages) == 2 and pages.get((1, 6)) is not None and pages.get((1, 7)) is not None
    pages.put((2, 0), Page(b"y", '"new"'))  # a new generation: the old one's pages go
    assert len(pages) == 1


# -- a SPARQL server others may load into ---------------------------------------------------

@pytest.fixture(scope="module")
def sparql_store(tmp_path_factory):
    """A live Oxigraph server (the ``oxigraph`` binary), as a ``sparql+http`` store spec."""
    from _servers import oxigraph_binary, start_oxigraph

    binary = oxigraph_binary()
    if binary is None:
        message = "the oxigraph server binary is missing (pip install -e '.[test]')"
        if os.environ.get("ACTORGRAPH_REQUIRE_SERVER") == "1":
            pytest.fail(f"{message}, and ACTORGRAPH_REQUIRE_SERVER=1", pytrace=False)
        pytest.skip(message)
    server = start_oxigraph(binary, tmp_path_factory.mktemp("oxigraph-server"))
    yield server.spec
    server.stop()


def test_a_page_of_a_sparql_server_follows_loads_by_others(sparql_store, tmp_path):
    """A load by another client moves the server's data without the served generation
    changing: the page is read again for each request, so it shows the new data."""
    from actorgraph._synth import synth_dataset

    with make_server(store=sparql_store, port=0, timeout=30) as server:
        client = Client(server.url)
        first, second = client.get("/"), client.get("/")
        assert first.status == second.status == 200
        assert (first.body, first.headers["etag"]) == (second.body, second.headers["etag"])
        assert client.get("/", If_None_Match=first.headers["etag"]).status == 304
        synth_dataset(tmp_path / "other", actors=20, claims=60, seed=7)
        actorgraph.load(tmp_path / "other", store=sparql_store)  # another client's load
        after = client.get("/")
        assert after.status == 200
        assert after.headers["etag"] != first.headers["etag"]
        assert "Libyan National Army" in first.text
        assert "Libyan National Army" not in after.text
