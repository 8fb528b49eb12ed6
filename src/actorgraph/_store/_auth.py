"""Credentials for a SPARQL server: from the environment or a ``.netrc``, never from the URL.

``ACTORGRAPH_SPARQL_USER`` and ``ACTORGRAPH_SPARQL_PASSWORD`` (both, or neither) give the
credentials for the server named by the store URL, and for no other host. Without them, a
``.netrc`` (``$NETRC``, else ``~/.netrc``) entry for an endpoint's host gives its
credentials. The scheme is the one the server asks for in its ``WWW-Authenticate``
challenge (HTTP basic or digest), so nothing is sent before the server asks; with digest
(Virtuoso's ``/sparql-auth``) the password never crosses the wire, and the challenge is
kept, so later requests authenticate at once.

The password is held in the auth objects only: it is never part of a URL, a message or
a ``repr``.
"""

from __future__ import annotations

import netrc
import os
from collections.abc import Generator, Iterable
from pathlib import Path

import httpx

from .._exceptions import StoreError

__all__ = ["ENV_PASSWORD", "ENV_USER", "Credentials", "credentials"]

ENV_USER = "ACTORGRAPH_SPARQL_USER"
ENV_PASSWORD = "ACTORGRAPH_SPARQL_PASSWORD"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


class _Challenged(httpx.Auth):
    """One user's credentials for one origin, sent in the scheme the server's challenge names."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"basic": httpx.BasicAuth(user, password),
                         "digest": httpx.DigestAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def __repr__(self) -> str:
        return "<credentials>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = {c.split(" ", 1)[0].lower() for c in response.headers.get_list("www-authenticate")}
        # digest first: with it the password never crosses the network
        scheme = next((self._schemes[s] for s in ("digest", "basic") if s in offered), None)
        if scheme is not None:
            self._chosen = scheme
            # digest answers its own challenge: one more round trip, on the first request only
            yield from scheme.auth_flow(request)


class Credentials(httpx.Auth):
    """The credentials of each origin (scheme, host, port) that has some; ``source`` says
    where they came from, for messages (``None``: no credentials at all)."""

    def __init__(self, by_origin: dict[tuple, _Challenged], source: str | None) -> None:
        self._by_origin = by_origin
        self.source = source

    def __repr__(self) -> str:
        return f"<credentials from {self.source}>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        found = self._by_origin.get(_origin(request.url))
        if found is None:
            yield request
        else:
            yield from found.auth_flow(request)


def _netrc_entries(hosts: Iterable[str]) -> tuple[dict[str, tuple[str, str]], str | None]:
    """``{host: (login, password)}`` from ``$NETRC`` or ``~/.netrc``, and the file's name."""
    named = os.environ.get("NETRC")
    path = Path(named) if named else Path.home() / ".netrc"
    if not path.is_file():
        return {}, None
    try:
        # without an argument the standard library also refuses a ~/.netrc that others can read
        parsed = netrc.netrc(str(path)) if named else netrc.netrc()
    except netrc.NetrcParseError as exc:  # its message may quote a token: a password
        raise StoreError(f"cannot read the credentials in {exc.filename}, line {exc.lineno} "
                         "(a syntax error, or a file that other users can read)") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    found = {}
    for host in hosts:
        entry = parsed.authenticators(host)
        if entry is not None and entry[2] is not None:
            found[host] = (entry[0], entry[2])
    return found, str(path)


def credentials(base: str, endpoints: Iterable[str]) -> Credentials:
    """The credentials for a server at ``base`` whose endpoints are ``endpoints``."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if (user is None) != (password is None):
        missing = ENV_PASSWORD if password is None else ENV_USER
        raise StoreError(f"{ENV_USER} and {ENV_PASSWORD} go together: {missing} is not set")
    if user is not None:
        return Credentials({_origin(httpx.URL(base)): _Challenged(user, password)},
                           f"{ENV_USER} and {ENV_PASSWORD}")
    urls = {_origin(httpx.URL(u)): httpx.URL(u).host for u in endpoints}
    entries, path = _netrc_entries(set(urls.values()))
    by_origin = {origin: _Challenged(*entries[host]) for origin, host in urls.items()
                 if host in entries}
    return Credentials(by_origin, path if by_origin else None)
