"""The server object, ``make_server`` (for tests and embedding) and the blocking ``serve``.

The application (:mod:`._app`, Starlette) runs under uvicorn, on an event loop of its own in
a background thread, on a socket bound when the server is made (so its address is known,
and a port in use is an error, before any data is loaded). Starlette and uvicorn are
imported only when a server starts: ``import actorgraph`` does not pay for them.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import secrets
import signal
import socket
import threading
import time

from .._exceptions import LoadError
from ._app import MAX_TARGET, Settings, build_app
from ._backend import Backend
from ._tasks import JSON
from ._workers import StartError

__all__ = ["Server", "make_server", "serve"]

log = logging.getLogger("actorgraph.serve")
_ORIGIN = re.compile(r"^https?://[a-z0-9.\-]+(:[0-9]{1,5})?$|^https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?$")
MIN_TOKEN_LENGTH = 16
BACKLOG = 2048
# Idle keep-alive connections are closed after this long: longer than a reverse proxy's own
# idle timeout (nginx: 60 s), so that the proxy, not this server, closes a connection it
# might be about to reuse.
KEEP_ALIVE_S = 75
STOP_GRACE_S = 2.0  # how long requests under way may go on once the server is stopping


class _Quiet(logging.Filter):
    """Drop uvicorn's warnings about ``Upgrade`` headers, which HTTP lets a server ignore
    (Java's HTTP client, in Jena's ``rsparql``, offers ``h2c`` on every request, and each
    would log two lines advising to install a WebSocket library), and its line about a
    request it cannot parse (:func:`_protocol` logs it, with the request id)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Unsupported upgrade request",
                                               "No supported WebSocket library",
                                               "Invalid HTTP request received"))


_QUIET = _Quiet()


