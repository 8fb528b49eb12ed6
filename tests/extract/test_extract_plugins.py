"""Other extractors plug in; every proposal passes the same checks (loopback replay server)."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from actorgraph._extract import (
    ActorRef,
    OpenAICompatibleExtractor,
    Proposal,
    RuleExtractor,
    extract,
)
from actorgraph._extract._openai import ExtractorError

REPORT = ("The Wagner Group is backed by Russia, according to US officials. "
          "Moscow denied sending mercenaries to Mali in January.")


class _Fixed:
    """An extractor that proposes what it is given."""

    name = "fixed"

    def __init__(self, *proposals):
        self.proposals = proposals

    def propose(self, text, context):
        return list(self.proposals)


def _p(**kw) -> Proposal:
    base = dict(subject=ActorRef("Russia"), relation="backs", object=ActorRef("Wagner Group"),
                quote="The Wagner Group is backed by Russia")
    return Proposal(**{**base, **kw})


@pytest.mark.parametrize(("proposal", "reason"), [
    (_p(quote="Russia armed the Wagner Group"), "the quote is not in the report"),
    (_p(relation="bankrolls"), "relation 'bankrolls' is not in the vocabulary"),
    (_p(subject=ActorRef("Belarus")), "subject 'Belarus' is neither a known actor nor named"),
    (_p(start="2019-13"), "start: invalid date '2019-13'"),
    (_p(start="2020", end="2019"), "start 2020 is after end 2019"),
    (_p(stance="doubts"), "stance 'doubts' is neither"),
    (_p(certainty="certain"), "certainty 'certain' is not a grade"),
    (_p(object=ActorRef("Russia")), "subject and object are the same actor"),
    (_p(score=1.5), "score 1.5 is not between 0 and 1"),
])
def test_invalid_proposals_are_dropped_with_the_reason(proposal, reason):
    x = extract(REPORT, published="2022-05-12", extractors=[_Fixed(proposal)])
    assert x.candidates == ()
    assert len(x.dropped) == 1 and x.dropped[0].extractor == "fixed"
    assert any(r.startswith(reason) for r in x.dropped[0].reasons), x.dropped[0].reasons
    assert x.log() == [str(x.dropped[0])]


@pytest.mark.parametrize(("proposal", "expected"), [
    # offsets found when absent
    (_p(), ("Russia", "backs", "Wagner_Group", "probable")),
    # wrong offsets are corrected to where the quote is
    (_p(evidence_start=50, evidence_end=60), ("Russia", "backs", "Wagner_Group", "probable")),
    # spaces that differ from the report's: the report's own text is kept
    (_p(quote="The  Wagner Group\nis backed by Russia"), ("Russia", "backs", "Wagner_Group",
                                                          "probable")),
    # one report never confirms: graded probable, with a note
    (_p(certainty="confirmed"), ("Russia", "backs", "Wagner_Group", "probable")),
    (_p(certainty="alleged"), ("Russia", "backs", "Wagner_Group", "possible")),
    # a new actor written in the report is proposed, with the kind the extractor gives
    (_p(subject=ActorRef("US officials", kind="government")),
     ("US_officials", "backs", "Wagner_Group", "probable")),
])
def test_valid_proposals_become_candidates(proposal, expected):
    x = extract(REPORT, published="2022-05-12", extractors=[_Fixed(proposal)])
    assert not x.dropped
    (c,) = x.candidates
    assert (c.subject, c.relation, c.object, c.certainty) == expected
    assert REPORT[c.evidence_start:c.evidence_end] == c.quote
    assert c.rule.startswith("fixed:")
    if proposal.certainty == "confirmed":
        assert "one report does not confirm" in c.note


def test_rules_and_another_extractor_together():
    extra = _Fixed(_p(relation="funds", quote="The Wagner Group is backed by Russia"))
    x = extract(REPORT, published="2022-05-12", extractors=[RuleExtractor(), extra])
    rules = {c.rule.split(":")[0] for c in x.candidates}
    assert "fixed" in rules and "verb" in rules


# -- a loopback server that replays fixed chat completions -----------------------------------

ANSWER = {"claims": [
    {"subject": "Russia", "subject_kind": "state", "relation": "backs", "object": "Wagner Group",
     "object_kind": "mercenary_group", "quote": "The Wagner Group is backed by Russia",
     "certainty": "probable", "stance": "asserts", "attributed_to": "US officials", "via": []},
    {"subject": "Moscow", "relation": "deploys_forces", "object": "Mali",
     "quote": "Moscow denied sending mercenaries to Mali", "start": "2022-01", "end": "2022-01",
     "certainty": "probable", "stance": "denies", "attributed_to": "Moscow"},
    # invented: the report never says this
    {"subject": "Russia", "relation": "arms", "object": "Mali",
     "quote": "Russia delivered attack helicopters to Mali", "stance": "asserts"},
    # not a relation of the vocabulary
    {"subject": "Russia", "relation": "annexes", "object": "Mali",
     "quote": "Moscow denied sending mercenaries to Mali"},
    "not an object",
]}


class _Replay(http.server.BaseHTTPRequestHandler):
    answers: list = []
    requests: list = []

    def do_POST(self):  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length", 0))
        type(self).requests.append((self.path, json.loads(self.rfile.read(length))))
        body = type(self).answers.pop(0) if type(self).answers else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def replay():
    """A server on 127.0.0.1 (a free port) answering each POST with the next fixed answer."""
    _Replay.answers, _Replay.requests = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server, _Replay
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _completion(content: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant",
                                                "content": content}}]}).encode()


def test_model_proposals_pass_the_same_checks(replay):
    server, handler = replay
    handler.answers.append(_completion("```json\n" + json.dumps(ANSWER) + "\n```"))
    model = OpenAICompatibleExtractor(f"http://127.0.0.1:{server.server_port}", "test-model",
                                      timeout=5)
    x = extract(REPORT, published="2022-05-12", extractors=[model])
    assert [(c.subject, c.relation, c.object, c.stance, c.start) for c in x.candidates] == [
        ("Russia", "backs", "Wagner_Group", "asserts", None),
        ("Russia", "deploys_forces", "Mali", "denies", "2022-01")]
    reasons = sorted(r for d in x.dropped for r in d.reasons)
    assert reasons == ["relation 'annexes' is not in the vocabulary",
                       "the quote is not in the report"]
    assert all(c.rule == "openai:model:test-model" for c in x.candidates)
    (path, request), = handler.requests
    assert path == "/v1/chat/completions" and request["model"] == "test-model"
    assert request["messages"][1]["content"] == REPORT
    assert "backs" in request["messages"][0]["content"]


@pytest.mark.parametrize("answer", [b"not json", json.dumps({"choices": []}).encode(),
                                    _completion("I cannot help with that.")])
def test_a_broken_answer_is_an_error_not_a_guess(replay, answer):
    server, handler = replay
    handler.answers.append(answer)
    model = OpenAICompatibleExtractor(f"http://127.0.0.1:{server.server_port}/v1", timeout=5)
    with pytest.raises(ExtractorError):
        extract(REPORT, published="2022-05-12", extractors=[model])


def test_a_silent_server_times_out():
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        model = OpenAICompatibleExtractor(f"http://127.0.0.1:{listener.getsockname()[1]}",
                                          timeout=0.5)
        with pytest.raises(ExtractorError):
            extract(REPORT, published="2022-05-12", extractors=[model])
    finally:
        listener.close()


def test_only_http_urls():
    with pytest.raises(ValueError):
        OpenAICompatibleExtractor("file:///etc/passwd")
