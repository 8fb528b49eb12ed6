"""``actorgraph review``: the review page, served on 127.0.0.1 for one analyst.

The page (:mod:`._page`) shows the report with each candidate's evidence highlighted and the
candidates beside it; each decision or edit is a JSON request that changes the folder of
candidates on disk at once (:class:`CandidateFolder`), and "accept" runs
:func:`._accept.accept` into the dataset. The server writes files, so every request
must come from the page it served:

- it listens on 127.0.0.1 only, and answers only requests whose ``Host`` is its own address
  (a DNS-rebinding page, whose ``Host`` is its own name, gets 403);
- a per-session token (:func:`secrets.token_urlsafe`) is in the address printed on start;
  the page is served only with it, and every API request must send it in a header
  (``X-Review-Token``), which a cross-site form or ``fetch`` cannot set without a CORS
  preflight that this server never grants; an ``Origin`` other than its own is refused too;
- API requests are JSON (``Content-Type: application/json``) and small;
- answers carry a strict Content-Security-Policy (scripts and styles from this server only,
  no inline code, no framing, no form targets), ``nosniff``, ``no-referrer`` and
  ``no-store``.

Starlette and uvicorn are imported only when a server is made.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import socket
import threading
import time
from importlib import resources
from pathlib import Path

from .._exceptions import ActorGraphError, DataError
from ._accept import accept
from ._folder import CandidateFolder, known_actors
from ._page import page_html, page_state

__all__ = ["ReviewServer", "review"]

log = logging.getLogger("actorgraph.review")
HOST = "127.0.0.1"
MAX_BODY = 64 * 1024  # an edit is a few hundred bytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
           "X-Frame-Options": "DENY", "Cross-Origin-Resource-Policy": "same-origin"}
ASSETS = {"/review.js": ("review.js", "text/javascript; charset=utf-8"),
          "/review.css": ("review.css", "text/css; charset=utf-8")}


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


class ReviewServer:
    """The review page and its API for one folder of candidates and one target dataset.

    Bound on creation (``port=0`` picks a free port), serving after :meth:`start`; a
    context manager. :attr:`url` is the page's address, token included.

    Raises
    ------
    LoadError, DataError
        The folder of candidates cannot be read or a quote does not match its report.
    OSError
        The port is taken.
    """

    def __init__(self, candidates: str | Path, into: str | Path, *, port: int = 0,
                 token: str | None = None):
        self.folder = CandidateFolder(candidates)
        self.into = Path(into)
        self.token = token or secrets.token_urlsafe(32)
        self._target = _target_actors(self.into)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            self._socket.bind((HOST, port))
            self._socket.listen(64)
        except OSError as exc:
            self._socket.close()
            raise OSError(exc.errno, f"cannot listen on {HOST}:{port}: {exc.strerror}; "
                                     "pick another port (--port 0 takes a free one)") from None
        self._uvicorn = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._socket.getsockname()[1]

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The page's address, with the session's token."""
        return f"{self.origin}/?token={self.token}"

    # -- the application ------------------------------------------------------------------

    def _allowed_hosts(self) -> set[str]:
        return {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    def _refusal(self, request, *, api: bool):
        """Why a request must be refused (status, message), or ``None``."""
        if request.headers.get("host", "") not in self._allowed_hosts():
            return 403, "this server answers requests to its own address only"
        origin = request.headers.get("origin")
        if origin is not None and origin not in {f"http://{h}" for h in self._allowed_hosts()}:
            return 403, "cross-origin requests are refused"
        given = (request.headers.get("x-review-token") if api
                 else request.query_params.get("token")) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return 403, ("open the address actorgraph review printed (it holds the "
                         "session's token)")
        if api and request.method == "POST" and not request.headers.get(
                "content-type", "").startswith("application/json"):
            return 415, "send JSON"
        return None

    def app(self):
        """The Starlette application."""
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        def answer(body, status=200):
            return JSONResponse(body, status_code=status, headers=HEADERS)

        def refuse(status, message, api):
            if api:
                return answer({"error": message}, status)
            return Response(message + "\n", status_code=status, headers=HEADERS,
                            media_type="text/plain")

        async def page(request):
            refused = self._refusal(request, api=False)
            if refused:
                return refuse(*refused, api=False)
            html = page_html(page_state(self.folder, self._target, self.into, self.token))
            return Response(html, headers=HEADERS, media_type="text/html")

        async def asset(request):
            if request.headers.get("host", "") not in self._allowed_hosts():
                return refuse(403, "this server answers requests to its own address only",
                              api=False)
            name, media = ASSETS[request.url.path]
            return Response(_asset(name), headers=HEADERS, media_type=media)

        def endpoint(handler):
            async def run(request):
                from anyio import to_thread

                refused = self._refusal(request, api=True)
                if refused:
                    return refuse(*refused, api=True)
                body = await request.body()
                if len(body) > MAX_BODY:
                    return answer({"error": "request too large"}, 413)
                try:
                    data = json.loads(body or b"{}")
                    if not isinstance(data, dict):
                        raise ValueError("a JSON object is expected")
                except ValueError as exc:
                    return answer({"error": f"not valid JSON: {exc}"}, 400)
                try:
                    return answer(await to_thread.run_sync(handler, data))
                except DataError as exc:
                    return answer({"error": str(exc).splitlines()[0],
                                   "problems": [str(p) for p in exc.problems]}, 422)
                except ActorGraphError as exc:
                    return answer({"error": str(exc)}, 422)
            return run

        routes = [Route("/", page, methods=["GET"]),
                  *(Route(path, asset, methods=["GET"]) for path in ASSETS),
                  Route("/api/decide", endpoint(self._decide), methods=["POST"]),
                  Route("/api/edit", endpoint(self._edit), methods=["POST"]),
                  Route("/api/accept", endpoint(self._accept), methods=["POST"])]
        return Starlette(routes=routes)

    # -- what the API does ------------------------------------------------------------------

    def _state(self, claim=None) -> dict:
        from ._page import actor_view, claim_view

        out = {"counts": self.folder.counts(),
               "actors": [actor_view(a) for a in self.folder.actors.values()]}
        if claim is not None:
            out["claim"] = claim_view(claim)
        return out

    def _decide(self, data: dict) -> dict:
        claim = self.folder.decide(str(data.get("id", "")), str(data.get("decision", "")))
        return self._state(claim)

    def _edit(self, data: dict) -> dict:
        from ._page import resolve_actors

        changes = data.get("changes") or {}
        if not isinstance(changes, dict):
            raise DataError("changes: a JSON object is expected")
        changes = {str(k): "" if v is None else v for k, v in changes.items()}
        changes, new_actors = resolve_actors(changes, self.folder.actors, self._target)
        kinds = data.get("kinds") or {}
        if not isinstance(kinds, dict):
            raise DataError("kinds: a JSON object is expected")
        new_ids = {a.id for a in new_actors}
        claim = self.folder.edit(str(data.get("id", "")), changes, new_actors=new_actors,
                                 kinds={str(k): str(v) for k, v in kinds.items()
                                        if str(k) not in new_ids})
        return self._state(claim)

    def _accept(self, data: dict) -> dict:
        report = accept(self.folder, self.into)
        self._target = _target_actors(self.into)
        return {**self._state(), "report": str(report), "claims": report.claims}

    # -- running ----------------------------------------------------------------------------

    def start(self) -> ReviewServer:
        """Serve in a background thread."""
        import uvicorn

        config = uvicorn.Config(self.app(), ws="none", lifespan="off", interface="asgi3",
                                log_config=None, access_log=False, server_header=False,
                                h11_max_incomplete_event_size=MAX_BODY)
        self._uvicorn = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._uvicorn.run,
                                        kwargs={"sockets": [self._socket]},
                                        name="actorgraph-review", daemon=True)
        self._thread.start()
        while not self._uvicorn.started:
            if not self._thread.is_alive():
                raise RuntimeError("the review server ended on start; see the log")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._uvicorn.should_exit = True
            self._thread.join()
            self._thread = None
        self._socket.close()

    def __enter__(self) -> ReviewServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _target_actors(into: Path) -> dict:
    """The target dataset's actors (none if it does not exist yet)."""
    if not into.exists():
        return {}
    return {a.id: a for a in known_actors([into])}


def review(candidates: str | Path, into: str | Path, *, port: int = 0,
           echo=print) -> None:
    """Serve the review page until interrupted (Ctrl-C); ``echo`` gets its address."""
    with ReviewServer(candidates, into, port=port) as server:
        counts = server.folder.counts()
        echo(f"reviewing {len(server.folder.claims)} candidates of {server.folder.path} "
             f"({counts['accepted']} accepted, {counts['rejected']} rejected so far) into "
             f"{server.into}")
        echo(f"open {server.url}")
        echo("decisions are saved as they are made; press Ctrl-C to stop")
        try:
            while server._thread is not None and server._thread.is_alive():
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