def _protocol():
    """uvicorn's HTTP/1.1 protocol (h11), answering a request it cannot parse in the
    application's shape: a request id, the common headers, a JSON error body."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            request_id = secrets.token_hex(6)
            log.warning("%s: a request that is not valid HTTP/1.1 (%s) id=%s",
                        (self.client or ("-",))[0], msg.rstrip("."), request_id)
            body = json.dumps({"error": {"status": 400, "request_id": request_id,
                                         "message": "the request is not valid HTTP/1.1"}})
            headers = [("Content-Type", JSON), ("Content-Length", str(len(body))),
                       ("Connection", "close"), ("Server", "actorgraph"),
                       ("X-Request-Id", request_id), ("X-Content-Type-Options", "nosniff"),
                       ("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer")]
            for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                          h11.Data(data=body.encode()), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event))
            self.transport.close()

    return Protocol


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int, token: bool) -> str | None:
    """What to warn about on start when the server listens beyond this machine."""
    if is_loopback(host):
        return None
    what = "query the graph" + (" and, with the token, change it" if token else "")
    return (f"listening on {host}:{port}, not on the loopback interface: anyone who can reach "
            f"this machine can {what}. Traffic is plain HTTP; put a TLS reverse proxy in front "
            "or bind 127.0.0.1")


def _origins(origins) -> tuple[str, ...]:
    cleaned = []
    for origin in origins:
        value = str(origin).strip().rstrip("/").lower()
        if value != "*" and not _ORIGIN.match(value):
            raise ValueError(f"CORS origin {origin!r} must be '*' or scheme://host[:port], "
                             "e.g. https://yasgui.example.org")
        cleaned.append(value)
    return tuple(cleaned)


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv6 if ``host`` is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto named, not 0: asyncio switches Nagle's algorithm off (TCP_NODELAY) only on
    # sockets that say they are TCP, and with it on, an answer's body waits for the ACK of
    # its head — 40 ms on every request of a kept-alive connection
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}; "
                                 "is another server running there? Pick another port") from None
    return sock


class Server:
    """An actorgraph HTTP server: SPARQL endpoint, JSON API and the interactive page.

    Made by :func:`make_server`; it is bound on creation (so :attr:`url` is known, port 0
    picks a free port) and serves after :meth:`start`. Usable as a context manager.
    ``offline=False`` leaves the guard alone between queries and the network: it exists to
    test the guard by itself, and no command line option sets it.
    """

    def __init__(self, dataset=None, *, store: str | None = None, host: str = "127.0.0.1",
                 port: int = 8000, token: str | None = None, cors_origins=(),
                 timeout: float = 10.0, max_rows: int = 10_000,
                 max_query_bytes: int = 100_000, workers: int = 2,
                 forwarded_allow_ips: str | None = None, offline: bool = True):
        if token is not None and (len(token) < MIN_TOKEN_LENGTH or token != token.strip()):
            raise ValueError(f"the token must be at least {MIN_TOKEN_LENGTH} characters, "
                             "without surrounding spaces (e.g. python -c 'import secrets; "
                             "print(secrets.token_urlsafe())')")
        for name, value in (("timeout", timeout), ("max_rows", max_rows),
                            ("max_query_bytes", max_query_bytes), ("workers", workers)):
            if not value > 0:
                raise ValueError(f"{name} must be positive, not {value!r}")
        self.host = host
        self.token = token
        self.forwarded_allow_ips = forwarded_allow_ips
        self.backend = Backend(dataset, store, int(workers), float(timeout), int(max_rows),
                               offline)
        # a few threads per worker run the requests' blocking calls; the rest wait their turn
        self.settings = Settings(token=token, cors_origins=_origins(cors_origins),
                                 timeout=float(timeout), max_query_bytes=int(max_query_bytes),
                                 offline=offline, threads=4 * int(workers) + 4)
        self._socket = _listen(host, port)
        self._uvicorn = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        """The address and port the server is bound to."""
        return self._socket.getsockname()[:2]

    @property
    def port(self) -> int:
        """The port the server is bound to."""
        return self.address[1]

    @property
    def url(self) -> str:
        """The server's base address, e.g. ``http://127.0.0.1:8000/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> Server:
        """Load the data into the workers, then serve in a background thread.

        Raises
        ------
        LoadError
            The dataset could not be loaded; nothing is served and the port is released.
        """
        warning = exposure_warning(self.host, self.port, bool(self.token))
        if warning:
            log.warning(warning)
        try:
            self.backend.start()
        except StartError as exc:
            self._socket.close()
            raise LoadError(exc.message) from None
        except BaseException:
            self._socket.close()
            raise
        self._uvicorn = self._make_uvicorn()
        self._thread = threading.Thread(target=self._uvicorn.run,
                                        kwargs={"sockets": [self._socket]},
                                        name="actorgraph-http", daemon=True)
        self._thread.start()
        while not self._uvicorn.started:
            if not self._thread.is_alive():
                self.backend.close()
                raise RuntimeError("the HTTP server ended on start; see the log")
            time.sleep(0.01)
        status = self.backend.status()
        log.info("serving %s (%s store, %d triples, %d workers) at %s — SPARQL at %ssparql; %s",
                 status["dataset"], status["store"], status.get("triples") or 0,
                 status["workers"], self.url, self.url,
                 "updates with the token" if self.token else "read-only")
        return self

    def _make_uvicorn(self):
        import uvicorn

        logging.getLogger("uvicorn.error").addFilter(_QUIET)  # added once only

        config = uvicorn.Config(
            build_app(self.backend, self.settings),
            http=_protocol(), ws="none", lifespan="off", interface="asgi3",
            log_config=None, access_log=False,  # the application writes its own log lines
            server_header=False,  # the application sends "Server: actorgraph", no version
            proxy_headers=self.forwarded_allow_ips is not None,
            forwarded_allow_ips=self.forwarded_allow_ips,
            timeout_keep_alive=KEEP_ALIVE_S,
            # queries end by the time limit: what runs still after it is given up
            timeout_graceful_shutdown=int(self.settings.timeout) + 1,
            # room for the longest target the application answers itself (414 beyond)
            h11_max_incomplete_event_size=MAX_TARGET + 16_384,
            backlog=BACKLOG)
        return uvicorn.Server(config)

    def reload(self) -> dict:
        """Load the dataset again and swap it in atomically; the old data is served until then.

        Raises
        ------
        LoadError
            The dataset could not be loaded; the previous data is still served.
        """
        try:
            return self.backend.reload()
        except StartError as exc:
            raise LoadError(exc.message) from None

    def stop(self) -> None:
        """Stop serving, end the workers and release the port.

        Requests under way get a moment to finish; then the workers are ended, so that a
        request still waiting on one is answered at once (503) rather than at its time limit.
        """
        if self._thread is not None:
            self._uvicorn.should_exit = True
            self._thread.join(STOP_GRACE_S)
        self.backend.close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._socket.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def make_server(dataset=None, **options) -> Server:
    """A :class:`Server`, bound but not yet serving (call ``.start()``); see :func:`serve`.

    Examples
    --------
    >>> from actorgraph._serve import make_server
    >>> with make_server(port=0, workers=1) as server:                  # doctest: +SKIP
    ...     print(server.url)
    http://127.0.0.1:41234/
    """
    return Server(dataset, **options)


