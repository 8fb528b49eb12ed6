"""The HTTP layer: a Starlette application — routing, parameters, the token, CORS, errors.

Every answer carries an ``X-Request-Id``; an error answer says what is wrong and gives that
id, while the details (a traceback, a path) go to the server log under the same id.

The event loop never waits on a query: everything that can take time (the guard's parse, a
worker's answer, a reload or an update, writing the service description) runs in a thread.
Requests that run a task go through a gate of a few threads per worker; a request that
cannot get through it within the time limit gets ``503``, like one that finds every worker
busy.
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

from ._errors import HttpError
from ._guard import check_read, check_update_text
from ._negotiate import choose_format
from ._pages import Page, PageCache, etag_of, matches
from ._params import DATASET_PARAMS, TOKEN_PARAMS, filters, format_values, known, one
from ._service import service_description
from ._tasks import JSON, Reply, Task
from ._workers import Busy, StartError, TaskTimeout, WorkerDied

__all__ = ["MAX_TARGET", "PAGE_POLICY", "Settings", "build_app"]

log = logging.getLogger("actorgraph.serve")

PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "img-src data:; font-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
MAX_TARGET = 65_536  # the longest request target (path and query string): 414 beyond
_HOST = re.compile(r"^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
_PAGES = "/, /sparql, /api/actors, /api/related, /api/claims or /health"
_CLOSE = {"Connection": "close"}  # for a body refused unread: it would be taken for a request


@dataclass(frozen=True)
class Settings:
    """What the application needs to know of the server's options."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    timeout: float = 10.0
    max_query_bytes: int = 100_000
    offline: bool = True
    threads: int = 8


def _request_id(request) -> str:
    return request.scope.get("state", {}).get("request_id", "-")


def _json_response(value, status: int = 200, headers: dict | None = None):
    from starlette.responses import Response

    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(body, status, {"Content-Type": JSON, **(headers or {})})


def error_response(exc: HttpError, path: str, request_id: str):
    """An error answer: plain text on ``/sparql`` (SPARQL clients show it), JSON elsewhere."""
    from starlette.responses import Response

    if path.startswith("/sparql"):
        body = f"Error {exc.status}: {exc.message}\nRequest id: {request_id}\n"
        return Response(body.encode("utf-8"), exc.status,
                        {"Content-Type": "text/plain; charset=utf-8", **exc.headers})
    return _json_response({"error": {"status": exc.status, "message": exc.message,
                                     "request_id": request_id}}, exc.status, exc.headers)


def _reply_response(reply: Reply, headers: dict | None = None):
    from starlette.responses import Response

    extra = dict(headers or {})
    if reply.truncated is not None:
        extra["X-Actorgraph-Truncated"] = "true" if reply.truncated else "false"
    return Response(reply.body, reply.status, {"Content-Type": reply.content_type, **extra})


def _params(query_string: bytes) -> dict:
    try:
        params = parse_qs(query_string.decode("latin-1"), keep_blank_values=True,
                          max_num_fields=100, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "the query string is malformed or not UTF-8") from None
    if TOKEN_PARAMS & set(params):
        raise HttpError(400, "never put a token in the URL (it ends up in logs and "
                             "histories); send it in an 'Authorization: Bearer …' header")
    return params


def _cors(origin: str | None, allowed: tuple[str, ...]) -> dict[str, str]:
    """CORS headers for an allow-listed ``Origin``; none for any other (or none)."""
    if not origin or not allowed:
        return {}
    if "*" in allowed:
        headers = {"Access-Control-Allow-Origin": "*"}
    elif origin in allowed:
        headers = {"Access-Control-Allow-Origin": origin}
    else:
        return {}
    headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Actorgraph-Truncated"
    return headers


