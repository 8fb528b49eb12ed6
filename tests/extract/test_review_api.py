"""The review server answers only its own page: token, Host, Origin, JSON; and its API saves
decisions and edits, checked as the loader checks a row."""

from __future__ import annotations

import csv
import http.client
import importlib
import json
import re
import shutil

import pytest

from actorgraph._extract import sample_report
from actorgraph._extract._candidates import extract_report
from actorgraph._resources import dataset_path
from actorgraph._review._server import ReviewServer


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    text, meta = sample_report()
    report = tmp / "sample.txt"
    report.write_text(text, encoding="utf-8")
    extract_report(report, tmp / "candidates", published=meta["published"],
                   publisher=meta["publisher"])
    return tmp / "candidates"


@pytest.fixture
def server(folder, tmp_path):
    copy = shutil.copytree(folder, tmp_path / "candidates")
    libya = shutil.copytree(dataset_path(), tmp_path / "libya")
    with ReviewServer(copy, libya) as running:
        yield running


def _request(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _api(server, path, data, **headers):
    given = {"Content-Type": "application/json", "X-Review-Token": server.token, **headers}
    status, _, body = _request(server, "POST", path, json.dumps(data).encode(), given)
    return status, json.loads(body)


def _decisions(server):
    with open(server.folder.path / "claims.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r["decision"] for r in csv.DictReader(f)}


def test_the_page_needs_the_token(server):
    status, headers, body = _request(server, "GET", f"/?token={server.token}")
    assert status == 200 and b'id="rv-data"' in body
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    for path in ("/", "/?token=wrong"):
        assert _request(server, "GET", path)[0] == 403


def test_another_host_name_is_refused_dns_rebinding(server):
    status, _, _ = _request(server, "GET", f"/?token={server.token}",
                            headers={"Host": f"attacker.example:{server.port}"})
    assert status == 403


@pytest.mark.parametrize(("headers", "status"), [
    ({"X-Review-Token": "wrong"}, 403),
    ({"Origin": "https://attacker.example"}, 403),
    ({"Content-Type": "text/plain"}, 415),
    ({"Host": "attacker.example"}, 403),
])
def test_an_api_request_not_from_the_page_is_refused_and_changes_nothing(server, headers,
                                                                         status):
    before = _decisions(server)
    answer = _api(server, "/api/decide", {"id": "c1", "decision": "rejected"}, **headers)
    assert answer[0] == status
    assert _decisions(server) == before


def test_a_decision_is_saved_at_once(server):
    status, answer = _api(server, "/api/decide", {"id": "c1", "decision": "accepted"},
                          Origin=server.origin)
    assert status == 200 and answer["claim"]["decision"] == "accepted"
    assert answer["counts"]["accepted"] == 1
    assert _decisions(server)["c1"] == "accepted"


@pytest.mark.parametrize(("data", "message"), [
    ({"id": "c1", "decision": "maybe"}, "decision 'maybe'"),
    ({"id": "c999", "decision": "accepted"}, "no candidate 'c999'"),
])
def test_a_bad_decision_is_refused(server, data, message):
    status, answer = _api(server, "/api/decide", data)
    assert status == 422 and message in answer["error"]


def test_an_edit_is_checked_like_a_row(server):
    status, answer = _api(server, "/api/edit", {"id": "c1", "changes": {
        "relation": "supports", "start": "2024-02-30"}})
    assert status == 422
    problems = " ".join(answer["problems"])
    assert "'supports' is not in the relation vocabulary" in problems and "2024-02-30" in problems


def test_an_edit_naming_a_dataset_actor_copies_it_in_as_known(server):
    """'is backed by Egypt' (the sample): the object becomes the dataset's Egypt (EGY)."""
    ident = next(c.id for c in server.folder.claims.values() if c.relation == "backs")
    status, answer = _api(server, "/api/edit", {"id": ident, "changes": {"subject": {"id": "EGY"}}})
    assert status == 200, answer
    assert answer["claim"]["subject"] == "EGY"
    assert {"id": "EGY", "status": "known"}.items() <= next(
        a for a in answer["actors"] if a["id"] == "EGY").items()


def test_a_malformed_request_is_refused(server):
    given = {"Content-Type": "application/json", "X-Review-Token": server.token}
    assert _request(server, "POST", "/api/decide", b"{not json", given)[0] == 400
    assert _request(server, "POST", "/api/decide", b"[1]", given)[0] == 400
    assert _request(server, "POST", "/api/decide", b"x" * 70_000, given)[0] == 413


# -- the package says what is in it -------------------------------------------------------------

REVIEW_MODULES = ["actorgraph._review", "actorgraph._review._accept", "actorgraph._review._folder",
                  "actorgraph._review._page", "actorgraph._review._server"]


def _named(module, ref: str):
    """What a docstring's ``:func:`ref``` names: in the module, relative to the package
    (``._accept.accept``) or absolute."""
    if "." not in ref:
        return getattr(module, ref)
    target = "actorgraph._review" + ref if ref.startswith(".") else ref
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError:
        where, _, name = target.rpartition(".")
        return getattr(importlib.import_module(where), name)


@pytest.mark.parametrize("name", REVIEW_MODULES)
def test_the_docstrings_name_what_exists(name):
    """The package's docstring named make_review_server, which does not exist, and accept,
    which the package does not export."""
    module = importlib.import_module(name)
    refs = re.findall(r":(?:func|class|meth|mod|data):`([\w.]+)`", module.__doc__ or "")
    for ref in refs:
        try:
            _named(module, ref)
        except (AttributeError, ModuleNotFoundError):
            pytest.fail(f"{name}: the docstring names {ref}, which is not there")
