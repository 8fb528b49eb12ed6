"""The HTTP layer: routing, parameters, the token, CORS, and error answers.

Every answer carries an ``X-Request-Id``; an error answer says what is wrong and gives that
id, while the details (a traceback, a path) go to the server log under the same id.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

from ._errors import HttpError
from ._guard import check_read, check_update_text
from ._negotiate import choose_format
from ._params import DATASET_PARAMS, TOKEN_PARAMS, filters, format_values, known, one
from ._service import service_description
from ._tasks import JSON, Task
from ._workers import Busy, StartError, TaskTimeout, WorkerDied

__all__ = ["Handler", "Settings"]

log = logging.getLogger("actorgraph.serve")

PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "img-src data:; font-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")


@dataclass(frozen=True)
class Settings:
    """What the handler needs to know of the server's options."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    timeout: float = 10.0
    max_query_bytes: int = 100_000
    offline: bool = True


@dataclass
class Response:
    """An answer about to be sent."""

    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


def _json(value, status: int = 200) -> Response:
    return Response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    """Answers one connection's requests; ``self.server`` holds the backend and settings."""

    protocol_version = "HTTP/1.1"
    server_version = "actorgraph"
    timeout = 30  # seconds a client may take to send a request
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart
    request_id = "-"

    # -- plumbing ------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._handle("OPTIONS")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    do_DELETE = do_PATCH = do_PUT

    def version_string(self) -> str:
        """The ``Server`` header: no Python or OS version."""
        return self.server_version

    @property
    def settings(self) -> Settings:
        return self.server.settings

    @property
    def backend(self):
        return self.server.backend

    def log_request(self, code="-", size="-") -> None:
        """Access lines are written by :meth:`_handle`."""

    def log_error(self, format, *args) -> None:  # noqa: A002 - http.server's signature
        log.warning("%s %s (request %s)", self.address_string(), format % args,
                    self.request_id)

    def send_error(self, code, message=None, explain=None) -> None:
        """Errors found by http.server itself (bad request line, header too long …)."""
        self.request_id = secrets.token_hex(6)
        self.close_connection = True
        self._send(self._error(HttpError(code, message or self.responses.get(code, ("",))[0])))

    def _handle(self, method: str) -> None:
        self.request_id = secrets.token_hex(6)
        self.body_read = False
        start = time.perf_counter()
        try:
            response = self._route(method)
        except HttpError as exc:
            response = self._error(exc)
            if method in ("POST", "PUT") and not self.body_read:
                self.close_connection = True  # the unread body would be taken for a request
        except Exception:  # noqa: BLE001 - logged with the request id, never shown
            log.exception("request %s failed", self.request_id)
            response = self._error(HttpError(500, "the request failed inside the server"))
        if method == "HEAD":
            response.headers["Content-Length"] = str(len(response.body))
            response.body = b""
        self._send(response)
        log.info('%s "%s %s" %d %d %.1fms id=%s', self.client_address[0], method,
                 urlsplit(self.path).path[:200], response.status, len(response.body),
                 (time.perf_counter() - start) * 1000, self.request_id)

    def _error(self, exc: HttpError) -> Response:
        if getattr(self, "path", "").startswith("/sparql"):
            body = f"Error {exc.status}: {exc.message}\nRequest id: {self.request_id}\n"
            response = Response(exc.status, body.encode("utf-8"), "text/plain; charset=utf-8")
        else:
            response = _json({"error": {"status": exc.status, "message": exc.message,
                                        "request_id": self.request_id}}, exc.status)
        response.headers.update(exc.headers)
        return response

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        headers = {"Content-Type": response.content_type,
                   "Content-Length": str(len(response.body)),
                   "X-Request-Id": self.request_id, "X-Content-Type-Options": "nosniff",
                   "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                   **self._cors(), **response.headers}
        if self.close_connection:
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if response.body:
            self.wfile.write(response.body)

    def _cors(self) -> dict[str, str]:
        """CORS headers for an allow-listed ``Origin``; none for any other (or none)."""
        origin = self.headers.get("Origin") if hasattr(self, "headers") else None
        allowed = self.settings.cors_origins
        if not origin or not allowed:
            return {}
        if "*" in allowed:
            headers = {"Access-Control-Allow-Origin": "*"}
        elif origin in allowed:
            headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        else:
            return {}
        headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Actorgraph-Truncated"
        return headers

    # -- routing -------------------------------------------------------------------------------
    def _route(self, method: str) -> Response:
        url = urlsplit(self.path)
        try:
            params = parse_qs(url.query, keep_blank_values=True, max_num_fields=100,
                              errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise HttpError(400, "the query string is malformed or not UTF-8") from None
        if TOKEN_PARAMS & set(params):
            raise HttpError(400, "never put a token in the URL (it ends up in logs and "
                                 "histories); send it in an 'Authorization: Bearer …' header")
        if self.headers.get("Content-Length") and method not in ("POST", "PUT"):
            self.close_connection = True  # a body we do not read
        path = url.path
        routes = {"/": {"GET": self._page}, "/sparql": {"GET": self._sparql_get,
                                                        "POST": self._sparql_post},
                  "/api/actors": {"GET": self._actors}, "/api/related": {"GET": self._related},
                  "/api/claims": {"GET": self._claims}, "/health": {"GET": self._health},
                  "/admin/reload": {"POST": self._reload}}
        if path.startswith("/api/actors/") and len(path) > len("/api/actors/"):
            methods = {"GET": lambda p: self._actor(p, unquote(path[len("/api/actors/"):]))}
        elif path in routes:
            methods = routes[path]
        else:
            raise HttpError(404, "no such page; try /, /sparql, /api/actors, /api/related, "
                                 "/api/claims or /health")
        if method == "HEAD" and "GET" in methods:
            method = "GET"
        if method == "OPTIONS":
            return self._preflight(methods)
        if method not in methods:
            raise HttpError(405, f"{method} is not allowed here",
                            {"Allow": ", ".join([*methods, "OPTIONS"])})
        return methods[method](params)

    def _preflight(self, methods: dict) -> Response:
        headers = {"Allow": ", ".join([*methods, "OPTIONS"])}
        if self._cors():
            allowed = "Accept, Content-Type"
            if self.settings.token and "*" not in self.settings.cors_origins:
                allowed += ", Authorization"
            headers.update({"Access-Control-Allow-Methods": ", ".join([*methods, "OPTIONS"]),
                            "Access-Control-Allow-Headers": allowed,
                            "Access-Control-Max-Age": "600"})
        return Response(204, headers=headers)

    def _run(self, task: Task) -> Response:
        timeout = self.settings.timeout
        try:
            reply = self.backend.run(task)
        except TaskTimeout:
            raise HttpError(504, f"the query ran past the time limit ({timeout:g} s) and was "
                                 "stopped; no result is returned. Narrow it down (more specific "
                                 "patterns, LIMIT) or ask for a longer limit") from None
        except Busy:
            raise HttpError(503, "every worker is busy (or the data is being reloaded); "
                                 "try again shortly", {"Retry-After": "1"}) from None
        except WorkerDied:
            raise HttpError(503, "the worker running this request ended unexpectedly; "
                                 "try again", {"Retry-After": "1"}) from None
        if reply.error is not None:
            if reply.log:
                log.error("request %s failed in a worker:\n%s", self.request_id, reply.log)
            raise HttpError(reply.status, reply.error)
        headers = {}
        if reply.truncated is not None:
            headers["X-Actorgraph-Truncated"] = "true" if reply.truncated else "false"
        return Response(reply.status, reply.body, reply.content_type, headers)

    def _authorize(self) -> None:
        """Let a request that changes data through only with the right bearer token."""
        token = self.settings.token
        if not token:
            raise HttpError(403, "this server is read-only; updates and reloads need a "
                                 "server started with a token (or SIGHUP to reload)")
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise HttpError(401, "send the token in an 'Authorization: Bearer …' header",
                            {"WWW-Authenticate": 'Bearer realm="actorgraph"'})
        if not hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8")):
            raise HttpError(401, "wrong token", {
                "WWW-Authenticate": 'Bearer realm="actorgraph", error="invalid_token"'})

    def _body(self, limit: int) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            raise HttpError(411, "a POST needs a Content-Length header")
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            raise HttpError(400, "Content-Length is not a number") from None
        if size > limit:
            self.close_connection = True
            raise HttpError(413, f"request body too long ({size:,} bytes > {limit:,})")
        self.body_read = True
        return self.rfile.read(size) if size > 0 else b""

    # -- SPARQL --------------------------------------------------------------------------------
    def _sparql_get(self, params: dict) -> Response:
        if "update" in params:
            raise HttpError(405, "updates must be sent with POST", {"Allow": "POST"})
        query = one(params, "query")
        if query is None:
            pool_info = self.backend.status()
            body = service_description(updates=bool(self.settings.token),
                                       triples=pool_info.get("triples"),
                                       dataset=pool_info["dataset"])
            return Response(200, body, "text/turtle; charset=utf-8")
        return self._query(query, params)

    def _sparql_post(self, params: dict) -> Response:
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        limit = self.settings.max_query_bytes
        if content_type == "application/x-www-form-urlencoded":
            body = self._body(3 * limit + 1024)  # room for percent-encoding
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
                return self._update(one(merged, "update") or "", merged)
            query = one(merged, "query")
            if query is None:
                raise HttpError(400, "the form has no 'query' (or 'update') field")
            return self._query(query, merged)
        if content_type not in ("application/sparql-query", "application/sparql-update"):
            raise HttpError(415, "POST a query as application/sparql-query or "
                                 "application/x-www-form-urlencoded, an update as "
                                 "application/sparql-update")
        if content_type == "application/sparql-update":
            self._authorize()
        try:
            text = self._body(limit).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not valid UTF-8") from None
        if content_type == "application/sparql-update":
            return self._update(text, params)
        return self._query(text, params)

    def _refuse_datasets(self, params: dict) -> None:
        given = sorted(k for k in DATASET_PARAMS & set(params) if any(params[k]))
        if given:
            raise HttpError(400, f"{given[0]} is not allowed: queries and updates run on the "
                                 "loaded dataset only")

    def _query(self, text: str, params: dict) -> Response:
        self._refuse_datasets(params)
        checked = check_read(text, self.settings.max_query_bytes)
        fmt = choose_format(checked.form, self.headers.get("Accept"), format_values(params))
        return self._run(Task("sparql", {"query": checked.text, "form": checked.form,
                                         "format": fmt, "offline": self.settings.offline}))

    def _update(self, text: str, params: dict) -> Response:
        self._authorize()
        self._refuse_datasets(params)
        runs = check_update_text(text, self.settings.max_query_bytes)
        try:
            status = self.backend.update(runs)
        except StartError as exc:
            if exc.log:
                log.error("request %s: update failed:\n%s", self.request_id, exc.log)
            raise HttpError(400, f"the update could not be applied: {exc.message}") from None
        return _json({"updated": True, "generation": status["generation"],
                      "triples": status.get("triples")})

    # -- the API, the page, health, reload -----------------------------------------------------
    def _actors(self, params: dict) -> Response:
        known(params, set())
        return self._run(Task("actors"))

    def _actor(self, params: dict, name: str) -> Response:
        known(params, set())
        return self._run(Task("actor", {"name": name}))

    def _related(self, params: dict) -> Response:
        known(params, {"name", "relation", "direction", "include_subrelations", "as_of",
                        "min_certainty"})
        name = one(params, "name")
        if not name:
            raise HttpError(400, "parameter 'name' is required (an actor id, label or alias)")
        direction = one(params, "direction") or "out"
        if direction not in ("in", "out", "both"):
            raise HttpError(400, f"direction must be in, out or both, not {direction[:20]!r}")
        return self._run(Task("related", {"name": name, "direction": direction,
                                          **filters(params)}))

    def _claims(self, params: dict) -> Response:
        known(params, {"subject", "relation", "object", "as_of", "min_certainty",
                        "include_subrelations"})
        return self._run(Task("claims", {"subject": one(params, "subject"),
                                         "object": one(params, "object"), **filters(params)}))

    def _page(self, params: dict) -> Response:
        known(params, {"focus", "depth", "relation", "include_subrelations", "as_of",
                        "min_certainty"})
        depth = one(params, "depth")
        if depth is not None and not (depth.isdigit() and 0 < int(depth) <= 10):
            raise HttpError(400, "depth must be a whole number from 1 to 10")
        shared = filters(params)
        options = {"focus": one(params, "focus"), "depth": int(depth) if depth else None,
                   "relations": shared.pop("relation"), **shared}
        response = self._run(Task("page", options))
        response.headers.update({"Content-Security-Policy": PAGE_POLICY,
                                 "X-Frame-Options": "DENY"})
        return response

    def _health(self, params: dict) -> Response:
        status = self.backend.status()
        return _json(status, 200 if status["status"] == "ok" else 503)

    def _reload(self, params: dict) -> Response:
        self._authorize()
        known(params, set())
        try:
            return _json(self.backend.reload())
        except StartError as exc:
            raise HttpError(422, "the dataset could not be loaded; still serving the previous "
                                 f"data: {exc.message}") from None