class _Front:
    """The outer layer of every answer (an ASGI middleware inside Starlette's own error
    handler): gives the request its id, refuses an overlong target, adds the common headers,
    turns anything unexpected into a generic 500 logged with the id, writes the access line.
    """

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(6)
        scope.setdefault("state", {})["request_id"] = request_id
        start = time.perf_counter()
        path = scope["path"]
        origin = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"origin"), None)
        common = self._headers(request_id, path, origin)
        sent = {"status": None, "bytes": 0}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                message = {**message, "headers": _merged(message.get("headers", []), common)}
            elif message["type"] == "http.response.body":
                sent["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            if len(scope["raw_path"]) + len(scope["query_string"]) > MAX_TARGET:
                raise HttpError(414, f"the request target is longer than {MAX_TARGET:,} bytes; "
                                     "send long queries with POST")
            await self.app(scope, receive, send_with_headers)
        except HttpError as exc:
            await error_response(exc, path, request_id)(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001 - logged with the request id, never shown
            log.exception("request %s failed", request_id)
            if sent["status"] is not None:
                raise
            failure = HttpError(500, "the request failed inside the server")
            await error_response(failure, path, request_id)(scope, receive, send_with_headers)
        client = (scope.get("client") or ("-",))[0]
        log.info('%s "%s %s" %s %d %.1fms id=%s', client, scope["method"], path[:200],
                 sent["status"], sent["bytes"], (time.perf_counter() - start) * 1000, request_id)

    def _headers(self, request_id: str, path: str, origin: str | None) -> dict[str, str]:
        headers = {"Server": "actorgraph", "X-Request-Id": request_id,
                   "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
                   "Referrer-Policy": "no-referrer", **_cors(origin, self.settings.cors_origins)}
        vary = []
        if path == "/sparql":  # the answer's format follows Accept
            vary.append("Accept")
        if self.settings.cors_origins and "*" not in self.settings.cors_origins:
            vary.append("Origin")  # the CORS headers follow Origin
        if vary:
            headers["Vary"] = ", ".join(vary)
        return headers


def _merged(raw: list, common: dict[str, str]) -> list:
    """The response's headers with the common ones added (a response's own value wins)."""
    present = {name.lower() for name, _ in raw}
    return list(raw) + [(name.lower().encode("latin-1"), value.encode("latin-1"))
                        for name, value in common.items()
                        if name.lower().encode("latin-1") not in present]


class _Endpoints:
    """The routes' handlers, over one backend."""

    def __init__(self, backend, settings: Settings):
        import anyio

        self.backend = backend
        self.settings = settings
        # two limiters of one size: the first is waited for with a deadline, the second
        # (never waited for: it has as many tokens) is the thread pool the tasks run in
        self._gate = anyio.CapacityLimiter(settings.threads)
        self._threads = anyio.CapacityLimiter(settings.threads)
        self._pages = PageCache()

    # -- plumbing --------------------------------------------------------------------------
    def routes(self) -> list:
        """The routes, each answering its methods, ``HEAD`` for ``GET``, and ``OPTIONS``."""
        from starlette.routing import Route

        table = [("/", {"GET": self.page}),
                 ("/sparql", {"GET": self.sparql_get, "POST": self.sparql_post}),
                 ("/api/actors", {"GET": self.actors}),
                 ("/api/actors/{name:path}", {"GET": self.actor}),
                 ("/api/related", {"GET": self.related}),
                 ("/api/claims", {"GET": self.claims}),
                 ("/health", {"GET": self.health}),
                 ("/admin/reload", {"POST": self.reload})]
        return [Route(path, self._endpoint(handlers), methods=[*handlers, "OPTIONS"])
                for path, handlers in table]

    def _endpoint(self, handlers: dict):
        allow = ", ".join([*handlers, "OPTIONS"])

        async def endpoint(request):
            method = "GET" if request.method == "HEAD" else request.method
            if method == "OPTIONS":
                return self._preflight(request, allow)
            return await handlers[method](request, _params(request.scope["query_string"]))

        return endpoint

    def _preflight(self, request, allow: str):
        from starlette.responses import Response

        headers = {"Allow": allow}
        if _cors(request.headers.get("origin"), self.settings.cors_origins):
            allowed = "Accept, Content-Type"
            if self.settings.token and "*" not in self.settings.cors_origins:
                allowed += ", Authorization"
            headers.update({"Access-Control-Allow-Methods": allow,
                            "Access-Control-Allow-Headers": allowed,
                            "Access-Control-Max-Age": "600"})
        return Response(status_code=204, headers=headers)

    async def _call(self, request, fn, *args):
        """``fn(*args, deadline)`` in a thread, once the gate lets it through (by the
        deadline, the time limit from now; else 503); a worker's error becomes the answer.
        Returns what ``fn`` returns (a :class:`Reply`, or a built page)."""
        import anyio

        deadline = time.monotonic() + self.settings.timeout
        with anyio.move_on_after(self.settings.timeout) as waiting:
            await self._gate.acquire()
        if waiting.cancelled_caught:
            raise _busy()
        try:
            return await anyio.to_thread.run_sync(functools.partial(fn, *args, deadline),
                                                  limiter=self._threads)
        except _WorkerError as failed:
            if failed.reply.log:
                log.error("request %s failed in a worker:\n%s", _request_id(request),
                          failed.reply.log)
            raise HttpError(failed.reply.status, failed.reply.error) from None
        finally:
            self._gate.release()

    def _run(self, task: Task, deadline: float) -> Reply:
        """Run ``task`` on a worker (in a thread): its reply, or the error it ended in."""
        timeout = self.settings.timeout
        try:
            reply = self.backend.run(task, wait=deadline - time.monotonic())
        except TaskTimeout:
            raise HttpError(504, f"the query ran past the time limit ({timeout:g} s) and was "
                                 "stopped; no result is returned. Narrow it down (more specific "
                                 "patterns, LIMIT) or ask for a longer limit") from None
        except Busy:
            raise _busy() from None
        except WorkerDied:
            raise HttpError(503, "the worker running this request ended unexpectedly; "
                                 "try again", {"Retry-After": "1"}) from None
        if reply.error is not None:
            raise _WorkerError(reply)
        return reply

    async def _task(self, request, task: Task):
        return _reply_response(await self._call(request, self._run, task))

    def _authorize(self, request) -> None:
        """Let a request that changes data through only with the right bearer token."""
        token = self.settings.token
        if not token:
            raise HttpError(403, "this server is read-only; updates and reloads need a "
                                 "server started with a token (or SIGHUP to reload)")
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise HttpError(401, "send the token in an 'Authorization: Bearer …' header",
                            {"WWW-Authenticate": 'Bearer realm="actorgraph"'})
        if not hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8")):
            raise HttpError(401, "wrong token", {
                "WWW-Authenticate": 'Bearer realm="actorgraph", error="invalid_token"'})

    @staticmethod
    async def _body(request, limit: int) -> bytes:
        """The request body, refused (413, unread) past ``limit`` bytes."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise HttpError(413, f"request body too long ({int(length):,} bytes > {limit:,})",
                            _CLOSE)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HttpError(413, f"request body too long (more than {limit:,} bytes)",
                                _CLOSE)
            chunks.append(chunk)
        return b"".join(chunks)

    # -- SPARQL ----------------------------------------------------------------------------
    async def sparql_get(self, request, params: dict):
        if "update" in params:
            raise HttpError(405, "updates must be sent with POST", {"Allow": "POST, OPTIONS"})
        query = one(params, "query")
        if query is None:
            return await self._description(request, params)
        return await self._query(request, query, params)

    async def sparql_post(self, request, params: dict):
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        limit = self.settings.max_query_bytes
        if content_type == "application/x-www-form-urlencoded":
            body = await self._body(request, 3 * limit + 1024)  # room for percent-encoding
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                max_num_fields=100, errors="strict")
            except (ValueError, UnicodeDecodeError):
                raise HttpError(400, "the form body is malformed or not UTF-8") from None
            if TOKEN_PARAMS & set(form):
                raise HttpError(400, "never send a token as a form field; use an "
                                     "'Authorization: Bearer …' header")
            merged = {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
            if "update" in merged:
                return await self._update(request, one(merged, "update") or "", merged)
            query = one(merged, "query")
            if query is None:
                raise HttpError(400, "the form has no 'query' (or 'update') field")
            return await self._query(request, query, merged)
        if content_type not in ("application/sparql-query", "application/sparql-update"):
            raise HttpError(415, "POST a query as application/sparql-query or "
                                 "application/x-www-form-urlencoded, an update as "
                                 "application/sparql-update", _CLOSE)
        if content_type == "application/sparql-update":
            try:
                self._authorize(request)
            except HttpError as exc:
                exc.headers.update(_CLOSE)
                raise
        try:
            text = (await self._body(request, limit)).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not valid UTF-8") from None
        if content_type == "application/sparql-update":
            return await self._update(request, text, params)
        return await self._query(request, text, params)

    @staticmethod
    def _refuse_datasets(params: dict) -> None:
        given = sorted(k for k in DATASET_PARAMS & set(params) if any(params[k]))
        if given:
            raise HttpError(400, f"{given[0]} is not allowed: queries and updates run on the "
                                 "loaded dataset only")

    async def _query(self, request, text: str, params: dict):
        self._refuse_datasets(params)
        return _reply_response(await self._call(
            request, self._answer, text, request.headers.get("accept"), format_values(params)))

    def _answer(self, text: str, accept: str | None, formats: list[str],
                deadline: float) -> Reply:
        """Check a query, choose its format and run it (in a thread: parsing takes time)."""
        checked = check_read(text, self.settings.max_query_bytes)
        fmt = choose_format(checked.form, accept, formats)
        return self._run(Task("sparql", {"query": checked.text, "form": checked.form,
                                         "format": fmt, "offline": self.settings.offline}),
                         deadline)

    async def _update(self, request, text: str, params: dict):
        import anyio

        self._authorize(request)
        self._refuse_datasets(params)
        runs = check_update_text(text, self.settings.max_query_bytes)
        try:
            status = await anyio.to_thread.run_sync(self.backend.update, runs)
        except StartError as exc:
            if exc.log:
                log.error("request %s: update failed:\n%s", _request_id(request), exc.log)
            raise HttpError(400, f"the update could not be applied: {exc.message}") from None
        return _json_response({"updated": True, "generation": status["generation"],
                               "triples": status.get("triples")})

    async def _description(self, request, params: dict):
        import anyio
        from starlette.responses import Response

        fmt = choose_format("DESCRIPTION", request.headers.get("accept"), format_values(params))
        status = self.backend.status()
        body = await anyio.to_thread.run_sync(functools.partial(
            service_description, fmt, updates=bool(self.settings.token),
            triples=status.get("triples"), dataset=status["dataset"],
            endpoint=_endpoint_iri(request) if fmt == "nt" else None))
        return Response(body, 200, {"Content-Type": _media_type(fmt)})

    # -- the API, the page, health, reload -------------------------------------------------
    async def actors(self, request, params: dict):
        known(params, set())
        return await self._task(request, Task("actors"))

    async def actor(self, request, params: dict):
        known(params, set())
        name = request.path_params["name"]
        if not name:
            raise HttpError(404, f"no such page; try {_PAGES}")
        return await self._task(request, Task("actor", {"name": name}))

    async def related(self, request, params: dict):
        known(params, {"name", "relation", "direction", "include_subrelations", "as_of",
                        "min_certainty"})
        name = one(params, "name")
        if not name:
            raise HttpError(400, "parameter 'name' is required (an actor id, label or alias)")
        direction = one(params, "direction") or "out"
        if direction not in ("in", "out", "both"):
            raise HttpError(400, f"direction must be in, out or both, not {direction[:20]!r}")
        return await self._task(request, Task("related", {"name": name, "direction": direction,
                                                          **filters(params)}))

    async def claims(self, request, params: dict):
        known(params, {"subject", "relation", "object", "as_of", "min_certainty",
                        "include_subrelations"})
        return await self._task(request, Task("claims", {
            "subject": one(params, "subject"), "object": one(params, "object"),
            **filters(params)}))

    async def page(self, request, params: dict):
        from starlette.responses import Response

        known(params, {"focus", "depth", "relation", "include_subrelations", "as_of",
                        "min_certainty"})
        depth = one(params, "depth")
        if depth is not None and not (depth.isdigit() and 0 < int(depth) <= 10):
            raise HttpError(400, "depth must be a whole number from 1 to 10")
        shared = filters(params)
        options = {"focus": one(params, "focus"), "depth": int(depth) if depth else None,
                   "relations": shared.pop("relation"), **shared}
        page = await self._page(request, options)
        headers = {"ETag": page.etag, "Content-Security-Policy": PAGE_POLICY,
                   "X-Frame-Options": "DENY"}
        if matches(request.headers.get("if-none-match"), page.etag):
            return Response(status_code=304, headers=headers)
        return Response(page.body, 200, {"Content-Type": "text/html; charset=utf-8", **headers})

    async def _page(self, request, options: dict) -> Page:
        """The page for ``options``: kept from an earlier request of this generation, or
        built by a worker (and kept, where the backend's generation says when the content
        changed; see :mod:`._pages`)."""
        task = Task("page", options)
        if not self.backend.owns_content:  # others may change it: built every time
            return await self._call(request, self._build_page, task)
        generation = self.backend.generation
        return await self._pages.page(
            (generation, tuple(sorted(options.items()))),
            lambda: self._call(request, self._build_page, task),
            keep=lambda: self.backend.generation == generation)

    def _build_page(self, task: Task, deadline: float) -> Page:
        """Build a page on a worker and tag it (in a thread: its bytes are hashed)."""
        reply = self._run(task, deadline)
        return Page(reply.body, etag_of(reply.body))

    async def health(self, request, params: dict):
        status = self.backend.status()
        return _json_response(status, 200 if status["status"] == "ok" else 503)

    async def reload(self, request, params: dict):
        import anyio

        self._authorize(request)
        known(params, set())
        try:
            return _json_response(await anyio.to_thread.run_sync(self.backend.reload))
        except StartError as exc:
            raise HttpError(422, "the dataset could not be loaded; still serving the previous "
                                 f"data: {exc.message}") from None


class _WorkerError(Exception):
    """A worker answered with an error (its message is for the client, its log is not)."""

    def __init__(self, reply: Reply):
        super().__init__(reply.error)
        self.reply = reply


def _busy() -> HttpError:
    return HttpError(503, "every worker is busy (or the data is being reloaded); "
                          "try again shortly", {"Retry-After": "1"})


def _media_type(fmt: str) -> str:
    from ._negotiate import MEDIA_TYPES

    return MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt in ("turtle", "nt") else "")


def _endpoint_iri(request) -> str:
    """The endpoint's absolute address as the client used it, for N-Triples (which cannot
    say "this document"). The scheme comes from a trusted proxy's ``X-Forwarded-Proto``
    when one is configured; a malformed ``Host`` is refused."""
    host = request.headers.get("host", "")
    if not _HOST.match(host):
        raise HttpError(400, "the Host header is missing or malformed")
    return f"{request.url.scheme}://{host}{request.url.path}"


async def _handled(request, exc):
    """Errors raised by the handlers, and Starlette's own 404 and 405."""
    from starlette.exceptions import HTTPException

    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            exc = HttpError(404, f"no such page; try {_PAGES}")
        else:
            allow = ", ".join(sorted((exc.headers or {}).get("Allow", "").split(", ")))
            exc = HttpError(exc.status_code, f"{request.method[:20]} is not allowed here",
                            {"Allow": allow})
    return error_response(exc, request.url.path, _request_id(request))


def build_app(backend, settings: Settings):
    """The ASGI application serving ``backend`` (a :class:`~._backend.Backend`)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware

    app = Starlette(routes=_Endpoints(backend, settings).routes(),
                    middleware=[Middleware(_Front, settings=settings)],
                    exception_handlers={HttpError: _handled, HTTPException: _handled})
    app.router.redirect_slashes = False  # /sparql/ is not /sparql: 404, not a redirect
    return app
