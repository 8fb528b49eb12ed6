"""No CORS headers unless the origin is allow-listed, never a wildcard with credentials;
127.0.0.1 by default, and a warning on start for anything else."""

from __future__ import annotations

import logging

import pytest

from actorgraph._serve import make_server
from actorgraph._serve._server import exposure_warning

from ._helpers import ALLOWED_ORIGIN, Client

pytestmark = pytest.mark.server

ATTACKER = "https://attacker.example"
ASK = "ASK { ?s ?p ?o }"


def _cors_headers(answer) -> dict[str, str]:
    return {k: v for k, v in answer.headers.items() if k.startswith("access-control-")}


def test_no_cors_headers_by_default(client):
    """F2: a server without an allow-list sends no CORS header, whatever the Origin."""
    for origin in (ATTACKER, ALLOWED_ORIGIN, "null"):
        answer = client.request("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": origin})
        assert answer.status == 200
        assert _cors_headers(answer) == {}
        preflight = client.request("OPTIONS", "/sparql", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        assert _cors_headers(preflight) == {}


def test_allow_listed_origin_only(admin_client):
    allowed = admin_client.request("GET", "/sparql?query=ASK%7B%7D",
                                   headers={"Origin": ALLOWED_ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "Origin" in allowed.headers["vary"].split(", ")
    assert "access-control-allow-credentials" not in allowed.headers
    refused = admin_client.request("GET", "/sparql?query=ASK%7B%7D",
                                   headers={"Origin": ATTACKER})
    assert _cors_headers(refused) == {}


def test_preflight_for_an_allow_listed_origin(admin_client):
    answer = admin_client.request("OPTIONS", "/sparql", headers={
        "Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert answer.status == 204
    assert answer.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "Authorization" in answer.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in answer.headers


def test_wildcard_never_goes_with_credentials():
    """``*`` allows any origin to read, but never credentials, nor the token header."""
    with make_server(port=0, workers=1, cors_origins=["*"], token="t" * 20) as server:
        client = Client(server.url)
        answer = client.request("GET", "/health", headers={"Origin": ATTACKER})
        assert answer.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in answer.headers
        preflight = client.request("OPTIONS", "/sparql", headers={
            "Origin": ATTACKER, "Access-Control-Request-Method": "POST"})
        assert "Authorization" not in preflight.headers["access-control-allow-headers"]
        assert "access-control-allow-credentials" not in preflight.headers


@pytest.mark.parametrize("origin", ["yasgui.example.org", "https://x.example/path", "null",
                                    "javascript:alert(1)", "https://*.example"])
def test_malformed_origins_are_rejected(origin):
    with pytest.raises(ValueError, match="CORS origin"):
        make_server(port=0, cors_origins=[origin])


def test_binds_loopback_by_default(server):
    """F3: the default address is 127.0.0.1, and starting there warns about nothing."""
    assert server.host == "127.0.0.1"
    assert server.address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")
    assert exposure_warning("127.0.0.1", 8000, token=False) is None
    assert exposure_warning("::1", 8000, token=True) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.org"])
def test_any_other_address_is_warned_about(host):
    message = exposure_warning(host, 8000, token=True)
    assert f"listening on {host}:8000" in message
    assert "not on the loopback interface" in message
    assert "change it" in message


def test_warning_is_logged_on_start(caplog, monkeypatch):
    """Start logs the warning (checked with 127.0.0.2, so that nothing listens beyond this
    machine, by telling the server that this address is not loopback)."""
    monkeypatch.setattr("actorgraph._serve._server.is_loopback", lambda host: False)
    with caplog.at_level(logging.INFO, logger="actorgraph.serve"), \
            make_server(host="127.0.0.2", port=0, workers=1):
        pass
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "listening on 127.0.0.2:" in warnings[0].getMessage()


@pytest.mark.parametrize("token", ["short", " padded-token-0123456789 ", ""])
def test_weak_tokens_are_rejected(token):
    with pytest.raises(ValueError, match="token"):
        make_server(port=0, token=token)


def test_a_port_in_use_is_a_clear_error(server):
    with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{server.port}"):
        make_server(port=server.port)
