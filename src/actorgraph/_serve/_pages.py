"""The page (``GET /``) kept in memory once built, with a strong ``ETag``.

A page is built by a worker from the graph it holds, for one set of options (``focus``,
``depth``, the filters). The HTTP layer keeps the bytes it got back, keyed on the backend's
*generation* — the token that changes with every reload and update, the only ways the
content of a store served here changes — and on the options, so that the next request for
the same page is answered from memory, without a worker. A store that others may write to
(a SPARQL server) is never kept: its page is built for every request.

Requests that arrive for a page while it is being built wait for that build instead of
starting their own. The ``ETag`` is a digest of the bytes: the same page always has the
same tag, whatever generation built it, and another page another tag.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Page", "PageCache", "etag_of", "matches"]


@dataclass(frozen=True)
class Page:
    """A built page: its bytes and their entity tag (quoted, as the header carries it)."""

    body: bytes
    etag: str


def etag_of(body: bytes) -> str:
    """A strong entity tag for ``body``: a digest of its bytes, quoted.

    >>> etag_of(b"<html>") == etag_of(b"<html>"), etag_of(b"<html>") == etag_of(b"<html> ")
    (True, False)
    """
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (or is ``*``). For this header
    the comparison is the weak one (RFC 9110, 13.1.2): ``W/"x"`` matches ``"x"``.

    >>> matches('"a", W/"b"', '"b"'), matches('*', '"b"'), matches('"a"', '"b"'), matches(None, '"b"')
    (True, True, False, False)
    """
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class _Build:
    """A page under construction: those who asked for it meanwhile wait for ``done``."""

    def __init__(self) -> None:
        import anyio

        self.done = anyio.Event()
        self.page: Page | None = None
        self.error: Exception | None = None


class PageCache:
    """Built pages by ``(generation, options)``: at most ``entries`` of them and ``max_bytes``
    in all, the least recently used dropped first. Used from the event loop only.

    Parameters
    ----------
    entries : int
        How many pages are kept.
    max_bytes : int
        How many bytes of pages are kept (a larger page is served, never kept).
    """

    def __init__(self, entries: int = 8, max_bytes: int = 64 * 2**20):
        self.entries = entries
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._building: dict[tuple, _Build] = {}

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: tuple) -> Page | None:
        """The page kept for ``key``, if any (it becomes the most recently used)."""
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: tuple, page: Page) -> None:
        """Keep ``page`` for ``key`` (a ``(generation, options)`` pair); the pages of other
        generations go, since they will never be asked for again."""
        if len(page.body) > self.max_bytes:
            return
        for old in [k for k in self._pages if k[0] != key[0]]:
            del self._pages[old]
        self._pages[key] = page
        self._pages.move_to_end(key)
        while (len(self._pages) > self.entries
               or sum(len(p.body) for p in self._pages.values()) > self.max_bytes):
            self._pages.popitem(last=False)

    async def page(self, key: tuple, build: Callable[[], Awaitable[Page]],
                   keep: Callable[[], bool]) -> Page:
        """The page for ``key``: kept, or being built (then waited for), or built now by
        ``build()`` and kept if ``keep()`` still says so once it is built (the generation
        did not change meanwhile). A failed build fails the requests that waited for it
        with the same error (an unknown ``focus``, a time limit), rather than each trying
        in turn."""
        page = self.get(key)
        if page is not None:
            return page
        pending = self._building.get(key)
        if pending is not None:
            await pending.done.wait()
            if pending.page is not None:
                return pending.page
            if pending.error is not None:
                raise pending.error
            # the build was cancelled: this request builds the page itself
        pending = self._building[key] = _Build()
        try:
            pending.page = await build()
        except Exception as exc:
            pending.error = exc
            raise
        finally:
            if self._building.get(key) is pending:
                del self._building[key]
            pending.done.set()
        if keep():
            self.put(key, pending.page)
        return pending.page