def _log_to_stderr() -> None:
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def _reload_logged(server: Server) -> None:
    try:
        server.reload()
    except LoadError as exc:
        log.error("reload failed; still serving the previous data: %s", exc)


def serve(dataset=None, *, store: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, cors_origins=(), timeout: float = 10.0,
          max_rows: int = 10_000, max_query_bytes: int = 100_000, workers: int = 2,
          forwarded_allow_ips: str | None = None) -> None:
    """Serve a dataset over HTTP until interrupted (Ctrl-C or SIGTERM); SIGHUP reloads it.

    Serves ``/sparql`` (the SPARQL 1.1 Protocol), ``/`` (the interactive page),
    ``/api/actors[/{id}]``, ``/api/related``, ``/api/claims`` (JSON) and ``/health``.

    Parameters
    ----------
    dataset : str or Path, optional
        A dataset folder or RDF file (default: the bundled Libya 2019 dataset).
    store : str, optional
        ``memory``, ``oxigraph``, ``oxigraph:PATH`` (read by the workers read-only) …
    host : str
        The address to listen on; anything but a loopback address is warned about.
    port : int
        The port (0: any free port; the address is logged on start).
    token : str, optional
        Enables SPARQL Update and ``POST /admin/reload`` for requests that send it as
        ``Authorization: Bearer <token>``; at least 16 characters. Without it the
        server is read-only.
    cors_origins : iterable of str
        Origins allowed to read answers from a browser (``https://host[:port]`` or
        ``*``); none by default. Credentials are never allowed.
    timeout : float
        Seconds a request may run (and wait for a free worker) before it is stopped.
    max_rows : int
        Result rows (or triples) past which an answer is cut and marked truncated.
    max_query_bytes : int
        The largest query or update accepted (413 beyond).
    workers : int
        Worker processes, each with its own copy of the graph: how many queries run at
        once.
    forwarded_allow_ips : str, optional
        Behind a reverse proxy: the proxy's addresses (comma-separated, or ``*``), whose
        ``X-Forwarded-For`` and ``X-Forwarded-Proto`` headers are then trusted (for the log's
        client address and the scheme). Without it those headers are ignored.

    Raises
    ------
    LoadError
        The dataset could not be loaded.
    """
    _log_to_stderr()
    server = make_server(dataset, store=store, host=host, port=port, token=token,
                         cors_origins=cors_origins, timeout=timeout, max_rows=max_rows,
                         max_query_bytes=max_query_bytes, workers=workers,
                         forwarded_allow_ips=forwarded_allow_ips)
    server.start()
    stop = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        if hasattr(signal, "SIGHUP"):
            previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, lambda *_: threading.Thread(
                target=_reload_logged, args=(server,), daemon=True).start())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        log.info("stopping")
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
